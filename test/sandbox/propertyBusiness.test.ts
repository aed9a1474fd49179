// Property Business (MTD) 6.0 through raw HTTP: HMRC's example bodies accepted, every documented error of every
// registered endpoint provoked (and checked off against the bundle at the end), answers checked against HMRC's schemas.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEndpoint } from '../../sandbox/hmrc/oas';
import { isDocumented } from '../../sandbox/hmrc/platform/validation';
import { taxYearOf } from '../../domain/taxYear';
import { figuresFor, finalDeclarations, findSourceYear } from '../../sandbox/hmrc/taxpayerData';
import { foreignProperties } from '../../sandbox/hmrc/apis/propertyBusiness/foreignProperties';
import { agentWithClient, call, startEmulator, userToken, type CallOptions, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

const API = 'property-business';
const VERSION = '6.0';

const UK_CUMULATIVE = '/individuals/business/property/uk/{nino}/{businessId}/cumulative/{taxYear}';
const FOREIGN_CUMULATIVE = '/individuals/business/property/foreign/{nino}/{businessId}/cumulative/{taxYear}';
const UK_ANNUAL = '/individuals/business/property/uk/{nino}/{businessId}/annual/{taxYear}';
const FOREIGN_ANNUAL = '/individuals/business/property/foreign/{nino}/{businessId}/annual/{taxYear}';
const ANNUAL = '/individuals/business/property/{nino}/{businessId}/annual/{taxYear}';
const DETAILS = '/individuals/business/property/foreign/{nino}/{businessId}/details/{taxYear}';
const DETAILS_UPDATE = '/individuals/business/property/foreign/{nino}/details/{propId}/{taxYear}';
const UK_PERIOD = '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}';
const UK_PERIOD_ID = '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}/{submissionId}';
const FOREIGN_PERIOD = '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}';
const FOREIGN_PERIOD_ID = '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}/{submissionId}';
const PERIODS = '/individuals/business/property/{nino}/{businessId}/period/{taxYear}';
const FHL_ANNUAL = '/individuals/business/property/uk/annual/furnished-holiday-lettings/{nino}/{taxYear}';
const NON_FHL_ANNUAL = '/individuals/business/property/uk/annual/non-furnished-holiday-lettings/{nino}/{taxYear}';
const FHL_PERIODS = '/individuals/business/property/uk/period/furnished-holiday-lettings/{nino}';
const FHL_PERIOD = '/individuals/business/property/uk/period/furnished-holiday-lettings/{nino}/{periodId}';
const NON_FHL_PERIODS = '/individuals/business/property/uk/period/non-furnished-holiday-lettings/{nino}';
const NON_FHL_PERIOD = '/individuals/business/property/uk/period/non-furnished-holiday-lettings/{nino}/{periodId}';

/** HMRC's example propertyId, used by its 2026-27 foreign examples. */
const EXAMPLE_PROPERTY_ID = '8e8b8450-dc1b-4360-8109-7067337b42cb';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

// ---------------------------------------------------------------------------------------------------------------------
// Harness: customers, businesses, the clock, calls that record every error code they provoke.

interface Customer {
  nino: string;
  token: string;
  agentUserId: string;
}

type Params = Record<string, string>;

/** Every error code each endpoint answered with in this file, for the coverage check at the end. */
const provoked = new Map<string, Set<string>>();

function endpointKey(method: string, template: string): string {
  return `${method} ${template}`;
}

function codesOf(body: any): string[] {
  if (!body?.code) return [];
  return body.code === 'INVALID_REQUEST' ? body.errors.map((e: { code: string }) => e.code) : [body.code];
}

function url(template: string, params: Params, query: Params = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/** Sets the emulator's clock (HMRC's date rules read it) and gives the customer's agent a token valid at that time. */
async function at(customer: Customer, instant: string): Promise<void> {
  hmrc.emulator.clock.set(new Date(instant));
  customer.token = await userToken(hmrc, customer.agentUserId);
}

async function newCustomer(instant = '2026-07-10T09:00:00Z'): Promise<Customer> {
  hmrc.emulator.clock.set(new Date(instant));
  const { agent, nino, agentToken } = await agentWithClient(hmrc);
  return { nino, token: agentToken, agentUserId: agent.userId };
}

async function newBusiness(customer: Customer, typeOfBusiness: 'uk-property' | 'foreign-property', extra: Record<string, unknown> = {}): Promise<string> {
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${customer.nino}`, { token: customer.token, body: { typeOfBusiness, ...extra } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.businessId as string;
}

async function setItsaStatus(customer: Customer, taxYear: string, status: string): Promise<void> {
  const body = { itsaStatusDetails: [{ submittedOn: '2025-01-01T00:00:00.000Z', status, statusReason: 'Sign up - return available' }] };
  const answer = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${customer.nino}/${taxYear}`, { token: customer.token, body });
  expect(answer.status).toBe(204);
}

async function send(customer: Customer, method: string, template: string, params: Params, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const { query, ...rest } = options;
  const answer = await call(hmrc, method, url(template, { nino: customer.nino, ...params }, query), { token: customer.token, version: VERSION, ...rest });
  const key = endpointKey(method, template);
  for (const code of codesOf(answer.body)) (provoked.get(key) ?? provoked.set(key, new Set()).get(key)!).add(code);
  return answer;
}

/** The status HMRC documents for the code on this endpoint. */
function documentedStatus(method: string, template: string, code: string): number {
  const endpoint = findEndpoint(API, VERSION, method, template)!;
  const found = Object.entries(endpoint.responses).find(([, r]) => r.errors.some((e) => e.code === code));
  return Number(found?.[0]);
}

/** Calls and expects `code` among the errors (alone: with HMRC's documented status). */
async function fails(customer: Customer, method: string, template: string, params: Params, code: string, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const answer = await send(customer, method, template, params, options);
  expect(codesOf(answer.body), `${method} ${template} ${JSON.stringify(answer.body)}`).toContain(code);
  if (answer.body.code === code) expect(answer.status).toBe(documentedStatus(method, template, code));
  else expect(answer.status).toBe(400);
  return answer;
}

async function succeeds(customer: Customer, method: string, template: string, params: Params, status: number, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const answer = await send(customer, method, template, params, options);
  expect(answer.status, `${method} ${url(template, params)} ${JSON.stringify(answer.body)}`).toBe(status);
  return answer;
}

function examples(template: string, method = 'PUT'): { name: string; value: any }[] {
  return findEndpoint(API, VERSION, method, template)!.requestBody!.examples as { name: string; value: any }[];
}

function declareFinal(customer: Customer, taxYear: string): void {
  finalDeclarations(hmrc.emulator.state, customer.nino)[taxYear] = { taxYear, calculationId: randomUUID(), submittedOn: '2027-06-01T10:00:00.000Z', calculationType: 'final-declaration' };
}

/** Registers a foreign property under a known id, as if created through Foreign Property Details earlier. */
function seedForeignProperty(customer: Customer, businessId: string, propertyId: string, taxYear: string, countryCode = 'FRA'): void {
  foreignProperties(hmrc.emulator.state, customer.nino)[propertyId] = {
    propertyId,
    businessId,
    propertyName: `Seeded ${propertyId.slice(0, 8)}`,
    countryCode,
    fromTaxYear: taxYear,
    submittedOn: '2026-04-06T00:00:00.000Z',
  };
}

async function registerForeignProperty(customer: Customer, businessId: string, taxYear: string, propertyName = 'Maison Bleue', countryCode = 'FRA'): Promise<string> {
  const created = await succeeds(customer, 'POST', DETAILS, { businessId, taxYear }, 200, { body: { propertyName, countryCode } });
  return created.body.propertyId as string;
}

function ukBody(dates?: { fromDate: string; toDate: string }, income = 3000, expenses = 500): Record<string, unknown> {
  return { ...(dates ?? {}), ukProperty: { income: { periodAmount: income }, expenses: { premisesRunningCosts: expenses } } };
}

function foreignBody(entry: { countryCode?: string; propertyId?: string }, dates?: { fromDate: string; toDate: string }, income = 3000, expenses = 500): Record<string, unknown> {
  return { ...(dates ?? {}), foreignProperty: [{ ...entry, income: { rentIncome: { rentAmount: income } }, expenses: { premisesRunningCosts: expenses } }] };
}

const Q1_2026 = { fromDate: '2026-04-06', toDate: '2026-07-05' };

function dates(body: { fromDate: string; toDate: string }): { fromDate: string; toDate: string } {
  return { fromDate: body.fromDate, toDate: body.toDate };
}

// ---------------------------------------------------------------------------------------------------------------------

describe('path parameters, scenarios and authorisation on every endpoint', () => {
  const anyUuid = randomUUID();
  const cases: { method: string; template: string; taxYear: string; tooEarly: string; tooLate?: string; body?: unknown }[] = [
    { method: 'PUT', template: UK_CUMULATIVE, taxYear: '2026-27', tooEarly: '2024-25', body: ukBody(Q1_2026) },
    { method: 'GET', template: UK_CUMULATIVE, taxYear: '2026-27', tooEarly: '2024-25' },
    { method: 'PUT', template: FOREIGN_CUMULATIVE, taxYear: '2026-27', tooEarly: '2024-25', body: foreignBody({ propertyId: anyUuid }, Q1_2026) },
    { method: 'GET', template: FOREIGN_CUMULATIVE, taxYear: '2026-27', tooEarly: '2024-25' },
    { method: 'PUT', template: UK_ANNUAL, taxYear: '2026-27', tooEarly: '2020-21', body: { ukProperty: { adjustments: { nonResidentLandlord: false } } } },
    { method: 'GET', template: UK_ANNUAL, taxYear: '2026-27', tooEarly: '2020-21' },
    { method: 'PUT', template: FOREIGN_ANNUAL, taxYear: '2026-27', tooEarly: '2020-21', body: { foreignProperty: [{ propertyId: anyUuid, adjustments: { balancingCharge: 10 } }] } },
    { method: 'GET', template: FOREIGN_ANNUAL, taxYear: '2026-27', tooEarly: '2020-21' },
    { method: 'DELETE', template: ANNUAL, taxYear: '2026-27', tooEarly: '2020-21' },
    { method: 'POST', template: DETAILS, taxYear: '2026-27', tooEarly: '2025-26', body: { propertyName: 'Villa Rosa', countryCode: 'ITA' } },
    { method: 'GET', template: DETAILS, taxYear: '2026-27', tooEarly: '2025-26' },
    { method: 'PUT', template: DETAILS_UPDATE, taxYear: '2026-27', tooEarly: '2025-26', body: { propertyName: 'Villa Rosa' } },
    { method: 'POST', template: UK_PERIOD, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26', body: { fromDate: '2024-04-06', toDate: '2024-07-05', ukNonFhlProperty: { income: { periodAmount: 10 } } } },
    { method: 'GET', template: UK_PERIOD_ID, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26' },
    { method: 'PUT', template: UK_PERIOD_ID, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26', body: { ukNonFhlProperty: { income: { periodAmount: 10 } } } },
    { method: 'POST', template: FOREIGN_PERIOD, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26', body: { fromDate: '2024-04-06', toDate: '2024-07-05', foreignFhlEea: { income: { rentAmount: 10 } } } },
    { method: 'GET', template: FOREIGN_PERIOD_ID, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26' },
    { method: 'PUT', template: FOREIGN_PERIOD_ID, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26', body: { foreignFhlEea: { income: { rentAmount: 10 } } } },
    { method: 'GET', template: PERIODS, taxYear: '2024-25', tooEarly: '2020-21', tooLate: '2025-26' },
    ...[FHL_ANNUAL, NON_FHL_ANNUAL].flatMap((template) => [
      {
        method: 'PUT',
        template,
        taxYear: '2019-20',
        tooEarly: '2016-17',
        tooLate: '2022-23',
        body: { annualAdjustments: { nonResidentLandlord: false, ...(template === FHL_ANNUAL ? { periodOfGraceAdjustment: false } : {}) } },
      },
      { method: 'GET', template, taxYear: '2019-20', tooEarly: '2016-17', tooLate: '2022-23' },
      { method: 'DELETE', template, taxYear: '2019-20', tooEarly: '2016-17', tooLate: '2022-23' },
    ]),
    ...[FHL_PERIODS, NON_FHL_PERIODS].flatMap((template) => [
      { method: 'POST', template, taxYear: '', tooEarly: '', body: { fromDate: '2019-04-06', toDate: '2019-07-05', income: { periodAmount: 10 } } },
      { method: 'GET', template, taxYear: '', tooEarly: '' },
    ]),
    ...[FHL_PERIOD, NON_FHL_PERIOD].flatMap((template) => [
      { method: 'GET', template, taxYear: '', tooEarly: '' },
      { method: 'PUT', template, taxYear: '', tooEarly: '', body: { fromDate: '2019-04-06', toDate: '2019-07-05', income: { periodAmount: 10 } } },
    ]),
  ];

  it.each(cases)('$method $template', async ({ method, template, taxYear, tooEarly, tooLate, body }) => {
    const customer = await newCustomer();
    const stranger = await newCustomer();
    const documented = (code: string) => isDocumented(findEndpoint(API, VERSION, method, template)!, code);
    const valid: Params = { businessId: 'XPIS00000099999', taxYear, propId: randomUUID(), submissionId: randomUUID(), periodId: '2019-04-06_2019-07-05' };
    const options = body === undefined ? {} : { body };
    const inPath = (name: string) => template.includes(`{${name}}`);

    await fails(customer, method, template, { ...valid, nino: 'AB12' }, 'FORMAT_NINO', options);
    // One endpoint (foreign period retrieve) documents no tax year errors, though it checks the tax year.
    if (inPath('taxYear') && documented('FORMAT_TAX_YEAR')) await fails(customer, method, template, { ...valid, taxYear: '2026' }, 'FORMAT_TAX_YEAR', options);
    if (inPath('taxYear') && documented('RULE_TAX_YEAR_RANGE_INVALID')) await fails(customer, method, template, { ...valid, taxYear: '2026-28' }, 'RULE_TAX_YEAR_RANGE_INVALID', options);
    if (inPath('taxYear') && documented('RULE_TAX_YEAR_NOT_SUPPORTED')) {
      await fails(customer, method, template, { ...valid, taxYear: tooEarly }, 'RULE_TAX_YEAR_NOT_SUPPORTED', options);
      if (tooLate) await fails(customer, method, template, { ...valid, taxYear: tooLate }, 'RULE_TAX_YEAR_NOT_SUPPORTED', options);
    }
    if (template.includes('{businessId}')) await fails(customer, method, template, { ...valid, businessId: 'XPIS123' }, 'FORMAT_BUSINESS_ID', options);
    if (template.includes('{propId}')) await fails(customer, method, template, { ...valid, propId: 'not-a-uuid' }, 'FORMAT_PROPERTY_ID', options);
    // Submission ids are lower-case version 4 UUIDs.
    if (template.includes('{submissionId}')) await fails(customer, method, template, { ...valid, submissionId: randomUUID().toUpperCase() }, 'FORMAT_SUBMISSION_ID', options);
    // Period ids are two dates in order, within 2017-18 to 2021-22.
    if (inPath('periodId') && documented('FORMAT_PERIOD_ID')) {
      for (const periodId of ['2019-04-06', '2019-07-05_2019-04-06', '2016-04-06_2016-07-05', '2019-02-30_2019-07-05']) await fails(customer, method, template, { ...valid, periodId }, 'FORMAT_PERIOD_ID', options);
    }
    if (documented('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')) await fails(customer, method, template, valid, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: {} });
    await fails(customer, method, template, valid, 'RULE_INCORRECT_GOV_TEST_SCENARIO', { ...options, headers: { 'Gov-Test-Scenario': 'NOT_A_SCENARIO' } });
    // An agent with no relationship with the customer.
    await fails(stranger, method, template, { ...valid, nino: customer.nino }, 'CLIENT_OR_AGENT_NOT_AUTHORISED', options);
    // No such business, property, period or submission for the customer.
    if (documented('MATCHING_RESOURCE_NOT_FOUND')) await fails(customer, method, template, valid, 'MATCHING_RESOURCE_NOT_FOUND', options);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('cumulative period summaries: HMRC examples and retrieval', () => {
  it("accepts HMRC's UK examples for 2025-26, each replacing the last, and returns the latest", async () => {
    const customer = await newCustomer('2025-07-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    const params = { businessId, taxYear: '2025-26' };
    await fails(customer, 'GET', UK_CUMULATIVE, params, 'MATCHING_RESOURCE_NOT_FOUND');
    for (const example of examples(UK_CUMULATIVE)) {
      // Gov-Test-Scenario: STATEFUL is what the emulator does anyway.
      await succeeds(customer, 'PUT', UK_CUMULATIVE, params, 204, { body: example.value, headers: { 'Gov-Test-Scenario': 'STATEFUL' } });
      const read = await succeeds(customer, 'GET', UK_CUMULATIVE, params, 200);
      expect(read.body).toEqual({ submittedOn: expect.stringMatching(/^2025-07-10T09:00/), ...example.value });
    }
    const record = findSourceYear(hmrc.emulator.state, customer.nino, businessId, '2025-26')!;
    expect(record.cumulativeHistory.map((s) => [s.periodStartDate, s.periodEndDate])).toEqual([
      ['2025-04-06', '2025-07-05'],
      ['2025-04-06', '2025-07-05'],
    ]);
    expect(record.cumulative?.body).toEqual(examples(UK_CUMULATIVE)[1]!.value);
    expect(record.lastChangedOn).toMatch(/^2025-07-10T09:00/);
  });

  it("accepts HMRC's foreign examples for 2025-26 (by country) and 2026-27 (by registered property)", async () => {
    const customer = await newCustomer('2025-07-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const byYear = (year: string) => examples(FOREIGN_CUMULATIVE).filter((e) => e.name.includes(year));
    for (const example of byYear('2025-26')) {
      await succeeds(customer, 'PUT', FOREIGN_CUMULATIVE, { businessId, taxYear: '2025-26' }, 204, { body: example.value });
      expect((await succeeds(customer, 'GET', FOREIGN_CUMULATIVE, { businessId, taxYear: '2025-26' }, 200)).body).toEqual({ submittedOn: expect.stringMatching(/^2025-07-10T09:00/), ...example.value });
    }

    await at(customer, '2026-07-10T09:00:00Z');
    seedForeignProperty(customer, businessId, EXAMPLE_PROPERTY_ID, '2026-27');
    const params = { businessId, taxYear: '2026-27' };
    for (const example of byYear('2026-27')) {
      await succeeds(customer, 'PUT', FOREIGN_CUMULATIVE, params, 204, { body: example.value });
      const read = await succeeds(customer, 'GET', FOREIGN_CUMULATIVE, params, 200, { query: { propertyId: EXAMPLE_PROPERTY_ID } });
      expect(read.body).toEqual({ submittedOn: expect.stringMatching(/^2026-07-10T09:00/), ...example.value });
    }
    await fails(customer, 'GET', FOREIGN_CUMULATIVE, params, 'MATCHING_RESOURCE_NOT_FOUND', { query: { propertyId: randomUUID() } });
    await fails(customer, 'GET', FOREIGN_CUMULATIVE, params, 'FORMAT_PROPERTY_ID', { query: { propertyId: 'villa-1' } });
    // Before 2026-27 HMRC does not read propertyId at all.
    await succeeds(customer, 'GET', FOREIGN_CUMULATIVE, { businessId, taxYear: '2025-26' }, 200, { query: { propertyId: 'villa-1' } });
  });

  it('tells a business of the wrong type apart from a missing one', async () => {
    const customer = await newCustomer();
    const uk = await newBusiness(customer, 'uk-property');
    const foreign = await newBusiness(customer, 'foreign-property');
    await fails(customer, 'GET', UK_CUMULATIVE, { businessId: foreign, taxYear: '2026-27' }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    await fails(customer, 'GET', FOREIGN_CUMULATIVE, { businessId: uk, taxYear: '2026-27' }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    // The create endpoints document no RULE_TYPE_OF_BUSINESS_INCORRECT: HMRC's back end finds no such income source.
    await fails(customer, 'PUT', UK_CUMULATIVE, { businessId: foreign, taxYear: '2026-27' }, 'MATCHING_RESOURCE_NOT_FOUND', { body: ukBody(Q1_2026) });
    await fails(customer, 'GET', UK_CUMULATIVE, { businessId: uk, taxYear: '2026-27' }, 'MATCHING_RESOURCE_NOT_FOUND');
  });
});

/** The rules every cumulative summary meets, run against both the UK and the foreign endpoint. */
describe.each([
  { kind: 'uk', template: UK_CUMULATIVE },
  { kind: 'foreign', template: FOREIGN_CUMULATIVE },
] as const)('$kind property cumulative summary rules', ({ kind, template }) => {
  const typeOfBusiness = kind === 'uk' ? 'uk-property' : 'foreign-property';

  /** A customer with a business of this kind and, for foreign property from 2026-27, one registered property. */
  async function setUp(instant = '2026-07-10T09:00:00Z', business: Record<string, unknown> = {}, taxYear = '2026-27') {
    const customer = await newCustomer(instant);
    const businessId = await newBusiness(customer, typeOfBusiness, business);
    const propertyId = kind === 'foreign' && taxYear >= '2026-27' ? await registerForeignProperty(customer, businessId, taxYear) : undefined;
    const body = (dates?: { fromDate: string; toDate: string }, income = 3000, expenses = 500) =>
      kind === 'uk' ? ukBody(dates, income, expenses) : foreignBody(propertyId ? { propertyId } : { countryCode: 'FRA' }, dates, income, expenses);
    return { customer, businessId, params: { businessId, taxYear }, body };
  }

  /** Where the figures sit in this kind's body. */
  function figures(body: Record<string, any>): Record<string, any> {
    return kind === 'uk' ? body.ukProperty : body.foreignProperty[0];
  }

  it('checks money, expenses and the body before anything else, reporting value and rule errors together', async () => {
    const { customer, params, body } = await setUp();
    const negative = body(Q1_2026);
    figures(negative).income = kind === 'uk' ? { periodAmount: -1 } : { rentIncome: { rentAmount: -1 } };
    const answer = await fails(customer, 'PUT', template, params, 'FORMAT_VALUE', { body: negative });
    expect(answer.body).toMatchObject({ code: 'FORMAT_VALUE', message: 'The value must be between 0 and 99999999999.99' });

    const both = body(Q1_2026);
    figures(both).expenses = { consolidatedExpenses: 100, other: 5 };
    const expensesPath = kind === 'uk' ? '/ukProperty/expenses' : '/foreignProperty/0/expenses';
    expect((await fails(customer, 'PUT', template, params, 'RULE_BOTH_EXPENSES_SUPPLIED', { body: both })).body.paths).toEqual([expensesPath]);
    // Finance costs may go with consolidated expenses.
    figures(both).expenses = { consolidatedExpenses: 100, residentialFinancialCost: 20 };
    await succeeds(customer, 'PUT', template, params, 204, { body: both });

    figures(negative).expenses = { consolidatedExpenses: 1.234, repairsAndMaintenance: 3 };
    const together = await fails(customer, 'PUT', template, params, 'RULE_BOTH_EXPENSES_SUPPLIED', { body: negative });
    expect(codesOf(together.body).sort()).toEqual(['FORMAT_VALUE', 'FORMAT_VALUE', 'RULE_BOTH_EXPENSES_SUPPLIED']);

    const unknownField = { ...body(Q1_2026), surprise: true };
    expect((await fails(customer, 'PUT', template, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: unknownField })).body.paths).toEqual(['/surprise']);
    const emptyPart = kind === 'uk' ? { ...Q1_2026, ukProperty: {} } : { ...Q1_2026, foreignProperty: [] };
    expect((await fails(customer, 'PUT', template, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: emptyPart })).body.paths).toEqual([kind === 'uk' ? '/ukProperty' : '/foreignProperty']);
  });

  it('checks the submission dates as HMRC does: format, order, both or neither', async () => {
    const { customer, params, body } = await setUp();
    expect((await fails(customer, 'PUT', template, params, 'FORMAT_FROM_DATE', { body: body({ fromDate: '2026-13-06', toDate: '2026-07-05' }) })).body).toEqual({
      code: 'FORMAT_FROM_DATE',
      message: 'The provided From date is invalid',
    });
    await fails(customer, 'PUT', template, params, 'FORMAT_TO_DATE', { body: body({ fromDate: '2026-04-06', toDate: '2026-06-31' }) });
    await fails(customer, 'PUT', template, params, 'FORMAT_TO_DATE', { body: body({ fromDate: '2026-04-06', toDate: '2100-01-05' }) });
    await fails(customer, 'PUT', template, params, 'RULE_TO_DATE_BEFORE_FROM_DATE', { body: body({ fromDate: '2026-07-05', toDate: '2026-04-06' }) });
    const fromOnly = { ...body(), fromDate: '2026-04-06' };
    await fails(customer, 'PUT', template, params, 'RULE_MISSING_SUBMISSION_DATES', { body: fromOnly });
  });

  it('takes quarterly updates on standard quarters, year to date, never moving backwards and never too early', async () => {
    const { customer, params, body } = await setUp('2026-05-01T09:00:00Z');
    // A quarterly reporter must date the summary.
    await fails(customer, 'PUT', template, params, 'RULE_MISSING_SUBMISSION_DATES', { body: body() });
    await fails(customer, 'PUT', template, params, 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE', { body: body({ fromDate: '2026-04-01', toDate: '2026-04-30' }) });
    await fails(customer, 'PUT', template, params, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE', { body: body({ fromDate: '2026-04-06', toDate: '2026-04-30' }) });
    await fails(customer, 'PUT', template, params, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE', { body: body({ fromDate: '2026-04-06', toDate: '2027-05-05' }) });
    // Up to 10 days ahead, and then only to a quarter's end.
    await fails(customer, 'PUT', template, params, 'RULE_ADVANCE_SUBMISSION_REQUIRES_PERIOD_END_DATE', { body: body({ fromDate: '2026-04-06', toDate: '2026-05-05' }) });
    await fails(customer, 'PUT', template, params, 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED', { body: body(Q1_2026) });
    await at(customer, '2026-06-25T09:00:00Z');
    await succeeds(customer, 'PUT', template, params, 204, { body: body(Q1_2026) });
    // Monthly year-to-date updates fit standard quarters too, but not behind the last one.
    await at(customer, '2026-07-10T09:00:00Z');
    await fails(customer, 'PUT', template, params, 'RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS', { body: body({ fromDate: '2026-04-06', toDate: '2026-06-05' }) });
    await succeeds(customer, 'PUT', template, params, 204, { body: body(Q1_2026, 3100) });
    await at(customer, '2026-08-10T09:00:00Z');
    await succeeds(customer, 'PUT', template, params, 204, { body: body({ fromDate: '2026-04-06', toDate: '2026-08-05' }, 4000) });
    const read = await succeeds(customer, 'GET', template, params, 200);
    expect(read.body).toMatchObject({ submittedOn: expect.stringMatching(/^2026-08-10T09:00/), fromDate: '2026-04-06', toDate: '2026-08-05' });
    expect(findSourceYear(hmrc.emulator.state, customer.nino, params.businessId, '2026-27')!.cumulativeHistory).toHaveLength(3);
  });

  it('starts a business that began during the year on its commencement date', async () => {
    const { customer, params, body } = await setUp('2026-07-10T09:00:00Z', { commencementDate: '2026-05-10' });
    await fails(customer, 'PUT', template, params, 'RULE_START_DATE_NOT_ALIGNED_TO_COMMENCEMENT_DATE', { body: body(Q1_2026) });
    await succeeds(customer, 'PUT', template, params, 204, { body: body({ fromDate: '2026-05-10', toDate: '2026-07-05' }) });
  });

  it('follows calendar quarters from the election: 6 April in its first year, 1 April after', async () => {
    const { customer, params, body } = await setUp('2026-07-02T09:00:00Z', { quarterlyTypeChoice: { quarterlyPeriodType: 'calendar', taxYearOfChoice: '2026-27' } });
    await fails(customer, 'PUT', template, params, 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE', { body: body(Q1_2026) });
    await succeeds(customer, 'PUT', template, params, 204, { body: body({ fromDate: '2026-04-06', toDate: '2026-06-30' }) });

    await at(customer, '2027-07-02T09:00:00Z');
    const next = kind === 'uk' ? body : (dates: { fromDate: string; toDate: string }) => foreignBody({ propertyId: (body() as any).foreignProperty[0].propertyId }, dates);
    const nextYear = { ...params, taxYear: '2027-28' };
    await fails(customer, 'PUT', template, nextYear, 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE', { body: next({ fromDate: '2027-04-06', toDate: '2027-06-30' }) });
    await succeeds(customer, 'PUT', template, nextYear, 204, { body: next({ fromDate: '2027-04-01', toDate: '2027-06-30' }) });
  });

  it('takes annual and latent summaries without dates, for the whole year', async () => {
    const annual = await setUp();
    await setItsaStatus(annual.customer, '2026-27', 'Annual');
    await fails(annual.customer, 'PUT', template, annual.params, 'RULE_START_AND_END_DATE_NOT_ALLOWED', { body: annual.body(Q1_2026) });
    await succeeds(annual.customer, 'PUT', template, annual.params, 204, { body: annual.body() });
    expect((await succeeds(annual.customer, 'GET', template, annual.params, 200)).body).toMatchObject({ fromDate: '2026-04-06', toDate: '2027-04-05' });
    expect(findSourceYear(hmrc.emulator.state, annual.customer.nino, annual.params.businessId, '2026-27')!.cumulative).not.toHaveProperty('periodEndDate');
    // A year that has not started yet.
    await setItsaStatus(annual.customer, '2027-28', 'Annual');
    const nextYearBody = kind === 'uk' ? annual.body() : foreignBody({ propertyId: (annual.body() as any).foreignProperty[0].propertyId });
    await fails(annual.customer, 'PUT', template, { ...annual.params, taxYear: '2027-28' }, 'RULE_TAX_YEAR_NOT_SUPPORTED', { body: nextYearBody });

    const latent = await setUp('2026-07-10T09:00:00Z', {
      latencyDetails: { latencyEndDate: '2027-04-05', taxYear1: '2025-26', latencyIndicator1: 'A', taxYear2: '2026-27', latencyIndicator2: 'A' },
    });
    await fails(latent.customer, 'PUT', template, latent.params, 'RULE_START_AND_END_DATE_NOT_ALLOWED', { body: latent.body(Q1_2026) });
    await succeeds(latent.customer, 'PUT', template, latent.params, 204, { body: latent.body() });
  });

  it('lets a declared year be amended until 31 January two years after it ends, and no later', async () => {
    const { customer, params, body } = await setUp('2027-04-10T09:00:00Z');
    const q4 = { fromDate: '2026-04-06', toDate: '2027-04-05' };
    await succeeds(customer, 'PUT', template, params, 204, { body: body(q4) });
    declareFinal(customer, '2026-27');
    await at(customer, '2029-01-31T18:00:00Z');
    await succeeds(customer, 'PUT', template, params, 204, { body: body(q4, 3500) });
    await at(customer, '2029-02-01T09:00:00Z');
    await fails(customer, 'PUT', template, params, 'RULE_OUTSIDE_AMENDMENT_WINDOW', { body: body(q4, 3600) });
  });
});

describe('foreign property cumulative summary: countries and properties', () => {
  it('checks country codes (2025-26) and property ids (2026-27 onwards)', async () => {
    const customer = await newCustomer('2025-07-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const y2025 = { businessId, taxYear: '2025-26' };
    const q1 = { fromDate: '2025-04-06', toDate: '2025-07-05' };
    expect((await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2025, 'FORMAT_COUNTRY_CODE', { body: foreignBody({ countryCode: 'FR' }, q1) })).body.paths).toEqual(['/foreignProperty/0/countryCode']);
    await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2025, 'RULE_COUNTRY_CODE', { body: foreignBody({ countryCode: 'XYZ' }, q1) });
    const twice = foreignBody({ countryCode: 'ESP' }, q1) as { foreignProperty: unknown[] };
    twice.foreignProperty.push((foreignBody({ countryCode: 'ESP' }) as { foreignProperty: unknown[] }).foreignProperty[0]);
    await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2025, 'RULE_DUPLICATE_COUNTRY_CODE', { body: twice });
    const both = foreignBody({ countryCode: 'ESP' }, q1) as any;
    both.foreignProperty[0].expenses = { consolidatedExpenses: 10, travelCosts: 1 };
    expect((await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2025, 'RULE_BOTH_EXPENSES_SUPPLIED', { body: both })).body.message).toBe(
      'Only one of either expenses or consolidatedExpenses can be supplied. A single expense type must be used for all foreign properties',
    );

    await at(customer, '2026-07-10T09:00:00Z');
    const y2026 = { businessId, taxYear: '2026-27' };
    const villa = await registerForeignProperty(customer, businessId, '2026-27', 'Villa Azul', 'ESP');
    expect((await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2026, 'FORMAT_PROPERTY_ID', { body: foreignBody({ propertyId: 'villa-azul' }, Q1_2026) })).body.paths).toEqual([
      '/foreignProperty/0/propertyId',
    ]);
    const duplicated = foreignBody({ propertyId: villa }, Q1_2026) as { foreignProperty: unknown[] };
    duplicated.foreignProperty.push((foreignBody({ propertyId: villa }) as { foreignProperty: unknown[] }).foreignProperty[0]);
    expect((await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2026, 'RULE_DUPLICATE_PROPERTY_ID', { body: duplicated })).body).toEqual({
      code: 'RULE_DUPLICATE_PROPERTY_ID',
      message: `The property ID '${villa}' is duplicated for multiple properties`,
      paths: ['/foreignProperty/0/propertyId', '/foreignProperty/1/propertyId'],
    });
    await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2026, 'RULE_PROPERTY_ID_MISMATCH', { body: foreignBody({ propertyId: randomUUID() }, Q1_2026) });
    // Countries are not how 2026-27 identifies properties.
    await fails(customer, 'PUT', FOREIGN_CUMULATIVE, y2026, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: foreignBody({ countryCode: 'ESP' }, Q1_2026) });
    await succeeds(customer, 'PUT', FOREIGN_CUMULATIVE, y2026, 204, { body: foreignBody({ propertyId: villa }, Q1_2026) });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('annual submissions', () => {
  it("accepts HMRC's UK examples for 2024-25 and 2025-26, replacing the whole record, and deletes it", async () => {
    const customer = await newCustomer('2026-05-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    for (const example of examples(UK_ANNUAL)) {
      const taxYear = /2024-25/.test(example.name) ? '2024-25' : '2025-26';
      const params = { businessId, taxYear };
      const put = await succeeds(customer, 'PUT', UK_ANNUAL, params, 200, { body: example.value });
      expect(put.body).toBeUndefined();
      const read = await succeeds(customer, 'GET', UK_ANNUAL, params, 200);
      expect(read.body).toEqual({ submittedOn: expect.stringMatching(/^2026-05-10T09:00/), ...example.value });
    }
    const params = { businessId, taxYear: '2025-26' };
    await succeeds(customer, 'DELETE', ANNUAL, params, 204);
    await fails(customer, 'GET', UK_ANNUAL, params, 'MATCHING_RESOURCE_NOT_FOUND');
    await fails(customer, 'DELETE', ANNUAL, params, 'MATCHING_RESOURCE_NOT_FOUND');
    expect(findSourceYear(hmrc.emulator.state, customer.nino, businessId, '2025-26')!.annual).toBeUndefined();
  });

  it("accepts HMRC's foreign examples for 2024-25, 2025-26 and 2026-27, and filters 2026-27 by property", async () => {
    const customer = await newCustomer('2026-05-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    seedForeignProperty(customer, businessId, EXAMPLE_PROPERTY_ID, '2026-27');
    for (const example of examples(FOREIGN_ANNUAL)) {
      const taxYear = /TY-(\d{4}-\d{2})/.exec(example.name)![1]!;
      const params = { businessId, taxYear };
      await succeeds(customer, 'PUT', FOREIGN_ANNUAL, params, 200, { body: example.value });
      const read = await succeeds(customer, 'GET', FOREIGN_ANNUAL, params, 200);
      expect(read.body).toEqual({ submittedOn: expect.stringMatching(/^2026-05-10T09:00/), ...example.value });
    }
    const y2026 = { businessId, taxYear: '2026-27' };
    expect((await succeeds(customer, 'GET', FOREIGN_ANNUAL, y2026, 200, { query: { propertyId: EXAMPLE_PROPERTY_ID } })).body.foreignProperty).toHaveLength(1);
    await fails(customer, 'GET', FOREIGN_ANNUAL, y2026, 'MATCHING_RESOURCE_NOT_FOUND', { query: { propertyId: randomUUID() } });
    await fails(customer, 'GET', FOREIGN_ANNUAL, y2026, 'FORMAT_PROPERTY_ID', { query: { propertyId: '8e8b8450' } });
    await succeeds(customer, 'DELETE', ANNUAL, y2026, 204);
  });

  it('checks UK allowances, buildings and amounts, then the business and the property income allowance', async () => {
    const customer = await newCustomer('2026-05-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    const foreignId = await newBusiness(customer, 'foreign-property');
    const params = { businessId, taxYear: '2025-26' };
    const building = (extra: Record<string, unknown> = {}) => ({ amount: 100, firstYear: { qualifyingDate: '2025-05-01', qualifyingAmountExpenditure: 1000 }, building: { name: 'Oak House', postcode: 'LS1 4AP' }, ...extra });
    const uk = (allowances: Record<string, unknown>, adjustments: Record<string, unknown> = {}) => ({ ukProperty: { adjustments: { nonResidentLandlord: false, ...adjustments }, allowances } });

    expect((await fails(customer, 'PUT', UK_ANNUAL, params, 'FORMAT_VALUE', { body: uk({ propertyIncomeAllowance: 1000.01 }) })).body).toEqual({
      code: 'FORMAT_VALUE',
      message: 'The value must be between 0 and 1000',
      paths: ['/ukProperty/allowances/propertyIncomeAllowance'],
    });
    await fails(customer, 'PUT', UK_ANNUAL, params, 'FORMAT_DATE', { body: uk({ structuredBuildingAllowance: [building({ firstYear: { qualifyingDate: '01/05/2025', qualifyingAmountExpenditure: 1 } })] }) });
    const badPostcode = building();
    badPostcode.building = { name: 'Oak House', postcode: 'LS1 #4AP' };
    expect((await fails(customer, 'PUT', UK_ANNUAL, params, 'FORMAT_STRING', { body: uk({ enhancedStructuredBuildingAllowance: [badPostcode] }) })).body.paths).toEqual([
      '/ukProperty/allowances/enhancedStructuredBuildingAllowance/0/building/postcode',
    ]);
    const unnamed = building();
    unnamed.building = { postcode: 'LS1 4AP' } as typeof unnamed.building;
    expect((await fails(customer, 'PUT', UK_ANNUAL, params, 'RULE_BUILDING_NAME_NUMBER', { body: uk({ structuredBuildingAllowance: [unnamed] }) })).body.paths).toEqual([
      '/ukProperty/allowances/structuredBuildingAllowance/0/building',
    ]);
    expect((await fails(customer, 'PUT', UK_ANNUAL, params, 'RULE_BOTH_ALLOWANCES_SUPPLIED', { body: uk({ propertyIncomeAllowance: 500, annualInvestmentAllowance: 20 }) })).body.paths).toEqual([
      '/ukProperty/allowances',
    ]);
    await fails(customer, 'PUT', UK_ANNUAL, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: { ukProperty: { adjustments: { balancingCharge: 1 } } } });
    await fails(customer, 'PUT', UK_ANNUAL, { ...params, businessId: foreignId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', { body: uk({ propertyIncomeAllowance: 500 }) });
    await fails(customer, 'PUT', UK_ANNUAL, params, 'RULE_PROPERTY_INCOME_ALLOWANCE', { body: uk({ propertyIncomeAllowance: 500 }, { privateUseAdjustment: 50 }) });
    await succeeds(customer, 'PUT', UK_ANNUAL, params, 200, { body: uk({ propertyIncomeAllowance: 500 }, { balancingCharge: 50 }) });
    await fails(customer, 'GET', UK_ANNUAL, { ...params, businessId: foreignId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
  });

  it('checks foreign countries, property ids, allowances and buildings', async () => {
    const customer = await newCustomer('2026-05-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const ukId = await newBusiness(customer, 'uk-property');
    const y2025 = { businessId, taxYear: '2025-26' };
    const entry = (id: Record<string, string>, allowances: Record<string, unknown> = { annualInvestmentAllowance: 10 }, adjustments: Record<string, unknown> = { balancingCharge: 5 }) => ({ ...id, adjustments, allowances });
    const body = (...entries: unknown[]) => ({ foreignProperty: entries });

    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'FORMAT_COUNTRY_CODE', { body: body(entry({ countryCode: 'DEUT' })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_COUNTRY_CODE', { body: body(entry({ countryCode: 'QQQ' })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_DUPLICATE_COUNTRY_CODE', { body: body(entry({ countryCode: 'DEU' }), entry({ countryCode: 'DEU' })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'FORMAT_VALUE', { body: body(entry({ countryCode: 'DEU' }, { otherCapitalAllowance: -3 })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_BOTH_ALLOWANCES_SUPPLIED', { body: body(entry({ countryCode: 'DEU' }, { propertyIncomeAllowance: 10, zeroEmissionsCarAllowance: 1 })) });
    const sba = (b: Record<string, string>, qualifyingDate = '2025-06-01') => ({ structuredBuildingAllowance: [{ amount: 5, firstYear: { qualifyingDate, qualifyingAmountExpenditure: 50 }, building: b }] });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_BUILDING_NAME_NUMBER', { body: body(entry({ countryCode: 'DEU' }, sba({ postcode: '10115' }))) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'FORMAT_STRING', { body: body(entry({ countryCode: 'DEU' }, sba({ number: '12', postcode: '10115 <Berlin>' }))) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'FORMAT_DATE', { body: body(entry({ countryCode: 'DEU' }, sba({ number: '12', postcode: '10115' }, '2025-02-30'))) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: body(entry({ propertyId: randomUUID() })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, { ...y2025, businessId: ukId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', { body: body(entry({ countryCode: 'DEU' })) });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2025, 'RULE_PROPERTY_INCOME_ALLOWANCE', { body: body(entry({ countryCode: 'DEU' }, { propertyIncomeAllowance: 10 }, { privateUseAdjustment: 4 })) });
    await fails(customer, 'GET', FOREIGN_ANNUAL, { ...y2025, businessId: ukId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');

    const y2026 = { businessId, taxYear: '2026-27' };
    const house = await registerForeignProperty(customer, businessId, '2026-27', 'Haus am See', 'DEU');
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2026, 'FORMAT_PROPERTY_ID', { body: body(entry({ propertyId: 'haus-am-see' })) });
    const duplicate = await fails(customer, 'PUT', FOREIGN_ANNUAL, y2026, 'RULE_DUPLICATE_PROPERTY_ID', { body: body(entry({ propertyId: house }), entry({ propertyId: house })) });
    expect(duplicate.body.message).toBe(`The property ID '${house}' is duplicated for multiple properties`);
    await fails(customer, 'PUT', FOREIGN_ANNUAL, y2026, 'RULE_PROPERTY_ID_MISMATCH', { body: body(entry({ propertyId: randomUUID() })) });
    await succeeds(customer, 'PUT', FOREIGN_ANNUAL, y2026, 200, { body: body(entry({ propertyId: house })) });
  });

  it('refuses changes to a declared year once its amendment window has closed', async () => {
    const customer = await newCustomer('2027-05-10T09:00:00Z');
    const ukId = await newBusiness(customer, 'uk-property');
    const foreignId = await newBusiness(customer, 'foreign-property');
    const house = await registerForeignProperty(customer, foreignId, '2026-27');
    const ukBodyAnnual = { ukProperty: { adjustments: { nonResidentLandlord: false, balancingCharge: 10 } } };
    const foreignBodyAnnual = { foreignProperty: [{ propertyId: house, adjustments: { balancingCharge: 10 } }] };
    await succeeds(customer, 'PUT', UK_ANNUAL, { businessId: ukId, taxYear: '2026-27' }, 200, { body: ukBodyAnnual });
    declareFinal(customer, '2026-27');
    await at(customer, '2029-02-01T09:00:00Z');
    await fails(customer, 'PUT', UK_ANNUAL, { businessId: ukId, taxYear: '2026-27' }, 'RULE_OUTSIDE_AMENDMENT_WINDOW', { body: ukBodyAnnual });
    await fails(customer, 'PUT', FOREIGN_ANNUAL, { businessId: foreignId, taxYear: '2026-27' }, 'RULE_OUTSIDE_AMENDMENT_WINDOW', { body: foreignBodyAnnual });
    await fails(customer, 'DELETE', ANNUAL, { businessId: ukId, taxYear: '2026-27' }, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    // A year with no final declaration is not in an amendment window at all.
    await succeeds(customer, 'PUT', UK_ANNUAL, { businessId: ukId, taxYear: '2027-28' }, 200, { body: ukBodyAnnual });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('foreign property details', () => {
  it("registers HMRC's example property, lists it for the years it belongs to, and updates it", async () => {
    const customer = await newCustomer('2026-09-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const params = { businessId, taxYear: '2026-27' };
    const created = await succeeds(customer, 'POST', DETAILS, params, 200, { body: examples(DETAILS, 'POST')[0]!.value });
    const propertyId = created.body.propertyId as string;
    const other = await registerForeignProperty(customer, businessId, '2026-27', 'Chalet', 'CHE');

    const listed = await succeeds(customer, 'GET', DETAILS, params, 200);
    expect(listed.body.foreignPropertyDetails).toEqual([
      { submittedOn: expect.stringMatching(/^2026-09-01T09:00/), propertyId, propertyName: 'Bob & Bobby Co', countryCode: 'FRA', endDate: '2026-08-24', endReason: 'no-longer-renting-property-out' },
      { submittedOn: expect.stringMatching(/^2026-09-01T09:00/), propertyId: other, propertyName: 'Chalet', countryCode: 'CHE' },
    ]);
    expect((await succeeds(customer, 'GET', DETAILS, params, 200, { query: { propertyId: other } })).body.foreignPropertyDetails).toHaveLength(1);
    await fails(customer, 'GET', DETAILS, params, 'FORMAT_PROPERTY_ID', { query: { propertyId: 'chalet' } });
    await fails(customer, 'GET', DETAILS, params, 'MATCHING_RESOURCE_NOT_FOUND', { query: { propertyId: randomUUID() } });
    // A property that ended in 2026-27 is not in 2027-28; the other one carries on.
    const later = await succeeds(customer, 'GET', DETAILS, { businessId, taxYear: '2027-28' }, 200);
    expect(later.body.foreignPropertyDetails.map((p: { propertyId: string }) => p.propertyId)).toEqual([other]);

    await succeeds(customer, 'PUT', DETAILS_UPDATE, { propId: other, taxYear: '2026-27' }, 204, { body: examples(DETAILS_UPDATE)[0]!.value });
    expect((await succeeds(customer, 'GET', DETAILS, params, 200, { query: { propertyId: other } })).body.foreignPropertyDetails[0]).toMatchObject({
      propertyName: 'Bob & Bobby Co',
      countryCode: 'CHE',
      endDate: '2026-08-24',
    });
    // Renaming without end details takes the end away again (the PUT replaces them).
    await succeeds(customer, 'PUT', DETAILS_UPDATE, { propId: other, taxYear: '2026-27' }, 204, { body: { propertyName: 'Chalet' } });
    expect((await succeeds(customer, 'GET', DETAILS, params, 200, { query: { propertyId: other } })).body.foreignPropertyDetails[0]).not.toHaveProperty('endDate');
    await fails(customer, 'GET', DETAILS, { businessId: await newBusiness(customer, 'uk-property'), taxYear: '2026-27' }, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it('checks the details and their end, and keeps names unique per country', async () => {
    const customer = await newCustomer('2026-09-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const params = { businessId, taxYear: '2026-27' };
    const create = (body: Record<string, unknown>, code: string) => fails(customer, 'POST', DETAILS, params, code, { body: { propertyName: 'Casa', countryCode: 'PRT', ...body } });
    await create({ propertyName: '' }, 'FORMAT_PROPERTY_NAME');
    await create({ propertyName: 'x'.repeat(106) }, 'FORMAT_PROPERTY_NAME');
    await create({ endDate: '24-08-2026', endReason: 'disposal' }, 'FORMAT_END_DATE');
    await create({ endDate: '2026-08-24', endReason: 'sold' }, 'FORMAT_END_REASON');
    await create({ endDate: '2026-08-24', endReason: 'added-in-error' }, 'FORMAT_END_REASON');
    await create({ countryCode: 'PT' }, 'FORMAT_COUNTRY_CODE');
    await create({ countryCode: 'PRX' }, 'RULE_COUNTRY_CODE');
    await create({ endDate: '2026-03-31', endReason: 'disposal' }, 'RULE_END_DATE_BEFORE_TAX_YEAR_START');
    await create({ endDate: '2027-04-06', endReason: 'disposal' }, 'RULE_END_DATE_AFTER_TAX_YEAR_END');
    await create({ endDate: '2026-08-24' }, 'RULE_MISSING_END_DETAILS');
    await create({ endReason: 'disposal' }, 'RULE_MISSING_END_DETAILS');

    const casa = await registerForeignProperty(customer, businessId, '2026-27', 'Casa', 'PRT');
    await create({ propertyName: 'CASA' }, 'RULE_DUPLICATE_PROPERTY_NAME');
    // The same name in another country is another property.
    await registerForeignProperty(customer, businessId, '2026-27', 'Casa', 'ESP');
    const quinta = await registerForeignProperty(customer, businessId, '2026-27', 'Quinta', 'PRT');

    const update = (propId: string, body: Record<string, unknown>, code: string, taxYear = '2026-27') =>
      fails(customer, 'PUT', DETAILS_UPDATE, { propId, taxYear }, code, { body: { propertyName: 'Quinta', ...body } });
    await update(quinta, { propertyName: 'casa' }, 'RULE_DUPLICATE_PROPERTY_NAME');
    await update(quinta, { propertyName: '' }, 'FORMAT_PROPERTY_NAME');
    await update(quinta, { endDate: '2026-13-01', endReason: 'disposal' }, 'FORMAT_END_DATE');
    await update(quinta, { endDate: '2026-10-01', endReason: 'cessation' }, 'FORMAT_END_REASON');
    await update(quinta, { endDate: '2026-04-05', endReason: 'disposal' }, 'RULE_END_DATE_BEFORE_TAX_YEAR_START');
    await update(quinta, { endDate: '2027-04-06', endReason: 'disposal' }, 'RULE_END_DATE_AFTER_TAX_YEAR_END');
    await update(quinta, { endReason: 'added-in-error' }, 'RULE_MISSING_END_DETAILS');
    await succeeds(customer, 'PUT', DETAILS_UPDATE, { propId: casa, taxYear: '2026-27' }, 204, { body: { propertyName: 'Casa do Mar', endDate: '2026-10-01', endReason: 'added-in-error' } });
    // Ended in 2026-27, it is not there to update in 2027-28.
    await update(casa, {}, 'MATCHING_RESOURCE_NOT_FOUND', '2027-28');
  });

  it("keeps to the business's own years and to the amendment window", async () => {
    const late = await newCustomer('2027-06-01T09:00:00Z');
    const lateBusiness = await newBusiness(late, 'foreign-property', { commencementDate: '2027-05-01' });
    await fails(late, 'POST', DETAILS, { businessId: lateBusiness, taxYear: '2026-27' }, 'RULE_TAX_YEAR_BEFORE_BUSINESS_START', { body: { propertyName: 'Finca', countryCode: 'ESP' } });
    const finca = await registerForeignProperty(late, lateBusiness, '2027-28', 'Finca', 'ESP');
    await fails(late, 'PUT', DETAILS_UPDATE, { propId: finca, taxYear: '2026-27' }, 'RULE_TAX_YEAR_BEFORE_BUSINESS_START', { body: { propertyName: 'Finca Roja' } });

    const ceased = await newCustomer('2027-06-01T09:00:00Z');
    const ceasedBusiness = await newBusiness(ceased, 'foreign-property', { commencementDate: '2020-01-01', cessationDate: '2027-01-31' });
    const gite = await registerForeignProperty(ceased, ceasedBusiness, '2026-27', 'Gîte', 'FRA');
    await fails(ceased, 'POST', DETAILS, { businessId: ceasedBusiness, taxYear: '2027-28' }, 'RULE_PROPERTY_BUSINESS_CEASED', { body: { propertyName: 'Mas', countryCode: 'FRA' } });
    await fails(ceased, 'PUT', DETAILS_UPDATE, { propId: gite, taxYear: '2027-28' }, 'RULE_PROPERTY_BUSINESS_CEASED', { body: { propertyName: 'Gîte' } });

    const declared = await newCustomer('2027-06-01T09:00:00Z');
    const business = await newBusiness(declared, 'foreign-property');
    const villa = await registerForeignProperty(declared, business, '2026-27', 'Villa', 'ITA');
    declareFinal(declared, '2026-27');
    await at(declared, '2029-02-01T09:00:00Z');
    await fails(declared, 'POST', DETAILS, { businessId: business, taxYear: '2026-27' }, 'RULE_OUTSIDE_AMENDMENT_WINDOW', { body: { propertyName: 'Trullo', countryCode: 'ITA' } });
    await fails(declared, 'PUT', DETAILS_UPDATE, { propId: villa, taxYear: '2026-27' }, 'RULE_OUTSIDE_AMENDMENT_WINDOW', { body: { propertyName: 'Villa Verde' } });
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('period summaries, 2024-25 and before', () => {
  const yearOf = (name: string, dates: { fromDate: string }) => (/2024-25/.test(name) ? '2024-25' : taxYearOf(dates.fromDate));

  it("accepts HMRC's UK examples, retrieves, lists and amends them", async () => {
    const amendments = examples(UK_PERIOD_ID);
    for (const example of examples(UK_PERIOD, 'POST')) {
      const customer = await newCustomer('2025-06-01T09:00:00Z');
      const businessId = await newBusiness(customer, 'uk-property');
      const taxYear = yearOf(example.name, example.value);
      const created = await succeeds(customer, 'POST', UK_PERIOD, { businessId, taxYear }, 201, { body: example.value });
      const submissionId = created.body.submissionId as string;
      const params = { businessId, taxYear, submissionId };
      expect((await succeeds(customer, 'GET', UK_PERIOD_ID, params, 200)).body).toEqual({ submittedOn: expect.stringMatching(/^2025-06-01T09:00/), ...example.value });
      expect((await succeeds(customer, 'GET', PERIODS, { businessId, taxYear }, 200)).body).toEqual({ submissions: [{ submissionId, ...dates(example.value) }] });

      const amendment = amendments.find((a) => a.name === example.name)!;
      if (amendment.name === 'Consolidated Expenses request for TY 2024-25') {
        // HMRC's own example sends a foreign property field in a UK body (and negative income, which would fail next).
        const refused = await send(customer, 'PUT', UK_PERIOD_ID, params, { body: amendment.value });
        expect(refused.body).toMatchObject({ code: 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', paths: ['/ukNonFhlProperty/expenses/broughtFwdResidentialFinancialCost'] });
        continue;
      }
      await succeeds(customer, 'PUT', UK_PERIOD_ID, params, 200, { body: amendment.value });
      expect((await succeeds(customer, 'GET', UK_PERIOD_ID, params, 200)).body).toEqual({ submittedOn: expect.any(String), ...dates(example.value), ...amendment.value });
    }
  });

  it("accepts HMRC's foreign examples (the 2023-24 ones once in a supported year) and amends them", async () => {
    for (const example of examples(FOREIGN_PERIOD, 'POST')) {
      const customer = await newCustomer('2025-06-01T09:00:00Z');
      const businessId = await newBusiness(customer, 'foreign-property');
      let body = example.value;
      let taxYear = yearOf(example.name, body);
      if (taxYear < '2021-22') {
        // HMRC dates these examples in 2020-21, before the earliest year the endpoint takes.
        await fails(customer, 'POST', FOREIGN_PERIOD, { businessId, taxYear }, 'RULE_TAX_YEAR_NOT_SUPPORTED', { body });
        taxYear = '2023-24';
        body = { ...body, fromDate: '2023-04-06', toDate: '2023-07-05' };
      }
      if (body.fromDate !== `${taxYear.slice(0, 4)}-04-06`) {
        // A later quarter: the year's earlier periods come first.
        const start = `${taxYear.slice(0, 4)}`;
        await succeeds(customer, 'POST', FOREIGN_PERIOD, { businessId, taxYear }, 201, { body: { fromDate: `${start}-04-06`, toDate: `${start}-07-05`, foreignFhlEea: { income: { rentAmount: 1 } } } });
        await succeeds(customer, 'POST', FOREIGN_PERIOD, { businessId, taxYear }, 201, { body: { fromDate: `${start}-07-06`, toDate: `${start}-10-05`, foreignFhlEea: { income: { rentAmount: 1 } } } });
      }
      const created = await succeeds(customer, 'POST', FOREIGN_PERIOD, { businessId, taxYear }, 201, { body });
      const params = { businessId, taxYear, submissionId: created.body.submissionId };
      expect((await succeeds(customer, 'GET', FOREIGN_PERIOD_ID, params, 200)).body).toEqual({ submittedOn: expect.any(String), ...body });
      const amendment = examples(FOREIGN_PERIOD_ID).find((a) => a.name === example.name)!;
      await succeeds(customer, 'PUT', FOREIGN_PERIOD_ID, params, 200, { body: amendment.value });
      expect((await succeeds(customer, 'GET', FOREIGN_PERIOD_ID, params, 200)).body).toEqual({ submittedOn: expect.any(String), ...dates(body), ...amendment.value });
    }
  });

  it('fills the year period by period: inside it, no duplicates, no overlaps, no gaps', async () => {
    const customer = await newCustomer('2025-06-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    const params = { businessId, taxYear: '2024-25' };
    const period = (fromDate: string, toDate: string) => ({ body: { fromDate, toDate, ukNonFhlProperty: { income: { periodAmount: 1000 }, expenses: { premisesRunningCosts: 100 } } } });
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_MISALIGNED_PERIOD', period('2024-04-01', '2024-07-05'));
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_NOT_CONTIGUOUS_PERIOD', period('2024-05-06', '2024-07-05'));
    await succeeds(customer, 'POST', UK_PERIOD, params, 201, period('2024-04-06', '2024-07-05'));
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_DUPLICATE_SUBMISSION', period('2024-04-06', '2024-07-05'));
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_OVERLAPPING_PERIOD', period('2024-07-01', '2024-10-05'));
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_NOT_CONTIGUOUS_PERIOD', period('2024-07-07', '2024-10-05'));
    await fails(customer, 'POST', UK_PERIOD, params, 'RULE_MISALIGNED_PERIOD', period('2024-07-06', '2025-04-06'));
    await succeeds(customer, 'POST', UK_PERIOD, params, 201, period('2024-07-06', '2024-10-05'));
    expect((await succeeds(customer, 'GET', PERIODS, params, 200)).body.submissions.map((s: { toDate: string }) => s.toDate)).toEqual(['2024-07-05', '2024-10-05']);
    await fails(customer, 'GET', PERIODS, { ...params, taxYear: '2023-24' }, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it('checks dates, amounts and expenses by the year’s definition', async () => {
    const customer = await newCustomer('2025-06-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    const foreignId = await newBusiness(customer, 'foreign-property');
    const y2023 = { businessId, taxYear: '2023-24' };
    const q1 = { fromDate: '2023-04-06', toDate: '2023-07-05' };
    const nonFhl = (expenses: Record<string, unknown>, dated = true) => ({ body: { ...(dated ? q1 : {}), ukNonFhlProperty: { income: { periodAmount: 1000 }, expenses } } });
    expect((await fails(customer, 'POST', UK_PERIOD, y2023, 'FORMAT_FROM_DATE', { body: { ...nonFhl({ other: 1 }).body, fromDate: '2023-4-6' } })).body).toEqual({ code: 'FORMAT_FROM_DATE', message: 'The provided From date is invalid' });
    await fails(customer, 'POST', UK_PERIOD, y2023, 'FORMAT_TO_DATE', { body: { ...nonFhl({ other: 1 }).body, toDate: '2023-07-32' } });
    await fails(customer, 'POST', UK_PERIOD, y2023, 'RULE_TO_DATE_BEFORE_FROM_DATE', { body: { ...nonFhl({ other: 1 }).body, toDate: '2023-04-05' } });
    // Before 2024-25 expenses may not be negative.
    const negative = await fails(customer, 'POST', UK_PERIOD, y2023, 'FORMAT_VALUE', nonFhl({ premisesRunningCosts: -5, other: 1.005 }));
    expect(negative.body.paths).toEqual(['/ukNonFhlProperty/expenses/premisesRunningCosts', '/ukNonFhlProperty/expenses/other']);
    await fails(customer, 'POST', UK_PERIOD, y2023, 'RULE_BOTH_EXPENSES_SUPPLIED', nonFhl({ consolidatedExpenses: 50, residentialFinancialCost: 5 }));
    await fails(customer, 'POST', UK_PERIOD, y2023, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: q1 });
    await fails(customer, 'POST', UK_PERIOD, { ...y2023, businessId: foreignId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', nonFhl({ other: 1 }));
    const created = await succeeds(customer, 'POST', UK_PERIOD, y2023, 201, nonFhl({ consolidatedExpenses: 50 }));
    const params = { ...y2023, submissionId: created.body.submissionId };
    await fails(customer, 'PUT', UK_PERIOD_ID, params, 'FORMAT_VALUE', nonFhl({ premisesRunningCosts: -5 }, false));
    await fails(customer, 'PUT', UK_PERIOD_ID, params, 'RULE_BOTH_EXPENSES_SUPPLIED', nonFhl({ consolidatedExpenses: 50, travelCosts: 5 }, false));
    await fails(customer, 'PUT', UK_PERIOD_ID, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: { ukNonFhlProperty: {} } });
    await fails(customer, 'PUT', UK_PERIOD_ID, { ...params, businessId: foreignId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', nonFhl({ other: 1 }, false));
    await fails(customer, 'GET', UK_PERIOD_ID, { ...params, businessId: foreignId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    // From 2024-25 expenses may be negative, and finance costs may go with consolidated expenses.
    const y2024 = { businessId, taxYear: '2024-25' };
    await succeeds(customer, 'POST', UK_PERIOD, y2024, 201, { body: { fromDate: '2024-04-06', toDate: '2024-07-05', ukNonFhlProperty: { expenses: { consolidatedExpenses: -50, residentialFinancialCost: 5 } } } });
  });

  it('checks foreign countries when creating and amending', async () => {
    const customer = await newCustomer('2025-06-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'foreign-property');
    const ukId = await newBusiness(customer, 'uk-property');
    const y2024 = { businessId, taxYear: '2024-25' };
    const entry = (countryCode: string, expenses: Record<string, unknown> = { premisesRunningCosts: 10 }) => ({ countryCode, income: { rentIncome: { rentAmount: 100 }, foreignTaxCreditRelief: false }, expenses });
    const create = (...entries: unknown[]) => ({ body: { fromDate: '2024-04-06', toDate: '2024-07-05', foreignNonFhlProperty: entries } });
    const amend = (...entries: unknown[]) => ({ body: { foreignNonFhlProperty: entries } });
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'FORMAT_COUNTRY_CODE', create(entry('F')));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_COUNTRY_CODE', create(entry('FRX')));
    const duplicate = await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_DUPLICATE_COUNTRY_CODE', create(entry('FRA'), entry('ESP'), entry('FRA')));
    expect(duplicate.body).toEqual({ code: 'RULE_DUPLICATE_COUNTRY_CODE', message: "The country code 'FRA' is duplicated for multiple properties", paths: ['/foreignNonFhlProperty/0/countryCode', '/foreignNonFhlProperty/2/countryCode'] });
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'FORMAT_VALUE', create(entry('FRA', { residentialFinancialCost: -1 })));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_BOTH_EXPENSES_SUPPLIED', create(entry('FRA', { consolidatedExpenses: 10, other: 1 })));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'FORMAT_FROM_DATE', { body: { ...create(entry('FRA')).body, fromDate: '06/04/2024' } });
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'FORMAT_TO_DATE', { body: { ...create(entry('FRA')).body, toDate: '1899-07-05' } });
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_TO_DATE_BEFORE_FROM_DATE', { body: { ...create(entry('FRA')).body, toDate: '2024-04-05' } });
    await fails(customer, 'POST', FOREIGN_PERIOD, { ...y2024, businessId: ukId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', create(entry('FRA')));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_MISALIGNED_PERIOD', { body: { ...create(entry('FRA')).body, fromDate: '2024-03-06' } });
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_NOT_CONTIGUOUS_PERIOD', { body: { ...create(entry('FRA')).body, fromDate: '2024-04-07' } });
    const created = await succeeds(customer, 'POST', FOREIGN_PERIOD, y2024, 201, create(entry('FRA')));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_DUPLICATE_SUBMISSION', create(entry('ESP')));
    await fails(customer, 'POST', FOREIGN_PERIOD, y2024, 'RULE_OVERLAPPING_PERIOD', { body: { ...create(entry('FRA')).body, fromDate: '2024-05-06', toDate: '2024-08-05' } });

    const params = { ...y2024, submissionId: created.body.submissionId };
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'FORMAT_COUNTRY_CODE', amend(entry('FRANCE')));
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'RULE_COUNTRY_CODE', amend(entry('AAA')));
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'RULE_DUPLICATE_COUNTRY_CODE', amend(entry('ESP'), entry('ESP')));
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'FORMAT_VALUE', amend(entry('ESP', { travelCosts: 1e12 })));
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'RULE_BOTH_EXPENSES_SUPPLIED', amend(entry('ESP', { consolidatedExpenses: 10, travelCosts: 1 })));
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: { foreignNonFhlProperty: [] } });
    await fails(customer, 'PUT', FOREIGN_PERIOD_ID, { ...params, businessId: ukId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', amend(entry('ESP')));
    await fails(customer, 'GET', FOREIGN_PERIOD_ID, { ...params, businessId: ukId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    await succeeds(customer, 'PUT', FOREIGN_PERIOD_ID, params, 200, amend(entry('ESP', { consolidatedExpenses: 10, residentialFinancialCost: 3 })));
    expect((await succeeds(customer, 'GET', FOREIGN_PERIOD_ID, params, 200)).body.foreignNonFhlProperty[0].countryCode).toBe('ESP');
  });

  it('adds up a 2024-25 year from its periods, FHL and the rest, and its annual submission', async () => {
    const customer = await newCustomer('2025-06-01T09:00:00Z');
    const businessId = await newBusiness(customer, 'uk-property');
    const params = { businessId, taxYear: '2024-25' };
    await succeeds(customer, 'POST', UK_PERIOD, params, 201, {
      body: { fromDate: '2024-04-06', toDate: '2024-10-05', ukFhlProperty: { income: { periodAmount: 4000 }, expenses: { consolidatedExpenses: 900 } }, ukNonFhlProperty: { income: { periodAmount: 5000, premiumsOfLeaseGrant: 250 }, expenses: { premisesRunningCosts: 1000, residentialFinancialCost: 600 } } },
    });
    await succeeds(customer, 'POST', UK_PERIOD, params, 201, { body: { fromDate: '2024-10-06', toDate: '2025-04-05', ukNonFhlProperty: { income: { periodAmount: 5000.5 }, expenses: { premisesRunningCosts: -100 } } } });
    await succeeds(customer, 'PUT', UK_ANNUAL, params, 200, { body: { ukFhlProperty: { adjustments: { periodOfGraceAdjustment: false, nonResidentLandlord: false, balancingCharge: 70 } }, ukProperty: { adjustments: { nonResidentLandlord: false }, allowances: { annualInvestmentAllowance: 300 } } } });
    const foreignId = await newBusiness(customer, 'foreign-property');
    await succeeds(customer, 'POST', FOREIGN_PERIOD, { businessId: foreignId, taxYear: '2024-25' }, 201, {
      body: {
        fromDate: '2024-04-06',
        toDate: '2025-04-05',
        foreignFhlEea: { income: { rentAmount: 700 }, expenses: { consolidatedExpenses: 70 } },
        foreignNonFhlProperty: [{ countryCode: 'ITA', income: { rentIncome: { rentAmount: 900 }, foreignTaxCreditRelief: true, otherPropertyIncome: 20 }, expenses: { other: 30, broughtFwdResidentialFinancialCost: 15 } }],
      },
    });
    await succeeds(customer, 'PUT', FOREIGN_ANNUAL, { businessId: foreignId, taxYear: '2024-25' }, 200, {
      body: { foreignFhlEea: { adjustments: { periodOfGraceAdjustment: false }, allowances: { propertyIncomeAllowance: 100 } }, foreignProperty: [{ countryCode: 'ITA', adjustments: { privateUseAdjustment: 12 } }] },
    });
    expect(figuresFor(hmrc.emulator.state, customer.nino, '2024-25')).toEqual([
      // Rents 4,000 + 5,000 + 250 premium + 5,000.50; expenses 900 + 1,000 - 100; AIA 300 less a 70 balancing charge.
      { businessId, typeOfBusiness: 'uk-property', income: 1_425_050, expenses: 180_000, adjustments: -23_000, residentialFinanceCosts: 60_000 },
      { businessId: foreignId, typeOfBusiness: 'foreign-property', income: 162_000, expenses: 10_000, adjustments: 1_200, residentialFinanceCosts: 1_500, propertyAllowance: 10_000 },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('historic FHL and non-FHL UK property, 2017-18 to 2021-22', () => {
  it("accepts HMRC's annual examples, returns and deletes them, and checks amounts", async () => {
    const customer = await newCustomer('2022-06-01T09:00:00Z');
    // These endpoints name no business: they need the customer's UK property business.
    await fails(customer, 'PUT', FHL_ANNUAL, { taxYear: '2019-20' }, 'MATCHING_RESOURCE_NOT_FOUND', { body: examples(FHL_ANNUAL)[0]!.value });
    await newBusiness(customer, 'uk-property');
    for (const template of [FHL_ANNUAL, NON_FHL_ANNUAL]) {
      const example = examples(template)[0]!.value;
      const params = { taxYear: '2019-20' };
      expect((await succeeds(customer, 'PUT', template, params, 200, { body: example })).body).toBeUndefined();
      expect((await succeeds(customer, 'GET', template, params, 200)).body).toEqual(example);
      await succeeds(customer, 'DELETE', template, params, 204);
      await fails(customer, 'GET', template, params, 'MATCHING_RESOURCE_NOT_FOUND');
      await fails(customer, 'DELETE', template, params, 'MATCHING_RESOURCE_NOT_FOUND');
      const tooMuch = { ...example, annualAdjustments: { ...example.annualAdjustments, lossBroughtForward: 100.001 } };
      expect((await fails(customer, 'PUT', template, params, 'FORMAT_VALUE', { body: tooMuch })).body.paths).toEqual(['/annualAdjustments/lossBroughtForward']);
    }
    const allowance = { annualAdjustments: { nonResidentLandlord: false }, annualAllowances: { propertyIncomeAllowance: 1000.01 } };
    expect((await fails(customer, 'PUT', NON_FHL_ANNUAL, { taxYear: '2020-21' }, 'FORMAT_VALUE', { body: allowance })).body.message).toBe('The value must be between 0 and 1000');
  });

  it("takes FHL periods from HMRC's examples, retrieves, lists and amends them", async () => {
    for (const [i, example] of examples(FHL_PERIODS, 'POST').entries()) {
      const customer = await newCustomer('2022-06-01T09:00:00Z');
      await newBusiness(customer, 'uk-property');
      expect((await succeeds(customer, 'GET', FHL_PERIODS, {}, 200)).body).toEqual({ submissions: [] });
      const created = await succeeds(customer, 'POST', FHL_PERIODS, {}, 201, { body: example.value });
      expect(created.body).toEqual({ periodId: '2017-04-06_2017-07-05' });
      const params = { periodId: created.body.periodId };
      expect((await succeeds(customer, 'GET', FHL_PERIOD, params, 200)).body).toEqual(example.value);
      expect((await succeeds(customer, 'GET', FHL_PERIODS, {}, 200)).body).toEqual({ submissions: [{ periodId: params.periodId, fromDate: '2017-04-06', toDate: '2017-07-05' }] });
      const amendment = examples(FHL_PERIOD)[i]!.value;
      await succeeds(customer, 'PUT', FHL_PERIOD, params, 200, { body: amendment });
      const read = await succeeds(customer, 'GET', FHL_PERIOD, params, 200);
      expect(read.body.income).toEqual(amendment.income);
      // HMRC's FHL amend definition spells it premiseRunningCosts; it is kept as premisesRunningCosts.
      if (amendment.expenses.premiseRunningCosts !== undefined) expect(read.body.expenses.premisesRunningCosts).toBe(amendment.expenses.premiseRunningCosts);
    }
  });

  it("takes non-FHL periods, HMRC's example figures within one tax year, and moves a period when amended with new dates", async () => {
    const customer = await newCustomer('2022-06-01T09:00:00Z');
    await newBusiness(customer, 'uk-property');
    const example = examples(NON_FHL_PERIODS, 'POST')[0]!.value;
    // HMRC's example runs from 11 March 2019 to 23 April 2020, across two tax years.
    await fails(customer, 'POST', NON_FHL_PERIODS, {}, 'RULE_MISALIGNED_PERIOD', { body: example });
    const q1 = { ...example, fromDate: '2019-04-06', toDate: '2019-07-05' };
    expect((await succeeds(customer, 'POST', NON_FHL_PERIODS, {}, 200, { body: q1 })).body).toEqual({ periodId: '2019-04-06_2019-07-05' });
    expect((await succeeds(customer, 'GET', NON_FHL_PERIOD, { periodId: '2019-04-06_2019-07-05' }, 200)).body).toEqual(q1);
    for (const amendment of examples(NON_FHL_PERIOD)) {
      await succeeds(customer, 'PUT', NON_FHL_PERIOD, { periodId: '2019-04-06_2019-07-05' }, 200, { body: { ...amendment.value, fromDate: '2019-04-06', toDate: '2019-07-05' } });
    }
    await succeeds(customer, 'POST', NON_FHL_PERIODS, {}, 200, { body: { ...q1, fromDate: '2019-07-06', toDate: '2019-10-05' } });
    // Moving the second period to end earlier keeps it contiguous; its periodId follows its dates.
    await succeeds(customer, 'PUT', NON_FHL_PERIOD, { periodId: '2019-07-06_2019-10-05' }, 200, { body: { ...q1, fromDate: '2019-07-06', toDate: '2019-09-05' } });
    expect((await succeeds(customer, 'GET', NON_FHL_PERIODS, {}, 200)).body.submissions.map((p: { periodId: string }) => p.periodId)).toEqual(['2019-04-06_2019-07-05', '2019-07-06_2019-09-05']);
    await fails(customer, 'GET', NON_FHL_PERIOD, { periodId: '2019-07-06_2019-10-05' }, 'MATCHING_RESOURCE_NOT_FOUND');
  });

  it.each([
    { kind: 'FHL', create: FHL_PERIODS, one: FHL_PERIOD, created: 201, datedAmend: false },
    { kind: 'non-FHL', create: NON_FHL_PERIODS, one: NON_FHL_PERIOD, created: 200, datedAmend: true },
  ])('checks $kind periods: dates, amounts, expenses and the period rules', async ({ create, one, created, datedAmend }) => {
    const customer = await newCustomer('2022-06-01T09:00:00Z');
    await newBusiness(customer, 'uk-property', { commencementDate: '2018-05-01' });
    const period = (fromDate: string, toDate: string, expenses: Record<string, unknown> = { premisesRunningCosts: 20 }) => ({ body: { fromDate, toDate, income: { periodAmount: 100 }, expenses } });
    await fails(customer, 'POST', create, {}, 'FORMAT_FROM_DATE', period('2018-5-1', '2018-07-05'));
    await fails(customer, 'POST', create, {}, 'FORMAT_TO_DATE', period('2018-05-01', '2018-07-55'));
    await fails(customer, 'POST', create, {}, 'RULE_TO_DATE_BEFORE_FROM_DATE', period('2018-07-05', '2018-05-01'));
    await fails(customer, 'POST', create, {}, 'FORMAT_VALUE', period('2018-05-01', '2018-07-05', { premisesRunningCosts: -20 }));
    await fails(customer, 'POST', create, {}, 'RULE_BOTH_EXPENSES_SUPPLIED', period('2018-05-01', '2018-07-05', { consolidatedExpenses: 20, other: 1 }));
    await fails(customer, 'POST', create, {}, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: { fromDate: '2018-05-01', toDate: '2018-07-05' } });
    await fails(customer, 'POST', create, {}, 'RULE_TAX_YEAR_NOT_SUPPORTED', period('2016-05-01', '2016-07-05'));
    // Before the business began.
    await fails(customer, 'POST', create, {}, 'RULE_MISALIGNED_PERIOD', period('2018-04-06', '2018-07-05'));
    await fails(customer, 'POST', create, {}, 'RULE_NOT_CONTIGUOUS_PERIOD', period('2018-05-02', '2018-07-05'));
    const first = await succeeds(customer, 'POST', create, {}, created, period('2018-05-01', '2018-07-05'));
    await fails(customer, 'POST', create, {}, 'RULE_DUPLICATE_SUBMISSION', period('2018-05-01', '2018-07-05'));
    await fails(customer, 'POST', create, {}, 'RULE_OVERLAPPING_PERIOD', period('2018-06-01', '2018-08-05'));
    await succeeds(customer, 'POST', create, {}, created, period('2018-07-06', '2018-10-05'));
    // A new tax year starts afresh on 6 April.
    await succeeds(customer, 'POST', create, {}, created, period('2019-04-06', '2019-05-05'));

    const params = { periodId: first.body.periodId };
    const amend = (expenses: Record<string, unknown>, dates = { fromDate: '2018-05-01', toDate: '2018-07-05' }) => ({ body: { ...(datedAmend ? dates : {}), income: { periodAmount: 150 }, expenses } });
    await fails(customer, 'PUT', one, params, 'FORMAT_VALUE', amend({ other: 0.001 }));
    await fails(customer, 'PUT', one, params, 'RULE_BOTH_EXPENSES_SUPPLIED', amend({ consolidatedExpenses: 20, travelCosts: 1 }));
    await fails(customer, 'PUT', one, params, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { body: datedAmend ? { fromDate: '2018-05-01', toDate: '2018-07-05', expenses: {} } : { expenses: {} } });
    await fails(customer, 'PUT', one, { periodId: '2018-05-01_2018-07-04' }, 'MATCHING_RESOURCE_NOT_FOUND', amend({ other: 1 }));
    if (datedAmend) {
      await fails(customer, 'PUT', one, params, 'FORMAT_FROM_DATE', amend({ other: 1 }, { fromDate: '01-05-2018', toDate: '2018-07-05' }));
      await fails(customer, 'PUT', one, params, 'FORMAT_TO_DATE', amend({ other: 1 }, { fromDate: '2018-05-01', toDate: '2018-07' }));
      await fails(customer, 'PUT', one, params, 'RULE_TO_DATE_BEFORE_FROM_DATE', amend({ other: 1 }, { fromDate: '2018-05-01', toDate: '2018-04-30' }));
      await fails(customer, 'PUT', one, params, 'RULE_TAX_YEAR_NOT_SUPPORTED', amend({ other: 1 }, { fromDate: '2016-05-01', toDate: '2016-07-05' }));
      await fails(customer, 'PUT', one, params, 'RULE_MISALIGNED_PERIOD', amend({ other: 1 }, { fromDate: '2018-04-06', toDate: '2018-07-05' }));
      await fails(customer, 'PUT', one, params, 'RULE_DUPLICATE_SUBMISSION', amend({ other: 1 }, { fromDate: '2018-07-06', toDate: '2018-10-05' }));
      await fails(customer, 'PUT', one, params, 'RULE_OVERLAPPING_PERIOD', amend({ other: 1 }, { fromDate: '2018-05-01', toDate: '2018-07-10' }));
      await fails(customer, 'PUT', one, params, 'RULE_NOT_CONTIGUOUS_PERIOD', amend({ other: 1 }, { fromDate: '2018-05-01', toDate: '2018-07-01' }));
    }
    await succeeds(customer, 'PUT', one, params, 200, amend({ consolidatedExpenses: 40 }));
    expect((await succeeds(customer, 'GET', one, params, 200)).body).toMatchObject({ income: { periodAmount: 150 }, expenses: { consolidatedExpenses: 40 } });
    // Another customer without a UK property business.
    const other = await newCustomer('2022-06-01T09:00:00Z');
    await fails(other, 'POST', create, {}, 'MATCHING_RESOURCE_NOT_FOUND', period('2018-05-01', '2018-07-05'));
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('coverage of HMRC documented errors (runs last: it reads what the tests above provoked)', () => {
  it('provoked every error code documented for every registered Property Business endpoint', () => {
    const registered = hmrc.emulator.registeredEndpoints().filter((spec) => spec.api === API && spec.version === VERSION);
    expect(registered.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const spec of registered) {
      const key = endpointKey(spec.method, spec.path);
      const documented = new Set(Object.values(spec.oas.responses).flatMap((r) => r.errors.map((e) => e.code)));
      for (const code of documented) if (!provoked.get(key)?.has(code)) missing.push(`${key}: ${code}`);
    }
    expect(missing).toEqual([]);
  });
});
