// Staff act on real running years through the API only: signed in with their roles, they list what needs them, key
// figures, submit, approve and reject; the workflow holds four eyes, sends what is approved to HMRC (the emulator) and
// audits each action with the step's state before and after. Real PostgreSQL, a real Temporal dev server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../domain/timeline';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';
import { signedIn, type ApiResponse, type SignedIn } from './helpers/staff';
import { clientOf, practiceAgent, quarterFigures, syncEmulatorClock, type PracticeClient } from './helpers/taxYearDriver';

/** A day of the year lasts this long: the first quarter opens about four seconds after the start. */
const MS_PER_DAY = 40;

let hmrc: RunningEmulator;
let engine: TestEngine;
let agentUserId = '';
let manager: SignedIn;
let preparer: SignedIn;
let reviewer: SignedIn;
/** Client A (looked after by the preparer) and client B (by no one), each with one trade and a 2026-27 year. */
let a: PracticeClient & { taxYearId: string };
let b: PracticeClient & { taxYearId: string };

beforeAll(async () => {
  hmrc = await startEmulator();
  engine = await startTestEngine({
    ownDatabase: true,
    // A fresh token per call: on a compressed calendar HMRC's four-hour tokens last a few milliseconds.
    hmrcClient: engineHmrcClient(hmrc, () => userToken(hmrc, agentUserId)),
  });
  manager = await signedIn(engine.app, engine.db, 'manager');
  preparer = await signedIn(engine.app, engine.db, 'preparer');
  reviewer = await signedIn(engine.app, engine.db, 'reviewer');

  const agent = await practiceAgent(hmrc, engine);
  agentUserId = agent.agentUserId;
  const clientA = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment', tradingName: 'Sole Trades' }]);
  const clientB = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment', tradingName: 'Other Trades' }]);
  await engine.db.updateTable('clients').set({ assignee_id: preparer.staffId }).where('id', '=', clientA.clientId).execute();

  const originAt = new Date(Date.now() + 500);
  syncEmulatorClock(hmrc, '2026-04-06', originAt, MS_PER_DAY);
  const start = async (clientId: string) => {
    const res = await manager.call('POST', '/api/tax-years', { clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: MS_PER_DAY, startAt: originAt.toISOString() } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  a = { ...clientA, taxYearId: await start(clientA.clientId) };
  b = { ...clientB, taxYearId: await start(clientB.clientId) };
}, 180_000);

afterAll(async () => {
  for (const year of [a, b]) if (year) await manager?.call('POST', `/api/tax-years/${year.taxYearId}/cancel`);
  await engine?.stop();
  await hmrc?.stop();
});

function q1Key(client: PracticeClient): string {
  return `quarterly-update/${client.businessIds[0]}/q1`;
}

function list(caller: SignedIn, filter: Record<string, unknown>, sort?: [string, string], range: [number, number] = [0, 99]): Promise<ApiResponse> {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), range: JSON.stringify(range), ...(sort ? { sort: JSON.stringify(sort) } : {}) });
  return caller.call('GET', `/api/steps?${query.toString()}`);
}

/** The step of a year, once the projection shows it in the given status. */
async function stepOf(year: { taxYearId: string }, stepKey: string, status?: string): Promise<any> {
  const res = await eventually(
    () => list(manager, { taxYearId: year.taxYearId }),
    (r) => r.status === 200 && r.body.some((s: any) => s.stepKey === stepKey && (!status || s.status === status)),
    60_000,
  );
  return res.body.find((s: any) => s.stepKey === stepKey);
}

async function ledger(nino: string, operation: string): Promise<unknown[]> {
  const response = await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}&operation=${encodeURIComponent(operation)}`);
  return ((await response.json()) as { entries: unknown[] }).entries;
}

const CUMULATIVE = 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}';

function overdueOrParked(step: { status: string; dueDate: string | null }, today: string): boolean {
  return step.status === 'needs-attention' || (!['done', 'skipped', 'cancelled'].includes(step.status) && step.dueDate !== null && step.dueDate < today);
}

describe('listing steps', () => {
  it('finds the quarter waiting for figures, with its year, client and business, by each filter, with Content-Range', async () => {
    const q1 = await stepOf(a, q1Key(a), 'awaiting-figures');
    expect(q1).toMatchObject({
      id: expect.any(String),
      clientId: a.clientId,
      clientName: `Client ${a.nino}`,
      taxYear: '2026-27',
      taxYearId: a.taxYearId,
      stepKey: q1Key(a),
      kind: 'quarterly-update',
      milestone: 'q1',
      title: 'Self-employment (Sole Trades): Q1 update',
      nextAction: 'Enter the figures for this period',
      periodStart: '2026-04-06',
      periodEnd: '2026-07-05',
      hmrcBusinessId: a.businessIds[0],
      preparedBy: null,
      problem: null,
      detail: { figures: null, comments: [], result: {} },
    });
    expect(q1.dueDate).toMatch(/^2026-08-\d{2}$/);

    // The year's businesses are the client's records, and the step is linked to its business.
    const businesses = await manager.call('GET', `/api/businesses?filter=${encodeURIComponent(JSON.stringify({ clientId: a.clientId }))}`);
    expect(businesses.status).toBe(200);
    expect(businesses.headers.get('content-range')).toBe('businesses 0-0/1');
    expect(businesses.body).toEqual([
      expect.objectContaining({ clientId: a.clientId, hmrcBusinessId: a.businessIds[0], type: 'self-employment', tradingName: 'Sole Trades', commencementDate: '2020-01-01', cessationDate: null }),
    ]);
    expect(q1.businessId).toBe(businesses.body[0].id);
    expect((await manager.call('GET', `/api/businesses/${q1.businessId}`)).body).toEqual(businesses.body[0]);

    // By status and year, one row; Content-Range as ra-data-simple-rest reads it.
    const waiting = await list(preparer, { taxYearId: a.taxYearId, status: ['awaiting-figures'] });
    expect(waiting.status).toBe(200);
    expect(waiting.body.map((s: any) => s.stepKey)).toEqual([q1Key(a)]);
    expect(waiting.headers.get('content-range')).toBe('steps 0-0/1');

    // By assignee: the preparer looks after client A only.
    const mine = await list(preparer, { assigneeId: preparer.staffId, milestone: 'q1' });
    expect(mine.body.map((s: any) => s.clientId)).toEqual([a.clientId]);
    const both = await list(preparer, { milestone: 'q1', kind: 'quarterly-update' }, ['clientName', 'DESC']);
    expect(both.body.map((s: any) => s.clientName)).toEqual([`Client ${a.nino}`, `Client ${b.nino}`].sort().reverse());
    expect(both.headers.get('content-range')).toBe('steps 0-1/2');

    // Due before the day after the first quarter's deadline: the first quarter, not the second.
    const dueBefore = await list(reviewer, { taxYearId: a.taxYearId, dueBefore: '2026-09-01' }, ['dueDate', 'ASC']);
    expect(dueBefore.body.map((s: any) => s.stepKey)).toContain(q1Key(a));
    expect(dueBefore.body.map((s: any) => s.stepKey)).not.toContain(`quarterly-update/${a.businessIds[0]}/q2`);
    expect(dueBefore.body.every((s: any) => s.dueDate < '2026-09-01')).toBe(true);

    // Needs attention: parked, or open past its due date in London. The first quarter's deadline (August 2026) has passed.
    const today = londonDate(new Date());
    const attention = await list(reviewer, { taxYearId: a.taxYearId, needsAttention: true });
    expect(attention.body.map((s: any) => s.stepKey)).toContain(q1Key(a));
    expect(attention.body.every((s: any) => overdueOrParked(s, today))).toBe(true);
    const rest = await list(reviewer, { taxYearId: a.taxYearId, needsAttention: false });
    expect(rest.body.length).toBeGreaterThan(0);
    expect(rest.body.some((s: any) => overdueOrParked(s, today))).toBe(false);

    // Sorted by due date, nulls last; paged.
    const sorted = await list(reviewer, { taxYearId: a.taxYearId }, ['dueDate', 'ASC']);
    const dates = sorted.body.map((s: any) => s.dueDate);
    const dated = dates.filter((d: string | null) => d !== null);
    expect(dates).toEqual([...[...dated].sort(), ...dates.filter((d: string | null) => d === null)]);
    const page = await list(reviewer, { taxYearId: a.taxYearId }, ['dueDate', 'ASC'], [1, 2]);
    expect(page.body.map((s: any) => s.id)).toEqual(sorted.body.slice(1, 3).map((s: any) => s.id));
    expect(page.headers.get('content-range')).toMatch(/^steps 1-2\/\d+$/);

    // getMany by ids, and getOne.
    const many = await list(reviewer, { id: [q1.id] });
    expect(many.body.map((s: any) => s.id)).toEqual([q1.id]);
    const one = await reviewer.call('GET', `/api/steps/${q1.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: q1.id, stepKey: q1Key(a) });
  }, 120_000);

  it('refuses bad lists with 400 naming the parameter, and unknown steps with 404', async () => {
    const badStatus = await list(reviewer, { status: 'lost' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.fields.map((f: any) => f.field)).toEqual(['filter.status']);
    const badDate = await list(reviewer, { dueBefore: '2026-02-30' });
    expect(badDate.body.fields).toEqual([{ field: 'filter.dueBefore', rule: 'expected a date that exists' }]);
    const badSort = await list(reviewer, {}, ['figures', 'ASC']);
    expect(badSort.status).toBe(400);
    expect(badSort.body.fields[0].field).toMatch(/^sort/);
    const noIds = await list(reviewer, { id: [] });
    expect(noIds).toMatchObject({ status: 200, body: [] });
    expect(noIds.headers.get('content-range')).toBe('steps */0');
    const unknown = await reviewer.call('GET', `/api/steps/${randomUUID()}`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'STEP_NOT_FOUND' } });
    const noSession = await engine.app.request('/api/steps');
    expect(noSession.status).toBe(401);
  });
});

describe('acting on a step', () => {
  it('holds four eyes: the preparer may not approve, a rejection goes back with its comment, a different reviewer approves and HMRC gets the update', async () => {
    const q1 = await stepOf(a, q1Key(a), 'awaiting-figures');
    const path = `/api/steps/${q1.id}`;

    // A reviewer does not key figures; whole pence are the workflow's rule, a tree's shape is the API's.
    expect(await reviewer.call('PUT', `${path}/figures`, { figures: quarterFigures('self-employment', 1) })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const pounds = await manager.call('PUT', `${path}/figures`, { figures: { periodIncome: { turnover: 12.5 } } });
    expect(pounds.status).toBe(409);
    expect(pounds.body).toMatchObject({ code: 'ACTION_REFUSED', fields: [{ field: 'figures.periodIncome.turnover', rule: expect.stringMatching(/whole pence/) }] });
    const shapeless = await manager.call('PUT', `${path}/figures`, { figures: { periodIncome: { turnover: null, nested: [[1]] } } });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.fields.map((f: any) => f.field).sort()).toEqual(['figures.periodIncome.nested.0', 'figures.periodIncome.turnover']);

    const keyed = await manager.call('PUT', `${path}/figures`, { figures: quarterFigures('self-employment', 1) });
    expect(keyed.status, JSON.stringify(keyed.body)).toBe(200);
    expect(keyed.body).toMatchObject({ id: q1.id, clientName: `Client ${a.nino}`, status: 'awaiting-preparer', detail: { figures: quarterFigures('self-employment', 1), figuresSource: 'staff' } });

    const submitted = await manager.call('POST', `${path}/submit-for-review`, { comment: 'Ties to the bank statements' });
    expect(submitted.body).toMatchObject({ status: 'awaiting-review', preparedBy: manager.staffId, nextAction: expect.stringMatching(/Review/) });
    expect(submitted.body.detail.comments).toEqual([expect.objectContaining({ by: manager.staffId, action: 'submit-for-review', text: 'Ties to the bank statements' })]);

    // The manager may review, but not what they prepared.
    const own = await manager.call('POST', `${path}/approve`, {});
    expect(own.status).toBe(409);
    expect(own.body).toEqual({ code: 'ACTION_REFUSED', message: 'The reviewer must not be the preparer (four eyes)', fields: [{ field: 'by.staffId', rule: 'must differ from the preparer' }] });
    expect(await preparer.call('POST', `${path}/approve`, {})).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    expect(await reviewer.call('POST', `${path}/reject`, { comment: '   ' })).toMatchObject({ status: 400, body: { fields: [{ field: 'comment' }] } });
    const rejected = await reviewer.call('POST', `${path}/reject`, { comment: 'Turnover looks low' });
    expect(rejected.body).toMatchObject({ status: 'awaiting-preparer', preparedBy: null, nextAction: 'Rejected: Turnover looks low' });
    const early = await reviewer.call('POST', `${path}/approve`, {});
    expect(early.body).toMatchObject({ code: 'ACTION_REFUSED', fields: [{ field: 'stepKey', rule: 'step must be awaiting-review' }] });

    expect((await preparer.call('POST', `${path}/submit-for-review`, {})).body).toMatchObject({ status: 'awaiting-review', preparedBy: preparer.staffId });
    // As the console sends it: the browser's own details, which the submission carries to HMRC (WEB_APP_VIA_SERVER).
    const device = { deviceId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', browserJsUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0', screens: [{ width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 }], windowSize: { width: 1400, height: 900 }, timezoneOffsetMinutes: 0 };
    const badDevice = await reviewer.call('POST', `${path}/approve`, {}, { 'x-client-device': JSON.stringify({ ...device, deviceId: 'not-a-uuid' }) });
    expect(badDevice).toMatchObject({ status: 400, body: { fields: [{ field: 'x-client-device.deviceId' }] } });
    const approved = await reviewer.call('POST', `${path}/approve`, { comment: 'Agreed' }, { 'x-client-device': JSON.stringify(device) });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'in-progress', preparedBy: preparer.staffId, approvedBy: reviewer.staffId });

    // The year moves on by itself: sent to HMRC, confirmed against the obligation, done.
    const done = await eventually(() => reviewer.call('GET', path), (r) => r.body.status === 'done', 60_000);
    expect(done.body).toMatchObject({ approvedBy: reviewer.staffId, detail: { result: { submitted: true, obligationFulfilled: true } } });
    expect(await ledger(a.nino, CUMULATIVE)).toHaveLength(1);
    // The update went to HMRC with the reviewer's web session, and HMRC's checker did not find the headers invalid (the
    // empty public address, as a request made in-process has no peer, is a warning HMRC allows on a private network).
    const verdicts = ((await (await fetch(`${hmrc.url}/emulator/fraud-prevention/verdicts`)).json()) as { verdicts: { method: string; path: string; connectionMethod: string | null; code: string }[] }).verdicts;
    const submission = verdicts.filter((v) => v.method === 'PUT' && v.path.includes(`/${a.nino}/`) && v.path.includes('/cumulative/'));
    expect(submission.length).toBeGreaterThan(0);
    for (const verdict of submission) expect(verdict).toMatchObject({ connectionMethod: 'WEB_APP_VIA_SERVER' });
    expect(submission.map((v) => v.code)).not.toContain('INVALID_HEADERS');
    expect(await eventually(() => list(reviewer, { id: q1.id, status: 'done' }), (r) => r.body.length === 1)).toBeTruthy();

    // Each action is audited by the year with the step's status before and after.
    const audit = await eventually(
      () => engine.db.selectFrom('audit_events').select(['actor', 'action', 'before', 'after']).where('entity_type', '=', 'step').where('entity_id', '=', `${a.taxYearId}/${q1Key(a)}`).orderBy('id').execute(),
      (rows) => rows.some((r) => r.action === 'step.done'),
    );
    const entry = (action: string, actor?: string) => audit.find((r) => r.action === action && (!actor || r.actor === actor));
    expect(entry('step.figures-entered', manager.staffId)).toMatchObject({
      before: { status: 'awaiting-figures', figures: null },
      after: { status: 'awaiting-preparer', figures: quarterFigures('self-employment', 1), figuresSource: 'staff' },
    });
    expect(entry('step.submitted-for-review', preparer.staffId)).toMatchObject({ before: { status: 'awaiting-preparer', preparedBy: null }, after: { status: 'awaiting-review', preparedBy: preparer.staffId } });
    expect(entry('step.rejected', reviewer.staffId)).toMatchObject({ before: { status: 'awaiting-review', preparedBy: manager.staffId }, after: { status: 'awaiting-preparer', comment: 'Turnover looks low' } });
    expect(entry('step.approved', reviewer.staffId)).toMatchObject({ before: { status: 'awaiting-review' }, after: { status: 'in-progress', approvedBy: reviewer.staffId } });
    // The refused approval left no trace.
    expect(audit.filter((r) => r.action === 'step.approved')).toHaveLength(1);
  }, 180_000);

  it('approves in bulk, reporting each refusal with its fields and each unknown id', async () => {
    const q1 = await stepOf(b, q1Key(b), 'awaiting-figures');
    expect((await manager.call('PUT', `/api/steps/${q1.id}/figures`, { figures: quarterFigures('self-employment', 1) })).status).toBe(200);
    expect((await manager.call('POST', `/api/steps/${q1.id}/submit-for-review`, {})).status).toBe(200);
    // Income declared outside MTD: any one member of staff confirms it has been dealt with.
    const otherIncome = await stepOf(b, 'other-income', 'awaiting-review');
    const missing = randomUUID();

    const bulk = await manager.call('POST', '/api/steps/bulk-approve', { ids: [otherIncome.id, q1.id, missing], comment: 'Checked' });
    expect(bulk.status).toBe(200);
    expect(bulk.body.totals).toEqual({ approved: 1, refused: 1, notFound: 1 });
    expect(bulk.body.results).toEqual([
      expect.objectContaining({ id: otherIncome.id, outcome: 'approved', step: expect.objectContaining({ approvedBy: manager.staffId }) }),
      expect.objectContaining({ id: q1.id, outcome: 'refused', code: 'ACTION_REFUSED', fields: [{ field: 'by.staffId', rule: 'must differ from the preparer' }] }),
      expect.objectContaining({ id: missing, outcome: 'not-found', code: 'STEP_NOT_FOUND' }),
    ]);
    await eventually(() => reviewer.call('GET', `/api/steps/${otherIncome.id}`), (r) => r.body.status === 'done');
    expect((await reviewer.call('POST', '/api/steps/bulk-approve', { ids: [] })).body.fields).toEqual([{ field: 'ids', rule: 'expected at least one id' }]);
    expect((await preparer.call('POST', '/api/steps/bulk-approve', { ids: [q1.id] })).status).toBe(403);
  }, 120_000);

  it('notes a step, refuses actions that do not fit it, and records payments only for payments the year has', async () => {
    const q2 = await stepOf(a, `quarterly-update/${a.businessIds[0]}/q2`);
    const noted = await reviewer.call('POST', `/api/steps/${q2.id}/acknowledge`, { comment: 'Client says the books are late' });
    expect(noted.status).toBe(200);
    expect(noted.body.detail.comments).toEqual([expect.objectContaining({ by: reviewer.staffId, action: 'acknowledge', text: 'Client says the books are late' })]);
    await eventually(
      () => engine.db.selectFrom('audit_events').select(['actor', 'action']).where('entity_id', '=', `${a.taxYearId}/${q2.stepKey}`).where('action', '=', 'step.acknowledged').execute(),
      (rows) => rows.length === 1 && rows[0]!.actor === reviewer.staffId,
    );

    const retry = await reviewer.call('POST', `/api/steps/${q2.id}/retry`, {});
    expect(retry.body).toMatchObject({ code: 'ACTION_REFUSED', fields: [{ field: 'stepKey', rule: 'step must be needs-attention' }] });
    const confirm = await preparer.call('POST', `/api/steps/${q2.id}/confirm-for-client`, { confirmedBy: 'The client', confirmedAt: '2028-01-20T10:00:00Z', method: 'email' });
    expect(confirm.body).toMatchObject({ code: 'ACTION_REFUSED', fields: [{ field: 'stepKey', rule: 'must be the client-confirmation step' }] });
    const badConfirm = await preparer.call('POST', `/api/steps/${q2.id}/confirm-for-client`, { confirmedBy: '', confirmedAt: 'yesterday', method: 'email' });
    expect(badConfirm.body.fields.map((f: any) => f.field).sort()).toEqual(['confirmedAt', 'confirmedBy']);
    expect((await reviewer.call('POST', `/api/steps/${randomUUID()}/approve`, {})).body.code).toBe('STEP_NOT_FOUND');

    const payment = await preparer.call('POST', `/api/tax-years/${a.taxYearId}/payments/${encodeURIComponent('balancing-payment/2026-27')}/paid`, { paidOn: '2028-01-31' });
    expect(payment.status).toBe(409);
    expect(payment.body).toMatchObject({ code: 'ACTION_REFUSED', fields: [{ field: 'paymentKey', rule: 'must be a payment of this tax year' }] });
    expect((await reviewer.call('POST', `/api/tax-years/${a.taxYearId}/payments/x/paid`, { paidOn: '2028-01-31' })).status).toBe(403);
    expect((await preparer.call('POST', `/api/tax-years/${a.taxYearId}/payments/x/paid`, { paidOn: '31/01/2028' })).body.fields[0].field).toBe('paidOn');
  }, 120_000);

  it('answers 409 TAX_YEAR_NOT_RUNNING for a step of a year that has ended', async () => {
    const q2 = await stepOf(b, `quarterly-update/${b.businessIds[0]}/q2`);
    expect((await manager.call('POST', `/api/tax-years/${b.taxYearId}/cancel`)).status).toBe(202);
    await eventually(() => manager.call('GET', `/api/tax-years/${b.taxYearId}`), (r) => r.body.workflow.status === 'CANCELLED', 60_000);
    const refused = await manager.call('POST', `/api/steps/${q2.id}/acknowledge`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TAX_YEAR_NOT_RUNNING');
    const bulk = await reviewer.call('POST', '/api/steps/bulk-approve', { ids: [q2.id] });
    expect(bulk.body.results).toEqual([expect.objectContaining({ id: q2.id, outcome: 'refused', code: 'TAX_YEAR_NOT_RUNNING' })]);
  }, 120_000);
});
