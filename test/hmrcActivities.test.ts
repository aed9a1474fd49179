// HMRC activities against the emulator and a real PostgreSQL: writes that survive timeouts after commit without being
// made twice, HMRC's business errors as final failures with HMRC's code, and every call recorded with its correlation id.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createHmrcActivities } from '../activities/hmrc';
import { createDb, type Db } from '../db/connect';
import { agentWithClient, call, engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let db: Db;

beforeAll(async () => {
  hmrc = await startEmulator();
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.destroy();
  await hmrc?.stop();
});

async function setFaults(faults: object): Promise<void> {
  await fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
}

/** An agent with a client who has a self-employment, and the activities acting as that agent in batch. */
async function setUp() {
  hmrc.emulator.clock.set(new Date('2026-04-07T09:00:00Z'));
  const c = await agentWithClient(hmrc);
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${c.nino}`, {
    token: c.agentToken,
    body: { typeOfBusiness: 'self-employment', tradingName: 'Activity Co', commencementDate: '2020-01-01', businessAddressLineOne: '1 Road', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' },
  });
  hmrc.emulator.clock.set(new Date('2026-07-20T09:00:00Z'));
  const token = await userToken(hmrc, c.agent.userId);
  const client = engineHmrcClient(hmrc, () => token);
  return { ...c, businessId: created.body.businessId as string, activities: createHmrcActivities({ db, hmrc: client }) };
}

const q1 = { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 15000, other: 0 }, periodExpenses: { consolidatedExpenses: 2500.5 } };

describe('HMRC activities', () => {
  it('sends a cumulative update once even when HMRC commits and the answer is lost', async () => {
    const s = await setUp();
    const env = new MockActivityEnvironment();
    await setFaults({ timeoutAfterCommitRate: 1 });
    const lost = await env.run(s.activities.submitCumulativeUpdate, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: q1 }).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ApplicationFailure);
    expect((lost as ApplicationFailure).nonRetryable).toBe(false);
    await setFaults({});
    // Temporal's retry: the activity reads HMRC first and finds the update already there.
    expect(await env.run(s.activities.submitCumulativeUpdate, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: q1 })).toEqual({ submitted: false });
    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${s.nino}&operation=${encodeURIComponent('PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')}`)).json()) as { entries: unknown[] };
    expect(ledger.entries).toHaveLength(1);
    // New figures are sent.
    expect(await env.run(s.activities.submitCumulativeUpdate, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: { ...q1, periodIncome: { turnover: 15100, other: 0 } } })).toEqual({ submitted: true });
  });

  it("fails for good on HMRC's business errors, carrying HMRC's code and paths, and retries server errors", async () => {
    const s = await setUp();
    const env = new MockActivityEnvironment();
    const early = { ...q1, periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-10-05' } };
    const failure = (await env.run(s.activities.submitCumulativeUpdate, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: early }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'HmrcBusinessError', nonRetryable: true });
    expect(failure.details?.[0]).toMatchObject({ code: 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED', status: 400 });
    expect((failure.details?.[0] as { correlationId: string }).correlationId).toMatch(/^[0-9a-f-]{36}$/);

    await setFaults({ serverErrorRate: 1, seed: 11 });
    const server = (await env.run(s.activities.submitCumulativeUpdate, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: q1 }).catch((e: unknown) => e)) as ApplicationFailure;
    await setFaults({});
    expect(server).toMatchObject({ type: 'HmrcRetryable.server', nonRetryable: false });

    const recorded = await db.selectFrom('hmrc_calls').selectAll().where('path', 'like', `%/${s.nino}/%`).orderBy('id').execute();
    expect(recorded.length).toBeGreaterThanOrEqual(3);
    expect(recorded.find((r) => r.error_code === 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED')?.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('makes a loss claim once through a lost answer, in either version of Individual Losses', async () => {
    const s = await setUp();
    const env = new MockActivityEnvironment();
    hmrc.emulator.clock.set(new Date('2027-05-10T09:00:00Z'));
    const token = await userToken(hmrc, s.agent.userId);
    const client = engineHmrcClient(hmrc, () => token, { timeoutMs: 30_000 });
    const activities = createHmrcActivities({ db, hmrc: client });
    const claims = { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', claims: { losses: { broughtForwardLosses: 1500 } } };
    await setFaults({ timeoutAfterCommitRate: 1 });
    expect(await env.run(activities.submitLossClaim, claims).catch((e: unknown) => e)).toBeInstanceOf(ApplicationFailure);
    await setFaults({});
    expect(await env.run(activities.submitLossClaim, claims)).toEqual({ submitted: false });
    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${s.nino}&api=individual-losses`)).json()) as { entries: unknown[] };
    expect(ledger.entries).toHaveLength(1);
    // Up to 2025-26 each claim is its own resource: listed first, so a retry finds the one already made.
    const claim6 = { nino: s.nino, businessId: s.businessId, taxYear: '2025-26', claim: { typeOfLoss: 'self-employment', typeOfClaim: 'carry-forward' } };
    await setFaults({ timeoutAfterCommitRate: 1 });
    expect(await env.run(activities.submitLossClaim, claim6).catch((e: unknown) => e)).toBeInstanceOf(ApplicationFailure);
    await setFaults({});
    const reused: { submitted: boolean; claimId?: string } = await env.run(activities.submitLossClaim, claim6);
    expect(reused.submitted).toBe(false);
    expect(reused.claimId).toMatch(/^[A-Za-z0-9]{15}$/);
    const wrongShape = (await env.run(activities.submitLossClaim, { nino: s.nino, businessId: s.businessId, taxYear: '2026-27' }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(wrongShape).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
  });

  it('takes a year end through its activities: summary, annual submission, calculation, Assist and one declaration', async () => {
    const s = await setUp();
    const env = new MockActivityEnvironment();
    hmrc.emulator.clock.set(new Date('2027-04-20T09:00:00Z'));
    const token = await userToken(hmrc, s.agent.userId);
    const put = await call(hmrc, 'PUT', `/individuals/business/self-employment/${s.nino}/${s.businessId}/cumulative/2026-27`, {
      token,
      version: '5.0',
      body: { ...q1, periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2027-04-05' }, periodIncome: { turnover: 60000, other: 0 } },
    });
    expect(put.status).toBe(204);
    hmrc.emulator.clock.set(new Date('2027-05-10T09:00:00Z'));
    const fresh = await userToken(hmrc, s.agent.userId);
    const client = engineHmrcClient(hmrc, () => fresh, { timeoutMs: 30_000 });
    const activities = createHmrcActivities({ db, hmrc: client });
    const input = { nino: s.nino, businessId: s.businessId, typeOfBusiness: 'self-employment' as const, taxYear: '2026-27', startDate: '2026-04-06', endDate: '2027-04-05' };
    await setFaults({ timeoutAfterCommitRate: 1 });
    expect(await env.run(activities.triggerBsas, input).catch((e: unknown) => e)).toBeInstanceOf(ApplicationFailure);
    await setFaults({});
    const again = (await env.run(activities.triggerBsas, input)) as { triggered: boolean };
    expect(again.triggered).toBe(false);
    const triggers = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${s.nino}&api=self-assessment-bsas`)).json()) as { entries: unknown[] };
    expect(triggers.entries).toHaveLength(1);

    const annual = { nino: s.nino, businessId: s.businessId, taxYear: '2026-27', kind: 'self-employment' as const, body: { allowances: { annualInvestmentAllowance: 1000 }, nonFinancials: { businessDetailsChangedRecently: false } } };
    expect(await env.run(activities.submitAnnualSubmission, annual)).toEqual({ submitted: true });
    expect(await env.run(activities.submitAnnualSubmission, annual)).toEqual({ submitted: false });

    // The intent-to-finalise calculation: a lost answer is found again rather than triggered twice.
    const requestedAfter = hmrc.emulator.clock.now().toISOString();
    await setFaults({ timeoutAfterCommitRate: 1 });
    expect(await env.run(activities.triggerCalculation, { nino: s.nino, taxYear: '2026-27', calculationType: 'intent-to-finalise' as const, requestedAfter }).catch((e: unknown) => e)).toBeInstanceOf(ApplicationFailure);
    await setFaults({});
    const calc: { calculationId: string; triggered: boolean } = await env.run(activities.triggerCalculation, { nino: s.nino, taxYear: '2026-27', calculationType: 'intent-to-finalise' as const, requestedAfter });
    expect(calc.triggered).toBe(false);
    const retrieved: Record<string, unknown> = await env.run(activities.retrieveCalculation, { nino: s.nino, taxYear: '2026-27', calculationId: calc.calculationId });
    expect((retrieved.metadata as { calculationType: string }).calculationType).toBe('intent-to-finalise');

    const report: { reportId: string; correlationId: string; messages: unknown[] } | null = await env.run(activities.produceAssistReport, { nino: s.nino, taxYear: '2026-27', calculationId: calc.calculationId });
    expect(report?.messages.length).toBeGreaterThan(0);
    await env.run(activities.acknowledgeAssistReport, { nino: s.nino, reportId: report!.reportId, correlationId: report!.correlationId });

    expect(await env.run(activities.submitFinalDeclaration, { nino: s.nino, taxYear: '2026-27', calculationId: calc.calculationId })).toEqual({ declared: true });
    expect(await env.run(activities.submitFinalDeclaration, { nino: s.nino, taxYear: '2026-27', calculationId: calc.calculationId })).toEqual({ declared: false });
    const declarations = (await (await fetch(`${hmrc.url}/emulator/ledger?nino=${s.nino}&api=individual-calculations`)).json()) as { entries: { operation: string }[] };
    expect(declarations.entries.map((e) => e.operation.split(' ')[0]).sort()).toEqual(['POST', 'POST']);
  });
});
