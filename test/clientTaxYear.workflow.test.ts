// Whole client years on a real Temporal dev server and PostgreSQL against the HMRC emulator, on a compressed calendar:
// staff prepare and approve, HMRC receives each write once, and the practice's records follow every step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actUpdate, getStateQuery, type ClientTaxYearState, type StaffAction } from '../workflows/clientTaxYear';
import { taxYearStageKey } from '../workflows/taxYear/searchAttributes';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn, type SignedIn } from './helpers/staff';
import { recordHistory } from './helpers/histories';
import { call, engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';
import { acceptInvitation, clientOf, finishedYears, practiceAgent, practiceWithClient, quarterFigures, staffFor, syncEmulatorClock } from './helpers/taxYearDriver';

let hmrc: RunningEmulator;
let engine: TestEngine;
/** Starts years through the API, as a manager would. */
let manager: SignedIn;
let agentUserId = '';

/** A day of the year lasts this long: 6 April 2026 to 31 January 2028 in under a minute. */
const MS_PER_DAY = 60;

beforeAll(async () => {
  hmrc = await startEmulator();
  engine = await startTestEngine({
    ownDatabase: true,
    // A fresh token per call: on a compressed calendar HMRC's four-hour tokens last a few milliseconds.
    hmrcClient: engineHmrcClient(hmrc, () => userToken(hmrc, agentUserId)),
  });
  // Signed in before any year starts: a sign-in's scrypt takes time the compressed calendar would notice.
  manager = await signedIn(engine.app, engine.db, 'manager');
});
afterAll(async () => {
  await engine?.stop();
  await hmrc?.stop();
});


/** Starts a client's 2026-27 year on the compressed calendar; years of one test share `originAt` (and the emulator's clock). */
async function startYear(clientId: string, originAt = new Date(Date.now() + 300), msPerDay = MS_PER_DAY) {
  syncEmulatorClock(hmrc, '2026-04-06', originAt, msPerDay);
  const response = await engine.app.request('/api/tax-years', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${manager.token}` },
    body: JSON.stringify({ clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay, startAt: originAt.toISOString() } }),
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
    const [result] = (await finishedYears([handle], 120_000)) as [ClientTaxYearState];
    await staff.stop();
    await recordHistory(handle, 'sole-trader-2026-27');
    // The stage is a search attribute too: the Temporal UI and visibility queries filter years by it.
    expect((await handle.describe()).typedSearchAttributes.get(taxYearStageKey)).toBe('complete');

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
    expect(rejected.step).toMatchObject({ key, status: 'awaiting-preparer', preparedBy: null, nextAction: 'Rejected: Turnover looks low' });
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

  it("runs a practice's different clients at once: two trades with a loss carried sideways, a client who authorises late, figures HMRC refuses and staff correct, and a supporting agent who may not declare", async () => {
    const agent = await practiceAgent(hmrc, engine);
    agentUserId = agent.agentUserId;
    const twoTrades = await clientOf(hmrc, engine, agent, [
      { typeOfBusiness: 'self-employment', tradingName: 'Profitable' },
      { typeOfBusiness: 'self-employment', tradingName: 'Loss-making' },
    ]);
    const late = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'uk-property' }], { relationship: 'none' });
    const refused = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment' }]);
    const supporting = await clientOf(hmrc, engine, agent, [{ typeOfBusiness: 'self-employment' }], { relationship: 'supporting' });
    const originAt = new Date(Date.now() + 500);
    // Slower days than the other tests: the late client's 21-day invitation must outlive the dev server's timer latency
    // (about a second) between the first reminder and the client's answer.
    const msPerDay = 150;
    const years = {
      twoTrades: await startYear(twoTrades.clientId, originAt, msPerDay),
      late: await startYear(late.clientId, originAt, msPerDay),
      refused: await startYear(refused.clientId, originAt, msPerDay),
      supporting: await startYear(supporting.clientId, originAt, msPerDay),
    };
    const [profitable, lossMaking] = twoTrades.businessIds;
    const staff = [
      staffFor(years.twoTrades.handle, {
        figures: (step) => {
          const q = Number(step.key.slice(-1));
          if (step.kind === 'losses') return { [lossMaking!]: { claims: { carrySideways: { currentYearGeneralIncome: 500_000 } } } };
          if (step.kind !== 'quarterly-update') return null;
          // The loss-making trade spends more than it takes: a £5,000 loss by the year end.
          return step.businessId === lossMaking
            ? { periodIncome: { turnover: 250_000 * q, other: 0 }, periodExpenses: { consolidatedExpenses: 375_000 * q } }
            : quarterFigures('self-employment', q);
        },
      }),
      staffFor(years.late.handle, {
        // The client is slow to accept: they do so only once the practice has reminded them.
        onInvitation: async (invitationId) => {
          await eventually(
            () => years.late.handle.query(getStateQuery),
            (s) => Number(s.steps.find((x) => x.key === 'authorisation')?.result.reminders ?? 0) >= 1,
          );
          await acceptInvitation(hmrc, invitationId);
        },
      }),
      staffFor(years.refused.handle, {
        // Q2 is first keyed with turnover below zero, which HMRC refuses; the preparer corrects it.
        figures: (step, _state, keyed) => {
          if (step.kind !== 'quarterly-update') return null;
          const q = Number(step.key.slice(-1));
          return q === 2 && keyed === 0 ? { periodIncome: { turnover: -100, other: 0 }, periodExpenses: { consolidatedExpenses: 0 } } : quarterFigures('self-employment', q);
        },
      }),
    ];
    const supportingStaff = staffFor(years.supporting.handle);

    const [twoTradesYear, lateYear, refusedYear] = (await finishedYears([years.twoTrades.handle, years.late.handle, years.refused.handle], 200_000)) as [
      ClientTaxYearState,
      ClientTaxYearState,
      ClientTaxYearState,
    ];
    await Promise.all(staff.map((s) => s.stop()));
    await recordHistory(years.twoTrades.handle, 'two-trades-loss-sideways-2026-27');
    await recordHistory(years.late.handle, 'late-authorisation-landlord-2026-27');
    await recordHistory(years.refused.handle, 'refused-figures-corrected-2026-27');

    // Two trades: each has its four quarters; the loss is claimed sideways once.
    expect(twoTradesYear.stage).toBe('complete');
    expect(twoTradesYear.steps.filter((s) => s.kind === 'quarterly-update' && s.status === 'done')).toHaveLength(8);
    expect(twoTradesYear.steps.find((s) => s.key === 'losses')).toMatchObject({ status: 'done', result: { [lossMaking!]: { submitted: true } } });
    expect(await ledger(twoTrades.nino, 'PUT /individuals/losses/{nino}/businesses/{businessId}/loss-claims/{taxYear}')).toHaveLength(1);
    expect(await ledger(twoTrades.nino, 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(8);
    expect(twoTradesYear.steps.filter((s) => s.kind === 'adjustments').map((s) => s.businessId).sort()).toEqual([profitable, lossMaking].sort());

    // Late authorisation: invited, reminded, accepted, then the year ran as any other.
    const authorisation = lateYear.steps.find((s) => s.key === 'authorisation')!;
    expect(lateYear.stage).toBe('complete');
    expect(authorisation.result).toMatchObject({ invitationId: expect.any(String), agentType: 'main' });
    expect(authorisation.result.reminders).toBeGreaterThanOrEqual(1);
    expect(await ledger(late.nino, 'PUT /individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);

    // Refused figures: Q2 parked with HMRC's code, corrected, approved again, then sent (one accepted write for Q2).
    const q2 = refusedYear.steps.find((s) => s.key === `quarterly-update/${refused.businessIds[0]}/q2`)!;
    expect(refusedYear.stage).toBe('complete');
    expect(q2).toMatchObject({ status: 'done', problem: null, figures: quarterFigures('self-employment', 2) });
    const audit = await engine.db.selectFrom('audit_events').select(['action', 'after']).where('entity_id', '=', `${years.refused.taxYearId}/${q2.key}`).orderBy('id').execute();
    const actions = audit.map((a) => a.action);
    expect(actions).toContain('step.needs-attention');
    expect(actions.indexOf('step.figures-corrected')).toBeGreaterThan(actions.indexOf('step.needs-attention'));
    expect(audit.find((a) => a.action === 'step.needs-attention')!.after).toMatchObject({ code: expect.stringMatching(/^(FORMAT_VALUE|RULE_)/) });
    expect(await ledger(refused.nino, 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);

    // A supporting agent does the quarters but never the final declaration: that step waits for a main agent.
    const parked = await eventually(
      () => years.supporting.handle.query(getStateQuery),
      (s) => s.steps.find((x) => x.key === 'final-declaration')?.status === 'needs-attention',
      60_000,
    );
    await supportingStaff.stop();
    expect(parked.agentType).toBe('supporting');
    expect(parked.steps.find((x) => x.key === 'final-declaration')?.problem).toMatchObject({ code: 'SUPPORTING_AGENT' });
    expect(await ledger(supporting.nino, 'POST /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId}/{calculationType}')).toHaveLength(0);
    await years.supporting.handle.cancel();
  }, 300_000);

  it('takes a landlord with UK and foreign property through the year, each foreign update naming its registered property', async () => {
    const client = await practiceWithClient(hmrc, engine, [{ typeOfBusiness: 'uk-property' }, { typeOfBusiness: 'foreign-property' }]);
    agentUserId = client.agentUserId;
    const [ukBusiness, foreignBusiness] = client.businessIds;
    // The property in France, registered with HMRC for 2026-27 (Foreign Property Details), as 2026-27 updates require.
    const registered = await call(hmrc, 'POST', `/individuals/business/property/foreign/${client.nino}/${foreignBusiness}/details/2026-27`, {
      token: client.agentToken,
      version: '6.0',
      body: { propertyName: 'Gîte in Brittany', countryCode: 'FRA' },
    });
    expect(registered.status).toBe(200);
    const propertyId = registered.body.propertyId as string;
    const { handle } = await startYear(client.clientId);
    const staff = staffFor(handle, {
      figures: (step, state) => {
        if (step.kind !== 'quarterly-update') return null;
        const q = Number(step.key.slice(-1));
        if (step.businessId === ukBusiness) return quarterFigures('uk-property', q);
        const property = state.incomeSources.find((s) => s.businessId === foreignBusiness)!.foreignProperties![0]!;
        return { foreignProperty: [{ propertyId: property.propertyId, income: { rentIncome: { rentAmount: 300_000 * q }, foreignTaxCreditRelief: false }, expenses: { consolidatedExpenses: 50_000 * q } }] };
      },
    });
    const [year] = (await finishedYears([handle], 120_000)) as [ClientTaxYearState];
    await staff.stop();
    await recordHistory(handle, 'landlord-uk-and-foreign-property-2026-27');

    expect(year.stage).toBe('complete');
    expect(year.incomeSources.find((s) => s.businessId === foreignBusiness)?.foreignProperties).toEqual([{ propertyId, propertyName: 'Gîte in Brittany', countryCode: 'FRA' }]);
    expect(year.steps.filter((s) => s.kind === 'quarterly-update' && s.status === 'done')).toHaveLength(8);
    expect(await ledger(client.nino, 'PUT /individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);
    expect(await ledger(client.nino, 'PUT /individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);
    expect(year.steps.filter((s) => s.kind === 'adjustments').every((s) => s.status === 'done')).toBe(true);
    expect(await ledger(client.nino, 'POST /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId}/{calculationType}')).toHaveLength(1);
  }, 180_000);

  it('escalates a quarter still open days before its deadline, records the miss (no point in the 2026-27 soft landing), and clears the alert once sent', async () => {
    const client = await practiceWithClient(hmrc, engine, [{ typeOfBusiness: 'self-employment' }]);
    agentUserId = client.agentUserId;
    const { taxYearId, handle } = await startYear(client.clientId);
    const key = `quarterly-update/${client.businessIds[0]}/q1`;
    const alert = () => engine.db.selectFrom('alerts').selectAll().where('kind', '=', 'deadline-at-risk').where('key', '=', `${taxYearId}/${key}`).executeTakeFirst();

    // Nobody keys the figures: three days before 7 August the step escalates and the practice is alerted.
    const escalated = await eventually(() => handle.query(getStateQuery), (s) => s.steps.find((x) => x.key === key)?.flags.includes('escalated') === true, 60_000);
    expect(escalated.steps.find((x) => x.key === key)?.status).toBe('awaiting-figures');
    const raised = await eventually(alert, (a) => a !== undefined);
    expect(raised).toMatchObject({ resolved_at: null, message: expect.stringContaining('due on 2026-08-07') });

    // The deadline passes: the miss is on the step, and HMRC's soft landing means no point for a 2026-27 quarter.
    const late = await eventually(() => handle.query(getStateQuery), (s) => s.steps.find((x) => x.key === key)?.flags.includes('late') === true, 60_000);
    expect(late.penaltyPoints).toEqual([]);
    expect((late.steps.find((x) => x.key === key)?.result.late as { reason: string }).reason).toMatch(/soft landing|2026-27/i);

    // Sent late after all: the alert is resolved.
    const staff = staffFor(handle);
    await eventually(() => handle.query(getStateQuery), (s) => s.steps.find((x) => x.key === key)?.status === 'done', 60_000);
    await staff.stop();
    expect((await eventually(alert, (a) => a?.resolved_at !== null))?.resolved_at).toBeInstanceOf(Date);
    await handle.cancel();
  }, 120_000);
});
