// A practice's FreeAgent connection in PostgreSQL: sealed tokens, one refresh for two workers (FreeAgent spends the old
// refresh token, so a second refresh would lose the grant), and reconnect-needed when FreeAgent refuses.
import { randomUUID } from 'node:crypto';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from '../db/connect';
import { authorisationUrl } from '../integrations/freeagent/oauth';
import { createFreeAgentTokenStore } from '../integrations/freeagent/tokenStore';
import { ReconnectNeeded } from '../integrations/oauthTokenStore';
import { generateKey } from '../security/encryption';
import { FREEAGENT_APP, grantFreeAgent, startFreeAgent, type RunningFreeAgent } from './helpers/freeAgentEmulator';

const key = Buffer.from(generateKey(), 'base64');
let freeagent: RunningFreeAgent;
let db: Db;

beforeAll(async () => {
  freeagent = await startFreeAgent();
  db = createDb(inject('databaseUrl'), { max: 4 });
});
afterAll(async () => {
  await db?.destroy();
  await freeagent?.stop();
});

async function connect(label: string, now: () => Date) {
  expect(authorisationUrl(freeagent.app, FREEAGENT_APP.redirectUri, 's')).toContain('/v2/approve_app');
  const tokens = await grantFreeAgent(freeagent);
  const store = createFreeAgentTokenStore({ db, key, app: freeagent.app, label, now });
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
      const second = createFreeAgentTokenStore({ db: otherDb, key, app: freeagent.app, label, now: () => clock });
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
    await got.post(`${freeagent.url}/emulator/reset`, { throwHttpErrors: false });
    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    const refused = await store.accessToken().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ReconnectNeeded);
    expect((refused as ReconnectNeeded).provider).toBe('freeagent');
    expect(await store.status()).toBe('reconnect-needed');
  });
});
