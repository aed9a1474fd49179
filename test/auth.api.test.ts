// Signing in and out through the API against a real PostgreSQL: cookie sessions with CSRF, bearer tokens, no session
// fixation, sign-out that really ends the session, throttled sign-ins, and password changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaffMember } from '../api/auth/staffAccounts';
import { MAX_FAILURES_PER_EMAIL } from '../api/auth/loginThrottle';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { TEST_PASSWORD, request, signedIn } from './helpers/staff';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
});
afterAll(async () => {
  await engine?.stop();
});

function cookiesOf(headers: Headers): Record<string, { value: string; attributes: string }> {
  const out: Record<string, { value: string; attributes: string }> = {};
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const [name, ...value] = pair!.split('=');
    out[name!.trim()] = { value: value.join('='), attributes: attributes.join(';') };
  }
  return out;
}

async function newStaff(role: 'admin' | 'manager' | 'preparer' | 'reviewer', email: string) {
  return addStaffMember(engine.db, { email, name: `Staff ${email}`, role, password: TEST_PASSWORD }, 'test');
}

describe('cookie sessions (the console)', () => {
  it('signs in with an HttpOnly SameSite=Strict cookie, refuses changes without the CSRF token, and accepts them with it', async () => {
    await newStaff('manager', 'mona@practice.test');
    const login = await request(engine.app, 'POST', '/api/auth/login', { email: 'Mona@Practice.test', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ staff: { email: 'mona@practice.test', role: 'manager' }, token: null });
    expect(login.body.permissions).toContain('clients:write');
    expect(login.body.permissions).not.toContain('staff:manage');
    const cookies = cookiesOf(login.headers);
    expect(cookies.pe_session!.attributes).toMatch(/HttpOnly/);
    expect(cookies.pe_session!.attributes).toMatch(/SameSite=Strict/);
    expect(cookies.pe_csrf!.value).toBe(login.body.csrfToken);
    const cookie = `pe_session=${cookies.pe_session!.value}`;

    const me = await request(engine.app, 'GET', '/api/auth/me', undefined, { cookie });
    expect(me.status).toBe(200);
    expect(me.body.staff.email).toBe('mona@practice.test');

    const client = { name: 'Cookie Client', nino: 'AA123456A' };
    const noToken = await request(engine.app, 'POST', '/api/clients', client, { cookie });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID', fields: [{ field: 'x-csrf-token' }] });
    const wrongToken = await request(engine.app, 'POST', '/api/clients', client, { cookie, 'x-csrf-token': 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    const withToken = await request(engine.app, 'POST', '/api/clients', client, { cookie, 'x-csrf-token': login.body.csrfToken });
    expect(withToken.status).toBe(201);
  });

  it('gives a new session at every sign-in and ends the one the browser came with (no fixation)', async () => {
    await newStaff('preparer', 'pat@practice.test');
    const first = await request(engine.app, 'POST', '/api/auth/login', { email: 'pat@practice.test', password: TEST_PASSWORD });
    const firstCookie = `pe_session=${cookiesOf(first.headers).pe_session!.value}`;
    const second = await request(engine.app, 'POST', '/api/auth/login', { email: 'pat@practice.test', password: TEST_PASSWORD }, { cookie: firstCookie });
    const secondCookie = `pe_session=${cookiesOf(second.headers).pe_session!.value}`;
    expect(secondCookie).not.toBe(firstCookie);
    expect((await request(engine.app, 'GET', '/api/auth/me', undefined, { cookie: firstCookie })).status).toBe(401);
    expect((await request(engine.app, 'GET', '/api/auth/me', undefined, { cookie: secondCookie })).status).toBe(200);
  });

  it('ends the session at sign-out: the old cookie no longer signs anyone in', async () => {
    await newStaff('reviewer', 'rita@practice.test');
    const login = await request(engine.app, 'POST', '/api/auth/login', { email: 'rita@practice.test', password: TEST_PASSWORD });
    const cookie = `pe_session=${cookiesOf(login.headers).pe_session!.value}`;
    const logout = await request(engine.app, 'POST', '/api/auth/logout', undefined, { cookie, 'x-csrf-token': login.body.csrfToken });
    expect(logout.status).toBe(204);
    expect(cookiesOf(logout.headers).pe_session!.attributes).toMatch(/Max-Age=0/);
    const after = await request(engine.app, 'GET', '/api/auth/me', undefined, { cookie });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('bearer tokens (scripts)', () => {
  it('signs in for an hour without a cookie; the token is refused as a cookie and after sign-out', async () => {
    const reviewer = await signedIn(engine.app, engine.db, 'reviewer');
    const me = await reviewer.call('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const expiresIn = Date.parse(me.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(55 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    const asCookie = await request(engine.app, 'GET', '/api/auth/me', undefined, { cookie: `pe_session=${reviewer.token}` });
    expect(asCookie.status).toBe(401);
    expect((await reviewer.call('POST', '/api/auth/logout')).status).toBe(204);
    expect((await reviewer.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('keeps roles apart: a reviewer may not add a client (403 naming the permission)', async () => {
    const reviewer = await signedIn(engine.app, engine.db, 'reviewer');
    const res = await reviewer.call('POST', '/api/clients', { name: 'Nope' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(res.body.message).toContain("'clients:write'");
  });

  it('refuses every route but the public ones without a session', async () => {
    expect((await request(engine.app, 'GET', '/api/clients/3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c')).status).toBe(401);
    expect((await request(engine.app, 'GET', '/api/health')).status).not.toBe(401);
    expect((await request(engine.app, 'GET', '/api/openapi.json')).status).toBe(200);
  });
});

describe('sign-in failures', () => {
  it('answers a wrong password and an unknown email alike, then throttles that email with Retry-After', async () => {
    await newStaff('preparer', 'tom@practice.test');
    const unknown = await request(engine.app, 'POST', '/api/auth/login', { email: 'nobody@practice.test', password: 'whatever it is' });
    expect(unknown.status).toBe(401);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      const wrong = await request(engine.app, 'POST', '/api/auth/login', { email: 'tom@practice.test', password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
    }
    const right = await request(engine.app, 'POST', '/api/auth/login', { email: 'tom@practice.test', password: TEST_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('names the field of a malformed sign-in', async () => {
    const res = await request(engine.app, 'POST', '/api/auth/login', { email: 'not-an-email', password: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['(body)', 'email', 'password'].sort());
  });
});

describe('password change', () => {
  it('checks the current password, and ends every other session of that member of staff', async () => {
    await newStaff('manager', 'max@practice.test');
    const login = (mode: string) => request(engine.app, 'POST', '/api/auth/login', { email: 'max@practice.test', password: TEST_PASSWORD, mode });
    const other = (await login('bearer')).body.token as string;
    const mine = (await login('bearer')).body.token as string;
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const wrong = await request(engine.app, 'PUT', '/api/auth/password', { currentPassword: 'wrong one', newPassword: 'a brand new passphrase' }, auth(mine));
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([{ field: 'currentPassword', rule: 'must be your current password' }]);
    const short = await request(engine.app, 'PUT', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' }, auth(mine));
    expect(short.body.fields).toEqual([{ field: 'newPassword', rule: 'expected 12 to 200 characters' }]);
    const changed = await request(engine.app, 'PUT', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }, auth(mine));
    expect(changed.status).toBe(204);
    expect((await request(engine.app, 'GET', '/api/auth/me', undefined, auth(other))).status).toBe(401);
    expect((await request(engine.app, 'GET', '/api/auth/me', undefined, auth(mine))).status).toBe(200);
    const audit = await engine.db.selectFrom('audit_events').select(['action', 'actor']).where('entity_type', '=', 'staff').where('action', '=', 'staff.password-changed').execute();
    expect(audit).toHaveLength(1);
  });
});
