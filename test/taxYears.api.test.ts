// A client's tax year through the whole stack: API -> Temporal -> workflow -> activities -> PostgreSQL, and back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utrCheckDigit } from '../domain/identifiers';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
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
  const response = await engine.app.request(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function createClient(): Promise<string> {
  const res = await call('POST', '/api/clients', { name: 'Test Client', nino: uniqueNino(), utr: utrCheckDigit('123456789') + '123456789' });
  expect(res.status).toBe(201);
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
    expect(after.body.steps.filter((s: any) => s.key !== 'authorisation').every((s: any) => s.status === 'cancelled')).toBe(true);

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
    const production = await startTestEngine({ allowCompressedSchedules: false });
    try {
      const clientId = await createClient();
      const res = await production.app.request('/api/tax-years', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: 100 } }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).fields).toEqual([{ field: 'schedule.mode', rule: "must be 'real' in production" }]);
    } finally {
      await production.stop();
    }
  });
});

describe('clients and the rest of the API', () => {
  it('normalises and checks NINO and UTR, and refuses a duplicate NINO', async () => {
    const nino = uniqueNino();
    const spaced = `${nino.slice(0, 2)} ${nino.slice(2, 4)} ${nino.slice(4, 6)} ${nino.slice(6, 8)} ${nino.slice(8)}`.toLowerCase();
    const created = await call('POST', '/api/clients', { name: '  Dana Smith ', nino: spaced });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Dana Smith', nino, utr: null, agentType: 'main' });
    const read = await call('GET', `/api/clients/${created.body.id}`);
    expect(read.body).toEqual(created.body);

    const duplicate = await call('POST', '/api/clients', { name: 'Someone Else', nino });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.fields).toEqual([{ field: 'nino', rule: 'must be unique among clients' }]);

    const invalid = await call('POST', '/api/clients', { name: '', nino: 'QQ12345', utr: '1234567890', agentType: 'boss' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['agentType', 'name', 'nino', 'utr']);
  });

  it('serves health and an OpenAPI document that lists the routes', async () => {
    const health = await call('GET', '/api/health');
    expect(health).toEqual({ status: 200, body: { status: 'ok', database: true, temporal: true } });
    const doc = await call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/api/category-mappings',
      '/api/category-mappings/{nominalCode}',
      '/api/clients',
      '/api/clients/{id}',
      '/api/connections/freeagent',
      '/api/connections/freeagent/callback',
      '/api/connections/freeagent/start',
      '/api/connections/hmrc',
      '/api/connections/hmrc/callback',
      '/api/connections/hmrc/start',
      '/api/health',
      '/api/tax-years',
      '/api/tax-years/{id}',
      '/api/tax-years/{id}/cancel',
    ]);
    expect(doc.body.components.schemas).toHaveProperty('StartTaxYear');
  });

  it('answers an unknown route with 404 in the one error shape', async () => {
    const res = await call('GET', '/api/nothing-here');
    expect(res).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'No route GET /api/nothing-here' } });
  });
});
