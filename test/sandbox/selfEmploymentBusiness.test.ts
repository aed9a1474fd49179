// Self-Employment Business (MTD) 5.0 over raw HTTP: HMRC's examples, every documented error provoked, a year of cumulative updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApi, matchEndpoint, responseValidator, type HmrcEndpoint } from '../../sandbox/hmrc/oas';
import { schemaForTaxYear, taxYearVariants } from '../../sandbox/hmrc/oasLoader/taxYearVariants';
import { figuresFor, finalDeclarations, findSourceYear } from '../../sandbox/hmrc/taxpayerData';
import { agentWithClient, call, startEmulator, userToken, type CallOptions, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

const VERSION = '5.0';
let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  hmrc?.emulator.clock.set(null);
  await hmrc?.stop();
});

/** Error codes each endpoint (by HMRC's key) answered in these tests, for the coverage check at the end. */
const provoked = new Map<string, Set<string>>();

function codesOf(result: CallResult): string[] {
  if (result.status < 400 || !result.body) return [];
  return result.body.code === 'INVALID_REQUEST' ? result.body.errors.map((e: { code: string }) => e.code) : [result.body.code];
}

/**
 * HMRC's tax-year `oneOf`s overlap (a 2026-27 annual submission with only allowances fits all four definitions), so
 * `oneOf` over the whole list refuses HMRC's own answers. HMRC picks the definition by tax year, and so does this
 * check, as strictly, for those endpoints (test/unit/hmrcOas.test.ts does the same for HMRC's examples); every other
 * answer is checked by the helper against the whole schema.
 */
function variesByTaxYear(endpoint: HmrcEndpoint): boolean {
  return Object.values(endpoint.responses).some((r) => r.schema && taxYearVariants(r.schema).length > 0);
}

async function se(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const match = matchEndpoint(method, path.split('?')[0]!, VERSION);
  const byTaxYear = match !== undefined && variesByTaxYear(match.endpoint);
  const result = await call(hmrc, method, path, { version: VERSION, ...options, ...(byTaxYear ? { unchecked: true } : {}) });
  if (byTaxYear && result.body !== undefined) {
    const validate = responseValidator(match.endpoint, result.status, (schema) => schemaForTaxYear(schema, match.params.taxYear!));
    if (validate) expect(validate(result.body) ? [] : validate.errors, `${method} ${path} ${result.status} fits HMRC's definition for its tax year`).toEqual([]);
  }
  if (match) for (const code of codesOf(result)) provoked.set(match.endpoint.key, (provoked.get(match.endpoint.key) ?? new Set()).add(code));
  return result;
}

/** Calls and expects exactly one error, with HMRC's status. */
async function refused(method: string, path: string, options: CallOptions, status: number, code: string): Promise<CallResult> {
  const result = await se(method, path, options);
  expect({ status: result.status, code: result.body?.code }, JSON.stringify(result.body)).toEqual({ status, code });
  return result;
}

interface Client {
  nino: string;
  businessId: string;
  token: string;
  agentUserId: string;
}

const SELF_EMPLOYMENT = {
  typeOfBusiness: 'self-employment',
  tradingName: 'Okafor Web Design',
  accountingType: 'CASH',
  commencementDate: '2015-01-01',
  businessAddressLineOne: '1 High Street',
  businessAddressCountryCode: 'GB',
  businessAddressPostcode: 'LS1 4AP',
};

/** Places "today" (a new token too, since tokens live four hours of emulator time). */
async function at(instant: string, client?: Client): Promise<void> {
  hmrc.emulator.clock.set(new Date(instant.length === 10 ? `${instant}T09:00:00Z` : instant));
  if (client) client.token = await userToken(hmrc, client.agentUserId);
}

/** A new MTD client, their main agent, and a self-employment made through Test Support. */
async function newClient(business: Record<string, unknown> = {}): Promise<Client> {
  const { agentToken, nino, agent } = await agentWithClient(hmrc);
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, { token: agentToken, body: { ...SELF_EMPLOYMENT, ...business } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { nino, businessId: created.body.businessId, token: agentToken, agentUserId: agent.userId };
}

async function addBusiness(client: Client, business: Record<string, unknown>): Promise<string> {
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${client.nino}`, { token: client.token, body: { ...SELF_EMPLOYMENT, ...business } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.businessId;
}

async function setItsaStatus(client: Client, taxYear: string, status: string): Promise<void> {
  const body = { itsaStatusDetails: [{ submittedOn: '2026-04-06T10:00:00.000Z', status, statusReason: 'Sign up - return available' }] };
  expect((await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${client.nino}/${taxYear}`, { token: client.token, body })).status).toBe(204);
}

const base = (c: { nino: string; businessId: string }) => `/individuals/business/self-employment/${c.nino}/${c.businessId}`;
const cumulativePath = (c: { nino: string; businessId: string }, taxYear: string) => `${base(c)}/cumulative/${taxYear}`;
const annualPath = (c: { nino: string; businessId: string }, taxYear: string) => `${base(c)}/annual/${taxYear}`;
const periodPath = (c: { nino: string; businessId: string }) => `${base(c)}/period`;

function yearToDate(start: string, end: string, figures: { turnover?: number; costOfGoods?: number } = {}) {
  return {
    periodDates: { periodStartDate: start, periodEndDate: end },
    periodIncome: { turnover: figures.turnover ?? 10_000, other: 0 },
    periodExpenses: { costOfGoods: figures.costOfGoods ?? 1_000, adminCosts: 250.5 },
    periodDisallowableExpenses: { adminCostsDisallowable: 50.25 },
  };
}

const withoutDates = ({ periodDates: _dates, ...rest }: Record<string, unknown>) => rest;

function example(endpointKey: string, name: string): Record<string, unknown> {
  const endpoint = findApi('self-employment-business', VERSION)!.endpoints.find((e) => e.key === endpointKey)!;
  return structuredClone(endpoint.requestBody!.examples.find((e) => e.name === name)!.value) as Record<string, unknown>;
}

function examplesOf(endpointKey: string) {
  return findApi('self-employment-business', VERSION)!.endpoints.find((e) => e.key === endpointKey)!.requestBody!.examples;
}

describe("HMRC's example requests are accepted for their tax year", () => {
  it('cumulative period summary (2025-26)', async () => {
    await at('2025-07-10');
    const client = await newClient();
    for (const { name, value } of examplesOf('create_amend_cumulative_period_summary')) {
      expect((await se('PUT', cumulativePath(client, '2025-26'), { token: client.token, body: value })).status, name).toBe(204);
      expect((await se('GET', cumulativePath(client, '2025-26'), { token: client.token })).body, name).toEqual(value);
    }
  });

  it('annual submission, each definition for its tax years', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const examples = examplesOf('create_and_amend_annual_submission');
    expect(examples).toHaveLength(8);
    for (const { name, value } of examples) {
      const taxYear = /TY (\d{4}-\d{2})/.exec(name)![1]!;
      expect((await se('PUT', annualPath(client, taxYear), { token: client.token, body: value })).status, name).toBe(204);
      expect((await se('GET', annualPath(client, taxYear), { token: client.token })).body, name).toEqual(value);
    }
  });

  it('period summary create and amend (2024-25 and earlier)', async () => {
    await at('2026-07-10');
    for (const { name, value } of examplesOf('create_period_summary')) {
      const client = await newClient();
      const body = structuredClone(value) as ReturnType<typeof yearToDate>;
      // HMRC dates its 2023-24-and-2024-25 examples in 2019-20, where its other schema applies; move them into 2024-25.
      if (name.includes('2023-24 and 2024-25')) body.periodDates = { periodStartDate: '2024-07-06', periodEndDate: '2024-10-05' };
      const { periodStartDate: start, periodEndDate: end } = body.periodDates;
      if (!start.endsWith('-04-06')) {
        const first = yearToDate(`${start.slice(0, 4)}-04-06`, `${start.slice(0, 4)}-07-05`);
        expect((await se('POST', periodPath(client), { token: client.token, body: first })).status).toBe(200);
      }
      const created = await se('POST', periodPath(client), { token: client.token, body });
      expect(created, name).toMatchObject({ status: 200, body: { periodId: `${start}_${end}` } });
      const taxYear = `${start.slice(0, 4)}-${String((Number(start.slice(0, 4)) + 1) % 100).padStart(2, '0')}`;
      const periodUrl = `${periodPath(client)}/${taxYear}/${start}_${end}`;
      expect((await se('GET', periodUrl, { token: client.token })).body, name).toEqual(body);

      // The amend examples carry the same names, for the same tax years.
      const amendment = example('amend_period_summary', name);
      expect((await se('PUT', periodUrl, { token: client.token, body: amendment })).status, name).toBe(204);
      expect((await se('GET', periodUrl, { token: client.token })).body, name).toEqual({ periodDates: body.periodDates, ...amendment });
    }
  });
});

describe('Cumulative period summary: a tax year of quarterly updates', () => {
  const quarterEnds = ['2026-07-05', '2026-10-05', '2027-01-05', '2027-04-05'];

  it('takes four year-to-date updates, keeps the latest and every one in the history, and feeds the calculation', async () => {
    await at('2026-04-10');
    const client = await newClient();
    const submittedAt: string[] = [];
    for (const [i, end] of quarterEnds.entries()) {
      // Ten days after each quarter ends, as a practice would send it.
      const instant = new Date(`${end}T09:00:00Z`);
      instant.setUTCDate(instant.getUTCDate() + 10);
      await at(instant.toISOString(), client);
      submittedAt.push(instant.toISOString());
      const body = yearToDate('2026-04-06', end, { turnover: 12_000.25 * (i + 1), costOfGoods: 1_500 * (i + 1) });
      expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body })).status).toBe(204);
    }

    const latest = await se('GET', cumulativePath(client, '2026-27'), { token: client.token });
    expect(latest).toMatchObject({ status: 200, body: yearToDate('2026-04-06', '2027-04-05', { turnover: 48_001, costOfGoods: 6_000 }) });

    // The emulator's clock keeps ticking from where it was set, so compare to the minute.
    const minute = (instant: unknown) => String(instant).slice(0, 16);
    const record = findSourceYear(hmrc.emulator.state, client.nino, client.businessId, '2026-27')!;
    expect(record.cumulativeHistory.map((s) => [s.periodEndDate, minute(s.submittedOn)])).toEqual(quarterEnds.map((end, i) => [end, minute(submittedAt[i])]));
    expect(record.cumulative).toMatchObject({ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05', submittedOn: record.cumulativeHistory[3]!.submittedOn });
    expect(record.lastChangedOn).toBe(record.cumulativeHistory[3]!.submittedOn);

    const query = new URLSearchParams({ nino: client.nino, operation: 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}' });
    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?${query}`)).json()) as { entries: Record<string, unknown>[] };
    expect(ledger.entries).toHaveLength(4);
    expect(ledger.entries.map((e) => [e.status, e.taxYear, e.businessId, minute(e.emulatorTime)])).toEqual(submittedAt.map((t) => [204, '2026-27', client.businessId, minute(t)]));

    const annual = {
      adjustments: { includedNonTaxableProfits: 100, basisAdjustment: -20, balancingChargeOther: 250, goodsAndServicesOwnUse: 50.5 },
      allowances: {
        annualInvestmentAllowance: 3_000,
        capitalAllowanceMainPool: 400.4,
        structuredBuildingAllowance: [{ amount: 99.99, building: { name: 'Unit 4', postcode: 'LS1 4AP' } }],
      },
      nonFinancials: { businessDetailsChangedRecently: false, class4NicsExemptionReason: 'over-state-pension-age' },
    };
    expect((await se('PUT', annualPath(client, '2026-27'), { token: client.token, body: annual })).status).toBe(204);
    expect((await se('GET', annualPath(client, '2026-27'), { token: client.token })).body).toEqual(annual);

    expect(figuresFor(hmrc.emulator.state, client.nino, '2026-27')).toEqual([
      {
        businessId: client.businessId,
        typeOfBusiness: 'self-employment',
        income: 4_800_100,
        // costOfGoods 6,000 + adminCosts 250.50 - adminCostsDisallowable 50.25
        expenses: 620_025,
        // -20 + 250 + 50.50 - 100, less allowances 3,000 + 400.40 + 99.99
        adjustments: -2_000 + 25_000 + 5_050 - 10_000 - (300_000 + 40_040 + 9_999),
      },
    ]);
    expect(figuresFor(hmrc.emulator.state, client.nino, '2025-26')).toEqual([]);

    // A trading allowance claim replaces the allowances; deleting the annual submission leaves the periodic figures.
    const tradingAllowance = { allowances: { tradingIncomeAllowance: 1_000 }, nonFinancials: { businessDetailsChangedRecently: false } };
    expect((await se('PUT', annualPath(client, '2026-27'), { token: client.token, body: tradingAllowance })).status).toBe(204);
    expect(figuresFor(hmrc.emulator.state, client.nino, '2026-27')[0]).toMatchObject({ adjustments: 0, tradingAllowance: 100_000 });
    expect((await se('DELETE', annualPath(client, '2026-27'), { token: client.token })).status).toBe(204);
    await refused('GET', annualPath(client, '2026-27'), { token: client.token }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    expect(figuresFor(hmrc.emulator.state, client.nino, '2026-27')[0]).toEqual({ businessId: client.businessId, typeOfBusiness: 'self-employment', income: 4_800_100, expenses: 620_025, adjustments: 0 });
  });

  it('takes consolidated expenses, which the calculation counts as the allowable expenses', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const body = { periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 5_000, other: 10.1 }, periodExpenses: { consolidatedExpenses: 1_234.56 } };
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body })).status).toBe(204);
    expect(figuresFor(hmrc.emulator.state, client.nino, '2026-27')[0]).toMatchObject({ income: 501_010, expenses: 123_456, adjustments: 0 });
  });

  it('refuses an update more than 10 days before the period ends, and an early one that does not end on the period end', async () => {
    await at('2026-06-01');
    const client = await newClient();
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED');
    await at('2026-06-28', client);
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-06-30') }, 400, 'RULE_ADVANCE_SUBMISSION_REQUIRES_PERIOD_END_DATE');
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') })).status).toBe(204);
  });

  it('takes monthly year-to-date updates, but not an end date that fits no month or quarter, and never moves the end date backwards', async () => {
    await at('2026-07-20');
    const client = await newClient();
    // HMRC's guide: standard-quarter updates to 30 April, 31 May, 30 June ... are accepted.
    for (const end of ['2026-04-30', '2026-05-31', '2026-06-05']) {
      expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', end) })).status, end).toBe(204);
    }
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-17') }, 400, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
    await at('2027-04-20', client);
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2027-04-10') }, 400, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-10-05') })).status).toBe(204);
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS');
    // The same end date again is a correction, not a step back.
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-10-05', { turnover: 11_000 }) })).status).toBe(204);
  });

  it('aligns the start to the tax year on standard quarters and to the commencement date of a new business', async () => {
    await at('2026-07-10');
    const client = await newClient();
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-01', '2026-07-05') }, 400, 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');

    const newBusiness = { ...client, businessId: await addBusiness(client, { tradingName: 'Okafor Cakes', commencementDate: '2026-05-01' }) };
    await refused('PUT', cumulativePath(newBusiness, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_START_DATE_NOT_ALIGNED_TO_COMMENCEMENT_DATE');
    expect((await se('PUT', cumulativePath(newBusiness, '2026-27'), { token: client.token, body: yearToDate('2026-05-01', '2026-07-05') })).status).toBe(204);
  });

  it('follows calendar quarters: from 6 April in the first year of the election, 1 April after, month ends only', async () => {
    await at('2026-07-10');
    const client = await newClient({ quarterlyTypeChoice: { quarterlyPeriodType: 'calendar', taxYearOfChoice: '2026-27' } });
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-06-30') })).status).toBe(204);
    await at('2027-04-20', client);
    // The calendar year ends on 31 March.
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2027-04-05') }, 400, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
    expect((await se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2027-03-31') })).status).toBe(204);
    await at('2027-07-10', client);
    await refused('PUT', cumulativePath(client, '2027-28'), { token: client.token, body: yearToDate('2027-04-06', '2027-06-30') }, 400, 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
    expect((await se('PUT', cumulativePath(client, '2027-28'), { token: client.token, body: yearToDate('2027-04-01', '2027-06-30') })).status).toBe(204);
  });

  it('wants dates from a quarterly reporter and none from an annual reporter or a latent business, whose summary covers the year', async () => {
    await at('2026-07-10');
    const quarterly = await newClient();
    await refused('PUT', cumulativePath(quarterly, '2026-27'), { token: quarterly.token, body: withoutDates(yearToDate('2026-04-06', '2026-07-05')) }, 400, 'RULE_MISSING_SUBMISSION_DATES');

    const annual = await newClient();
    await setItsaStatus(annual, '2026-27', 'Annual');
    await refused('PUT', cumulativePath(annual, '2026-27'), { token: annual.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_START_AND_END_DATE_NOT_ALLOWED');
    expect((await se('PUT', cumulativePath(annual, '2026-27'), { token: annual.token, body: withoutDates(yearToDate('2026-04-06', '2026-07-05')) })).status).toBe(204);
    const stored = await se('GET', cumulativePath(annual, '2026-27'), { token: annual.token });
    expect(stored.body.periodDates).toEqual({ periodStartDate: '2026-04-06', periodEndDate: '2027-04-05' });
    expect(findSourceYear(hmrc.emulator.state, annual.nino, annual.businessId, '2026-27')!.cumulativeHistory[0]!.periodEndDate).toBeUndefined();

    const latent = await newClient({ latencyDetails: { latencyEndDate: '2028-04-05', taxYear1: '2026-27', latencyIndicator1: 'A', taxYear2: '2027-28', latencyIndicator2: 'Q' } });
    await refused('PUT', cumulativePath(latent, '2026-27'), { token: latent.token, body: yearToDate('2026-04-06', '2026-07-05') }, 400, 'RULE_START_AND_END_DATE_NOT_ALLOWED');
    expect((await se('PUT', cumulativePath(latent, '2026-27'), { token: latent.token, body: withoutDates(yearToDate('2026-04-06', '2026-07-05')) })).status).toBe(204);
    await at('2027-07-10', latent);
    await refused('PUT', cumulativePath(latent, '2027-28'), { token: latent.token, body: withoutDates(yearToDate('2027-04-06', '2027-07-05')) }, 400, 'RULE_MISSING_SUBMISSION_DATES');
  });

  it('takes amendments after the final declaration until 12 months after the filing date', async () => {
    await at('2026-05-10');
    const client = await newClient();
    expect((await se('PUT', cumulativePath(client, '2025-26'), { token: client.token, body: yearToDate('2025-04-06', '2026-04-05') })).status).toBe(204);
    expect((await se('PUT', annualPath(client, '2025-26'), { token: client.token, body: { nonFinancials: { businessDetailsChangedRecently: false } } })).status).toBe(204);
    finalDeclarations(hmrc.emulator.state, client.nino)['2025-26'] = { taxYear: '2025-26', calculationId: '041f7e4d-87b9-4d4a-a296-3cfbdf92f7e2', submittedOn: '2027-01-20T10:00:00.000Z', calculationType: 'final-declaration' };
    await at('2028-01-31', client);
    expect((await se('PUT', cumulativePath(client, '2025-26'), { token: client.token, body: yearToDate('2025-04-06', '2026-04-05', { turnover: 9_000 }) })).status).toBe(204);
    await at('2028-02-01', client);
    await refused('PUT', cumulativePath(client, '2025-26'), { token: client.token, body: yearToDate('2025-04-06', '2026-04-05') }, 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    await refused('PUT', annualPath(client, '2025-26'), { token: client.token, body: { nonFinancials: { businessDetailsChangedRecently: true } } }, 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    await refused('DELETE', annualPath(client, '2025-26'), { token: client.token }, 400, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('checks the body as HMRC does: shape first, then values and rules together', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const put = (body: unknown) => se('PUT', cumulativePath(client, '2026-27'), { token: client.token, body });
    expect((await put({})).body).toEqual({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', message: 'An empty or non-matching body was submitted' });
    expect((await put({ periodIncome: { turnover: 1 }, bonus: 1 })).body).toMatchObject({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', paths: ['/bonus'] });
    expect((await put({ ...yearToDate('2026-04-06', '2026-07-05'), periodIncome: {} })).body).toMatchObject({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', paths: ['/periodIncome'] });
    const onePart = await put({ periodIncome: { turnover: 1, other: 0 } });
    expect(onePart).toMatchObject({ status: 400, body: { code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED' } });
    expect(onePart.body.message).toMatch(/^You must provide information for at least 2 of periodDates, periodIncome, and expenses/);

    const values = await put({ ...yearToDate('2026-04-06', '2026-07-05'), periodIncome: { turnover: -1, other: 0 }, periodExpenses: { costOfGoods: 1.234, adminCosts: 100_000_000_000 } });
    expect(values.body).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Invalid request',
      errors: [
        { code: 'FORMAT_VALUE', message: 'The value must be between 0 and 99999999999.99', paths: ['/periodIncome/turnover'] },
        { code: 'FORMAT_VALUE', message: 'The value must be between -99999999999.99 and 99999999999.99', paths: ['/periodExpenses/costOfGoods', '/periodExpenses/adminCosts'] },
      ],
    });
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-02-30', '2026-07-05') }, 400, 'FORMAT_START_DATE');
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '05/07/2026') }, 400, 'FORMAT_END_DATE');
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: yearToDate('2026-07-05', '2026-04-06') }, 400, 'RULE_END_DATE_BEFORE_START_DATE');
    const both = { ...yearToDate('2026-04-06', '2026-07-05'), periodExpenses: { consolidatedExpenses: 10, costOfGoods: 1 } };
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: both }, 400, 'RULE_BOTH_EXPENSES_SUPPLIED');
    const withDisallowable = { ...yearToDate('2026-04-06', '2026-07-05'), periodExpenses: { consolidatedExpenses: 10 } };
    await refused('PUT', cumulativePath(client, '2026-27'), { token: client.token, body: withDisallowable }, 400, 'RULE_BOTH_EXPENSES_SUPPLIED');
    const twoRules = await put({ ...both, periodDates: { periodStartDate: '2026-07-05', periodEndDate: '2026-04-06' } });
    expect(twoRules.body.errors.map((e: { code: string }) => e.code)).toEqual(['RULE_END_DATE_BEFORE_START_DATE', 'RULE_BOTH_EXPENSES_SUPPLIED']);
  });

  it('serves 2025-26 onwards only, for businesses that exist, and has nothing to show before the first update', async () => {
    await at('2026-07-10');
    const client = await newClient();
    await refused('PUT', cumulativePath(client, '2024-25'), { token: client.token, body: yearToDate('2024-04-06', '2024-07-05') }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('GET', cumulativePath(client, '2024-25'), { token: client.token }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    // A year that has not begun takes no data.
    await refused('PUT', cumulativePath(client, '2027-28'), { token: client.token, body: yearToDate('2027-04-06', '2027-07-05') }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('GET', cumulativePath(client, '2026-27'), { token: client.token }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const stranger = { nino: client.nino, businessId: 'XBIS12345678901' };
    await refused('PUT', cumulativePath(stranger, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    const property = { nino: client.nino, businessId: await addBusiness(client, { typeOfBusiness: 'uk-property', tradingName: undefined, businessAddressLineOne: undefined, businessAddressCountryCode: undefined, businessAddressPostcode: undefined }) };
    await refused('PUT', cumulativePath(property, '2026-27'), { token: client.token, body: yearToDate('2026-04-06', '2026-07-05') }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
  });
});

describe('Annual submission', () => {
  const nonFinancials = { businessDetailsChangedRecently: false };
  const building = (b: Record<string, unknown>) => [{ amount: 10, firstYear: { qualifyingDate: '2026-05-01', qualifyingAmountExpenditure: 100 }, building: b }];

  it('applies the rules on allowances, adjustments and buildings, reporting them together', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const put = (body: unknown, taxYear = '2026-27') => se('PUT', annualPath(client, taxYear), { token: client.token, body });
    expect((await put({ allowances: { tradingIncomeAllowance: 1_000, annualInvestmentAllowance: 1 }, nonFinancials })).body.code).toBe('RULE_BOTH_ALLOWANCES_SUPPLIED');
    expect((await put({ adjustments: { transitionProfitAccelerationAmount: 10 }, nonFinancials })).body.code).toBe('RULE_WRONG_TPA_AMOUNT_SUBMITTED');
    expect((await put({ allowances: { structuredBuildingAllowance: building({ postcode: 'LS1 4AP' }) }, nonFinancials })).body).toMatchObject({
      code: 'RULE_BUILDING_NAME_NUMBER',
      paths: ['/allowances/structuredBuildingAllowance/0/building'],
    });
    expect((await put({ allowances: { enhancedStructuredBuildingAllowance: building({ name: 'Unit #4', postcode: 'LS1 4AP' }) }, nonFinancials })).body).toMatchObject({
      code: 'FORMAT_STRING',
      paths: ['/allowances/enhancedStructuredBuildingAllowance/0/building/name'],
    });
    const badDate = building({ number: '4', postcode: 'LS1 4AP' });
    badDate[0]!.firstYear.qualifyingDate = '2026-13-01';
    expect((await put({ allowances: { structuredBuildingAllowance: badDate }, nonFinancials })).body).toMatchObject({ code: 'FORMAT_DATE', paths: ['/allowances/structuredBuildingAllowance/0/firstYear/qualifyingDate'] });
    expect((await put({ nonFinancials: { ...nonFinancials, class4NicsExemptionReason: 'student' } })).body.code).toBe('FORMAT_CLASS_4_EXEMPTION_REASON');
    expect((await put({ allowances: { tradingIncomeAllowance: 1_000.01 }, nonFinancials })).body).toEqual({ code: 'FORMAT_VALUE', message: 'The value must be between 0 and 1000', paths: ['/allowances/tradingIncomeAllowance'] });
    expect((await put({})).body.code).toBe('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    const decimals = await put({ adjustments: { basisAdjustment: -1.001 }, allowances: { structuredBuildingAllowance: [{ amount: 1.001, building: { number: '4', postcode: 'LS1 4AP' } }] }, nonFinancials });
    expect(decimals.body.errors).toEqual([
      { code: 'FORMAT_VALUE', message: 'The value must be between -99999999999.99 and 99999999999.99', paths: ['/adjustments/basisAdjustment'] },
      { code: 'FORMAT_VALUE', message: 'The value must be between 0 and 99999999999.99', paths: ['/allowances/structuredBuildingAllowance/0/amount'] },
    ]);

    const several = await put({ adjustments: { transitionProfitAccelerationAmount: 10 }, allowances: { tradingIncomeAllowance: 1, capitalAllowanceMainPool: 2 }, nonFinancials });
    expect(several.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['RULE_BOTH_ALLOWANCES_SUPPLIED', 'RULE_WRONG_TPA_AMOUNT_SUBMITTED']);
  });

  it('refuses overlap relief from 2024-25 (a rule in 2024-25 and 2025-26, an unknown field after) and allowances before they existed', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const overlap = { adjustments: { overlapReliefUsed: 10 }, nonFinancials };
    for (const taxYear of ['2024-25', '2025-26']) {
      expect((await se('PUT', annualPath(client, taxYear), { token: client.token, body: overlap })).body).toMatchObject({ code: 'RULE_OVERLAP_RELIEF_USED_NOT_ALLOWED', paths: ['/adjustments/overlapReliefUsed'] });
    }
    expect((await se('PUT', annualPath(client, '2026-27'), { token: client.token, body: overlap })).body).toMatchObject({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', paths: ['/adjustments/overlapReliefUsed'] });
    expect((await se('PUT', annualPath(client, '2023-24'), { token: client.token, body: overlap })).status).toBe(204);

    const sba = { allowances: { structuredBuildingAllowance: building({ name: 'Unit 4', postcode: 'LS1 4AP' }) }, nonFinancials };
    await refused('PUT', annualPath(client, '2017-18'), { token: client.token, body: sba }, 400, 'RULE_ALLOWANCE_NOT_SUPPORTED');
    expect((await se('PUT', annualPath(client, '2018-19'), { token: client.token, body: sba })).status).toBe(204);
    const esba = { allowances: { enhancedStructuredBuildingAllowance: building({ number: '4', postcode: 'LS1 4AP' }) }, nonFinancials };
    await refused('PUT', annualPath(client, '2020-21'), { token: client.token, body: esba }, 400, 'RULE_ALLOWANCE_NOT_SUPPORTED');
  });

  it('serves 2017-18 onwards, for a year that has begun, and replaces the whole record on each PUT', async () => {
    await at('2026-07-10');
    const client = await newClient();
    await refused('PUT', annualPath(client, '2016-17'), { token: client.token, body: { nonFinancials } }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('GET', annualPath(client, '2016-17'), { token: client.token }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('DELETE', annualPath(client, '2016-17'), { token: client.token }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('PUT', annualPath(client, '2027-28'), { token: client.token, body: { nonFinancials } }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    await refused('GET', annualPath(client, '2026-27'), { token: client.token }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    await refused('DELETE', annualPath(client, '2026-27'), { token: client.token }, 404, 'MATCHING_RESOURCE_NOT_FOUND');

    expect((await se('PUT', annualPath(client, '2026-27'), { token: client.token, body: { adjustments: { outstandingBusinessIncome: 5 }, nonFinancials } })).status).toBe(204);
    expect((await se('PUT', annualPath(client, '2026-27'), { token: client.token, body: { allowances: { annualInvestmentAllowance: 7 }, nonFinancials } })).status).toBe(204);
    expect((await se('GET', annualPath(client, '2026-27'), { token: client.token })).body).toEqual({ allowances: { annualInvestmentAllowance: 7 }, nonFinancials });
    expect(figuresFor(hmrc.emulator.state, client.nino, '2026-27')[0]).toEqual({ businessId: client.businessId, typeOfBusiness: 'self-employment', income: 0, expenses: 0, adjustments: -700 });
  });
});

describe('Period summaries (2024-25 and earlier)', () => {
  it('creates contiguous periods, lists, retrieves and amends them, and sums them for the calculation', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const q1 = yearToDate('2024-04-06', '2024-07-05', { turnover: 20_000, costOfGoods: 2_000 });
    const q2 = yearToDate('2024-07-06', '2024-10-05', { turnover: 30_000.5, costOfGoods: 3_000 });
    expect(await se('POST', periodPath(client), { token: client.token, body: q1 })).toMatchObject({ status: 200, body: { periodId: '2024-04-06_2024-07-05' } });
    expect(await se('POST', periodPath(client), { token: client.token, body: q2 })).toMatchObject({ status: 200, body: { periodId: '2024-07-06_2024-10-05' } });

    const list = await se('GET', `${periodPath(client)}/2024-25`, { token: client.token });
    expect(list.body).toEqual({
      periods: [
        { periodId: '2024-04-06_2024-07-05', periodStartDate: '2024-04-06', periodEndDate: '2024-07-05' },
        { periodId: '2024-07-06_2024-10-05', periodStartDate: '2024-07-06', periodEndDate: '2024-10-05' },
      ],
    });
    expect((await se('GET', `${periodPath(client)}/2023-24`, { token: client.token })).body).toEqual({ periods: [] });
    expect((await se('GET', `${periodPath(client)}/2024-25/2024-07-06_2024-10-05`, { token: client.token })).body).toEqual(q2);

    const amended = withoutDates(yearToDate('2024-07-06', '2024-10-05', { turnover: 31_000, costOfGoods: 3_000 }));
    expect((await se('PUT', `${periodPath(client)}/2024-25/2024-07-06_2024-10-05`, { token: client.token, body: amended })).status).toBe(204);
    expect((await se('GET', `${periodPath(client)}/2024-25/2024-07-06_2024-10-05`, { token: client.token })).body).toEqual({ periodDates: q2.periodDates, ...amended });

    const ledger = (await (await fetch(`${hmrc.url}/emulator/ledger?${new URLSearchParams({ nino: client.nino, api: 'self-employment-business' })}`)).json()) as { entries: Record<string, unknown>[] };
    expect(ledger.entries.map((e) => [e.method, e.status, e.taxYear])).toEqual([['POST', 200, '2024-25'], ['POST', 200, '2024-25'], ['PUT', 204, '2024-25']]);

    expect(figuresFor(hmrc.emulator.state, client.nino, '2024-25')).toEqual([
      { businessId: client.businessId, typeOfBusiness: 'self-employment', income: 5_100_000, expenses: 2 * (25_050 - 5_025) + 500_000, adjustments: 0 },
    ]);
  });

  it('refuses overlaps, duplicates, gaps and periods outside the accounting period', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const create = (start: string, end: string) => se('POST', periodPath(client), { token: client.token, body: yearToDate(start, end) });
    expect((await create('2024-05-01', '2024-07-05')).body.code).toBe('RULE_MISALIGNED_PERIOD');
    expect((await create('2024-01-06', '2024-07-05')).body.code).toBe('RULE_MISALIGNED_PERIOD');
    expect((await create('2024-04-06', '2024-07-05')).status).toBe(200);
    expect((await create('2024-04-06', '2024-07-05')).body.code).toBe('RULE_DUPLICATE_SUBMISSION');
    expect((await create('2024-07-01', '2024-10-05')).body.code).toBe('RULE_OVERLAPPING_PERIOD');
    expect((await create('2024-07-07', '2024-10-05')).body.code).toBe('RULE_NOT_CONTIGUOUS_PERIOD');
    expect((await create('2024-07-06', '2024-10-05')).status).toBe(200);

    // Before the tax-year-specific back end (2023-24), a repeat is an overlap.
    expect((await create('2019-04-06', '2019-07-05')).status).toBe(200);
    expect((await create('2019-04-06', '2019-07-05')).body.code).toBe('RULE_OVERLAPPING_PERIOD');
  });

  it('keeps an annual reporter to one period for the whole year', async () => {
    await at('2026-07-10');
    const client = await newClient();
    await setItsaStatus(client, '2024-25', 'Annual');
    await refused('POST', periodPath(client), { token: client.token, body: yearToDate('2024-04-06', '2024-07-05') }, 400, 'RULE_BUSINESS_INCOME_PERIOD_RESTRICTION');
    expect((await se('POST', periodPath(client), { token: client.token, body: yearToDate('2024-04-06', '2025-04-05') })).status).toBe(200);
  });

  it('refuses consolidated expenses once the turnover so far passes the VAT threshold, on create and amend', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const consolidated = (start: string, end: string, turnover: number) => ({ periodDates: { periodStartDate: start, periodEndDate: end }, periodIncome: { turnover, other: 0 }, periodExpenses: { consolidatedExpenses: 100 } });
    expect((await se('POST', periodPath(client), { token: client.token, body: consolidated('2024-04-06', '2024-07-05', 60_000) })).status).toBe(200);
    await refused('POST', periodPath(client), { token: client.token, body: consolidated('2024-07-06', '2024-10-05', 30_000.01) }, 400, 'RULE_NOT_ALLOWED_CONSOLIDATED_EXPENSES');
    expect((await se('POST', periodPath(client), { token: client.token, body: consolidated('2024-07-06', '2024-10-05', 30_000) })).status).toBe(200);
    const q1 = `${periodPath(client)}/2024-25/2024-04-06_2024-07-05`;
    await refused('PUT', q1, { token: client.token, body: withoutDates(consolidated('', '', 60_000.01)) }, 400, 'RULE_NOT_ALLOWED_CONSOLIDATED_EXPENSES');
    // The threshold was £85,000 before 2024-25.
    await refused('POST', periodPath(client), { token: client.token, body: consolidated('2023-04-06', '2023-07-05', 85_000.01) }, 400, 'RULE_NOT_ALLOWED_CONSOLIDATED_EXPENSES');
  });

  it('validates the create body: end date first, then shape, then values, dates and expenses', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const post = (body: unknown) => se('POST', periodPath(client), { token: client.token, body });
    expect((await post({})).body.code).toBe('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expect((await post(withoutDates(yearToDate('2024-04-06', '2024-07-05')))).body).toMatchObject({ code: 'FORMAT_END_DATE', paths: ['/periodDates/periodEndDate'] });
    expect((await post(yearToDate('2024-04-31', '2024-07-05'))).body.code).toBe('FORMAT_START_DATE');
    expect((await post(yearToDate('2024-07-05', '2024-04-06'))).body.code).toBe('RULE_END_DATE_BEFORE_START_DATE');
    expect((await post(yearToDate('2025-04-06', '2025-07-05'))).body.code).toBe('RULE_TAX_YEAR_NOT_SUPPORTED');
    expect((await post({ ...yearToDate('2024-04-06', '2024-07-05'), periodExpenses: { consolidatedExpenses: 1 } })).body.code).toBe('RULE_BOTH_EXPENSES_SUPPLIED');
    expect((await post({ ...yearToDate('2024-04-06', '2024-07-05'), periodIncome: { turnover: 0.001 } })).body).toMatchObject({ code: 'FORMAT_VALUE', paths: ['/periodIncome/turnover'] });
    // 2022-23 and before: the older schema has no negative subcontractor payments.
    expect((await post({ ...yearToDate('2022-04-06', '2022-07-05'), periodExpenses: { paymentsToSubcontractors: -1 } })).body).toMatchObject({ code: 'FORMAT_VALUE', message: 'The value must be between 0 and 99999999999.99' });
    expect((await post({ ...yearToDate('2024-04-06', '2024-07-05'), periodIncome: { turnover: 1, other: 0, tips: 2 } })).body).toMatchObject({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', paths: ['/periodIncome/tips'] });
  });

  it('validates list, retrieve and amend: tax years to 2024-25, period ids, bodies, and what exists', async () => {
    await at('2026-07-10');
    const client = await newClient();
    expect((await se('POST', periodPath(client), { token: client.token, body: yearToDate('2024-04-06', '2024-07-05') })).status).toBe(200);
    const body = withoutDates(yearToDate('2024-04-06', '2024-07-05'));
    for (const taxYear of ['2025-26', '2016-17']) {
      await refused('GET', `${periodPath(client)}/${taxYear}`, { token: client.token }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
      await refused('GET', `${periodPath(client)}/${taxYear}/2024-04-06_2024-07-05`, { token: client.token }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
      await refused('PUT', `${periodPath(client)}/${taxYear}/2024-04-06_2024-07-05`, { token: client.token, body }, 400, 'RULE_TAX_YEAR_NOT_SUPPORTED');
    }
    for (const periodId of ['2024-04-06-2024-07-05', '2024-07-05_2024-04-06', '2024-02-30_2024-07-05']) {
      await refused('GET', `${periodPath(client)}/2024-25/${periodId}`, { token: client.token }, 400, 'FORMAT_PERIOD_ID');
      await refused('PUT', `${periodPath(client)}/2024-25/${periodId}`, { token: client.token, body }, 400, 'FORMAT_PERIOD_ID');
    }
    const q1 = `${periodPath(client)}/2024-25/2024-04-06_2024-07-05`;
    await refused('GET', `${periodPath(client)}/2023-24/2024-04-06_2024-07-05`, { token: client.token }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    await refused('PUT', `${periodPath(client)}/2024-25/2024-07-06_2024-10-05`, { token: client.token, body }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    await refused('PUT', q1, { token: client.token, body: {} }, 400, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    await refused('PUT', q1, { token: client.token, body: { periodExpenses: { consolidatedExpenses: 1, costOfGoods: 1 } } }, 400, 'RULE_BOTH_EXPENSES_SUPPLIED');
    await refused('PUT', q1, { token: client.token, body: { periodIncome: { turnover: -5 } } }, 400, 'FORMAT_VALUE');
    expect((await se('PUT', q1, { token: client.token, body })).status).toBe(204);
  });
});

/** One valid request per endpoint, for the checks every endpoint shares. */
function endpointsFor(client: { nino: string; businessId: string }) {
  const q1 = withoutDates(yearToDate('2024-04-06', '2024-07-05'));
  return [
    { key: 'create_amend_cumulative_period_summary', method: 'PUT', path: (c = client, ty = '2026-27') => cumulativePath(c, ty), body: yearToDate('2026-04-06', '2026-07-05') },
    { key: 'retrieve_cumulative_period_summary', method: 'GET', path: (c = client, ty = '2026-27') => cumulativePath(c, ty) },
    { key: 'create_and_amend_annual_submission', method: 'PUT', path: (c = client, ty = '2026-27') => annualPath(c, ty), body: { nonFinancials: { businessDetailsChangedRecently: true } } },
    { key: 'retrieve_annual_submission', method: 'GET', path: (c = client, ty = '2026-27') => annualPath(c, ty) },
    { key: 'delete_annual_submission', method: 'DELETE', path: (c = client, ty = '2026-27') => annualPath(c, ty) },
    { key: 'create_period_summary', method: 'POST', path: (c = client) => periodPath(c), body: yearToDate('2024-04-06', '2024-07-05') },
    { key: 'list_period_summaries', method: 'GET', path: (c = client, ty = '2024-25') => `${periodPath(c)}/${ty}` },
    { key: 'retrieve_period_summary', method: 'GET', path: (c = client, ty = '2024-25') => `${periodPath(c)}/${ty}/2024-04-06_2024-07-05` },
    { key: 'amend_period_summary', method: 'PUT', path: (c = client, ty = '2024-25') => `${periodPath(c)}/${ty}/2024-04-06_2024-07-05`, body: q1 },
  ];
}

describe('Every endpoint', () => {
  it('refuses malformed identifiers and tax years with HMRC codes and messages', async () => {
    await at('2026-07-10');
    const client = await newClient();
    for (const endpoint of endpointsFor(client)) {
      const options = { token: client.token, ...(endpoint.body ? { body: endpoint.body } : {}) };
      const badNino = await refused(endpoint.method, endpoint.path({ ...client, nino: 'AB12345' }), options, 400, 'FORMAT_NINO');
      expect(badNino.body.message).toBe('The NINO format is invalid');
      await refused(endpoint.method, endpoint.path({ ...client, businessId: 'XAIS1234' }), options, 400, 'FORMAT_BUSINESS_ID');
      if (endpoint.key === 'create_period_summary') continue;
      await refused(endpoint.method, endpoint.path(client, '2026'), options, 400, 'FORMAT_TAX_YEAR');
      await refused(endpoint.method, endpoint.path(client, '2025-27'), options, 400, 'RULE_TAX_YEAR_RANGE_INVALID');
    }
  });

  it('answers 403 to an agent the client has not authorised, and 400 to an unknown Gov-Test-Scenario', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const stranger = await agentWithClient(hmrc);
    for (const endpoint of endpointsFor(client)) {
      const options = endpoint.body ? { body: endpoint.body } : {};
      const forbidden = await refused(endpoint.method, endpoint.path(), { token: stranger.agentToken, ...options }, 403, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
      expect(forbidden.body.message).toBe('The client or agent is not authorised');
      await refused(endpoint.method, endpoint.path(), { token: client.token, headers: { 'Gov-Test-Scenario': 'NO_SUCH_SCENARIO' }, ...options }, 400, 'RULE_INCORRECT_GOV_TEST_SCENARIO');
    }
  });

  it('answers 404 for a business the client does not have', async () => {
    await at('2026-07-10');
    const client = await newClient();
    const missing = { nino: client.nino, businessId: 'XBIS99999999999' };
    for (const endpoint of endpointsFor(missing)) {
      await refused(endpoint.method, endpoint.path(), { token: client.token, ...(endpoint.body ? { body: endpoint.body } : {}) }, 404, 'MATCHING_RESOURCE_NOT_FOUND');
    }
  });

  it("leaves documented Gov-Test-Scenarios to HMRC's canned answers, and STATEFUL to the stateful emulator", async () => {
    await at('2026-06-01');
    const client = await newClient();
    const body = yearToDate('2026-04-06', '2026-07-05');
    const canned = await call(hmrc, 'PUT', cumulativePath(client, '2026-27'), { version: VERSION, token: client.token, body, headers: { 'Gov-Test-Scenario': 'SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS' } });
    expect(canned.body.code).toBe('RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS');
    const stateful = await call(hmrc, 'PUT', cumulativePath(client, '2026-27'), { version: VERSION, token: client.token, body, headers: { 'Gov-Test-Scenario': 'STATEFUL' } });
    expect(stateful.body.code).toBe('RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED');
  });
});

/**
 * Documented codes no request can provoke from HMRC's service, nor from any documented Gov-Test-Scenario. HMRC's
 * validators pick definition 1 for tax years up to 2022-23 and give only definition 2 (2023-24 and 2024-25) the
 * INVALID_TAX_YEAR_PARAMETER minimum check, so that check never fails; the code is left over from when taxYear was an
 * optional query parameter.
 */
const UNREACHABLE: Record<string, string[]> = {
  list_period_summaries: ['INVALID_TAX_YEAR_PARAMETER'],
  retrieve_period_summary: ['INVALID_TAX_YEAR_PARAMETER'],
  amend_period_summary: ['INVALID_TAX_YEAR_PARAMETER'],
};

describe('Coverage of the documented errors', () => {
  it('has provoked every error code HMRC documents for each endpoint, except the unreachable ones', () => {
    const endpoints = findApi('self-employment-business', VERSION)!.endpoints;
    expect(endpoints).toHaveLength(9);
    const missing: string[] = [];
    for (const endpoint of endpoints) {
      const documented = new Set(Object.entries(endpoint.responses).filter(([status]) => Number(status) >= 400).flatMap(([, r]) => r.errors.map((e) => e.code)));
      const unreachable = UNREACHABLE[endpoint.key] ?? [];
      for (const code of unreachable) expect(documented.has(code), `${endpoint.key} documents ${code}`).toBe(true);
      for (const code of documented) {
        if (!provoked.get(endpoint.key)?.has(code) && !unreachable.includes(code)) missing.push(`${endpoint.key} ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
