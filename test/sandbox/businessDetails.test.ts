// Business Details (MTD) 2.0 in the emulator over raw HTTP: every endpoint, HMRC's example bodies, and every documented error provoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApi } from '../../sandbox/hmrc/oas';
import { finalDeclarations, sourceYear } from '../../sandbox/hmrc/taxpayerData';
import { ErrorCoverage } from '../helpers/errorCoverage';
import { agentWithClient, call, startEmulator, userToken, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

const VERSION = '2.0';
const BASE = '/individuals/business/details';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

/** HMRC's endpoint keys in the bundle, by what each test calls. */
const E = {
  list: 'list',
  retrieve: 'retrieve',
  quarterlyPeriodType: 'quarterly_period_type_create_amend',
  getAccountingType: 'retrieve_accounting_type',
  putAccountingType: 'update_accounting_type',
  getPeriodsOfAccount: 'retrieve_periods_of_account',
  putPeriodsOfAccount: 'create_update_periods_of_account',
  getLadr: 'retrieve_late_accounting_date_rule',
  disapplyLadr: 'disapply_late_accounting_date_rule',
  withdrawLadr: 'withdraw_late_accounting_date_rule',
} as const;
type EndpointKey = (typeof E)[keyof typeof E];

/** Every error code each endpoint's tests have provoked, checked against HMRC's documented lists at the end. */
const coverage = new ErrorCoverage('business-details', VERSION);

/** Asserts the answer carries `code` with `status` (alone, or inside HMRC's INVALID_REQUEST wrapper) and records it. */
function provokes(endpoint: EndpointKey, response: CallResult, status: number, code: string): void {
  coverage.provokes(endpoint, response, status, code);
}

function at(instant: string): void {
  hmrc.emulator.clock.set(new Date(instant));
}

const SELF_EMPLOYMENT = {
  typeOfBusiness: 'self-employment',
  tradingName: 'Okafor Web Design',
  commencementDate: '2020-01-01',
  firstAccountingPeriodStartDate: '2025-04-06',
  firstAccountingPeriodEndDate: '2026-04-05',
  accountingType: 'CASH',
  businessAddressLineOne: '1 High St',
  businessAddressCountryCode: 'GB',
  businessAddressPostcode: 'LS1 4AP',
};

/** An agent authorised for a new MTD client, signed up now (by the emulator clock), with the businesses asked for. */
async function clientWith(...businesses: object[]) {
  const client = await agentWithClient(hmrc);
  const ids: string[] = [];
  for (const business of businesses) {
    const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${client.nino}`, { token: client.agentToken, body: business });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push(created.body.businessId);
  }
  const result = {
    ...client,
    ids,
    /** A fresh token for the agent: moving the clock on expires the old one, as four hours passing would. */
    refresh: async () => {
      result.agentToken = await userToken(hmrc, client.agent.userId);
    },
  };
  return result;
}

function bd(token: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  return call(hmrc, method, `${BASE}${path}`, { token, version: VERSION, ...options });
}

describe('List All Businesses and Retrieve Business Details', () => {
  it('lists and retrieves the businesses created through Test Support, in HMRC\'s retrieve shape', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { typeOfBusiness: 'uk-property', commencementDate: '2021-06-01' });
    const [se, property] = c.ids as [string, string];

    const list = await bd(c.agentToken, 'GET', `/${c.nino}/list`);
    expect(list.status).toBe(200);
    expect(list.body.listOfBusinesses).toEqual([
      { typeOfBusiness: 'self-employment', businessId: se, tradingName: 'Okafor Web Design' },
      { typeOfBusiness: 'uk-property', businessId: property },
    ]);

    const retrieved = await bd(c.agentToken, 'GET', `/${c.nino}/${se}`);
    expect(retrieved.status).toBe(200);
    expect(retrieved.body).toEqual({
      businessId: se,
      typeOfBusiness: 'self-employment',
      tradingName: 'Okafor Web Design',
      firstAccountingPeriodStartDate: '2025-04-06',
      firstAccountingPeriodEndDate: '2026-04-05',
      commencementDate: '2020-01-01',
      businessAddressLineOne: '1 High St',
      businessAddressCountryCode: 'GB',
      businessAddressPostcode: 'LS1 4AP',
      // The accounting period running today; Test Support's accountingType is not part of HMRC's retrieve schema.
      accountingPeriods: [{ start: '2026-04-06', end: '2027-04-05' }],
    });
    expect((await bd(c.agentToken, 'GET', `/${c.nino}/${property}`)).body).toMatchObject({ typeOfBusiness: 'uk-property', commencementDate: '2021-06-01', accountingPeriods: [{ start: '2026-04-06', end: '2027-04-05' }] });

    provokes(E.retrieve, await bd(c.agentToken, 'GET', `/${c.nino}/XBIS99999999999`), 404, 'NO_BUSINESS_FOUND');
    provokes(E.retrieve, await bd(c.agentToken, 'GET', `/${c.nino}/XBIS1`), 400, 'FORMAT_BUSINESS_ID');
    const both = await bd(c.agentToken, 'GET', `/AB12/XBIS1`);
    expect(both.body).toMatchObject({ code: 'INVALID_REQUEST', errors: [{ code: 'FORMAT_NINO' }, { code: 'FORMAT_BUSINESS_ID' }] });
  });

  it('answers 404 MATCHING_RESOURCE_NOT_FOUND for a customer with no businesses', async () => {
    const c = await clientWith();
    provokes(E.list, await bd(c.agentToken, 'GET', `/${c.nino}/list`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.retrieve, await bd(c.agentToken, 'GET', `/${c.nino}/XBIS12345678901`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it('reports a ceased business\'s last accounting period, ending on cessation', async () => {
    at('2026-11-01T09:00:00Z');
    const c = await clientWith({ ...SELF_EMPLOYMENT, cessationDate: '2026-09-30' });
    expect((await bd(c.agentToken, 'GET', `/${c.nino}/${c.ids[0]}`)).body.accountingPeriods).toEqual([{ start: '2026-04-06', end: '2026-09-30' }]);
  });
});

describe('platform errors on every Business Details endpoint', () => {
  const endpoints: [EndpointKey, string, (bid: string) => string, unknown?][] = [
    [E.list, 'GET', () => '/list'],
    [E.retrieve, 'GET', (bid) => `/${bid}`],
    [E.quarterlyPeriodType, 'PUT', (bid) => `/${bid}/2026-27`, { quarterlyPeriodType: 'standard' }],
    [E.getAccountingType, 'GET', (bid) => `/${bid}/2026-27/accounting-type`],
    [E.putAccountingType, 'PUT', (bid) => `/${bid}/2026-27/accounting-type`, { accountingType: 'CASH' }],
    [E.getPeriodsOfAccount, 'GET', (bid) => `/${bid}/2025-26/periods-of-account`],
    [E.putPeriodsOfAccount, 'PUT', (bid) => `/${bid}/2025-26/periods-of-account`, { periodsOfAccount: false }],
    [E.getLadr, 'GET', (bid) => `/${bid}/2025-26/late-accounting-date-rule-election`],
    [E.disapplyLadr, 'POST', (bid) => `/${bid}/2025-26/late-accounting-date-rule-election/disapply`],
    [E.withdrawLadr, 'DELETE', (bid) => `/${bid}/2025-26/late-accounting-date-rule-election/withdraw`],
  ];

  it.each(endpoints)('%s: FORMAT_NINO, CLIENT_OR_AGENT_NOT_AUTHORISED, RULE_INCORRECT_GOV_TEST_SCENARIO', async (key, method, path, body) => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const stranger = await clientWith();
    const bid = c.ids[0]!;
    const options = body === undefined ? {} : { body };
    provokes(key, await bd(c.agentToken, method, `/AB12${path(bid)}`, options), 400, 'FORMAT_NINO');
    provokes(key, await bd(stranger.agentToken, method, `/${c.nino}${path(bid)}`, options), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    provokes(key, await bd(c.agentToken, method, `/${c.nino}${path(bid)}`, { ...options, headers: { 'Gov-Test-Scenario': 'NO_SUCH_SCENARIO' } }), 400, 'RULE_INCORRECT_GOV_TEST_SCENARIO');
    // A documented scenario is answered from HMRC's own examples, before any stateful rule.
    const scenario = key === E.quarterlyPeriodType ? 'BUSINESS_ID_NOT_FOUND' : 'NOT_FOUND';
    const canned = await bd(c.agentToken, method, `/${c.nino}${path(bid)}`, { ...options, headers: { 'Gov-Test-Scenario': scenario } });
    expect(canned.status).toBe(404);
  });
});

describe('Create and Amend Quarterly Period Type', () => {
  it('accepts HMRC\'s example for the current tax year, and a calendar election shows in Retrieve', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const bid = c.ids[0]!;
    const example = findApi('business-details', VERSION)!.endpoints.find((e) => e.key === E.quarterlyPeriodType)!.requestBody!.examples;
    for (const { value } of example) expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${bid}/2026-27`, { body: value })).status).toBe(204);
    expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${bid}/2026-27`, { body: { quarterlyPeriodType: 'calendar' } })).status).toBe(204);
    expect((await bd(c.agentToken, 'GET', `/${c.nino}/${bid}`)).body.quarterlyTypeChoice).toEqual({ quarterlyPeriodType: 'calendar', taxYearOfChoice: '2026-27' });
    const ledger = hmrc.emulator.state.ledger.filter((e) => e.businessId === bid && e.api === 'business-details');
    expect(ledger.at(-1)).toMatchObject({ nino: c.nino, taxYear: '2026-27', status: 204 });
  });

  it('refuses other tax years, unknown businesses, property of no known kind, bad bodies and formats', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { typeOfBusiness: 'property-unspecified' });
    const [se, unspecified] = c.ids as [string, string];
    const put = (path: string, body: unknown = { quarterlyPeriodType: 'calendar' }) => bd(c.agentToken, 'PUT', `/${c.nino}/${path}`, { body });
    provokes(E.quarterlyPeriodType, await put(`${se}/2025-26`), 422, 'RULE_REQUEST_CANNOT_BE_FULFILLED');
    provokes(E.quarterlyPeriodType, await put(`${se}/2026-28`), 422, 'RULE_REQUEST_CANNOT_BE_FULFILLED');
    const unspecifiedAnswer = await put(`${unspecified}/2026-27`);
    provokes(E.quarterlyPeriodType, unspecifiedAnswer, 422, 'RULE_REQUEST_CANNOT_BE_FULFILLED');
    expect(unspecifiedAnswer.body.message).toBe('Request cannot proceed for this income source type');
    provokes(E.quarterlyPeriodType, await put('XBIS99999999999/2026-27'), 404, 'RULE_BUSINESS_ID_NOT_FOUND');
    provokes(E.quarterlyPeriodType, await put(`${se}/2026`), 400, 'FORMAT_TAX_YEAR');
    provokes(E.quarterlyPeriodType, await put(`${se}/1999-00`), 400, 'FORMAT_TAX_YEAR');
    provokes(E.quarterlyPeriodType, await put(`XBIS1/2026-27`), 400, 'FORMAT_BUSINESS_ID');
    provokes(E.quarterlyPeriodType, await put(`${se}/2026-27`, {}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    const monthly = await put(`${se}/2026-27`, { quarterlyPeriodType: 'monthly' });
    provokes(E.quarterlyPeriodType, monthly, 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expect(monthly.body.paths).toEqual(['/quarterlyPeriodType']);
  });

  it('cannot change once a submission exists for the year, nor for a business reporting annually', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, {
      ...SELF_EMPLOYMENT,
      tradingName: 'New Venture',
      commencementDate: '2026-04-20',
      latencyDetails: { latencyEndDate: '2028-04-05', taxYear1: '2026-27', latencyIndicator1: 'A', taxYear2: '2027-28', latencyIndicator2: 'Q' },
    });
    const [se, latent] = c.ids as [string, string];
    // The Self-Employment API records cumulative updates here; one update for the year fixes its quarters.
    const source = sourceYear(hmrc.emulator.state, c.nino, se, '2026-27');
    const update = { body: {}, submittedOn: '2026-05-10T08:00:00.000Z', periodStartDate: '2026-04-06', periodEndDate: '2026-04-30' };
    source.cumulativeHistory.push(update);
    source.cumulative = update;
    provokes(E.quarterlyPeriodType, await bd(c.agentToken, 'PUT', `/${c.nino}/${se}/2026-27`, { body: { quarterlyPeriodType: 'calendar' } }), 400, 'RULE_BUSINESS_ID_STATE_CONFLICT');
    provokes(E.quarterlyPeriodType, await bd(c.agentToken, 'PUT', `/${c.nino}/${latent}/2026-27`, { body: { quarterlyPeriodType: 'calendar' } }), 400, 'RULE_BUSINESS_ID_STATE_CONFLICT');
    expect((await bd(c.agentToken, 'GET', `/${c.nino}/${latent}`)).body).toMatchObject({
      latencyDetails: { latencyEndDate: '2028-04-05', taxYear1: '2026-27', latencyIndicator1: 'A', taxYear2: '2027-28', latencyIndicator2: 'Q' },
      accountingPeriods: [{ start: '2026-04-20', end: '2027-04-05' }],
    });
  });

  it('cannot change for a business commencing 1-5 April while those days last', async () => {
    at('2027-04-03T09:00:00Z');
    const c = await clientWith({ ...SELF_EMPLOYMENT, commencementDate: '2027-04-01' });
    const answer = await bd(c.agentToken, 'PUT', `/${c.nino}/${c.ids[0]}/2026-27`, { body: { quarterlyPeriodType: 'calendar' } });
    provokes(E.quarterlyPeriodType, answer, 400, 'RULE_QUARTERLY_PERIOD_UPDATING');
    at('2027-04-06T09:00:00Z');
    await c.refresh();
    expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${c.ids[0]}/2027-28`, { body: { quarterlyPeriodType: 'calendar' } })).status).toBe(204);
  });
});

describe('Accounting Type', () => {
  it('reads the type the business was created with, updates it in year (HMRC\'s example), and rolls it forward', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { typeOfBusiness: 'uk-property', accountingType: 'ACCRUALS' });
    const [se, property] = c.ids as [string, string];
    const get = (bid: string, taxYear: string) => bd(c.agentToken, 'GET', `/${c.nino}/${bid}/${taxYear}/accounting-type`);
    expect((await get(se, '2026-27')).body).toEqual({ accountingType: 'CASH' });
    expect((await get(property, '2026-27')).body).toEqual({ accountingType: 'ACCRUAL' });

    const example = findApi('business-details', VERSION)!.endpoints.find((e) => e.key === E.putAccountingType)!.requestBody!.examples;
    expect(example.map((e) => e.value)).toEqual([{ accountingType: 'ACCRUAL' }]);
    expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${se}/2026-27/accounting-type`, { body: example[0]!.value })).status).toBe(204);
    expect((await get(se, '2026-27')).body).toEqual({ accountingType: 'ACCRUAL' });
    expect((await get(se, '2027-28')).body).toEqual({ accountingType: 'ACCRUAL' });
    expect((await get(se, '2025-26')).body).toEqual({ accountingType: 'CASH' });
  });

  it('validates as HMRC documents and refuses changes after the final declaration', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const bid = c.ids[0]!;
    const get = (path: string) => bd(c.agentToken, 'GET', `/${c.nino}/${path}/accounting-type`);
    const put = (path: string, body: unknown = { accountingType: 'ACCRUAL' }) => bd(c.agentToken, 'PUT', `/${c.nino}/${path}/accounting-type`, { body });
    provokes(E.getAccountingType, await get(`${bid}/2026`), 400, 'FORMAT_TAX_YEAR');
    provokes(E.getAccountingType, await get(`${bid}/2025-27`), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    provokes(E.getAccountingType, await get(`XBIS1/2025-26`), 400, 'FORMAT_BUSINESS_ID');
    provokes(E.getAccountingType, await get(`XBIS99999999999/2025-26`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    // No minimum year for reading.
    expect((await get(`${bid}/2019-20`)).status).toBe(200);

    provokes(E.putAccountingType, await put(`${bid}/2026`), 400, 'FORMAT_TAX_YEAR');
    provokes(E.putAccountingType, await put(`${bid}/2025-27`), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    provokes(E.putAccountingType, await put(`${bid}/2023-24`), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    provokes(E.putAccountingType, await put(`XBIS1/2025-26`), 400, 'FORMAT_BUSINESS_ID');
    provokes(E.putAccountingType, await put(`XBIS99999999999/2025-26`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.putAccountingType, await put(`${bid}/2025-26`, { accountingType: 'ACCRUALS' }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    provokes(E.putAccountingType, await put(`${bid}/2025-26`, {}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    // The sandbox's minimum year is 2024-25.
    expect((await put(`${bid}/2024-25`)).status).toBe(204);

    finalDeclarations(hmrc.emulator.state, c.nino)['2025-26'] = { taxYear: '2025-26', calculationId: '12345678', submittedOn: '2026-05-01T10:00:00.000Z', calculationType: 'final-declaration' };
    provokes(E.putAccountingType, await put(`${bid}/2025-26`), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('is not open to a supporting agent', async () => {
    at('2026-05-10T09:00:00Z');
    const main = await clientWith(SELF_EMPLOYMENT);
    const supporting = await agentWithClient(hmrc, 'supporting');
    // Authorise the supporting agent for the main agent's client too.
    hmrc.emulator.state.relationships.push({ arn: supporting.arn, nino: main.nino, agentType: 'supporting', since: '2026-05-10T09:00:00.000Z' });
    const path = `/${main.nino}/${main.ids[0]}/2026-27/accounting-type`;
    provokes(E.getAccountingType, await bd(supporting.agentToken, 'GET', path), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    expect((await bd(supporting.agentToken, 'GET', `/${main.nino}/${main.ids[0]}`)).status).toBe(200);
  });
});

describe('Periods of Account', () => {
  it('accepts HMRC\'s example requests and reads back what was sent, with when', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const bid = c.ids[0]!;
    const path = `/${c.nino}/${bid}/2025-26/periods-of-account`;
    provokes(E.getPeriodsOfAccount, await bd(c.agentToken, 'GET', path), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const examples = findApi('business-details', VERSION)!.endpoints.find((e) => e.key === E.putPeriodsOfAccount)!.requestBody!.examples;
    expect(examples).toHaveLength(2);
    for (const { value } of examples) {
      expect((await bd(c.agentToken, 'PUT', path, { body: value })).status).toBe(204);
      expect((await bd(c.agentToken, 'GET', path)).body).toEqual({ submittedOn: expect.stringMatching(/^2026-05-10T09:0\d:\d\d\.\d{3}Z$/), ...(value as object) });
    }
  });

  it('applies every documented rule', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { ...SELF_EMPLOYMENT, tradingName: 'Closed Shop', cessationDate: '2025-12-31' }, { typeOfBusiness: 'uk-property' });
    const [se, ceased, property] = c.ids as [string, string, string];
    const put = (bid: string, body: unknown, taxYear = '2025-26') => bd(c.agentToken, 'PUT', `/${c.nino}/${bid}/${taxYear}/periods-of-account`, { body });
    const get = (bid: string, taxYear = '2025-26') => bd(c.agentToken, 'GET', `/${c.nino}/${bid}/${taxYear}/periods-of-account`);
    const period = (startDate: string, endDate: string) => ({ startDate, endDate });
    const key = E.putPeriodsOfAccount;

    provokes(key, await put(se, { periodsOfAccount: true }), 400, 'RULE_PERIODS_OF_ACCOUNT');
    provokes(key, await put(se, { periodsOfAccount: false, periodsOfAccountDates: [period('2025-04-06', '2026-04-05')] }), 400, 'RULE_PERIODS_OF_ACCOUNT');
    const backwards = await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-09-01', '2025-08-01')] });
    provokes(key, backwards, 400, 'RULE_END_DATE_BEFORE_START_DATE');
    expect(backwards.body.paths).toEqual(['/periodsOfAccountDates/0']);
    const late = await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2026-04-10', '2026-04-20')] });
    provokes(key, late, 400, 'RULE_START_DATE');
    provokes(key, late, 400, 'RULE_END_DATE');
    // A start before the tax year is allowed ("within or before"); an end after it is not.
    expect((await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2024-10-01', '2025-09-30')] })).status).toBe(204);
    provokes(key, await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-04-06', '2026-05-05')] }), 400, 'RULE_END_DATE');
    const overlap = await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-04-06', '2025-12-31'), period('2025-12-31', '2026-03-31')] });
    provokes(key, overlap, 400, 'RULE_PERIODS_OVERLAP');
    expect(overlap.body.paths).toEqual(['/periodsOfAccountDates']);
    const badDates = await put(se, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-02-30', '31/03/2026')] });
    provokes(key, badDates, 400, 'FORMAT_START_DATE');
    provokes(key, badDates, 400, 'FORMAT_END_DATE');
    expect(badDates.body.errors).toEqual([
      { code: 'FORMAT_START_DATE', message: 'The start date field format is invalid', paths: ['/periodsOfAccountDates/0/startDate'] },
      { code: 'FORMAT_END_DATE', message: 'The end date field format is invalid', paths: ['/periodsOfAccountDates/0/endDate'] },
    ]);
    provokes(key, await put(se, {}), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    provokes(key, await put(se, { periodsOfAccount: true, periodsOfAccountDates: [] }), 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    provokes(key, await put(ceased, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-04-06', '2026-03-31')] }), 400, 'RULE_CESSATION_DATE');
    expect((await put(ceased, { periodsOfAccount: true, periodsOfAccountDates: [period('2025-04-06', '2025-12-31')] })).status).toBe(204);
    provokes(key, await put(property, { periodsOfAccount: false }), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.getPeriodsOfAccount, await get(property), 404, 'MATCHING_RESOURCE_NOT_FOUND');

    for (const [k, call] of [
      [E.putPeriodsOfAccount, (bid: string, taxYear: string) => put(bid, { periodsOfAccount: false }, taxYear)],
      [E.getPeriodsOfAccount, (bid: string, taxYear: string) => get(bid, taxYear)],
    ] as const) {
      provokes(k, await call(se, '2025'), 400, 'FORMAT_TAX_YEAR');
      provokes(k, await call(se, '2025-27'), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
      provokes(k, await call(se, '2023-24'), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
      provokes(k, await call('XBIS1', '2025-26'), 400, 'FORMAT_BUSINESS_ID');
    }

    finalDeclarations(hmrc.emulator.state, c.nino)['2025-26'] = { taxYear: '2025-26', calculationId: '12345678', submittedOn: '2026-05-01T10:00:00.000Z', calculationType: 'final-declaration' };
    provokes(key, await put(se, { periodsOfAccount: false }), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });
});

describe('Late Accounting Date Rule', () => {
  it('is eligible with an accounting date of 31 March to 4 April; disapplies for five years, then cannot change once finalised', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { ...SELF_EMPLOYMENT, tradingName: 'Second Trade' });
    const [se, other] = c.ids as [string, string];
    const ladr = (bid: string, taxYear: string) => `/${c.nino}/${bid}/${taxYear}/late-accounting-date-rule-election`;
    const suspend = { 'suspend-temporal-validations': 'true' };

    expect((await bd(c.agentToken, 'GET', ladr(se, '2025-26'))).body).toEqual({ disapply: false, eligible: false });
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${ladr(se, '2025-26')}/disapply`), 422, 'RULE_NO_ACCOUNTING_DATE_FOUND');

    // Accounts made up to 31 March: the late accounting date rule applies, and can be disapplied.
    const marchYearEnd = { periodsOfAccount: true, periodsOfAccountDates: [{ startDate: '2025-04-01', endDate: '2026-03-31' }] };
    expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${se}/2025-26/periods-of-account`, { body: marchYearEnd })).status).toBe(204);
    expect((await bd(c.agentToken, 'GET', ladr(se, '2025-26'))).body).toEqual({ disapply: false, eligible: true });
    expect((await bd(c.agentToken, 'POST', `${ladr(se, '2025-26')}/disapply`)).status).toBe(204);
    expect((await bd(c.agentToken, 'GET', ladr(se, '2025-26'))).body).toEqual({ disapply: true, eligible: true, taxYearOfElection: '2025-26', taxYearElectionExpires: '2029-30' });
    expect((await bd(c.agentToken, 'GET', ladr(se, '2028-29'))).body).toMatchObject({ disapply: true, taxYearOfElection: '2025-26' });
    expect((await bd(c.agentToken, 'GET', ladr(se, '2030-31'))).body).toMatchObject({ disapply: false });

    // The tax year must have ended, unless the sandbox's temporal validation is suspended.
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${ladr(se, '2026-27')}/disapply`), 400, 'RULE_TAX_YEAR_NOT_ENDED');
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `${ladr(se, '2026-27')}/withdraw`), 400, 'RULE_TAX_YEAR_NOT_ENDED');
    const nextYear = { periodsOfAccount: true, periodsOfAccountDates: [{ startDate: '2026-04-01', endDate: '2027-03-31' }] };
    expect((await bd(c.agentToken, 'PUT', `/${c.nino}/${se}/2026-27/periods-of-account`, { body: nextYear })).status).toBe(204);
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${ladr(se, '2026-27')}/disapply`, { headers: suspend }), 422, 'RULE_ELECTION_PERIOD_NOT_EXPIRED');

    // Before the year is finalised the election can be withdrawn; afterwards it stands for its five years.
    expect((await bd(c.agentToken, 'DELETE', `${ladr(se, '2025-26')}/withdraw`)).status).toBe(204);
    expect((await bd(c.agentToken, 'GET', ladr(se, '2025-26'))).body).toEqual({ disapply: false, eligible: true });
    expect((await bd(c.agentToken, 'POST', `${ladr(se, '2025-26')}/disapply`)).status).toBe(204);
    finalDeclarations(hmrc.emulator.state, c.nino)['2025-26'] = { taxYear: '2025-26', calculationId: '12345678', submittedOn: '2026-05-01T10:00:00.000Z', calculationType: 'final-declaration' };
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `${ladr(se, '2025-26')}/withdraw`), 422, 'RULE_ELECTION_PERIOD_NOT_EXPIRED');
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `${ladr(se, '2026-27')}/withdraw`, { headers: suspend }), 422, 'RULE_ELECTION_PERIOD_NOT_EXPIRED');
    // Withdrawing where nothing is disapplied changes nothing.
    expect((await bd(c.agentToken, 'DELETE', `${ladr(other, '2025-26')}/withdraw`)).status).toBe(204);
  });

  it('applies to self-employment only, and validates paths and years as documented', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { typeOfBusiness: 'foreign-property' });
    const [se, property] = c.ids as [string, string];
    const ladr = (path: string) => `/${c.nino}/${path}/late-accounting-date-rule-election`;
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${ladr(`${property}/2025-26`)}/disapply`), 422, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `${ladr(`${property}/2025-26`)}/withdraw`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.getLadr, await bd(c.agentToken, 'GET', ladr(`${property}/2025-26`)), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${ladr('XBIS99999999999/2025-26')}/disapply`), 404, 'MATCHING_RESOURCE_NOT_FOUND');

    const calls: [EndpointKey, string, (path: string) => string][] = [
      [E.getLadr, 'GET', (path) => ladr(path)],
      [E.disapplyLadr, 'POST', (path) => `${ladr(path)}/disapply`],
      [E.withdrawLadr, 'DELETE', (path) => `${ladr(path)}/withdraw`],
    ];
    for (const [key, method, path] of calls) {
      provokes(key, await bd(c.agentToken, method, path(`${se}/2025`)), 400, 'FORMAT_TAX_YEAR');
      provokes(key, await bd(c.agentToken, method, path(`${se}/2025-27`)), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
      provokes(key, await bd(c.agentToken, method, path('XBIS1/2025-26')), 400, 'FORMAT_BUSINESS_ID');
      if (key !== E.getLadr) provokes(key, await bd(c.agentToken, method, path(`${se}/2023-24`)), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    }
    // Reading has no minimum year.
    expect((await bd(c.agentToken, 'GET', ladr(`${se}/2020-21`))).status).toBe(200);
  });

  it('refuses changes once the amendment window has closed', async () => {
    at('2028-02-01T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const path = `/${c.nino}/${c.ids[0]}/2024-25/late-accounting-date-rule-election`;
    provokes(E.disapplyLadr, await bd(c.agentToken, 'POST', `${path}/disapply`), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `${path}/withdraw`), 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    provokes(E.withdrawLadr, await bd(c.agentToken, 'DELETE', `/${c.nino}/XBIS99999999999/2024-25/late-accounting-date-rule-election/withdraw`), 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });
});

describe('documented error coverage', () => {
  it('has provoked every error code HMRC documents for each Business Details endpoint', () => {
    const api = findApi('business-details', VERSION)!;
    expect(api.endpoints.map((e) => e.key).sort()).toEqual(Object.values(E).sort());
    expect(coverage.missing()).toEqual([]);
  });
});
