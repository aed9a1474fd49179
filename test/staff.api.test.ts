// Staff through the API against a real PostgreSQL: admins add, change, reset and deactivate; a role change, deactivation
// or reset ends that person's sessions; the practice keeps an active admin; no password hash ever leaves the database.
// Also `npm run staff:add`, the way a practice's first admin is made.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { TEST_PASSWORD, request, signedIn, type ApiResponse, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let admin: SignedIn;
/** Every response body this file sees, checked at the end for anything like a password hash. */
const seen: unknown[] = [];

beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  admin = await signedIn(engine.app, engine.db, 'admin', 'Ada Admin');
});
afterAll(async () => {
  await engine?.stop();
});

async function as(who: SignedIn, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const res = await who.call(method, path, body);
  seen.push(res.body);
  return res;
}

const login = (email: string, password = TEST_PASSWORD) => request(engine.app, 'POST', '/api/auth/login', { email, password, mode: 'bearer' });
const fieldsOf = (res: ApiResponse) => (res.body.fields as { field: string }[]).map((f) => f.field).sort();

async function auditOf(entityId: string) {
  return engine.db.selectFrom('audit_events').select(['actor', 'action', 'before', 'after']).where('entity_type', '=', 'staff').where('entity_id', '=', entityId).orderBy('id').execute();
}

describe('adding staff', () => {
  it('adds a member of staff (201, no hash), refuses a second with the same email (409 naming email), and names each bad field', async () => {
    const created = await as(admin, 'POST', '/api/staff', { email: ' Priya@Practice.TEST ', name: '  Priya Shah ', role: 'preparer', password: 'a long enough passphrase' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['active', 'createdAt', 'email', 'id', 'name', 'role', 'updatedAt']);
    expect(created.body).toMatchObject({ email: 'priya@practice.test', name: 'Priya Shah', role: 'preparer', active: true });
    expect((await login('priya@practice.test', 'a long enough passphrase')).status).toBe(200);

    const audit = await auditOf(created.body.id);
    expect(audit[0]).toMatchObject({ actor: admin.staffId, action: 'staff.created', before: null, after: { email: 'priya@practice.test', role: 'preparer' } });

    const again = await as(admin, 'POST', '/api/staff', { email: 'PRIYA@practice.test', name: 'Someone Else', role: 'reviewer', password: 'another passphrase' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STAFF_EXISTS', fields: [{ field: 'email', rule: 'must be unique among staff, active or not' }] });

    const bad = await as(admin, 'POST', '/api/staff', { email: 'not-an-email', name: ' ', role: 'owner', password: 'short', extra: true });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['(body)', 'email', 'name', 'password', 'role']);
    expect(bad.body.fields).toContainEqual({ field: 'role', rule: 'expected one of admin, manager, preparer, reviewer' });
    expect(bad.body.fields).toContainEqual({ field: 'password', rule: 'expected 12 to 200 characters' });
  });
});

describe('listing and reading staff', () => {
  it('filters by role, active, q and id, sorts, pages with Content-Range, and reads one (404 for none)', async () => {
    const add = (email: string, name: string, role: string) => as(admin, 'POST', '/api/staff', { email, name, role, password: TEST_PASSWORD });
    const zed = (await add('zed@list.test', 'Zed Zimmer', 'reviewer')).body;
    const amy = (await add('amy@list.test', 'Amy 100%_Ames', 'reviewer')).body;
    const bob = (await add('bob@list.test', 'Bob Brown', 'manager')).body;
    expect((await as(admin, 'DELETE', `/api/staff/${bob.id}`)).status).toBe(200);

    const reviewers = await as(admin, 'GET', `/api/staff?filter=${encodeURIComponent('{"role":"reviewer","q":"LIST.TEST"}')}&sort=${encodeURIComponent('["name","ASC"]')}`);
    expect(reviewers.status).toBe(200);
    expect(reviewers.body.map((s: { name: string }) => s.name)).toEqual(['Amy 100%_Ames', 'Zed Zimmer']);
    expect(reviewers.headers.get('content-range')).toBe('staff 0-1/2');

    // q takes % and _ literally.
    const literal = await as(admin, 'GET', `/api/staff?filter=${encodeURIComponent('{"q":"0%_a"}')}`);
    expect(literal.body.map((s: { id: string }) => s.id)).toEqual([amy.id]);

    const inactive = await as(admin, 'GET', `/api/staff?filter=${encodeURIComponent('{"active":false}')}`);
    expect(inactive.body.map((s: { id: string }) => s.id)).toEqual([bob.id]);

    const many = await as(admin, 'GET', `/api/staff?filter=${encodeURIComponent(JSON.stringify({ id: [zed.id, bob.id] }))}&sort=${encodeURIComponent('["email","DESC"]')}`);
    expect(many.body.map((s: { email: string }) => s.email)).toEqual(['zed@list.test', 'bob@list.test']);

    const total = Number((await engine.db.selectFrom('staff').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const page = await as(admin, 'GET', `/api/staff?sort=${encodeURIComponent('["createdAt","ASC"]')}&range=${encodeURIComponent('[1,2]')}`);
    expect(page.body).toHaveLength(2);
    expect(page.headers.get('content-range')).toBe(`staff 1-2/${total}`);
    expect(page.body[0].createdAt <= page.body[1].createdAt).toBe(true);

    const badList = await as(admin, 'GET', `/api/staff?sort=${encodeURIComponent('["password_hash","ASC"]')}&filter=${encodeURIComponent('{"role":"boss","password_hash":"x"}')}`);
    expect(badList.status).toBe(400);
    expect(fieldsOf(badList)).toEqual(['filter', 'filter.role', 'sort.0']);

    const one = await as(admin, 'GET', `/api/staff/${zed.id}`);
    expect(one.body).toEqual(zed);
    const none = await as(admin, 'GET', '/api/staff/3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 'STAFF_NOT_FOUND', fields: [{ field: 'id' }] });
    expect((await as(admin, 'GET', '/api/staff/not-a-uuid')).status).toBe(400);
  });
});

describe('changing staff', () => {
  it('renames with the whole record sent back, refuses another id or a new email, and records before and after', async () => {
    const member = await signedIn(engine.app, engine.db, 'preparer', 'Pat Old');
    const record = (await as(admin, 'GET', `/api/staff/${member.staffId}`)).body;
    const renamed = await as(admin, 'PUT', `/api/staff/${member.staffId}`, { ...record, name: 'Pat New' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ id: member.staffId, name: 'Pat New', role: 'preparer', active: true });
    expect(renamed.body.updatedAt > record.updatedAt).toBe(true);
    // A rename leaves the sessions alone.
    expect((await member.call('GET', '/api/auth/me')).status).toBe(200);

    const otherId = await as(admin, 'PUT', `/api/staff/${member.staffId}`, { ...record, id: admin.staffId });
    expect(otherId.status).toBe(400);
    expect(otherId.body.fields).toEqual([{ field: 'id', rule: 'must be the id in the path' }]);
    const newEmail = await as(admin, 'PUT', `/api/staff/${member.staffId}`, { ...record, email: 'changed@practice.test' });
    expect(newEmail.status).toBe(400);
    expect(fieldsOf(newEmail)).toEqual(['email']);
    const badFields = await as(admin, 'PUT', `/api/staff/${member.staffId}`, { role: 'owner', active: 'yes', passwordHash: 'x' });
    expect(badFields.status).toBe(400);
    expect(fieldsOf(badFields)).toEqual(['(body)', 'active', 'role']);
    expect((await as(admin, 'PUT', '/api/staff/3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c', { name: 'Nobody' })).status).toBe(404);

    const audit = await auditOf(member.staffId);
    expect(audit.map((a) => a.action)).toEqual(['staff.created', 'staff.signed-in', 'staff.updated']);
    expect(audit[2]).toMatchObject({ actor: admin.staffId, before: { name: 'Pat Old' }, after: { name: 'Pat New' } });
  });

  it('ends every session of someone whose role changes: their old token answers 401, and they sign in with the new role', async () => {
    const manager = await signedIn(engine.app, engine.db, 'manager', 'Mo Manager');
    expect((await manager.call('GET', '/api/staff')).status).toBe(200);
    const changed = await as(admin, 'PUT', `/api/staff/${manager.staffId}`, { role: 'reviewer' });
    expect(changed.body.role).toBe('reviewer');
    const old = await manager.call('GET', '/api/auth/me');
    expect(old.status).toBe(401);
    const again = await login(manager.email);
    expect(again.body.staff.role).toBe('reviewer');
    const audit = await auditOf(manager.staffId);
    expect(audit.at(-1)).toMatchObject({ action: 'staff.signed-in' });
    expect(audit.at(-2)).toMatchObject({ action: 'staff.role-changed', actor: admin.staffId, before: { role: 'manager' }, after: { role: 'reviewer' } });
  });

  it('deactivates with DELETE (200 with the row, sessions ended, sign-in refused, repeat is a no-op) and brings back with PUT', async () => {
    const reviewer = await signedIn(engine.app, engine.db, 'reviewer', 'Rae Reviewer');
    const gone = await as(admin, 'DELETE', `/api/staff/${reviewer.staffId}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ id: reviewer.staffId, active: false });
    expect((await reviewer.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await login(reviewer.email)).status).toBe(401);
    expect((await as(admin, 'DELETE', `/api/staff/${reviewer.staffId}`)).body.active).toBe(false);
    // Kept: audit events name them.
    expect((await as(admin, 'GET', `/api/staff/${reviewer.staffId}`)).status).toBe(200);

    const back = await as(admin, 'PUT', `/api/staff/${reviewer.staffId}`, { active: true });
    expect(back.body.active).toBe(true);
    expect((await login(reviewer.email)).status).toBe(200);
    const actions = (await auditOf(reviewer.staffId)).map((a) => a.action);
    expect(actions.filter((a) => a === 'staff.deactivated')).toHaveLength(1);
    expect(actions).toContain('staff.reactivated');
  });

  it('resets a password: every session of theirs ends, the old password no longer works, the new one does', async () => {
    const preparer = await signedIn(engine.app, engine.db, 'preparer', 'Pip Preparer');
    const short = await as(admin, 'POST', `/api/staff/${preparer.staffId}/password`, { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.fields).toEqual([{ field: 'password', rule: 'expected 12 to 200 characters' }]);
    const reset = await as(admin, 'POST', `/api/staff/${preparer.staffId}/password`, { password: 'a fresh passphrase for pip' });
    expect(reset.status).toBe(204);
    expect((await preparer.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await login(preparer.email)).status).toBe(401);
    expect((await login(preparer.email, 'a fresh passphrase for pip')).status).toBe(200);
    expect((await as(admin, 'POST', '/api/staff/3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c/password', { password: 'a fresh passphrase' })).status).toBe(404);
    const audit = await auditOf(preparer.staffId);
    expect(audit.find((a) => a.action === 'staff.password-reset')).toMatchObject({ actor: admin.staffId, after: { sessionsEnded: true } });
    // The admin's own session carries on.
    expect((await admin.call('GET', '/api/auth/me')).status).toBe(200);
  });

  it('lets only admins change staff: a manager reads the list but gets 403 on every change', async () => {
    const manager = await signedIn(engine.app, engine.db, 'manager');
    expect((await as(manager, 'GET', '/api/staff')).status).toBe(200);
    const attempts = [
      await as(manager, 'POST', '/api/staff', { email: 'sneaky@practice.test', name: 'Sneaky', role: 'admin', password: TEST_PASSWORD }),
      await as(manager, 'PUT', `/api/staff/${manager.staffId}`, { role: 'admin' }),
      await as(manager, 'DELETE', `/api/staff/${admin.staffId}`),
      await as(manager, 'POST', `/api/staff/${admin.staffId}/password`, { password: 'taken over by manager' }),
    ];
    expect(attempts.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([403, 'FORBIDDEN']));
    expect(attempts[0]!.body.message).toContain("'staff:manage'");
    expect(await engine.db.selectFrom('staff').select('id').where('email', '=', 'sneaky@practice.test').executeTakeFirst()).toBeUndefined();
    expect((await manager.call('GET', '/api/auth/me')).body.staff.role).toBe('manager');
  });
});

describe('the last admin', () => {
  it('may not demote or deactivate themself (409 LAST_ADMIN naming the field) until another admin is active', async () => {
    // Only this file's admin is active from here on.
    await engine.db.updateTable('staff').set({ active: false }).where('role', '=', 'admin').where('id', '!=', admin.staffId).execute();
    const demote = await as(admin, 'PUT', `/api/staff/${admin.staffId}`, { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body).toMatchObject({ code: 'LAST_ADMIN', fields: [{ field: 'role', rule: 'the practice must keep at least one active admin' }] });
    const deactivate = await as(admin, 'PUT', `/api/staff/${admin.staffId}`, { active: false });
    expect(deactivate.body).toMatchObject({ code: 'LAST_ADMIN', fields: [{ field: 'active' }] });
    const remove = await as(admin, 'DELETE', `/api/staff/${admin.staffId}`);
    expect(remove.status).toBe(409);
    expect(remove.body.fields).toEqual([{ field: 'active', rule: 'the practice must keep at least one active admin' }]);
    expect((await as(admin, 'GET', `/api/staff/${admin.staffId}`)).body).toMatchObject({ role: 'admin', active: true });

    // An inactive admin does not count; an active one does.
    const second = (await as(admin, 'POST', '/api/staff', { email: 'second.admin@practice.test', name: 'Second Admin', role: 'admin', password: TEST_PASSWORD })).body;
    expect((await as(admin, 'DELETE', `/api/staff/${second.id}`)).status).toBe(200);
    expect((await as(admin, 'PUT', `/api/staff/${admin.staffId}`, { role: 'manager' })).status).toBe(409);
    expect((await as(admin, 'PUT', `/api/staff/${second.id}`, { active: true })).status).toBe(200);

    const stepDown = await as(admin, 'PUT', `/api/staff/${admin.staffId}`, { role: 'manager' });
    expect(stepDown.status).toBe(200);
    expect(stepDown.body.role).toBe('manager');
    // Their own role changed: their session ended too.
    expect((await admin.call('GET', '/api/auth/me')).status).toBe(401);

    const secondSession = await signInAs('second.admin@practice.test');
    const last = await secondSession.call('DELETE', `/api/staff/${second.id}`);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('LAST_ADMIN');
    seen.push(last.body);
  });
});

async function signInAs(email: string) {
  const res = await login(email);
  expect(res.status).toBe(200);
  const token = res.body.token as string;
  return { call: (method: string, path: string, body?: unknown) => request(engine.app, method, path, body, { authorization: `Bearer ${token}` }) };
}

describe('npm run staff:add', () => {
  const run = promisify(execFile);
  const script = (args: string[], env: Record<string, string | undefined>) =>
    run('node_modules/.bin/tsx', ['scripts/add-staff.ts', ...args], { cwd: new URL('..', import.meta.url).pathname, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

  it('adds the first admin of a practice from STAFF_PASSWORD, printing the id, who can then sign in', async () => {
    const result = await script(['--email', 'First.Admin@Practice.test', '--name', 'First Admin', '--role', 'admin'], { DATABASE_URL: engine.databaseUrl, STAFF_PASSWORD: 'the first admin passphrase' });
    expect(result.code, result.stderr).toBe(0);
    const id = result.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.stderr).toContain('Added First Admin <first.admin@practice.test> as admin');
    const signed = await login('first.admin@practice.test', 'the first admin passphrase');
    expect(signed.body.staff).toMatchObject({ id, role: 'admin' });
    expect((await auditOf(id))[0]).toMatchObject({ actor: 'cli', action: 'staff.created' });

    const twice = await script(['--email', 'first.admin@practice.test', '--name', 'First Admin', '--role', 'admin'], { DATABASE_URL: engine.databaseUrl, STAFF_PASSWORD: 'the first admin passphrase' });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already exists');
  });

  it('explains what is wrong: a bad role, email or password, or no DATABASE_URL', async () => {
    const bad = await script(['--email', 'nope', '--name', 'X', '--role', 'owner'], { DATABASE_URL: engine.databaseUrl, STAFF_PASSWORD: 'short' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--email: expected an email address');
    expect(bad.stderr).toContain('--role: expected one of admin, manager, preparer, reviewer');
    const short = await script(['--email', 'ok@practice.test', '--name', 'Ok', '--role', 'reviewer'], { DATABASE_URL: engine.databaseUrl, STAFF_PASSWORD: 'short' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('STAFF_PASSWORD: expected 12 to 200 characters');
    const noDb = await script(['--email', 'ok@practice.test', '--name', 'Ok', '--role', 'reviewer'], { STAFF_PASSWORD: 'long enough passphrase' });
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain('DATABASE_URL: required');
    expect(await engine.db.selectFrom('staff').select('id').where('email', '=', 'ok@practice.test').executeTakeFirst()).toBeUndefined();
  });
});

describe('password hashes', () => {
  it('never appear in a response or in the audit trail', async () => {
    expect(seen.length).toBeGreaterThan(30);
    // Error bodies may quote a field a test sent (passwordHash); no answer may carry a hash or a key naming one.
    expect(JSON.stringify(seen)).not.toMatch(/scrypt\$/);
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          collect(inner);
        }
      }
    };
    collect(seen);
    expect([...keys].filter((key) => /password|hash/i.test(key))).toEqual([]);
    const audit = await engine.db.selectFrom('audit_events').select(['before', 'after']).where('entity_type', '=', 'staff').execute();
    expect(JSON.stringify(audit)).not.toMatch(/password_hash|passwordHash|scrypt\$/);
  });
});
