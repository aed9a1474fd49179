// Whole client years on a real Temporal dev server and PostgreSQL against the HMRC emulator, on a compressed calendar:
// staff prepare and approve, HMRC receives each write once, and the practice's records follow every step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actUpdate, getStateQuery, type ClientTaxYearState, type StaffAction } from '../workflows/clientTaxYear';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';
import { practiceWithClient, quarterFigures, staffFor, syncEmulatorClock } from './helpers/taxYearDriver';

let hmrc: RunningEmulator;
let engine: TestEngine;
let agentUserId = '';

/** A day of the year lasts this long: 6 April 2026 to 31 January 2028 in under a minute. */
const MS_PER_DAY = 60;

beforeAll(async () => {
  hmrc = await startEmulator();
  engine = await startTestEngine({
    // A fresh token per call: on a compressed calendar HMRC's four-hour tokens last a few milliseconds.
    hmrcClient: engineHmrcClient(hmrc, () => userToken(hmrc, agentUserId)),
  });
});
afterAll(async () => {
  await engine?.stop();
  await hmrc?.stop();
});

async function startYear(clientId: string) {
  const originAt = new Date(Date.now() + 300);
  syncEmulatorClock(hmrc, '2026-04-06', originAt, MS_PER_DAY);
  const response = await engine.app.request('/api/tax-years', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: MS_PER_DAY, startAt: originAt.toISOString() } }),
  });
  const body = (await response.json()) as { id: string; workflow: { id: string } };
  expect(response.status).toBe(201);
  return { taxYearId: body.id, handle: engine.temporal.workflow.getHandle(body.workflow.id) };
}

async function ledger(nino: string, operation: string): Promise<unknown[]> {
  const response = await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}&operation=${encodeURIComponent(operation)}`);
  return ((await response.json()) as { entries: unknown[] }).entries;
}

describe('a client tax year, start to finish', () => {
  it('takes a sole trader through four quarters, the year end and the final declaration, each write sent once', async () => {
    const client = await practiceWithClient(hmrc, engine, [{ typeOfBusiness: 'self-employment', tradingName: 'Sole Trades' }]);
    agentUserId = client.agentUserId;
    const { taxYearId, handle } = await startYear(client.clientId);
    const staff = staffFor(handle);
    const result = (await handle.result()) as ClientTaxYearState;
    await staff.stop();

    expect(result.stage).toBe('complete');
    expect(result.agentType).toBe('main');
    const [businessId] = client.businessIds;
    const quarters = result.steps.filter((s) => s.kind === 'quarterly-update');
    expect(quarters.map((s) => [s.key, s.status, s.preparedBy, s.approvedBy])).toEqual(
      [1, 2, 3, 4].map((q) => [`quarterly-update/${businessId}/q${q}`, 'done', 'preparer', 'reviewer']),
    );
    // Figures beside the previous quarter, and HMRC's in-year estimate with its caveat.
    expect(quarters[1]!.previousFigures).toEqual(quarterFigures('self-employment', 1));
    expect(quarters[1]!.result.obligationFulfilled).toBe(true);
    expect(quarters[0]!.result.estimate).toMatchObject({ disclaimer: expect.stringMatching(/estimate/) });

    expect(await ledger(client.nino, 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);
    expect(await ledger(client.nino, 'POST /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId}/{calculationType}')).toHaveLength(1);
    expect(result.steps.find((s) => s.key === 'final-declaration')).toMatchObject({ status: 'done', result: { declared: true } });
    expect(result.steps.find((s) => s.key === 'client-confirmation')?.result).toMatchObject({ confirmedBy: 'The client', method: 'email' });
    expect(result.payments.length).toBeGreaterThan(0);

    // The practice's records followed every step, with who did what.
    const year = await engine.db.selectFrom('tax_years').selectAll().where('id', '=', taxYearId).executeTakeFirstOrThrow();
    expect(year.stage).toBe('complete');
    const rows = await engine.db.selectFrom('steps').select(['step_key', 'status', 'milestone', 'prepared_by', 'approved_by']).where('tax_year_id', '=', taxYearId).execute();
    expect(rows.find((r) => r.step_key === `quarterly-update/${businessId}/q3`)).toMatchObject({ status: 'done', milestone: 'q3', prepared_by: 'preparer', approved_by: 'reviewer' });
    expect(rows.every((r) => ['done', 'skipped'].includes(r.status))).toBe(true);
    const audit = await engine.db.selectFrom('audit_events').select(['actor', 'action']).where('entity_id', 'like', `${taxYearId}%`).execute();
    expect(audit.filter((a) => a.action === 'step.approved' && a.actor === 'reviewer').length).toBeGreaterThanOrEqual(4);
  }, 180_000);

  it('holds to four eyes: the preparer cannot approve, a rejection goes back to the preparer with its comment', async () => {
    const client = await practiceWithClient(hmrc, engine, [{ typeOfBusiness: 'self-employment' }]);
    agentUserId = client.agentUserId;
    const { handle } = await startYear(client.clientId);
    const key = `quarterly-update/${client.businessIds[0]}/q1`;
    const waiting = await eventually(
      () => handle.query(getStateQuery),
      (s) => s.steps.find((x) => x.key === key)?.status === 'awaiting-figures',
    );
    expect(waiting.steps.find((x) => x.key === key)?.nextAction).toMatch(/Enter the figures/);
    const act = (action: StaffAction) => handle.executeUpdate(actUpdate, { args: [action] });

    const refused = (p: Promise<unknown>) => p.then(() => 'accepted', (err: { cause?: { message?: string } }) => err.cause?.message ?? String(err));
    expect(await refused(act({ action: 'enter-figures', stepKey: key, by: { staffId: 'pat' }, figures: { periodIncome: { turnover: 12.5 } } as never }))).toMatch(/whole pence/);
    await act({ action: 'enter-figures', stepKey: key, by: { staffId: 'pat' }, figures: quarterFigures('self-employment', 1) as never });
    await act({ action: 'submit-for-review', stepKey: key, by: { staffId: 'pat' } });
    expect(await refused(act({ action: 'approve', stepKey: key, by: { staffId: 'pat' } }))).toMatch(/four eyes/);
    expect(await refused(act({ action: 'reject', stepKey: key, by: { staffId: 'rita' }, comment: '' }))).toMatch(/says why/);
    const rejected = await act({ action: 'reject', stepKey: key, by: { staffId: 'rita' }, comment: 'Turnover looks low' });
    expect(rejected.steps.find((x) => x.key === key)).toMatchObject({ status: 'awaiting-preparer', preparedBy: null, nextAction: 'Rejected: Turnover looks low' });
    await act({ action: 'enter-figures', stepKey: key, by: { staffId: 'pat' }, figures: quarterFigures('self-employment', 2) as never });
    await act({ action: 'submit-for-review', stepKey: key, by: { staffId: 'pat' } });
    await act({ action: 'approve', stepKey: key, by: { staffId: 'rita' } });
    const sent = await eventually(
      () => handle.query(getStateQuery),
      (s) => s.steps.find((x) => x.key === key)?.status === 'done',
    );
    expect(sent.steps.find((x) => x.key === key)).toMatchObject({ preparedBy: 'pat', approvedBy: 'rita' });
    expect(await ledger(client.nino, 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(1);
    await handle.cancel();
  }, 120_000);
});
