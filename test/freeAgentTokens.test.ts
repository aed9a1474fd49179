// A practice's FreeAgent connection in PostgreSQL: sealed tokens, one refresh for two workers (FreeAgent spends the old
// refresh token, so a second refresh would lose the grant), and reconnect-needed when FreeAgent refuses.
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from '../db/connect';
import { authorisationUrl, exchangeAuthorisationCode, type FreeAgentOAuthApp } from '../integrations/freeagent/oauth';
import { createFreeAgentTokenStore } from '../integrations/freeagent/tokenStore';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';
import { generateKey } from '../security/encryption';
import { FreeAgentEmulator, freeAgentRoutes } from '../sandbox/freeagent/emulator';

const APP = { clientId: 'engine', clientSecret: 'engine-secret', redirectUri: 'http://localhost:3000/api/connections/freeagent/callback' };
const key = Buffer.from(generateKey(), 'base64');
let emulator: FreeAgentEmulator;
let server: ServerType;
let url: string;
let db: Db;

beforeAll(async () => {
  emulator = await FreeAgentEmulator.create({
    rateLimitPerMinute: null,
    apps: [{ clientId: APP.clientId, clientSecrets: [APP.clientSecret], redirectUris: [APP.redirectUri], name: 'Practice Engine' }],
    accountManagers: [{ name: 'Ann Senior', email: 'ann@practice.example', senior: true }],
  });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: freeAgentRoutes(emulator).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emulator.publicBaseUrl = url;
  db = createDb(inject('databaseUrl'), { max: 4 });
});
afterAll(async () => {
  await db?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

const app = (): FreeAgentOAuthApp => ({ baseUrl: `${url}/v2`, clientId: APP.clientId, clientSecret: APP.clientSecret });

async function connect(label: string, now: () => Date) {
  const manager = [...emulator.state.accountManagers.values()][0]!;
  expect(authorisationUrl(app(), APP.redirectUri, 's')).toContain('/v2/approve_app');
  const approved = await got.post(`${url}/v2/approve_app`, {
    form: { client_id: APP.clientId, redirect_uri: APP.redirectUri, state: 's', account_manager_id: String(manager.id) },
    followRedirect: false,
    throwHttpErrors: false,
  });
  const code = new URL(approved.headers.location!).searchParams.get('code')!;
  const tokens = await exchangeAuthorisationCode(app(), code, APP.redirectUri);
  const store = createFreeAgentTokenStore({ db, key, app: app(), label, now });
  await store.save({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: new Date(now().getTime() + tokens.expires_in * 1000), scope: '' });
  return store;
}

describe('FreeAgent connection', () => {
  it('refreshes once when two workers ask near expiry, and keeps the tokens sealed', async () => {
    const label = `fa-${randomUUID()}`;
    let clock = new Date();
    const first = await connect(label, () => clock);
    const before = await first.accessToken();
    const row = await db.selectFrom('integration_credentials').selectAll().where('provider', '=', 'freeagent').where('label', '=', label).executeTakeFirstOrThrow();
    expect(row.secret_ciphertext.toString('latin1')).not.toContain(before);

    const otherDb = createDb(inject('databaseUrl'), { max: 2 });
    try {
      const second = createFreeAgentTokenStore({ db: otherDb, key, app: app(), label, now: () => clock });
      clock = new Date(clock.getTime() + 55 * 60_000);
      const [a, b] = await Promise.all([first.accessToken(), second.accessToken()]);
      expect(a).toBe(b);
      expect(a).not.toBe(before);
      expect(await first.status()).toBe('connected');
    } finally {
      await otherDb.destroy();
    }
  });

  it('asks the practice to reconnect when FreeAgent refuses the refresh', async () => {
    const label = `fa-${randomUUID()}`;
    let clock = new Date();
    const store = await connect(label, () => clock);
    await got.post(`${url}/emulator/reset`, { throwHttpErrors: false });
    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    const refused = await store.accessToken().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReconnectNeeded);
    expect((refused as ReconnectNeeded).provider).toBe('freeagent');
    expect(await store.status()).toBe('reconnect-needed');
  });
});
