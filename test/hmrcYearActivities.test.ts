// The HMRC activities a tax year needs beyond the submissions, against the emulator and a real PostgreSQL: agent
// authorisation, ITSA status, income sources, obligations, adjustable summaries and the client's account. Each write
// survives a timeout after HMRC committed without being made twice, and staff's web session reaches HMRC intact.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createHmrcActivities } from '../activities/hmrc';
import { createDb, type Db } from '../db/connect';
import type { HmrcCall } from '../integrations/hmrc/client';
import type { WebSession } from '../integrations/hmrc/fraudPreventionHeaders';
import { calculationsOf, type StoredCalculation } from '../sandbox/hmrc/apis/individualCalculations/store';
import { finalDeclarations } from '../sandbox/hmrc/taxpayerData';
import { agentWithClient, appToken, call, engineHmrcClient, startEmulator, userToken, type RunningEmulator } from './helpers/hmrcEmulator';

let hmrc: RunningEmulator;
let db: Db;
const env = new MockActivityEnvironment();

beforeAll(async () => {
  hmrc = await startEmulator();
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.destroy();
  await hmrc?.stop();
});

/** Runs an activity as Temporal would, keeping its result type (MockActivityEnvironment.run infers none). */
function run<P extends unknown[], R>(activity: (...args: P) => Promise<R>, ...args: P): Promise<R> {
  return env.run(activity, ...args) as Promise<R>;
}

function setClock(iso: string): void {
  hmrc.emulator.clock.set(new Date(iso));
}

async function setFaults(faults: object): Promise<void> {
  await fetch(`${hmrc.url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
}

async function ledger(nino: string, operation: string): Promise<unknown[]> {
  const answer = await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}&operation=${encodeURIComponent(operation)}`);
  return ((await answer.json()) as { entries: unknown[] }).entries;
}

/** What the client saw of each call: the session it carried, and HMRC's correlation id for its answer. */
interface Seen {
  requests: HmrcCall[];
  correlationIds: string[];
}

/** The activities acting as this agent, with a token issued at the emulator's present. */
async function activitiesAs(agentUserId: string, seen?: Seen) {
  const token = await userToken(hmrc, agentUserId);
  const client = engineHmrcClient(hmrc, () => token, {
    onRequest: (c) => seen?.requests.push(c),
    onResponse: (_c, result) => result.correlationId && seen?.correlationIds.push(result.correlationId),
  });
  return createHmrcActivities({ db, hmrc: client });
}

/** An agent and an MTD client with no relationship between them yet. */
async function strangers() {
  const app = await appToken(hmrc);
  const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
  const client = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax', 'self-assessment'] } })).body;
  return { agent, arn: agent.agentServicesAccountNumber as string, nino: client.nino as string, postcode: client.individualDetails.address.postcode as string };
}

/** A test business; a self-employment gets the address HMRC requires of it (property businesses may not have one). */
async function createBusiness(nino: string, token: string, body: Record<string, unknown>): Promise<string> {
  const address = body.typeOfBusiness === 'self-employment' ? { businessAddressLineOne: '1 Road', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' } : {};
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, { token, body: { ...address, ...body } });
  expect(created.status).toBe(201);
  return created.body.businessId as string;
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const failure = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(ApplicationFailure);
  return failure as ApplicationFailure;
}

describe('Agent Authorisation', () => {
  it('tells a main agent, a supporting agent and no relationship apart', async () => {
    setClock('2026-04-07T09:00:00Z');
    const main = await agentWithClient(hmrc);
    const postcodeOf = (c: { client: { individualDetails: { address: { postcode: string } } } }) => c.client.individualDetails.address.postcode;
    const asMain = await activitiesAs(main.agent.userId);
    expect(await run(asMain.checkAgentRelationship, { arn: main.arn, nino: main.nino, postcode: postcodeOf(main) })).toEqual({ status: 'main' });

    const supporting = await agentWithClient(hmrc, 'supporting');
    const asSupporting = await activitiesAs(supporting.agent.userId);
    expect(await run(asSupporting.checkAgentRelationship, { arn: supporting.arn, nino: supporting.nino, postcode: postcodeOf(supporting) })).toEqual({ status: 'supporting' });

    const none = await strangers();
    const asStranger = await activitiesAs(none.agent.userId);
    expect(await run(asStranger.checkAgentRelationship, { arn: none.arn, nino: none.nino, postcode: none.postcode })).toEqual({ status: 'none' });

    // A postcode that is not the client's is HMRC's business error, passed to staff with HMRC's code.
    const wrong = await failureOf(run(asMain.checkAgentRelationship, { arn: main.arn, nino: main.nino, postcode: 'ZZ1 1ZZ' }));
    expect(wrong).toMatchObject({ type: 'HmrcBusinessError', nonRetryable: true });
    expect(wrong.details?.[0]).toMatchObject({ code: 'POSTCODE_DOES_NOT_MATCH', status: 403 });
  });

  it('invites a client once, reuses the pending invitation, follows it to accepted, and then needs none', async () => {
    setClock('2026-04-07T09:00:00Z');
    const s = await strangers();
    const activities = await activitiesAs(s.agent.userId);
    const input = { arn: s.arn, nino: s.nino, postcode: s.postcode, agentType: 'main' as const };

    const created = await run(activities.createAuthorisationInvitation, input);
    expect(created).toMatchObject({ outcome: 'created', status: 'Pending', agentType: 'main', expiresOn: '2026-04-28' });
    if (created.outcome === 'already-authorised') throw new Error('expected an invitation');
    // The emulator's clock runs on from where it was set.
    expect(created.created).toMatch(/^2026-04-07T09:00:0\d\.\d{3}Z$/);
    expect(created.invitationId).toMatch(/^[A-Z0-9]{13}$/);
    expect(created.clientActionUrl).toContain(`/appoint-someone-to-deal-with-HMRC-for-you/${created.invitationId}`);

    expect(await run(activities.createAuthorisationInvitation, input)).toMatchObject({ outcome: 'reused', invitationId: created.invitationId, status: 'Pending' });
    expect(await run(activities.getInvitationStatus, { arn: s.arn, invitationId: created.invitationId })).toMatchObject({ invitationId: created.invitationId, status: 'Pending', agentType: 'main' });

    setClock('2026-04-09T15:30:00Z');
    expect((await fetch(`${hmrc.url}/emulator/invitations/${created.invitationId}/accept`, { method: 'POST' })).status).toBe(200);
    const later = await activitiesAs(s.agent.userId);
    const accepted = await run(later.getInvitationStatus, { arn: s.arn, invitationId: created.invitationId });
    expect(accepted).toEqual({ invitationId: created.invitationId, status: 'Accepted', agentType: 'main', created: created.created, updated: expect.stringMatching(/^2026-04-09T15:30:0\d\.\d{3}Z$/), expiresOn: '2026-04-28' });
    expect(await run(later.createAuthorisationInvitation, input)).toEqual({ outcome: 'already-authorised' });
    expect(await run(later.checkAgentRelationship, { arn: s.arn, nino: s.nino, postcode: s.postcode })).toEqual({ status: 'main' });
    expect(await ledger(s.nino, 'POST /agents/{arn}/invitations')).toHaveLength(1);
  });

  it('makes one invitation when HMRC commits it and the answer is lost, and will not ask for a second agent type', async () => {
    setClock('2026-04-07T09:00:00Z');
    const s = await strangers();
    const activities = await activitiesAs(s.agent.userId);
    const input = { arn: s.arn, nino: s.nino, postcode: s.postcode, agentType: 'main' as const };
    await setFaults({ timeoutAfterCommitRate: 1 });
    const lost = await failureOf(run(activities.createAuthorisationInvitation, input)).finally(() => setFaults({}));
    expect(lost.nonRetryable).toBe(false);
    // Temporal's retry: HMRC refuses a second request for this client and points at the first, which is reused.
    const retried = await run(activities.createAuthorisationInvitation, input);
    expect(retried).toMatchObject({ outcome: 'reused', status: 'Pending', agentType: 'main' });
    expect(await ledger(s.nino, 'POST /agents/{arn}/invitations')).toHaveLength(1);

    // A pending request for the other agent type is not what was asked for: staff must cancel it first.
    const other = await strangers();
    const asOther = await activitiesAs(other.agent.userId);
    const supporting = await run(asOther.createAuthorisationInvitation, { arn: other.arn, nino: other.nino, postcode: other.postcode, agentType: 'supporting' as const });
    expect(supporting).toMatchObject({ outcome: 'created', agentType: 'supporting' });
    const clash = await failureOf(run(asOther.createAuthorisationInvitation, { arn: other.arn, nino: other.nino, postcode: other.postcode, agentType: 'main' as const }));
    expect(clash).toMatchObject({ type: 'InvitationPendingForOtherAgentType', nonRetryable: true });
    expect(clash.details?.[0]).toMatchObject({ invitationId: (supporting as { invitationId: string }).invitationId, agentType: 'supporting', status: 'Pending' });
  });
});

describe('ITSA status, income sources and obligations', () => {
  it("reads the year's ITSA status: HMRC's latest entry, with the income that decided it in pence", async () => {
    setClock('2026-04-07T09:00:00Z');
    const c = await agentWithClient(hmrc);
    const activities = await activitiesAs(c.agent.userId);
    expect(await run(activities.getItsaStatus, { nino: c.nino, taxYear: '2026-27' })).toEqual({
      taxYear: '2026-27',
      status: 'MTD Mandated',
      statusReason: 'Sign up - return available',
      submittedOn: '2026-04-06T00:00:00.000Z',
    });
    const set = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${c.nino}/2027-28`, {
      token: c.agentToken,
      body: {
        itsaStatusDetails: [
          { submittedOn: '2027-04-06T09:00:00.000Z', status: 'MTD Mandated', statusReason: 'Rollover', businessIncome2YearsPrior: 61000 },
          { submittedOn: '2027-06-01T09:00:00.000Z', status: 'Annual', statusReason: 'MTD ITSA Opt-Out', businessIncome2YearsPrior: 48250.75 },
        ],
      },
    });
    expect(set.status).toBe(204);
    expect(await run(activities.getItsaStatus, { nino: c.nino, taxYear: '2027-28' })).toEqual({
      taxYear: '2027-28',
      status: 'Annual',
      statusReason: 'MTD ITSA Opt-Out',
      submittedOn: '2027-06-01T09:00:00.000Z',
      businessIncome2YearsPriorPence: 4_825_075,
    });
  });

  it('lists income sources with their dates, reporting choices and accounting type (which supporting agents cannot see)', async () => {
    setClock('2026-04-07T09:00:00Z');
    const c = await agentWithClient(hmrc);
    const shop = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'self-employment', tradingName: 'Corner Shop', commencementDate: '2019-06-01', accountingType: 'ACCRUALS' });
    const stall = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'self-employment', tradingName: 'Market Stall', commencementDate: '2021-03-01', cessationDate: '2026-09-30' });
    const flat = await createBusiness(c.nino, c.agentToken, {
      typeOfBusiness: 'uk-property',
      commencementDate: '2025-05-01',
      quarterlyTypeChoice: { quarterlyPeriodType: 'calendar', taxYearOfChoice: '2026-27' },
      latencyDetails: { latencyEndDate: '2027-04-05', taxYear1: '2025-26', latencyIndicator1: 'A', taxYear2: '2026-27', latencyIndicator2: 'Q' },
    });
    const seen: Seen = { requests: [], correlationIds: [] };
    const activities = await activitiesAs(c.agent.userId, seen);
    const sources = await run(activities.listIncomeSources, { nino: c.nino, taxYear: '2026-27' });
    const byId = Object.fromEntries(sources.map((s) => [s.businessId, s]));
    expect(sources).toHaveLength(3);
    expect(byId[shop]).toEqual({ businessId: shop, kind: 'self-employment', tradingName: 'Corner Shop', commencementDate: '2019-06-01', accountingType: 'ACCRUAL' });
    expect(byId[stall]).toEqual({ businessId: stall, kind: 'self-employment', tradingName: 'Market Stall', commencementDate: '2021-03-01', cessationDate: '2026-09-30', accountingType: 'CASH' });
    expect(byId[flat]).toEqual({
      businessId: flat,
      kind: 'uk-property',
      commencementDate: '2025-05-01',
      accountingType: 'CASH',
      quarterlyPeriodType: { type: 'calendar', taxYearOfChoice: '2026-27' },
      latency: { endDate: '2027-04-05', taxYear1: '2025-26', indicator1: 'A', taxYear2: '2026-27', indicator2: 'Q' },
    });
    // One list, one retrieve and one accounting type per business: nothing more.
    expect(seen.requests.map((r) => `${r.method} ${r.path.replace(c.nino, '{nino}').replace(/X[A-Z0-9]IS\d{11}/, '{businessId}')}`).sort()).toEqual(
      [
        ...Array(3).fill('GET /individuals/business/details/{nino}/{businessId}'),
        ...Array(3).fill('GET /individuals/business/details/{nino}/{businessId}/2026-27/accounting-type'),
        'GET /individuals/business/details/{nino}/list',
      ].sort(),
    );

    // Without a tax year there is no accounting type to ask for.
    expect((await run(activities.listIncomeSources, { nino: c.nino })).every((s) => s.accountingType === undefined)).toBe(true);

    // A supporting agent for the same client: HMRC does not show it the accounting type (HMRC README §1.9).
    const app = await appToken(hmrc);
    const helper = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
    const invite = await call(hmrc, 'POST', `/agents/${helper.agentServicesAccountNumber}/invitations`, {
      token: await userToken(hmrc, helper.userId),
      version: '2.0',
      body: { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: c.nino, knownFact: c.client.individualDetails.address.postcode, agentType: 'supporting' },
    });
    await fetch(`${hmrc.url}/emulator/invitations/${invite.headers.get('location')!.split('/').pop()}/accept`, { method: 'POST' });
    const asSupporting = await activitiesAs(helper.userId);
    const seenBySupporting = await run(asSupporting.listIncomeSources, { nino: c.nino, taxYear: '2026-27' });
    expect(seenBySupporting.map((s) => s.businessId).sort()).toEqual([shop, stall, flat].sort());
    expect(seenBySupporting.every((s) => s.accountingType === undefined)).toBe(true);

    // A client with no businesses at all has no income sources (HMRC's 404).
    const empty = await agentWithClient(hmrc);
    expect(await run((await activitiesAs(empty.agent.userId)).listIncomeSources, { nino: empty.nino })).toEqual([]);
  });

  it("lists each business's quarterly obligations for a year as they become fulfilled, and the final declaration's", async () => {
    setClock('2026-04-07T09:00:00Z');
    const c = await agentWithClient(hmrc);
    const shop = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'self-employment', tradingName: 'Corner Shop', commencementDate: '2019-06-01' });
    const flat = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'uk-property', commencementDate: '2019-06-01' });
    setClock('2026-07-20T09:00:00Z');
    const activities = await activitiesAs(c.agent.userId);
    const quarter = (end: string, due: string) => ({ periodStartDate: '2026-04-06', periodEndDate: end, dueDate: due, status: 'open' });
    const open = [quarter('2026-07-05', '2026-08-07'), quarter('2026-10-05', '2026-11-07'), quarter('2027-01-05', '2027-02-07'), quarter('2027-04-05', '2027-05-07')];
    const all = await run(activities.listQuarterlyObligations, { nino: c.nino, taxYear: '2026-27' });
    expect(all.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { businessId: shop, kind: 'self-employment', periods: open },
      { businessId: flat, kind: 'uk-property', periods: open },
    ]);

    const put = await call(hmrc, 'PUT', `/individuals/business/self-employment/${c.nino}/${shop}/cumulative/2026-27`, {
      token: await userToken(hmrc, c.agent.userId),
      version: '5.0',
      body: { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 15000, other: 0 }, periodExpenses: { consolidatedExpenses: 2500 } },
    });
    expect(put.status).toBe(204);
    // HMRC filters by business only together with its type; without the type the business is picked out by the activity.
    for (const filter of [{ businessId: shop, kind: 'self-employment' as const }, { businessId: shop }]) {
      const one = await run(activities.listQuarterlyObligations, { nino: c.nino, taxYear: '2026-27', ...filter });
      expect(one).toEqual([{ businessId: shop, kind: 'self-employment', periods: [{ ...open[0], status: 'fulfilled', receivedDate: '2026-07-20' }, ...open.slice(1)] }]);
    }

    expect(await run(activities.getFinalDeclarationObligation, { nino: c.nino, taxYear: '2026-27' })).toEqual({
      periodStartDate: '2026-04-06',
      periodEndDate: '2027-04-05',
      dueDate: '2028-01-31',
      status: 'open',
    });
  });
});

describe('Adjustable summaries', () => {
  const se = (nino: string, businessId: string) => `/individuals/self-assessment/adjustable-summary/${nino}/self-employment/${businessId}`;

  /** A client whose self-employment and UK property have a full 2026-27 in, on 10 May 2027. */
  async function yearIn() {
    setClock('2026-04-07T09:00:00Z');
    const c = await agentWithClient(hmrc);
    const shop = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'self-employment', tradingName: 'Corner Shop', commencementDate: '2019-06-01' });
    const flat = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'uk-property', commencementDate: '2019-06-01' });
    setClock('2027-04-20T09:00:00Z');
    const token = await userToken(hmrc, c.agent.userId);
    const seYear = await call(hmrc, 'PUT', `/individuals/business/self-employment/${c.nino}/${shop}/cumulative/2026-27`, {
      token,
      version: '5.0',
      body: { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2027-04-05' }, periodIncome: { turnover: 60000, other: 0 }, periodExpenses: { consolidatedExpenses: 2500.5 } },
    });
    expect(seYear.status).toBe(204);
    const ukYear = await call(hmrc, 'PUT', `/individuals/business/property/uk/${c.nino}/${flat}/cumulative/2026-27`, {
      token,
      version: '6.0',
      body: { fromDate: '2026-04-06', toDate: '2027-04-05', ukProperty: { income: { periodAmount: 12000 }, expenses: { premisesRunningCosts: 1500 } } },
    });
    expect(ukYear.status).toBe(204);
    setClock('2027-05-10T09:00:00Z');
    const activities = await activitiesAs(c.agent.userId);
    const trigger = (businessId: string, typeOfBusiness: 'self-employment' | 'uk-property') =>
      run(activities.triggerBsas, { nino: c.nino, businessId, typeOfBusiness, taxYear: '2026-27', startDate: '2026-04-06', endDate: '2027-04-05' });
    return { ...c, shop, flat, activities, trigger };
  }

  it('shows a summary in pence and applies adjustments once, even when HMRC commits them and the answer is lost', async () => {
    const y = await yearIn();
    const { calculationId } = await y.trigger(y.shop, 'self-employment');
    const summary = await run(y.activities.retrieveBsas, { nino: y.nino, calculationId, kind: 'self-employment' as const, taxYear: '2026-27' });
    expect(summary).toMatchObject({
      calculationId,
      taxYear: '2026-27',
      summaryStatus: 'valid',
      businessId: y.shop,
      kind: 'self-employment',
      accountingPeriod: { startDate: '2026-04-06', endDate: '2027-04-05' },
      adjustable: { totalIncome: 6_000_000, income: { turnover: 6_000_000 }, totalExpenses: 250_050, expenses: { consolidatedExpenses: 250_050 }, netProfit: 5_749_950 },
    });
    expect(summary.adjustments).toBeUndefined();
    expect(summary.adjustedDateTime).toBeUndefined();

    const adjustments = { income: { turnover: 50_025 }, expenses: { consolidatedExpenses: -10_000 } };
    const input = { nino: y.nino, calculationId, kind: 'self-employment' as const, taxYear: '2026-27', adjustments };
    await setFaults({ timeoutAfterCommitRate: 1 });
    const lost = await failureOf(run(y.activities.submitBsasAdjustments, input)).finally(() => setFaults({}));
    expect(lost.nonRetryable).toBe(false);
    expect(await run(y.activities.submitBsasAdjustments, input)).toEqual({ submitted: false, summaryStatus: 'valid' });
    expect(await ledger(y.nino, 'POST /individuals/self-assessment/adjustable-summary/{nino}/self-employment/{calculationId}/adjust/{taxYear}')).toHaveLength(1);
    // What HMRC holds is what staff sent: the deltas in pence, and the adjusted figures they give.
    const adjusted = await run(y.activities.retrieveBsas, { nino: y.nino, calculationId, kind: 'self-employment' as const, taxYear: '2026-27' });
    expect(adjusted.adjustments).toEqual(adjustments);
    expect(adjusted.adjustedDateTime).toBe('2027-05-10T09:00:00Z');
    expect(adjusted.adjusted).toMatchObject({ totalIncome: 6_050_025, income: { turnover: 6_050_025 }, totalExpenses: 240_050, netProfit: 5_809_975 });

    // Other adjustments would need a new summary (HMRC: RULE_ALREADY_ADJUSTED): said before anything is sent.
    const other = await failureOf(run(y.activities.submitBsasAdjustments, { ...input, adjustments: { income: { turnover: 100 } } }));
    expect(other).toMatchObject({ type: 'BsasAlreadyAdjusted', nonRetryable: true });
    expect(other.details?.[0]).toMatchObject({ code: 'RULE_ALREADY_ADJUSTED', held: adjustments });
    // An hour later staff ask for a new summary: one requested since that step began is ours, and takes new adjustments.
    setClock('2027-05-10T10:00:00Z');
    const requestedAfter = hmrc.emulator.clock.now().toISOString();
    y.activities = await activitiesAs(y.agent.userId);
    const fresh = await run(y.activities.triggerBsas, { nino: y.nino, businessId: y.shop, typeOfBusiness: 'self-employment' as const, taxYear: '2026-27', startDate: '2026-04-06', endDate: '2027-04-05', requestedAfter });
    expect(fresh.triggered).toBe(true);
    expect(fresh.calculationId).not.toBe(calculationId);
    expect(await run(y.activities.submitBsasAdjustments, { ...input, calculationId: fresh.calculationId, adjustments: { income: { turnover: 100 } } })).toEqual({ submitted: true, summaryStatus: 'valid' });
    expect((await run(y.activities.retrieveBsas, { nino: y.nino, calculationId, kind: 'self-employment' as const, taxYear: '2026-27' })).summaryStatus).toBe('superseded');

    // §3.5's zero-adjustments rule and HMRC's refusal of zero deltas, checked before HMRC is asked.
    const calls = await db.selectFrom('hmrc_calls').select((eb) => eb.fn.countAll<string>().as('n')).where('path', 'like', `${se(y.nino, '')}%`).executeTakeFirstOrThrow();
    for (const bad of [{ zeroAdjustments: true, income: { turnover: 100 } }, { income: { turnover: 0 } }, {}]) {
      const refused = await failureOf(run(y.activities.submitBsasAdjustments, { ...input, adjustments: bad as never }));
      expect(refused).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    }
    const after = await db.selectFrom('hmrc_calls').select((eb) => eb.fn.countAll<string>().as('n')).where('path', 'like', `${se(y.nino, '')}%`).executeTakeFirstOrThrow();
    expect(after.n).toBe(calls.n);
  });

  it("confirms a UK property summary with zero adjustments in HMRC's wrapped body, once", async () => {
    const y = await yearIn();
    const { calculationId } = await y.trigger(y.flat, 'uk-property');
    const input = { nino: y.nino, calculationId, kind: 'uk-property' as const, taxYear: '2026-27', adjustments: { zeroAdjustments: true as const } };
    const summary = await run(y.activities.retrieveBsas, { ...input });
    expect(summary).toMatchObject({ kind: 'uk-property', businessId: y.flat, summaryStatus: 'valid', adjustable: { totalIncome: 1_200_000, totalExpenses: 150_000, netProfit: 1_050_000 } });
    await setFaults({ timeoutAfterCommitRate: 1 });
    await failureOf(run(y.activities.submitBsasAdjustments, input)).finally(() => setFaults({}));
    expect(await run(y.activities.submitBsasAdjustments, input)).toEqual({ submitted: false, summaryStatus: 'valid' });
    expect(await ledger(y.nino, 'POST /individuals/self-assessment/adjustable-summary/{nino}/uk-property/{calculationId}/adjust/{taxYear}')).toHaveLength(1);
    expect((await run(y.activities.retrieveBsas, input)).adjustments).toEqual({ zeroAdjustments: true });
  });
});

describe("The client's account", () => {
  /** A final declaration as Individual Calculations leaves it: the account's charges follow from its liability. */
  function declare(nino: string, taxYear: string, liabilityPence: number, at: string): void {
    const calculationId = `${taxYear.slice(0, 4)}0001`;
    calculationsOf(hmrc.emulator.state, nino)[calculationId] = {
      calculationId,
      taxYear,
      calculationType: 'declare-finalisation',
      requestedBy: 'agent',
      requestedTimestamp: at,
      calculationTimestamp: at,
      finalisationTimestamp: at,
      result: { incomeTaxAndNicsDue: liabilityPence },
      messages: { info: [], warnings: [], errors: [] },
      sources: [],
    } as unknown as StoredCalculation;
    finalDeclarations(hmrc.emulator.state, nino)[taxYear] = { taxYear, calculationId, submittedOn: at, calculationType: 'final-declaration' };
  }

  it('lists charges with references and due dates, and payments, in pence', async () => {
    setClock('2028-01-10T12:00:00Z');
    const c = await agentWithClient(hmrc);
    const activities = await activitiesAs(c.agent.userId);
    // Nothing on the account yet (HMRC's 404): all zeros.
    expect(await run(activities.getBalanceAndTransactions, { nino: c.nino })).toEqual({
      balance: { payablePence: 0, pendingPence: 0, overduePence: 0, totalBalancePence: 0, unallocatedCreditPence: 0 },
      charges: [],
      payments: [],
      credits: [],
    });

    declare(c.nino, '2026-27', 500_001, '2028-01-10T10:00:00.000Z');
    const open = await run(activities.getBalanceAndTransactions, { nino: c.nino });
    expect(open.balance).toEqual({ payablePence: 750_001, payableDueDate: '2028-01-31', pendingPence: 250_000, pendingDueDate: '2028-07-31', overduePence: 0, totalBalancePence: 1_000_001, unallocatedCreditPence: 0 });
    expect(open.charges.map(({ chargeReference: _ref, documentId: _id, ...rest }) => rest)).toEqual([
      { description: 'ITSA- Bal Charge', chargeType: '4910', taxYear: '2026-27', dueDate: '2028-01-31', amountPence: 500_001, outstandingPence: 500_001 },
      { description: 'ITSA- POA 1', chargeType: '4920', taxYear: '2027-28', dueDate: '2028-01-31', amountPence: 250_000, outstandingPence: 250_000 },
      { description: 'ITSA - POA 2', chargeType: '4930', taxYear: '2027-28', dueDate: '2028-07-31', amountPence: 250_000, outstandingPence: 250_000 },
    ]);
    // The reference each charge is paid against is the one HMRC's charge history knows it by.
    const balancing = open.charges[0]!;
    expect(balancing.chargeReference).toMatch(/^X[A-Z]\d{12}$/);
    const history = await call(hmrc, 'GET', `/accounts/self-assessment/${c.nino}/charges/chargeReference/${balancing.chargeReference}`, { token: await userToken(hmrc, c.agent.userId), version: '4.0' });
    expect(history.status).toBe(200);

    setClock('2028-01-20T12:00:00Z');
    const paid = await fetch(`${hmrc.url}/emulator/accounts/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nino: c.nino, amount: 6000.01, receivedDate: '2028-01-20' }) });
    expect(paid.status).toBe(201);
    const later = await activitiesAs(c.agent.userId);
    const january = await run(later.getBalanceAndTransactions, { nino: c.nino, fromDate: '2028-01-01', toDate: '2028-01-31' });
    expect(january.payments).toEqual([{ documentId: expect.any(String), receivedDate: '2028-01-20', amountPence: 600_001, unallocatedPence: 0, paymentLot: '202801200001', paymentLotItem: '000001' }]);
    // The payment clears the balancing charge first, then part of the first payment on account.
    expect(january.charges.map((ch) => [ch.description, ch.outstandingPence])).toEqual([
      ['ITSA- Bal Charge', 0],
      ['ITSA- POA 1', 150_000],
      ['ITSA - POA 2', 250_000],
    ]);
    expect(january.balance).toMatchObject({ payablePence: 150_000, pendingPence: 250_000, totalBalancePence: 400_000 });
    await failureOf(run(later.getBalanceAndTransactions, { nino: c.nino, fromDate: '2028-01-01' })).then((f) => expect(f.type).toBe('InvalidActivityInput'));
  });
});

describe("A staff member's session", () => {
  it('goes with every call of a staff-triggered activity as WEB_APP_VIA_SERVER headers HMRC accepts; batch work stays batch', async () => {
    // The session was seen just now, in real time: HMRC judges its timestamps against its own clock.
    hmrc.emulator.clock.set(new Date());
    const c = await agentWithClient(hmrc);
    const shop = await createBusiness(c.nino, c.agentToken, { typeOfBusiness: 'self-employment', tradingName: 'Corner Shop', commencementDate: '2019-06-01' });
    const now = Date.now();
    const session: WebSession = {
      deviceId: randomUUID(),
      browserJsUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      clientPublicIp: '198.51.100.7',
      clientPublicPort: 51234,
      clientPublicIpSeenAt: new Date(now - 2_000).toISOString(),
      screens: [{ width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 }],
      windowSize: { width: 1280, height: 900 },
      timezoneOffsetMinutes: 0,
      staffUserId: 'staff-42',
      multiFactor: [{ type: 'TOTP', at: new Date(now - 3_600_000).toISOString(), uniqueReference: 'c2f0b9d8e7a6f5e4d3c2b1a0' }],
      vendorPublicIp: '203.0.113.6',
    };
    const seen: Seen = { requests: [], correlationIds: [] };
    const activities = await activitiesAs(c.agent.userId, seen);

    const sources = await run(activities.listIncomeSources, { nino: c.nino, taxYear: '2026-27', session });
    expect(sources.map((s) => s.businessId)).toEqual([shop]);
    const q1 = { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 15000, other: 0 }, periodExpenses: { consolidatedExpenses: 2500 } };
    expect(await run(activities.submitCumulativeUpdate, { nino: c.nino, businessId: shop, taxYear: '2026-27', kind: 'self-employment' as const, body: q1, session })).toEqual({ submitted: true });
    const staffCalls = seen.correlationIds.splice(0);
    // List, retrieve, accounting type; then the read before the write, and the write.
    expect(seen.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET', 'PUT']);
    expect(seen.requests.every((r) => r.webSession === session)).toBe(true);
    seen.requests.length = 0;

    await run(activities.getItsaStatus, { nino: c.nino, taxYear: '2026-27' });
    expect(seen.requests.map((r) => r.webSession)).toEqual([undefined]);
    const batchCalls = seen.correlationIds.splice(0);

    const { verdicts } = (await (await fetch(`${hmrc.url}/emulator/fraud-prevention/verdicts`)).json()) as { verdicts: { correlationId: string; connectionMethod: string; code: string; errors: unknown[] }[] };
    const staff = verdicts.filter((v) => staffCalls.includes(v.correlationId));
    expect(staff).toHaveLength(5);
    expect(staff.map((v) => [v.connectionMethod, v.code, v.errors])).toEqual(Array(5).fill(['WEB_APP_VIA_SERVER', 'VALID_HEADERS', []]));
    const batch = verdicts.filter((v) => batchCalls.includes(v.correlationId));
    expect(batch.map((v) => [v.connectionMethod, v.code])).toEqual([['BATCH_PROCESS_DIRECT', 'VALID_HEADERS']]);
  });
});
