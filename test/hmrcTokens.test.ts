// The practice's HMRC connection against the emulator and a real PostgreSQL: connect once through HMRC's grant page,
// tokens encrypted at rest, one refresh across concurrent callers, and a refused grant asking the practice to reconnect.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDb, type Db } from '../db/connect';
import { AGENT_SCOPES, authorizationUrl, exchangeCode, type HmrcOAuthSettings } from '../integrations/hmrc/oauth';
import { HmrcReconnectNeeded, createHmrcTokenStore } from '../integrations/hmrc/tokenStore';
import { generateKey } from '../security/encryption';
import { TEST_APP, appToken, call, startEmulator, type RunningEmulator } from './helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let db: Db;
let settings: HmrcOAuthSettings;
const key = Buffer.from(generateKey(), 'base64');

beforeAll(async () => {
  hmrc = await startEmulator({ refreshDelayMs: 200 });
  db = createDb(inject('databaseUrl'));
  settings = { authorizeBaseUrl: hmrc.url, tokenBaseUrl: hmrc.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, redirectUri: TEST_APP.redirectUri, scopes: AGENT_SCOPES };
});
afterAll(async () => {
  await db?.destroy();
  await hmrc?.stop();
});

/** The agent grants authority on HMRC's page, as a practice manager does from the console. */
async function connect(label: string, now: () => Date) {
  const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: await appToken(hmrc), body: { serviceNames: ['agent-services'] } })).body;
  const state = randomUUID();
  const authorize = new URL(authorizationUrl(settings, state));
  const granted = await fetch(`${hmrc.url}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: agent.userId, password: agent.password, decision: 'grant' }).toString(),
  });
  const back = new URL(granted.headers.get('location')!);
  expect(back.searchParams.get('state')).toBe(state);
  const store = createHmrcTokenStore({ db, key, oauth: settings, label, now });
  await store.save(await exchangeCode(settings, back.searchParams.get('code')!, now()));
  return store;
}

describe('HMRC connection', () => {
  it('keeps tokens encrypted, and refreshes once for concurrent callers when they near expiry', async () => {
    const label = `test-${randomUUID()}`;
    let clock = new Date();
    const store = await connect(label, () => clock);
    expect(await store.status()).toBe('connected');
    const first = await store.accessToken();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await store.accessToken()).toBe(first);

    const row = await db.selectFrom('integration_credentials').selectAll().where('label', '=', label).executeTakeFirstOrThrow();
    expect(row.secret_ciphertext.toString('latin1')).not.toContain(first);
    expect(row.secret_ciphertext.toString('hex')).not.toContain(Buffer.from(first).toString('hex'));

    // Three hours and fifty-five minutes later the token has five minutes left: refresh, once, whoever asks.
    clock = new Date(clock.getTime() + (4 * 60 - 5) * 60_000);
    const [a, b, c] = await Promise.all([store.accessToken(), store.accessToken(), store.accessToken()]);
    expect(a).not.toBe(first);
    expect(new Set([a, b, c]).size).toBe(1);
    const ledger = Object.values(hmrc.emulator.state.grants).filter((g) => g.accessToken === a);
    expect(ledger).toHaveLength(1);
  });

  it('refreshes once when two workers (each with its own connection pool) ask at the same moment', async () => {
    const label = `test-${randomUUID()}`;
    let clock = new Date();
    const first = await connect(label, () => clock);
    const secondDb = createDb(inject('databaseUrl'), { max: 2 });
    try {
      const second = createHmrcTokenStore({ db: secondDb, key, oauth: settings, label, now: () => clock });
      const before = await first.accessToken();
      clock = new Date(clock.getTime() + 4 * 60 * 60_000);
      const [a, b] = await Promise.all([first.accessToken(), second.accessToken()]);
      expect(a).toBe(b);
      expect(a).not.toBe(before);
      // HMRC refuses a concurrent refresh of one grant: had both workers refreshed, one would have failed above.
      expect(Object.values(hmrc.emulator.state.grants).filter((g) => g.accessToken === a)).toHaveLength(1);
    } finally {
      await secondDb.destroy();
    }
  });

  it('asks the practice to reconnect when HMRC refuses the refresh, and says so until it does', async () => {
    const label = `test-${randomUUID()}`;
    let clock = new Date();
    const store = await connect(label, () => clock);
    // HMRC forgets the grant (it lapsed or was revoked).
    for (const grant of Object.values(hmrc.emulator.state.grants)) grant.refreshToken = null;
    clock = new Date(clock.getTime() + 5 * 60 * 60_000);
    await expect(store.accessToken()).rejects.toBeInstanceOf(HmrcReconnectNeeded);
    expect(await store.status()).toBe('reconnect-needed');
    await expect(store.accessToken()).rejects.toThrow(/reconnect/);
  });

  it('says not connected before the practice connects', async () => {
    const store = createHmrcTokenStore({ db, key, oauth: settings, label: `test-${randomUUID()}` });
    expect(await store.status()).toBe('not-connected');
    await expect(store.accessToken()).rejects.toBeInstanceOf(HmrcReconnectNeeded);
  });
});
