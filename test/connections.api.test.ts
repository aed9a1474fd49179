// Connecting the practice to HMRC through the API: start, HMRC's grant page, callback, status; and refusals.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_SCOPES } from '../integrations/hmrc/oauth';
import { createHmrcTokenStore } from '../integrations/hmrc/tokenStore';
import { generateKey } from '../security/encryption';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { TEST_APP, appToken, call, startEmulator, type RunningEmulator } from './helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let engine: TestEngine;
let closeDb: () => Promise<void>;
const key = Buffer.from(generateKey(), 'base64');

beforeAll(async () => {
  hmrc = await startEmulator();
  const oauth = { authorizeBaseUrl: hmrc.url, tokenBaseUrl: hmrc.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, redirectUri: TEST_APP.redirectUri, scopes: AGENT_SCOPES };
  // The engine's own database is shared by the run's tests: a label of its own keeps this connection apart.
  const { createDb } = await import('../db/connect');
  const { inject } = await import('vitest');
  const db = createDb(inject('databaseUrl'), { max: 2 });
  closeDb = () => db.destroy();
  engine = await startTestEngine({ hmrc: { oauth, tokens: createHmrcTokenStore({ db, key, oauth, label: `api-${randomUUID()}` }), stateKey: key } });
});
afterAll(async () => {
  await engine?.stop();
  await closeDb?.();
  await hmrc?.stop();
});

describe('GET /api/connections/hmrc/start, then HMRC, then the callback', () => {
  it('connects the practice and reports it connected', async () => {
    expect(await (await engine.app.request('/api/connections/hmrc')).json()).toEqual({ status: 'not-connected' });
    const start = await engine.app.request('/api/connections/hmrc/start');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${hmrc.url}/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toContain('write:self-assessment');

    const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: await appToken(hmrc), body: { serviceNames: ['agent-services'] } })).body;
    const granted = await fetch(`${hmrc.url}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), user_id: agent.userId, password: agent.password, decision: 'grant' }).toString(),
    });
    const back = new URL(granted.headers.get('location')!);
    const callback = await engine.app.request(`/api/connections/hmrc/callback${back.search}`);
    expect(callback.status).toBe(200);
    expect(await callback.json()).toEqual({ status: 'connected' });
    expect(await (await engine.app.request('/api/connections/hmrc')).json()).toEqual({ status: 'connected' });

    // The same code twice: HMRC refuses it, and the API says what to do.
    const again = await engine.app.request(`/api/connections/hmrc/callback${back.search}`);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'HMRC_CODE_REFUSED' });
  });

  it('refuses a forged state, a denied grant and a missing state with 400 naming the field', async () => {
    const forged = await engine.app.request('/api/connections/hmrc/callback?code=abc&state=eyJuIjoiIiwiZSI6OTk5OTk5OTk5OTk5OX0.bm9wZQ');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'state' }] });
    const start = new URL((await engine.app.request('/api/connections/hmrc/start')).headers.get('location')!);
    const denied = await engine.app.request(`/api/connections/hmrc/callback?error=access_denied&error_description=user+denied&state=${start.searchParams.get('state')}`);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ code: 'HMRC_AUTHORITY_NOT_GRANTED' });
    const missing = await engine.app.request('/api/connections/hmrc/callback?code=abc');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { fields: { field: string }[] }).fields[0]!.field).toBe('state');
  });
});
