// Connecting the practice to HMRC and to FreeAgent through the API: start, the provider's grant page, callback, status;
// and refusals (forged state, denied grant, reused code), the same for both providers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../api/app';
import { issueState } from '../api/connections/oauthState';
import { createFreeAgentTokenStore } from '../integrations/freeagent/tokenStore';
import { AGENT_SCOPES } from '../integrations/hmrc/oauth';
import { createHmrcTokenStore } from '../integrations/hmrc/tokenStore';
import { createLogger } from '../runtime/log';
import { generateKey } from '../security/encryption';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn, type SignedIn } from './helpers/staff';
import { FREEAGENT_APP, startFreeAgent, type RunningFreeAgent } from './helpers/freeAgentEmulator';
import { TEST_APP, appToken, call, startEmulator, type RunningEmulator } from './helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let freeAgent: RunningFreeAgent;
let engine: TestEngine;
/** The engine's API with a FreeAgent connection too (the test engine helper configures HMRC only). */
let withFreeAgent: App;
let closeDb: () => Promise<void>;
/** Connecting the practice is an admin's job; the callbacks are public (the provider's redirect carries no session). */
let admin: SignedIn;
const asAdmin = (app: App) => (path: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${admin.token}` } });
const key = Buffer.from(generateKey(), 'base64');

beforeAll(async () => {
  [hmrc, freeAgent] = await Promise.all([startEmulator(), startFreeAgent()]);
  const oauth = { authorizeBaseUrl: hmrc.url, tokenBaseUrl: hmrc.url, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, redirectUri: TEST_APP.redirectUri, scopes: AGENT_SCOPES };
  // The engine's own database is shared by the run's tests: a label of its own keeps this connection apart.
  const { createDb } = await import('../db/connect');
  const { inject } = await import('vitest');
  const db = createDb(inject('databaseUrl'), { max: 2 });
  closeDb = () => db.destroy();
  const hmrcConnection = { oauth, tokens: createHmrcTokenStore({ db, key, oauth, label: `api-${randomUUID()}` }), stateKey: key };
  engine = await startTestEngine({ hmrc: hmrcConnection });
  admin = await signedIn(engine.app, engine.db, 'admin');
  const freeAgentOAuth = { ...freeAgent.app, redirectUri: FREEAGENT_APP.redirectUri };
  withFreeAgent = createApp({
    db,
    temporal: engine.temporal,
    taskQueue: engine.taskQueue,
    temporalUiUrl: undefined,
    namespace: 'default',
    allowCompressedSchedules: true,
    log: createLogger('error'),
    hmrc: hmrcConnection,
    freeagent: { oauth: freeAgentOAuth, tokens: createFreeAgentTokenStore({ db, key, app: freeAgentOAuth, label: `api-${randomUUID()}` }), stateKey: key },
  });
});
afterAll(async () => {
  await engine?.stop();
  await closeDb?.();
  await Promise.all([hmrc?.stop(), freeAgent?.stop()]);
});

describe('GET /api/connections/hmrc/start, then HMRC, then the callback', () => {
  it('connects the practice and reports it connected', async () => {
    expect(await (await asAdmin(engine.app)('/api/connections/hmrc')).json()).toEqual({ status: 'not-connected' });
    const start = await asAdmin(engine.app)('/api/connections/hmrc/start');
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
    expect(await (await asAdmin(engine.app)('/api/connections/hmrc')).json()).toEqual({ status: 'connected' });

    // The same code twice: HMRC refuses it, and the API says what to do.
    const again = await engine.app.request(`/api/connections/hmrc/callback${back.search}`);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'HMRC_CODE_REFUSED' });
  });

  it('refuses a forged state, a denied grant and a missing state with 400 naming the field', async () => {
    const forged = await engine.app.request('/api/connections/hmrc/callback?code=abc&state=eyJuIjoiIiwiZSI6OTk5OTk5OTk5OTk5OX0.bm9wZQ');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'state' }] });
    const start = new URL((await asAdmin(engine.app)('/api/connections/hmrc/start')).headers.get('location')!);
    const denied = await engine.app.request(`/api/connections/hmrc/callback?error=access_denied&error_description=user+denied&state=${start.searchParams.get('state')}`);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ code: 'HMRC_AUTHORITY_NOT_GRANTED' });
    const missing = await engine.app.request('/api/connections/hmrc/callback?code=abc');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { fields: { field: string }[] }).fields[0]!.field).toBe('state');
  });
});

describe('GET /api/connections/freeagent/start, then FreeAgent, then the callback', () => {
  /** The account manager approves the app on FreeAgent's approve_app page, which sends the browser back with a code. */
  async function approve(authorise: URL): Promise<URL> {
    const page = await fetch(authorise);
    expect(page.status).toBe(200);
    const manager = [...freeAgent.emulator.state.accountManagers.values()][0]!;
    const approved = await fetch(`${authorise.origin}${authorise.pathname}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorise.searchParams), account_manager_id: String(manager.id) }).toString(),
    });
    expect(approved.status).toBe(302);
    return new URL(approved.headers.get('location')!);
  }

  it('connects the practice and reports it connected; a reused code is refused', async () => {
    expect(await (await asAdmin(withFreeAgent)('/api/connections/freeagent')).json()).toEqual({ status: 'not-connected' });
    const start = await asAdmin(withFreeAgent)('/api/connections/freeagent/start');
    expect(start.status).toBe(302);
    const authorise = new URL(start.headers.get('location')!);
    expect(`${authorise.origin}${authorise.pathname}`).toBe(`${freeAgent.url}/v2/approve_app`);
    expect(Object.fromEntries(authorise.searchParams)).toMatchObject({ client_id: FREEAGENT_APP.clientId, response_type: 'code', redirect_uri: FREEAGENT_APP.redirectUri });

    const back = await approve(authorise);
    expect(`${back.origin}${back.pathname}`).toBe(FREEAGENT_APP.redirectUri);
    const callback = await withFreeAgent.request(`/api/connections/freeagent/callback${back.search}`);
    expect(callback.status).toBe(200);
    expect(await callback.json()).toEqual({ status: 'connected' });
    expect(await (await asAdmin(withFreeAgent)('/api/connections/freeagent')).json()).toEqual({ status: 'connected' });

    const again = await withFreeAgent.request(`/api/connections/freeagent/callback${back.search}`);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'FREEAGENT_CODE_REFUSED', fields: [{ field: 'code', rule: 'invalid_grant' }] });
  });

  it("refuses a forged state, HMRC's state, a denied grant and a missing code with 400 naming the field", async () => {
    const forged = await withFreeAgent.request('/api/connections/freeagent/callback?code=abc&state=eyJuIjoiIiwiZSI6OTk5OTk5OTk5OTk5OX0.bm9wZQ');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'state', rule: 'expected the state this engine issued' }] });

    // A state is bound to its provider: one issued for HMRC is no good here.
    const hmrcState = new URL((await asAdmin(withFreeAgent)('/api/connections/hmrc/start')).headers.get('location')!).searchParams.get('state')!;
    const crossed = await withFreeAgent.request(`/api/connections/freeagent/callback?code=abc&state=${hmrcState}`);
    expect(await crossed.json()).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'state' }] });

    const expired = issueState(key, 'freeagent', new Date(Date.now() - 11 * 60_000));
    const late = await withFreeAgent.request(`/api/connections/freeagent/callback?code=abc&state=${expired}`);
    expect(await late.json()).toMatchObject({ code: 'INVALID_STATE', fields: [{ field: 'state', rule: 'the connection attempt is older than 10 minutes; start again' }] });

    const state = new URL((await asAdmin(withFreeAgent)('/api/connections/freeagent/start')).headers.get('location')!).searchParams.get('state')!;
    const denied = await withFreeAgent.request(`/api/connections/freeagent/callback?error=access_denied&error_description=The+user+denied+access&state=${state}`);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ code: 'FREEAGENT_AUTHORITY_NOT_GRANTED', message: 'FreeAgent says: The user denied access', fields: [{ field: 'error', rule: 'access_denied' }] });

    const noCode = await withFreeAgent.request(`/api/connections/freeagent/callback?state=${state}`);
    expect(await noCode.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: [{ field: 'code' }] });
    const noState = await withFreeAgent.request('/api/connections/freeagent/callback?code=abc');
    expect(noState.status).toBe(400);
    expect(((await noState.json()) as { fields: { field: string }[] }).fields[0]!.field).toBe('state');
  });

  it('says 503 when the engine has no FreeAgent connection configured', async () => {
    const response = await asAdmin(engine.app)('/api/connections/freeagent/start');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'FREEAGENT_NOT_CONFIGURED' });
  });
});

describe('who may connect the practice', () => {
  it('refuses a manager (403) and anyone signed out (401); only an admin starts a connection', async () => {
    const manager = await signedIn(engine.app, engine.db, 'manager');
    const asManager = await engine.app.request('/api/connections/hmrc/start', { headers: { authorization: `Bearer ${manager.token}` } });
    expect(asManager.status).toBe(403);
    expect((await engine.app.request('/api/connections/hmrc')).status).toBe(401);
    expect((await asAdmin(engine.app)('/api/connections/hmrc/start')).status).toBe(302);
  });
});
