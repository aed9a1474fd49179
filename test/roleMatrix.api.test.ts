// Every role against every operation of the control API, read from the API's own OpenAPI document: an operation answers
// 403 exactly when the caller's role lacks the permission it declares (x-access), 401 to anyone signed out, and no route
// exists outside the document (so none escapes the check).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleHolds, type Permission } from '../api/auth/permissions';
import type { StaffRole } from '../db/schema';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { request, signedIn, type SignedIn } from './helpers/staff';

interface Operation {
  method: string;
  path: string;
  access: 'public' | 'signed-in' | Permission;
}

let engine: TestEngine;
let operations: Operation[];
const staff = new Map<StaffRole, SignedIn>();

beforeAll(async () => {
  engine = await startTestEngine({ ownDatabase: true, inProcessWorkers: false });
  const doc = (await request(engine.app, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { 'x-access'?: Operation['access'] }>> };
  operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-access']! })));
  for (const role of ROLES) staff.set(role, await signedIn(engine.app, engine.db, role));
});
afterAll(async () => {
  await engine?.stop();
});

/** A concrete URL for a documented path: every parameter a fresh UUID (so nothing real is touched). */
function urlOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, () => randomUUID());
}

describe('the role matrix', () => {
  it('documents an access rule for every route the app serves', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`));
    const served = engine.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/') && r.path !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.path}`);
    const undocumented = [...new Set(served)].filter((r) => !documented.has(r));
    expect(undocumented).toEqual([]);
    for (const op of operations) expect(op.access, `${op.method} ${op.path}`).toBeDefined();
    expect(operations.length).toBeGreaterThan(15);
  });

  it('answers 401 to anyone signed out, on every operation that is not public', async () => {
    for (const op of operations.filter((o) => o.access !== 'public')) {
      const res = await request(engine.app, op.method, urlOf(op.path), ['GET', 'DELETE'].includes(op.method) ? undefined : {});
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 exactly when the role lacks the permission, for every role and operation', async () => {
    const matrix: string[] = [];
    for (const op of operations.filter((o) => o.access !== 'public')) {
      for (const role of ROLES) {
        // Signing out would end the shared session: a session of its own for that one.
        const caller = op.path === '/api/auth/logout' ? await signedIn(engine.app, engine.db, role) : staff.get(role)!;
        const res = await caller.call(op.method, urlOf(op.path), ['GET', 'DELETE'].includes(op.method) ? undefined : {});
        const allowed = op.access === 'signed-in' || (op.access !== 'public' && roleHolds(role, op.access));
        matrix.push(`${op.method} ${op.path} ${role}: ${res.status}`);
        if (allowed) {
          expect([401, 403], `${op.method} ${op.path} as ${role}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
          // A 503 (a connection this engine has not configured) is an answer; a 500 is a bug.
          expect(res.status, `${op.method} ${op.path} as ${role}: ${JSON.stringify(res.body)}`).not.toBe(500);
        } else {
          expect(res.status, `${op.method} ${op.path} as ${role}`).toBe(403);
          expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
        }
      }
    }
    expect(matrix.length).toBe(operations.filter((o) => o.access !== 'public').length * ROLES.length);
  });

  it('holds the permissions the practice expects of each role', () => {
    expect(ROLES.filter((r) => roleHolds(r, 'steps:review'))).toEqual(['admin', 'manager', 'reviewer']);
    expect(ROLES.filter((r) => roleHolds(r, 'steps:prepare'))).toEqual(['admin', 'manager', 'preparer']);
    expect(ROLES.filter((r) => roleHolds(r, 'staff:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => roleHolds(r, 'read'))).toEqual([...ROLES]);
  });
});
