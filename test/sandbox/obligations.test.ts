// Obligations (MTD) 3.0 in the emulator over raw HTTP: obligations follow the businesses, Business Details settings,
// submissions and final declarations across a year; every documented error provoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApi } from '../../sandbox/hmrc/oas';
import { finalDeclarations, sourceYear, type CumulativeSubmission } from '../../sandbox/hmrc/taxpayerData';
import { ErrorCoverage } from '../helpers/errorCoverage';
import { agentWithClient, call, startEmulator, userToken, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

const E = { incomeAndExpenditure: 'retrieve_income_tax_income_expenditure', crystallisation: 'retrieve_income_tax_crystallisation' } as const;
type EndpointKey = (typeof E)[keyof typeof E];

/** Every error code each endpoint's tests have provoked, checked against HMRC's documented lists at the end. */
const coverage = new ErrorCoverage('obligations', '3.0');

function codesOf(response: CallResult): string[] {
  return response.body?.code === 'INVALID_REQUEST' ? response.body.errors.map((e: { code: string }) => e.code) : [response.body?.code];
}

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
  businessAddressLineOne: '1 High St',
  businessAddressCountryCode: 'GB',
  businessAddressPostcode: 'LS1 4AP',
};

/** An agent and a new MTD client signed up now (by the emulator clock), with the businesses asked for. */
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
    /** Moving the clock on expires tokens, as the hours passing would: get a new one. */
    refresh: async () => {
      result.agentToken = await userToken(hmrc, client.agent.userId);
    },
  };
  return result;
}

function incomeAndExpenditure(token: string, nino: string, query = '', headers: Record<string, string> = {}) {
  return call(hmrc, 'GET', `/obligations/details/${nino}/income-and-expenditure${query}`, { token, version: '3.0', headers });
}

function crystallisation(token: string, nino: string, query = '', headers: Record<string, string> = {}) {
  return call(hmrc, 'GET', `/obligations/details/${nino}/crystallisation${query}`, { token, version: '3.0', headers });
}

/** What the Self-Employment and Property APIs record for a cumulative update. */
function recordCumulativeUpdate(nino: string, businessId: string, taxYear: string, update: Omit<CumulativeSubmission, 'body'>): void {
  const source = sourceYear(hmrc.emulator.state, nino, businessId, taxYear);
  const submission = { body: {}, ...update };
  source.cumulativeHistory.push(submission);
  source.cumulative = submission;
}

describe('a year of obligations for a business on calendar quarters', () => {
  it('follows the business from creation through calendar quarters, a cumulative update and the final declaration', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const bid = c.ids[0]!;
    const bd = (method: string, path: string, body?: unknown) => call(hmrc, method, `/individuals/business/details/${c.nino}${path}`, { token: c.agentToken, version: '2.0', ...(body ? { body } : {}) });

    expect((await bd('GET', '/list')).body.listOfBusinesses).toEqual([{ typeOfBusiness: 'self-employment', businessId: bid, tradingName: 'Okafor Web Design' }]);
    expect((await bd('GET', `/${bid}`)).body).toMatchObject({ businessId: bid, commencementDate: '2020-01-01' });

    // Standard quarters until the customer elects otherwise; the customer signed up in 2026-27, so obligations start there.
    const standard = await incomeAndExpenditure(c.agentToken, c.nino);
    expect(standard.status).toBe(200);
    expect(standard.body.obligations[0].obligationDetails.map((o: { periodEndDate: string }) => o.periodEndDate)).toEqual(['2026-07-05', '2026-10-05', '2027-01-05', '2027-04-05']);

    expect((await bd('PUT', `/${bid}/2026-27`, { quarterlyPeriodType: 'calendar' })).status).toBe(204);
    expect((await bd('GET', `/${bid}`)).body.quarterlyTypeChoice).toEqual({ quarterlyPeriodType: 'calendar', taxYearOfChoice: '2026-27' });

    const calendar = await incomeAndExpenditure(c.agentToken, c.nino);
    expect(calendar.body).toEqual({
      obligations: [
        {
          typeOfBusiness: 'self-employment',
          businessId: bid,
          // The first year of a calendar election still starts on 6 April; due dates are the 7th from 2026-27.
          obligationDetails: [
            { periodStartDate: '2026-04-06', periodEndDate: '2026-06-30', dueDate: '2026-08-07', status: 'open' },
            { periodStartDate: '2026-04-06', periodEndDate: '2026-09-30', dueDate: '2026-11-07', status: 'open' },
            { periodStartDate: '2026-04-06', periodEndDate: '2026-12-31', dueDate: '2027-02-07', status: 'open' },
            { periodStartDate: '2026-04-06', periodEndDate: '2027-03-31', dueDate: '2027-05-07', status: 'open' },
          ],
        },
      ],
    });

    // Q1 sent on 20 July; the year's quarters can no longer change.
    at('2026-07-20T10:00:00Z');
    await c.refresh();
    recordCumulativeUpdate(c.nino, bid, '2026-27', { submittedOn: '2026-07-20T10:00:00.000Z', periodStartDate: '2026-04-06', periodEndDate: '2026-06-30' });
    const year = '?fromDate=2026-04-06&toDate=2027-04-05';
    const afterQ1 = (await incomeAndExpenditure(c.agentToken, c.nino, year)).body.obligations[0].obligationDetails;
    expect(afterQ1[0]).toEqual({ periodStartDate: '2026-04-06', periodEndDate: '2026-06-30', dueDate: '2026-08-07', status: 'fulfilled', receivedDate: '2026-07-20' });
    expect(afterQ1.slice(1).map((o: { status: string }) => o.status)).toEqual(['open', 'open', 'open']);
    expect((await bd('PUT', `/${bid}/2026-27`, { quarterlyPeriodType: 'standard' })).body.code).toBe('RULE_BUSINESS_ID_STATE_CONFLICT');

    // Q2 missed; the Q3 update (year to date) fulfils both, on the day it arrived.
    at('2027-01-25T10:00:00Z');
    await c.refresh();
    expect((await incomeAndExpenditure(c.agentToken, c.nino, '?status=open')).body.obligations[0].obligationDetails.map((o: { periodEndDate: string }) => o.periodEndDate)).toEqual(['2026-09-30', '2026-12-31', '2027-03-31']);
    recordCumulativeUpdate(c.nino, bid, '2026-27', { submittedOn: '2027-01-25T10:00:00.000Z', periodStartDate: '2026-04-06', periodEndDate: '2026-12-31' });
    const fulfilled = await incomeAndExpenditure(c.agentToken, c.nino, `${year}&status=fulfilled`);
    expect(fulfilled.body.obligations[0].obligationDetails.map((o: { receivedDate: string }) => o.receivedDate)).toEqual(['2026-07-20', '2027-01-25', '2027-01-25']);

    // The next year: the election rolls forward, and now starts on 1 April.
    at('2027-05-10T09:00:00Z');
    await c.refresh();
    recordCumulativeUpdate(c.nino, bid, '2026-27', { submittedOn: '2027-05-02T10:00:00.000Z', periodStartDate: '2026-04-06', periodEndDate: '2027-03-31' });
    const nextYear = (await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2027-04-01&toDate=2028-03-31')).body.obligations[0].obligationDetails;
    expect(nextYear[0]).toEqual({ periodStartDate: '2027-04-01', periodEndDate: '2027-06-30', dueDate: '2027-08-07', status: 'open' });

    // The final declaration obligation: open, due 31 January, until the declaration is made.
    const open = await crystallisation(c.agentToken, c.nino, '?taxYear=2026-27');
    expect(open.body).toEqual({ obligations: [{ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', dueDate: '2028-01-31', status: 'open' }] });
    finalDeclarations(hmrc.emulator.state, c.nino)['2026-27'] = { taxYear: '2026-27', calculationId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', submittedOn: '2027-06-01T11:30:00.000Z', calculationType: 'final-declaration' };
    const declared = await crystallisation(c.agentToken, c.nino, '?taxYear=2026-27');
    expect(declared.body.obligations).toEqual([{ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', dueDate: '2028-01-31', status: 'fulfilled', receivedDate: '2027-06-01' }]);
    // Without a tax year: four years back to the current one; this customer's MTD years are 2026-27 and 2027-28.
    expect((await crystallisation(c.agentToken, c.nino)).body.obligations.map((o: { periodStartDate: string; status: string }) => [o.periodStartDate, o.status])).toEqual([
      ['2026-04-06', 'fulfilled'],
      ['2027-04-06', 'open'],
    ]);
    expect((await crystallisation(c.agentToken, c.nino, '?status=open')).body.obligations).toHaveLength(1);
  });
});

describe('Retrieve Income and Expenditure Obligations', () => {
  it('lists each business\'s standard quarters and filters by type, business, status and dates', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT, { typeOfBusiness: 'uk-property' }, { typeOfBusiness: 'property-unspecified' });
    const [se, property] = c.ids as [string, string];
    const all = await incomeAndExpenditure(c.agentToken, c.nino);
    expect(all.body.obligations.map((o: { businessId: string; typeOfBusiness: string }) => [o.typeOfBusiness, o.businessId])).toEqual([
      ['self-employment', se],
      ['uk-property', property],
    ]);
    expect(all.body.obligations[1].obligationDetails).toEqual([
      { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05', dueDate: '2026-08-07', status: 'open' },
      { periodStartDate: '2026-04-06', periodEndDate: '2026-10-05', dueDate: '2026-11-07', status: 'open' },
      { periodStartDate: '2026-04-06', periodEndDate: '2027-01-05', dueDate: '2027-02-07', status: 'open' },
      { periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', dueDate: '2027-05-07', status: 'open' },
    ]);
    const onlyProperty = await incomeAndExpenditure(c.agentToken, c.nino, '?typeOfBusiness=uk-property');
    expect(onlyProperty.body.obligations.map((o: { businessId: string }) => o.businessId)).toEqual([property]);
    const oneBusiness = await incomeAndExpenditure(c.agentToken, c.nino, `?typeOfBusiness=self-employment&businessId=${se}`);
    expect(oneBusiness.body.obligations.map((o: { businessId: string }) => o.businessId)).toEqual([se]);
    // The range picks obligations whose period overlaps it.
    const window = await incomeAndExpenditure(c.agentToken, c.nino, `?typeOfBusiness=self-employment&fromDate=2026-11-01&toDate=2027-01-31`);
    expect(window.body.obligations[0].obligationDetails.map((o: { periodEndDate: string }) => o.periodEndDate)).toEqual(['2027-01-05', '2027-04-05']);

    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, `?typeOfBusiness=uk-property&businessId=${se}`), 404, 'NO_OBLIGATIONS_FOUND');
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '?typeOfBusiness=foreign-property'), 404, 'NO_OBLIGATIONS_FOUND');
    // Nothing fulfilled anywhere: HMRC's back end finds nothing at all.
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '?status=fulfilled'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2025-04-06&toDate=2026-04-05'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const nobody = await clientWith();
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(nobody.agentToken, nobody.nino), 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it('shows non-cumulative quarters up to 2024-25, met by period summaries covering them', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const bid = c.ids[0]!;
    // Signed up voluntarily in 2024-25 (set through Test Support); later years with no status set are mandated, as Individual Details says.
    const status = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${c.nino}/2024-25`, {
      token: c.agentToken,
      body: { itsaStatusDetails: [{ submittedOn: '2024-04-06T09:00:00.000Z', status: 'MTD Voluntary', statusReason: 'MTD ITSA Opt-In' }] },
    });
    expect(status.status).toBe(204);
    const source = sourceYear(hmrc.emulator.state, c.nino, bid, '2024-25');
    source.periods.push({ id: '2024-04-06_2024-05-31', fromDate: '2024-04-06', toDate: '2024-05-31', submittedOn: '2024-07-01T09:00:00.000Z', body: {} });
    source.periods.push({ id: '2024-06-01_2024-07-05', fromDate: '2024-06-01', toDate: '2024-07-05', submittedOn: '2024-07-29T09:00:00.000Z', body: {} });

    const older = await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2024-04-06&toDate=2025-04-05');
    expect(older.body.obligations[0].obligationDetails).toEqual([
      { periodStartDate: '2024-04-06', periodEndDate: '2024-07-05', dueDate: '2024-08-05', status: 'fulfilled', receivedDate: '2024-07-29' },
      { periodStartDate: '2024-07-06', periodEndDate: '2024-10-05', dueDate: '2024-11-05', status: 'open' },
      { periodStartDate: '2024-10-06', periodEndDate: '2025-01-05', dueDate: '2025-02-05', status: 'open' },
      { periodStartDate: '2025-01-06', periodEndDate: '2025-04-05', dueDate: '2025-05-05', status: 'open' },
    ]);
    const cumulative2025 = await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2025-04-06&toDate=2026-04-05');
    expect(cumulative2025.body.obligations[0].obligationDetails.map((o: { periodStartDate: string; dueDate: string }) => [o.periodStartDate, o.dueDate])).toEqual([
      ['2025-04-06', '2025-08-05'],
      ['2025-04-06', '2025-11-05'],
      ['2025-04-06', '2026-02-05'],
      ['2025-04-06', '2026-05-05'],
    ]);
    // All open obligations, whatever their dates, when only open ones are asked for.
    expect((await incomeAndExpenditure(c.agentToken, c.nino, '?status=open')).body.obligations[0].obligationDetails).toHaveLength(11);
    expect((await crystallisation(c.agentToken, c.nino)).body.obligations.map((o: { periodEndDate: string }) => o.periodEndDate)).toEqual(['2025-04-05', '2026-04-05', '2027-04-05']);

    // Opting out for 2027-28: no quarterly obligations that year, and no MTD final declaration.
    const optOut = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${c.nino}/2027-28`, {
      token: c.agentToken,
      body: { itsaStatusDetails: [{ submittedOn: '2027-04-06T09:00:00.000Z', status: 'Annual', statusReason: 'MTD ITSA Opt-Out' }] },
    });
    expect(optOut.status).toBe(204);
    at('2027-05-10T09:00:00Z');
    await c.refresh();
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2027-04-06&toDate=2028-04-05'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(E.crystallisation, await crystallisation(c.agentToken, c.nino, '?taxYear=2027-28'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it('starts with the quarter a business commenced in, ends with the one it ceased in, and skips years it reports annually', async () => {
    at('2026-11-01T09:00:00Z');
    const c = await clientWith(
      { ...SELF_EMPLOYMENT, commencementDate: '2026-08-15' },
      { typeOfBusiness: 'uk-property', commencementDate: '2019-05-01', cessationDate: '2026-09-30' },
      {
        typeOfBusiness: 'foreign-property',
        commencementDate: '2026-05-01',
        latencyDetails: { latencyEndDate: '2028-04-05', taxYear1: '2026-27', latencyIndicator1: 'A', taxYear2: '2027-28', latencyIndicator2: 'Q' },
      },
    );
    const [started, ceased] = c.ids as [string, string];
    const obligations = (await incomeAndExpenditure(c.agentToken, c.nino, '?fromDate=2026-04-06&toDate=2027-04-05')).body.obligations;
    const ends = Object.fromEntries(obligations.map((o: { businessId: string; obligationDetails: { periodEndDate: string }[] }) => [o.businessId, o.obligationDetails.map((d) => d.periodEndDate)]));
    expect(ends).toEqual({ [started]: ['2026-10-05', '2027-01-05', '2027-04-05'], [ceased]: ['2026-07-05', '2026-10-05'] });
    // The latent business still counts towards the year's final declaration.
    expect((await crystallisation(c.agentToken, c.nino, '?taxYear=2026-27')).body.obligations).toHaveLength(1);
  });

  it('honours the quarter type a test business was created with, rolled forward past the election\'s first year', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith({ ...SELF_EMPLOYMENT, quarterlyTypeChoice: { quarterlyPeriodType: 'calendar', taxYearOfChoice: '2025-26' } });
    const details = (await incomeAndExpenditure(c.agentToken, c.nino)).body.obligations[0].obligationDetails;
    expect(details.map((o: { periodStartDate: string; periodEndDate: string }) => [o.periodStartDate, o.periodEndDate])).toEqual([
      ['2026-04-01', '2026-06-30'],
      ['2026-04-01', '2026-09-30'],
      ['2026-04-01', '2026-12-31'],
      ['2026-04-01', '2027-03-31'],
    ]);
  });

  it('validates query parameters as HMRC documents, formats first and then rules', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const stranger = await clientWith();
    const ie = (query: string) => incomeAndExpenditure(c.agentToken, c.nino, query);
    const key = E.incomeAndExpenditure;
    provokes(key, await incomeAndExpenditure(c.agentToken, 'AB12'), 400, 'FORMAT_NINO');
    provokes(key, await ie('?typeOfBusiness=property'), 400, 'FORMAT_TYPE_OF_BUSINESS');
    provokes(key, await ie('?typeOfBusiness=self-employment&businessId=XBIS1'), 400, 'FORMAT_BUSINESS_ID');
    provokes(key, await ie('?fromDate=2026-13-01&toDate=2027-01-01'), 400, 'FORMAT_FROM_DATE');
    provokes(key, await ie('?fromDate=2026-04-06&toDate=05/04/2027'), 400, 'FORMAT_TO_DATE');
    provokes(key, await ie('?fromDate=2026-04-06&toDate=2100-01-01'), 400, 'FORMAT_TO_DATE');
    provokes(key, await ie('?status=closed'), 400, 'FORMAT_STATUS');
    provokes(key, await ie('?toDate=2027-04-05'), 400, 'MISSING_FROM_DATE');
    provokes(key, await ie('?fromDate=2026-04-06'), 400, 'MISSING_TO_DATE');
    provokes(key, await ie('?fromDate=2027-04-05&toDate=2026-04-06'), 400, 'RANGE_TO_DATE_BEFORE_FROM_DATE');
    provokes(key, await ie('?businessId=XBIS12345678901'), 400, 'MISSING_TYPE_OF_BUSINESS');
    provokes(key, await ie('?fromDate=2026-04-06&toDate=2027-04-07'), 400, 'RULE_DATE_RANGE_INVALID');
    provokes(key, await ie('?fromDate=2026-04-06&toDate=2026-04-06'), 400, 'RULE_DATE_RANGE_INVALID');
    provokes(key, await ie('?fromDate=2018-04-05&toDate=2019-04-01'), 400, 'RULE_FROM_DATE_NOT_SUPPORTED');
    // 365 days on is the longest range HMRC accepts.
    expect((await ie('?fromDate=2026-04-06&toDate=2027-04-06')).status).toBe(200);
    const several = await ie('?typeOfBusiness=shop&status=all&fromDate=2026-04-06');
    expect(several.body.code).toBe('INVALID_REQUEST');
    expect(codesOf(several).sort()).toEqual(['FORMAT_STATUS', 'FORMAT_TYPE_OF_BUSINESS', 'MISSING_TO_DATE']);
    provokes(key, await incomeAndExpenditure(stranger.agentToken, c.nino), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
  });
});

describe('Retrieve Final Declaration Obligations', () => {
  it('validates as HMRC documents and tells "not found" from "no final declaration obligations"', async () => {
    at('2026-09-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    const stranger = await clientWith();
    const key = E.crystallisation;
    const cr = (query: string) => crystallisation(c.agentToken, c.nino, query);
    provokes(key, await crystallisation(c.agentToken, 'AB12'), 400, 'FORMAT_NINO');
    provokes(key, await cr('?taxYear=2026'), 400, 'FORMAT_TAX_YEAR');
    provokes(key, await cr('?taxYear=2025-27'), 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    provokes(key, await cr('?taxYear=2016-17'), 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    provokes(key, await cr('?status=done'), 400, 'FORMAT_STATUS');
    provokes(key, await crystallisation(stranger.agentToken, c.nino), 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    provokes(key, await crystallisation(stranger.agentToken, stranger.nino), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    provokes(key, await cr('?taxYear=2017-18'), 404, 'MATCHING_RESOURCE_NOT_FOUND');
    // A quarterly update met, no final declaration yet: HMRC's back end finds obligations, but none of this kind.
    recordCumulativeUpdate(c.nino, c.ids[0]!, '2026-27', { submittedOn: '2026-07-30T09:00:00.000Z', periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' });
    provokes(key, await cr('?taxYear=2026-27&status=fulfilled'), 404, 'NO_OBLIGATIONS_FOUND');
    expect((await cr('?taxYear=2026-27&status=open')).body.obligations).toEqual([{ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', dueDate: '2028-01-31', status: 'open' }]);
  });
});

describe('sandbox scenarios', () => {
  it('answers documented Gov-Test-Scenarios from HMRC\'s examples, and refuses unknown ones', async () => {
    at('2026-05-10T09:00:00Z');
    const c = await clientWith(SELF_EMPLOYMENT);
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'INSOLVENT_TRADER' }), 400, 'RULE_INSOLVENT_TRADER');
    provokes(E.crystallisation, await crystallisation(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'INSOLVENT_TRADER' }), 400, 'RULE_INSOLVENT_TRADER');
    provokes(E.incomeAndExpenditure, await incomeAndExpenditure(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'MULTIPLE' }), 400, 'RULE_INCORRECT_GOV_TEST_SCENARIO');
    provokes(E.crystallisation, await crystallisation(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'CUMULATIVE' }), 400, 'RULE_INCORRECT_GOV_TEST_SCENARIO');
    expect((await incomeAndExpenditure(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'NO_OBLIGATIONS_FOUND' })).body.code).toBe('NO_OBLIGATIONS_FOUND');
    expect((await incomeAndExpenditure(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'CUMULATIVE' })).status).toBe(200);
    // The emulator's own state answers a STATEFUL request, as without a header.
    expect((await incomeAndExpenditure(c.agentToken, c.nino, '', { 'Gov-Test-Scenario': 'STATEFUL' })).body.obligations[0].businessId).toBe(c.ids[0]);
  });
});

describe('documented error coverage', () => {
  it('has provoked every error code HMRC documents for both Obligations endpoints', () => {
    const api = findApi('obligations', '3.0')!;
    expect(api.endpoints.map((e) => e.key).sort()).toEqual(Object.values(E).sort());
    expect(coverage.missing()).toEqual([]);
  });
});
