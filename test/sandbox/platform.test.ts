// The HMRC platform as the emulator plays it: OAuth, Accept versions, errors, rate limit, faults, clock, ledger, deprecation.
import { EmulatorClock } from '../../sandbox/hmrc/platform/clock';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP, agentWithClient, appToken, call, startEmulator, userToken, type RunningEmulator } from '../helpers/hmrcEmulator';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator({ deprecations: { 'self-assessment-individual-details 2.0': { deprecation: new Date('2026-10-01T00:00:00Z'), sunset: new Date('2027-04-01T00:00:00Z'), link: 'https://developer.service.hmrc.gov.uk/api-documentation' } } });
});
afterAll(async () => {
  await hmrc?.stop();
});

async function form(path: string, fields: Record<string, string>, redirect: 'manual' | 'follow' = 'manual') {
  return fetch(`${hmrc.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect });
}

async function newIndividual() {
  return (await call(hmrc, 'POST', '/create-test-user/individuals', { token: await appToken(hmrc), body: { serviceNames: ['mtd-income-tax'] } })).body;
}

describe('OAuth 2.0 authorization code grant', () => {
  it('shows a grant page, signs a test user in, and exchanges the code for HMRC-shaped tokens', async () => {
    const user = await newIndividual();
    const query = new URLSearchParams({ response_type: 'code', client_id: TEST_APP.clientId, scope: 'read:self-assessment write:self-assessment', redirect_uri: TEST_APP.redirectUri, state: 'xyz' });
    const page = await fetch(`${hmrc.url}/oauth/authorize?${query}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Grant authority');

    const wrong = await form('/oauth/authorize', { ...Object.fromEntries(query), user_id: user.userId, password: 'wrong', decision: 'grant' });
    expect(wrong.status).toBe(401);

    const granted = await form('/oauth/authorize', { ...Object.fromEntries(query), user_id: user.userId, password: user.password, decision: 'grant' });
    expect(granted.status).toBe(302);
    const location = new URL(granted.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(TEST_APP.redirectUri);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;

    const tokenFields = { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'authorization_code', redirect_uri: TEST_APP.redirectUri, code };
    const tokens = await form('/oauth/token', tokenFields);
    expect(tokens.status).toBe(200);
    const body = (await tokens.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 14400, scope: 'read:self-assessment write:self-assessment' });
    expect(body.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(body.refresh_token).toMatch(/^[0-9a-f]{32}$/);

    // A code is single use.
    const again = await form('/oauth/token', tokenFields);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_request', error_description: 'code is invalid' });
  });

  it('redirects with access_denied when the user does not grant authority', async () => {
    const query = { response_type: 'code', client_id: TEST_APP.clientId, scope: 'read:self-assessment', redirect_uri: TEST_APP.redirectUri, state: 's1' };
    const denied = await form('/oauth/authorize', { ...query, decision: 'deny' });
    const location = new URL(denied.headers.get('location')!);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', error_description: 'user denied the authorization', error_code: 'USER_DENIED_AUTHORIZATION', state: 's1' });
  });

  it.each([
    [{ client_id: 'nobody' }, 'invalid_request', 'client_id is invalid'],
    [{ redirect_uri: 'https://evil.example/cb' }, 'invalid_request', 'redirect_uri is invalid'],
    [{ response_type: 'token' }, 'unsupported_response_type', 'response_type must be code'],
    [{ scope: 'read:everything' }, 'invalid_scope', 'scope is invalid: read:everything'],
    [{ client_secret: 'shh' }, 'invalid_request', 'client_secret must not be sent to the authorize endpoint'],
    [{ code_challenge: 'abc' }, 'invalid_request', 'code_challenge and code_challenge_method=S256 go together'],
  ])('refuses a bad authorize request %j', async (override, error, description) => {
    const query = new URLSearchParams({ response_type: 'code', client_id: TEST_APP.clientId, scope: 'read:self-assessment', redirect_uri: TEST_APP.redirectUri, ...override });
    const response = await fetch(`${hmrc.url}/oauth/authorize?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error, error_description: description });
  });

  it('supports PKCE (S256) and refuses a verifier that does not match', async () => {
    const user = await newIndividual();
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = { response_type: 'code', client_id: TEST_APP.clientId, scope: 'read:self-assessment', redirect_uri: TEST_APP.redirectUri, code_challenge: challenge, code_challenge_method: 'S256' };
    const code = async () => new URL((await form('/oauth/authorize', { ...query, user_id: user.userId, password: user.password, decision: 'grant' })).headers.get('location')!).searchParams.get('code')!;
    const exchange = (c: string, v: string) => form('/oauth/token', { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'authorization_code', redirect_uri: TEST_APP.redirectUri, code: c, code_verifier: v });
    const bad = await exchange(await code(), 'x'.repeat(50));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await exchange(await code(), verifier)).status).toBe(200);
  });

  it('refresh tokens are single use, invalidate the old access token, and concurrent refreshes are refused', async () => {
    const user = await newIndividual();
    const first = (await (await fetch(`${hmrc.url}/emulator/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: user.userId }) })).json()) as { access_token: string; refresh_token: string };
    const refresh = (token: string) => form('/oauth/token', { client_id: TEST_APP.clientId, client_secret: TEST_APP.clientSecret, grant_type: 'refresh_token', refresh_token: token });

    const [a, b] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 400]);
    const failed = a.status === 400 ? a : b;
    expect(await failed.json()).toEqual({ error: 'invalid_request', error_description: 'refresh operation already in progress' });
    const second = (await (a.status === 200 ? a : b).json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(second.expires_in).toBe(14400);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    expect((await refresh(first.refresh_token)).status).toBe(400);
    const old = await call(hmrc, 'GET', `/individuals/person/itsa-status/${user.nino}/2026-27`, { token: first.access_token, version: '2.0' });
    expect(old.status).toBe(401);
    expect(old.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Invalid Authentication information provided' });
    expect((await call(hmrc, 'GET', `/individuals/person/itsa-status/${user.nino}/2026-27`, { token: second.access_token, version: '2.0' })).status).toBe(200);
  });

  it('refuses bad client credentials with 401 invalid_client', async () => {
    const response = await form('/oauth/token', { client_id: TEST_APP.clientId, client_secret: 'not-the-secret', grant_type: 'client_credentials' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });
});

describe('platform errors', () => {
  it('401 MISSING_CREDENTIALS, 401 INVALID_CREDENTIALS, 401 INCORRECT_ACCESS_TOKEN_TYPE, 403 INVALID_SCOPE', async () => {
    const user = await newIndividual();
    const path = `/individuals/person/itsa-status/${user.nino}/2026-27`;
    expect((await call(hmrc, 'GET', path, { version: '2.0', unchecked: true })).body.code).toBe('MISSING_CREDENTIALS');
    expect((await call(hmrc, 'GET', path, { version: '2.0', token: 'f'.repeat(32), unchecked: true })).body.code).toBe('INVALID_CREDENTIALS');
    const app = await call(hmrc, 'GET', path, { version: '2.0', token: await appToken(hmrc), unchecked: true });
    expect(app).toMatchObject({ status: 401, body: { code: 'INCORRECT_ACCESS_TOKEN_TYPE' } });
    const scoped = await call(hmrc, 'GET', path, { version: '2.0', token: await userToken(hmrc, user.userId, ['write:self-assessment']), unchecked: true });
    expect(scoped).toMatchObject({ status: 403, body: { code: 'INVALID_SCOPE' } });
  });

  it('406 ACCEPT_HEADER_INVALID without a versioned Accept header, 404 for a version the API does not have', async () => {
    const user = await newIndividual();
    const token = await userToken(hmrc, user.userId);
    const path = `/individuals/person/itsa-status/${user.nino}/2026-27`;
    expect(await call(hmrc, 'GET', path, { version: false, token, headers: { accept: 'application/json' } })).toMatchObject({ status: 406, body: { code: 'ACCEPT_HEADER_INVALID' } });
    expect(await call(hmrc, 'GET', path, { version: '9.0', token, unchecked: true })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('403 CLIENT_OR_AGENT_NOT_AUTHORISED for another person, for an agent without a relationship, and for a supporting agent on main-only endpoints', async () => {
    const me = await newIndividual();
    const other = await newIndividual();
    const token = await userToken(hmrc, me.userId);
    const notMine = await call(hmrc, 'GET', `/individuals/person/itsa-status/${other.nino}/2026-27`, { token, version: '2.0' });
    expect(notMine).toMatchObject({ status: 403, body: { code: 'CLIENT_OR_AGENT_NOT_AUTHORISED', message: 'The client or agent is not authorised' } });

    const { agentToken, nino } = await agentWithClient(hmrc, 'supporting');
    expect((await call(hmrc, 'GET', `/individuals/person/itsa-status/${nino}/2026-27`, { token: agentToken, version: '2.0' })).status).toBe(200);
    const stranger = await call(hmrc, 'GET', `/individuals/person/itsa-status/${other.nino}/2026-27`, { token: agentToken, version: '2.0' });
    expect(stranger.body.code).toBe('CLIENT_OR_AGENT_NOT_AUTHORISED');
  });

  it('unknown paths are 404 MATCHING_RESOURCE_NOT_FOUND', async () => {
    const response = await call(hmrc, 'GET', '/individuals/nothing/here', { unchecked: true });
    expect(response).toMatchObject({ status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND' } });
  });
});

describe('Gov-Test-Scenario', () => {
  it('returns a documented scenario and refuses an unknown one with 400 RULE_INCORRECT_GOV_TEST_SCENARIO', async () => {
    const user = await newIndividual();
    const token = await userToken(hmrc, user.userId);
    const path = `/individuals/person/itsa-status/${user.nino}/2026-27`;
    expect(await call(hmrc, 'GET', path, { token, version: '2.0', headers: { 'gov-test-scenario': 'NOT_FOUND' } })).toMatchObject({ status: 404, body: { code: 'MATCHING_RESOURCE_NOT_FOUND' } });
    const unknown = await call(hmrc, 'GET', path, { token, version: '2.0', headers: { 'gov-test-scenario': 'PLEASE_FAIL' }, unchecked: true });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'RULE_INCORRECT_GOV_TEST_SCENARIO' } });
    expect((await call(hmrc, 'GET', path, { token, version: '2.0', headers: { 'gov-test-scenario': 'STATEFUL' } })).status).toBe(200);
  });
});

describe('rate limit, faults, clock, ledger, deprecation', () => {
  it('answers 429 MESSAGE_THROTTLED_OUT above the configured rate per application', async () => {
    const limited = await startEmulator({ rateLimitPerSecond: 3 });
    try {
      const token = await appToken(limited);
      const results = await Promise.all(Array.from({ length: 6 }, () => call(limited, 'GET', '/create-test-user/services', { token })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3);
      expect(results.find((r) => r.status === 429)!.body).toEqual({ code: 'MESSAGE_THROTTLED_OUT', message: 'The request for the API is throttled as you have exceeded your quota.' });
    } finally {
      await limited.stop();
    }
  });

  it('injects 5xx, and timeouts after commit whose writes still reach the ledger', async () => {
    const faulty = await startEmulator();
    try {
      const token = await appToken(faulty);
      const set = async (faults: object) => fetch(`${faulty.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      expect((await set({ serverErrorRate: 2 })).status).toBe(400);
      await set({ serverErrorRate: 1, seed: 7 });
      const failed = await call(faulty, 'GET', '/create-test-user/services', { token, unchecked: true });
      expect([500, 503]).toContain(failed.status);

      await set({ timeoutAfterCommitRate: 1 });
      await expect(call(faulty, 'POST', '/create-test-user/individuals', { token, body: { serviceNames: ['mtd-income-tax'] } })).rejects.toThrow();
      await set({});
      const ledger = (await (await fetch(`${faulty.url}/emulator/ledger?api=api-platform-test-user`)).json()) as { entries: { operation: string; status: number; nino?: string }[] };
      expect(ledger.entries).toHaveLength(1);
      expect(ledger.entries[0]).toMatchObject({ operation: 'POST /create-test-user/individuals', status: 201 });
      expect(ledger.entries[0]!.nino).toMatch(/^[A-Z]{2}\d{6}[A-D]$/);
    } finally {
      await faulty.stop();
    }
  });

  it('has a settable clock that keeps ticking, and goes back to real time', async () => {
    const set = async (now: string | null) => (await fetch(`${hmrc.url}/emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) })).json() as Promise<{ now: string; real: boolean }>;
    const moved = await set('2027-05-01T09:00:00Z');
    expect(moved.real).toBe(false);
    expect(Date.parse(moved.now) - Date.parse('2027-05-01T09:00:00Z')).toBeLessThan(5000);
    expect((await set(null)).real).toBe(true);
    const bad = await fetch(`${hmrc.url}/emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"now":"next tuesday"}' });
    expect(bad.status).toBe(400);
  });

  it('runs a compressed year: with a rate, a real second is that many seconds of HMRC time', () => {
    let real = 1_000_000;
    const clock = new EmulatorClock(() => real);
    // A day every 100 ms: 864000 times real time.
    clock.set(new Date('2026-04-06T00:00:00Z'), 864_000);
    real += 100;
    expect(clock.now().toISOString()).toBe('2026-04-07T00:00:00.000Z');
    real += 9_100;
    expect(clock.now().toISOString()).toBe('2026-07-07T00:00:00.000Z');
    clock.set(null);
    expect(clock.isReal()).toBe(true);
    expect(clock.now().getTime()).toBe(real);
    expect(() => clock.set(new Date(), 0)).toThrow(/rate/);
  });

  it('sends Deprecation, Sunset and Link for a deprecated API version', async () => {
    const user = await newIndividual();
    const response = await call(hmrc, 'GET', `/individuals/person/itsa-status/${user.nino}/2026-27`, { token: await userToken(hmrc, user.userId), version: '2.0' });
    expect(response.headers.get('deprecation')).toBe('Thu, 01 Oct 2026 00:00:00 GMT');
    expect(response.headers.get('sunset')).toBe('Thu, 01 Apr 2027 00:00:00 GMT');
    expect(response.headers.get('link')).toBe('<https://developer.service.hmrc.gov.uk/api-documentation>; rel="deprecation"');
  });

  it('announces and withdraws a deprecation through /emulator/deprecations', async () => {
    const user = await newIndividual();
    const token = await userToken(hmrc, user.userId);
    const set = (body: object) => fetch(`${hmrc.url}/emulator/deprecations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await set({ api: 'obligations', version: '3.0', deprecation: 'soon' })).status).toBe(400);
    expect((await set({ api: 'obligations', version: '3.0', deprecation: '2026-11-01T00:00:00Z' })).status).toBe(200);
    const path = `/obligations/details/${user.nino}/crystallisation`;
    expect((await call(hmrc, 'GET', path, { token, version: '3.0', unchecked: true })).headers.get('deprecation')).toBe('Sun, 01 Nov 2026 00:00:00 GMT');
    expect((await set({ api: 'obligations', version: '3.0', deprecation: null })).status).toBe(200);
    expect((await call(hmrc, 'GET', path, { token, version: '3.0', unchecked: true })).headers.get('deprecation')).toBeNull();
  });

  it('records a fraud prevention verdict for every MTD request, and validates headers like HMRC\'s test API', async () => {
    const user = await newIndividual();
    const token = await userToken(hmrc, user.userId);
    const good = await call(hmrc, 'GET', `/individuals/person/itsa-status/${user.nino}/2026-27`, { token, version: '2.0' });
    const bad = await call(hmrc, 'GET', `/individuals/person/itsa-status/${user.nino}/2026-27`, { token, version: '2.0', headers: { 'Gov-Client-Timezone': 'GMT' } });
    const verdicts = (await (await fetch(`${hmrc.url}/emulator/fraud-prevention/verdicts`)).json()) as { verdicts: { correlationId: string; code: string; errors: { headers: string[] }[] }[] };
    const byId = (id: string | null) => verdicts.verdicts.find((v) => v.correlationId === id)!;
    expect(byId(good.headers.get('x-correlationid')).code).toBe('VALID_HEADERS');
    expect(byId(bad.headers.get('x-correlationid')).code).toBe('INVALID_HEADERS');
    expect(byId(bad.headers.get('x-correlationid')).errors.flatMap((e) => e.headers)).toContain('gov-client-timezone');

    const validate = await call(hmrc, 'GET', '/test/fraud-prevention-headers/validate', { token, unchecked: true, headers: { 'Gov-Client-Device-ID': 'not-a-uuid' } });
    expect(validate.status).toBe(200);
    expect(validate.body.code).toBe('INVALID_HEADERS');
    expect(validate.body.errors.flatMap((e: { headers: string[] }) => e.headers)).toContain('gov-client-device-id');
    const feedback = await call(hmrc, 'GET', '/test/fraud-prevention-headers/self-assessment-individual-details/validation-feedback?connectionMethod=BATCH_PROCESS_DIRECT', { token, unchecked: true });
    expect(feedback.status).toBe(200);
    expect(feedback.body.requests.length).toBeGreaterThanOrEqual(2);
  });
});
