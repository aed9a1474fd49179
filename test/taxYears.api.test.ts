// A client's tax year through the whole stack: API -> Temporal -> workflow -> activities -> PostgreSQL, and back. Signed
// in as a manager (who controls years); one year at a time, or many in bulk.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utrCheckDigit } from '../domain/identifiers';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn, type SignedIn } from './helpers/staff';

let engine: TestEngine;
let manager: SignedIn;
beforeAll(async () => {
  // A database of its own: these tests remove the practice's ARN and count the practice's years.
  engine = await startTestEngine({ ownDatabase: true });
  manager = await signedIn(engine.app, engine.db, 'manager');
});
afterAll(async () => {
  await engine?.stop();
});

let ninoSeq = 100000 + Math.floor(Math.random() * 800000);
function uniqueNino(): string {
  ninoSeq += 1;
  return `AB${ninoSeq}C`;
}

async function call(method: string, path: string, body?: unknown) {
  const res = await manager.call(method, path, body);
  return { status: res.status, body: res.body };
}

async function createClient(name = 'Test Client'): Promise<string> {
  const res = await call('POST', '/api/clients', { name, nino: uniqueNino(), utr: utrCheckDigit('123456789') + '123456789' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('POST /api/tax-years then GET /api/tax-years/:id', () => {
  it('starts the workflow, which parks its first step for staff when the practice has no Agent Reference Number', async () => {
    const clientId = await createClient();
    await engine.db.deleteFrom('practice').execute();
    const started = await call('POST', '/api/tax-years', { clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: 20 } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ clientId, taxYear: '2026-27', workflow: { id: `tax-year/${clientId}/2026-27`, status: 'RUNNING' } });
    expect(started.body.workflow.url).toBe(`http://temporal-ui.test/namespaces/default/workflows/${encodeURIComponent(`tax-year/${clientId}/2026-27`)}`);

    const parked = await eventually(
      () => engine.db.selectFrom('steps').selectAll().where('tax_year_id', '=', started.body.id).execute(),
      (rows) => rows.some((r) => r.status === 'needs-attention'),
    );
    expect(parked.map((r) => [r.step_key, r.status, r.milestone])).toEqual([['authorisation', 'needs-attention', 'setup']]);
    expect(parked[0]!.last_error).toMatchObject({ code: 'PracticeIncomplete', message: "The practice's Agent Reference Number is not set", retriesBySelf: false });
    const row = await engine.db.selectFrom('tax_years').selectAll().where('id', '=', started.body.id).executeTakeFirstOrThrow();
    expect(row.stage).toBe('authorisation');
    await call('POST', `/api/tax-years/${started.body.id}/cancel`);
  });

  it('refuses to start the same client year twice with 409, naming the field', async () => {
    const clientId = await createClient();
    const first = await call('POST', '/api/tax-years', { clientId, taxYear: '2027-28' });
    expect(first.status).toBe(201);
    const second = await call('POST', '/api/tax-years', { clientId, taxYear: '2027-28' });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'TAX_YEAR_ALREADY_STARTED', fields: [{ field: 'taxYear' }] });
    const rows = await engine.db.selectFrom('tax_years').select('id').where('client_id', '=', clientId).execute();
    expect(rows).toHaveLength(1);
    await call('POST', `/api/tax-years/${first.body.id}/cancel`);
  });

  it('starts a year whose row exists but whose workflow never started (a retried request after a crash)', async () => {
    const clientId = await createClient();
    await engine.db
      .insertInto('tax_years')
      .values({ client_id: clientId, tax_year: '2026-27', workflow_id: `tax-year/${clientId}/2026-27`, stage: 'starting', updated_at: new Date() })
      .execute();
    const res = await call('POST', '/api/tax-years', { clientId, taxYear: '2026-27' });
    expect(res.status).toBe(201);
    expect(res.body.workflow.status).toBe('RUNNING');
    await call('POST', `/api/tax-years/${res.body.id}/cancel`);
  });

  it('cancels a running year: the workflow ends cancelled and unopened steps are recorded as cancelled', async () => {
    const clientId = await createClient();
    // Real schedule for a future year: nothing but authorisation opens for months.
    const started = await call('POST', '/api/tax-years', { clientId, taxYear: '2030-31', schedule: { mode: 'real' } });
    expect(started.status).toBe(201);
    await eventually(() => call('GET', `/api/tax-years/${started.body.id}`), (res) => res.body.stage === 'authorisation');

    const cancelled = await call('POST', `/api/tax-years/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(202);
    const after = await eventually(() => call('GET', `/api/tax-years/${started.body.id}`), (res) => res.body.workflow.status === 'CANCELLED');
    expect(after.body.stage).toBe('cancelled');
    expect(after.body.nextDeadline).toBeNull();
    expect(after.body.steps.filter((s: any) => s.stepKey !== 'authorisation').every((s: any) => s.status === 'cancelled')).toBe(true);

    const again = await call('POST', `/api/tax-years/${started.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TAX_YEAR_NOT_RUNNING');

    // A cancelled year may be started again.
    const restarted = await call('POST', '/api/tax-years', { clientId, taxYear: '2030-31' });
    expect(restarted.status).toBe(201);
    expect(restarted.body.id).toBe(started.body.id);
    await call('POST', `/api/tax-years/${restarted.body.id}/cancel`);
  });
});

/** A page of the list, with its Content-Range. */
async function listYears(filter: Record<string, unknown>, sort?: [string, string]) {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), ...(sort ? { sort: JSON.stringify(sort) } : {}) });
  return manager.call('GET', `/api/tax-years?${query.toString()}`);
}

async function auditOf(entityId: string, action: string) {
  return engine.db.selectFrom('audit_events').select(['actor', 'before', 'after']).where('entity_type', '=', 'tax_year').where('entity_id', '=', entityId).where('action', '=', action).execute();
}

describe('who may control years', () => {
  it('answers 401 to anyone signed out and 403 to a preparer or reviewer starting or cancelling', async () => {
    expect((await engine.app.request('/api/tax-years')).status).toBe(401);
    const clientId = await createClient();
    for (const role of ['preparer', 'reviewer'] as const) {
      const caller = await signedIn(engine.app, engine.db, role);
      expect((await caller.call('POST', '/api/tax-years', { clientId, taxYear: '2026-27' })).body.code).toBe('FORBIDDEN');
      expect((await caller.call('POST', '/api/tax-years/bulk-start', { taxYear: '2026-27', all: true })).status).toBe(403);
      expect((await caller.call('POST', '/api/tax-years/bulk-cancel', { ids: [randomUUID()] })).status).toBe(403);
      expect((await caller.call('GET', '/api/tax-years')).status).toBe(200);
    }
    expect(await engine.db.selectFrom('tax_years').select('id').where('client_id', '=', clientId).execute()).toEqual([]);
  });
});

describe('the list (ra-data-simple-rest)', () => {
  it("filters by client name, stage, client and ids, sorts, and counts each year's steps", async () => {
    const alpha = await createClient('Alpha Lister');
    const beta = await createClient('Beta Lister');
    await createClient('Gamma Other');
    // Real schedule, a future year: only authorisation opens, and with no ARN it needs staff.
    const started = await call('POST', '/api/tax-years/bulk-start', { taxYear: '2030-31', clientIds: [alpha, beta] });
    expect(started.body.totals).toEqual({ started: 2, alreadyRunning: 0, failed: 0 });
    const [alphaYear, betaYear] = started.body.results.map((r: { taxYearId: string }) => r.taxYearId) as [string, string];

    const listed = await eventually(
      () => listYears({ q: 'LISTER' }, ['clientName', 'DESC']),
      (res) => res.body.length === 2 && res.body.every((y: any) => y.stepCounts.needsAttention === 1),
    );
    expect(listed.headers.get('content-range')).toBe('tax-years 0-1/2');
    expect(listed.body.map((y: any) => [y.clientName, y.taxYear, y.stage])).toEqual([
      ['Beta Lister', '2030-31', 'authorisation'],
      ['Alpha Lister', '2030-31', 'authorisation'],
    ]);
    expect(listed.body[1]).toMatchObject({ id: alphaYear, clientId: alpha, workflowId: `tax-year/${alpha}/2030-31`, stepCounts: { total: 1, open: 1, needsAttention: 1, done: 0 } });

    expect((await listYears({ q: 'lister', stage: ['authorisation', 'in-year'] })).body).toHaveLength(2);
    const none = await listYears({ q: 'lister', stage: 'complete' });
    expect(none.body).toEqual([]);
    expect(none.headers.get('content-range')).toBe('tax-years */0');
    expect((await listYears({ clientId: beta })).body.map((y: any) => y.id)).toEqual([betaYear]);
    expect((await listYears({ id: [] })).body).toEqual([]);
    expect((await listYears({ id: [alphaYear, betaYear], taxYear: '2030-31' }, ['nextDeadline', 'ASC'])).body).toHaveLength(2);
    // The whole year: its payments, steps and workflow, with the row's fields.
    expect((await call('GET', `/api/tax-years/${alphaYear}`)).body).toMatchObject({ id: alphaYear, clientName: 'Alpha Lister', payments: [], workflow: { status: 'RUNNING' } });

    const bad = await listYears({ stage: 'lost', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['filter', 'filter.stage']);
    expect((await manager.call('GET', '/api/tax-years?sort=["stage","UP"]')).body.fields[0].field).toMatch(/^sort/);

    const cancelled = await call('POST', '/api/tax-years/bulk-cancel', { ids: [alphaYear, betaYear] });
    expect(cancelled.body.totals).toEqual({ cancelled: 2, notRunning: 0, notFound: 0, failed: 0 });
  });
});

describe('bulk start and cancel', () => {
  it('starts many clients at once: unknown clients fail, a repeat is already running; then cancels them, each audited', async () => {
    const first = await createClient('Bulk One');
    const second = await createClient('Bulk Two');
    const unknown = randomUUID();
    const started = await call('POST', '/api/tax-years/bulk-start', { taxYear: '2031-32', clientIds: [first, second, unknown, first] });
    expect(started.status).toBe(200);
    expect(started.body.totals).toEqual({ started: 2, alreadyRunning: 0, failed: 1 });
    expect(started.body.results).toEqual([
      { clientId: first, taxYearId: expect.any(String), outcome: 'started' },
      { clientId: second, taxYearId: expect.any(String), outcome: 'started' },
      { clientId: unknown, outcome: 'failed', message: `No client with id ${unknown}` },
    ]);
    const [firstYear, secondYear] = started.body.results.map((r: { taxYearId: string }) => r.taxYearId) as [string, string];
    expect((await call('GET', `/api/tax-years/${firstYear}`)).body.workflow.status).toBe('RUNNING');
    expect(await auditOf(firstYear, 'tax-year.started')).toEqual([
      { actor: manager.staffId, before: { stage: 'starting' }, after: expect.objectContaining({ clientId: first, taxYear: '2031-32', workflowId: `tax-year/${first}/2031-32`, schedule: 'real' }) },
    ]);

    const again = await call('POST', '/api/tax-years/bulk-start', { taxYear: '2031-32', clientIds: [first] });
    expect(again.body).toEqual({
      taxYear: '2031-32',
      results: [{ clientId: first, taxYearId: firstYear, outcome: 'already-running', message: expect.stringMatching(/already running/) }],
      totals: { started: 0, alreadyRunning: 1, failed: 0 },
    });

    const missing = randomUUID();
    const cancelled = await call('POST', '/api/tax-years/bulk-cancel', { ids: [firstYear, secondYear, missing] });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      results: [
        { id: firstYear, outcome: 'cancelled' },
        { id: secondYear, outcome: 'cancelled' },
        { id: missing, outcome: 'not-found', message: `No tax year with id ${missing}` },
      ],
      totals: { cancelled: 2, notRunning: 0, notFound: 1, failed: 0 },
    });
    expect(await auditOf(secondYear, 'tax-year.cancel-requested')).toEqual([
      { actor: manager.staffId, before: { stage: expect.any(String), workflowStatus: 'RUNNING' }, after: { workflowStatus: 'CANCEL_REQUESTED' } },
    ]);
    await eventually(() => call('GET', `/api/tax-years/${firstYear}`), (res) => res.body.workflow.status === 'CANCELLED' && res.body.stage === 'cancelled');
    const over = await call('POST', '/api/tax-years/bulk-cancel', { ids: [firstYear] });
    expect(over.body.results).toEqual([{ id: firstYear, outcome: 'not-running', message: expect.stringMatching(/CANCELLED/) }]);

    // A cancelled year starts again in bulk, as one does.
    const restarted = await call('POST', '/api/tax-years/bulk-start', { taxYear: '2031-32', clientIds: [first] });
    expect(restarted.body.results).toEqual([{ clientId: first, taxYearId: firstYear, outcome: 'started' }]);
    await call('POST', `/api/tax-years/${firstYear}/cancel`);
  });

  it('starts every client with all: true', async () => {
    await createClient('Everyone');
    const clients = await engine.db.selectFrom('clients').select('id').execute();
    const started = await call('POST', '/api/tax-years/bulk-start', { taxYear: '2032-33', all: true });
    expect(started.body.results.map((r: { clientId: string }) => r.clientId).sort()).toEqual(clients.map((c) => c.id).sort());
    expect(started.body.totals).toEqual({ started: clients.length, alreadyRunning: 0, failed: 0 });
    const cancelled = await call('POST', '/api/tax-years/bulk-cancel', { ids: started.body.results.map((r: { taxYearId: string }) => r.taxYearId) });
    expect(cancelled.body.totals.cancelled).toBe(clients.length);
  });

  it.each([
    ['both clientIds and all', { taxYear: '2031-32', clientIds: [randomUUID()], all: true }, ['clientIds']],
    ['neither clientIds nor all', { taxYear: '2031-32' }, ['clientIds']],
    ['all: false', { taxYear: '2031-32', all: false }, ['all']],
    ['an id that is not a UUID', { taxYear: '2031-32', clientIds: ['nope'] }, ['clientIds.0']],
    ['too many ids', { taxYear: '2031-32', clientIds: Array.from({ length: 10_001 }, () => randomUUID()) }, ['clientIds']],
    ['a bad tax year', { taxYear: '2031', all: true }, ['taxYear']],
  ])('bulk-start with %s is a 400 naming the field', async (_label, body, fields) => {
    const res = await call('POST', '/api/tax-years/bulk-start', body);
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(fields);
  });

  it('bulk-cancel with no ids or bad ids is a 400 naming the field', async () => {
    expect((await call('POST', '/api/tax-years/bulk-cancel', { ids: [] })).body.fields).toEqual([{ field: 'ids', rule: 'expected at least one tax year id' }]);
    expect((await call('POST', '/api/tax-years/bulk-cancel', { ids: ['x'] })).body.fields).toEqual([{ field: 'ids.0', rule: 'expected a UUID' }]);
  });
});

describe('bad input gets a 400 that names the field and the rule, never a 500', () => {
  it.each([
    ['malformed JSON', '{"clientId":', 'MALFORMED_REQUEST', undefined],
    ['an empty body', '{}', 'INVALID_REQUEST', ['clientId', 'taxYear']],
    ['a tax year in the wrong shape', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026/27' }, 'INVALID_REQUEST', ['taxYear']],
    ['a tax year whose halves disagree', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026-28' }, 'INVALID_REQUEST', ['taxYear']],
    ['a client id that is not a UUID', { clientId: 42, taxYear: '2026-27' }, 'INVALID_REQUEST', ['clientId']],
    ['an unknown schedule mode', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026-27', schedule: { mode: 'fast' } }, 'INVALID_REQUEST', ['schedule.mode']],
    ['a schedule too fast', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: 1 } }, 'INVALID_REQUEST', ['schedule.msPerDay']],
    ['an unexpected field', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026-27', priority: 'high' }, 'INVALID_REQUEST', ['(body)']],
  ])('POST /api/tax-years with %s', async (_label, body, code, fields) => {
    const res = await call('POST', '/api/tax-years', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toEqual(expect.any(String));
    if (fields) {
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([...fields].sort());
      for (const f of res.body.fields) expect(f.rule).toMatch(/\w/);
    }
  });

  it('a client that does not exist is 404 naming clientId', async () => {
    const res = await call('POST', '/api/tax-years', { clientId: '8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10', taxYear: '2026-27' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'CLIENT_NOT_FOUND', fields: [{ field: 'clientId' }] });
  });

  it('GET with an id that is not a UUID is 400 naming id; an unknown id is 404', async () => {
    const bad = await call('GET', '/api/tax-years/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ field: 'id', rule: 'expected a UUID' }]);
    const missing = await call('GET', '/api/tax-years/8b0f8a3e-2f55-4a43-9a3a-5d2f9e2f7f10');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('TAX_YEAR_NOT_FOUND');
  });

  it('compressed schedules are refused where they are not allowed (production)', async () => {
    const production = await startTestEngine({ allowCompressedSchedules: false, inProcessWorkers: false });
    try {
      const productionManager = await signedIn(production.app, production.db, 'manager');
      const clientId = await createClient();
      const res = await productionManager.call('POST', '/api/tax-years', { clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: 100 } });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'schedule.mode', rule: "must be 'real' in production" }]);
      const bulk = await productionManager.call('POST', '/api/tax-years/bulk-start', { taxYear: '2026-27', all: true, schedule: { mode: 'compressed', msPerDay: 100 } });
      expect(bulk.body.fields).toEqual([{ field: 'schedule.mode', rule: "must be 'real' in production" }]);
    } finally {
      await production.stop();
    }
  });
});

describe('the rest of the API', () => {
  it('serves health and an OpenAPI document that lists the routes', async () => {
    const health = await call('GET', '/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', database: true, temporal: true } });
    const doc = await call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/tax-years',
        '/api/tax-years/bulk-start',
        '/api/tax-years/bulk-cancel',
        '/api/tax-years/{id}',
        '/api/tax-years/{id}/cancel',
        '/api/tax-years/{id}/payments/{paymentKey}/paid',
        '/api/steps',
        '/api/steps/bulk-approve',
        '/api/steps/{id}',
        '/api/steps/{id}/figures',
        '/api/steps/{id}/approve',
        '/api/steps/{id}/reject',
        '/api/businesses',
        '/api/businesses/{id}',
      ]),
    );
    expect(doc.body.components.schemas).toHaveProperty('StartTaxYear');
    expect(doc.body.paths['/api/tax-years/bulk-start'].post['x-access']).toBe('years:control');
    expect(doc.body.paths['/api/steps/{id}/approve'].post['x-access']).toBe('steps:review');
  });

  it('answers an unknown route with 404 in the one error shape', async () => {
    const res = await call('GET', '/api/nothing-here');
    expect(res).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'No route GET /api/nothing-here' } });
  });
});
