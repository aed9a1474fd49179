// Business Source Adjustable Summary (BSAS) 7.0 through raw HTTP: HMRC's example bodies accepted, every documented error
// of the eight endpoints provoked (checked off against the bundle at the end), the stateful story of a year's summaries,
// and bsasAdjustmentsFor; every answer checked against HMRC's schema for its tax year.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApi, findEndpoint, requestValidator, responseValidator, type HmrcEndpoint } from '../../sandbox/hmrc/oas';
import { schemaForTaxYear, taxYearRange, taxYearVariants } from '../../sandbox/hmrc/oasLoader/taxYearVariants';
import { businessesOf, figuresFor, finalDeclarations, sourceYear } from '../../sandbox/hmrc/taxpayerData';
import { bsasAdjustmentsFor } from '../../sandbox/hmrc/apis/bsas';
import { foreignProperties } from '../../sandbox/hmrc/apis/propertyBusiness/foreignProperties';
import type { BusinessRecord } from '../../sandbox/hmrc/apis/testSupport';
import { agentWithClient, call, startEmulator, userToken, type CallOptions, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

const API = 'self-assessment-bsas';
const VERSION = '7.0';
const BASE = '/individuals/self-assessment/adjustable-summary/{nino}';
const TRIGGER = `${BASE}/trigger`;
const LIST = `${BASE}/{taxYear}`;
const RETRIEVE = {
  'self-employment': `${BASE}/self-employment/{calculationId}/{taxYear}`,
  'uk-property': `${BASE}/uk-property/{calculationId}/{taxYear}`,
  'foreign-property': `${BASE}/foreign-property/{calculationId}/{taxYear}`,
} as const;
const ADJUST = {
  'self-employment': `${BASE}/self-employment/{calculationId}/adjust/{taxYear}`,
  'uk-property': `${BASE}/uk-property/{calculationId}/adjust/{taxYear}`,
  'foreign-property': `${BASE}/foreign-property/{calculationId}/adjust/{taxYear}`,
} as const;
type Kind = keyof typeof RETRIEVE;
type BsasType = Kind | 'uk-property-fhl' | 'foreign-property-fhl-eea';
const KINDS: Kind[] = ['self-employment', 'uk-property', 'foreign-property'];

/** HMRC's 2026-27 foreign examples use this propertyId. */
const EXAMPLE_PROPERTY_ID = '717f3a7a-db8e-11e9-8a34-2a2ae2dbcce4';
const AFTER_2025_26 = '2026-06-01T09:00:00Z';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
});
afterAll(async () => {
  await hmrc?.stop();
});

// ---------------------------------------------------------------------------------------------------------------------
// Harness: customers, businesses, seeded submissions, the clock, calls that record every error code they provoke.

interface Customer {
  nino: string;
  token: string;
  agentUserId: string;
}
type Params = Record<string, string>;

/** Every error code each endpoint answered with in this file, for the coverage check at the end. */
const provoked = new Map<string, Set<string>>();

function codesOf(body: any): string[] {
  if (!body?.code) return [];
  return body.code === 'INVALID_REQUEST' ? body.errors.map((e: { code: string }) => e.code) : [body.code];
}

function url(template: string, params: Params, query: Params = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

async function at(customer: Customer, instant: string): Promise<void> {
  hmrc.emulator.clock.set(new Date(instant));
  customer.token = await userToken(hmrc, customer.agentUserId);
}

async function newCustomer(instant = AFTER_2025_26): Promise<Customer> {
  hmrc.emulator.clock.set(new Date(instant));
  const { agent, nino, agentToken } = await agentWithClient(hmrc);
  return { nino, token: agentToken, agentUserId: agent.userId };
}

async function newBusiness(customer: Customer, typeOfBusiness: Kind, extra: Record<string, unknown> = {}): Promise<string> {
  const selfEmployment = { tradingName: 'Okafor Web Design', businessAddressLineOne: '1 High St', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' };
  const body = { typeOfBusiness, ...(typeOfBusiness === 'self-employment' ? selfEmployment : {}), ...extra };
  const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${customer.nino}`, { token: customer.token, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.businessId as string;
}

async function setItsaStatus(customer: Customer, taxYear: string, status: string): Promise<void> {
  const body = { itsaStatusDetails: [{ submittedOn: '2025-01-01T00:00:00.000Z', status, statusReason: 'Sign up - return available' }] };
  expect((await call(hmrc, 'POST', `/individuals/self-assessment-test-support/itsa-status/${customer.nino}/${taxYear}`, { token: customer.token, body })).status).toBe(204);
}

/**
 * Retrieve answers are checked here rather than by the helper (which checks every other answer against the definition
 * for the path's tax year), because of these fields, where HMRC's retrieve definitions refuse what its adjust
 * endpoints accept and its own adjust examples send.
 */
const KNOWN_SCHEMA_DEFECTS: { template: string; field: RegExp; why: string }[] = [
  {
    template: RETRIEVE['foreign-property'],
    field: /^\/adjustments\/propertyLevelDetail\/\d+\/income\//,
    why: '2026-27: income adjustments have minimum 0, yet the adjust body takes -99999999999.99 and HMRC\'s example sends premiumsOfLeaseGrant -99.99',
  },
  {
    template: RETRIEVE['foreign-property'],
    field: /^\/adjustments\/countryLevelDetail\/\d+\/expenses\/residentialFinancialCost$/,
    why: '2023-24 and 2025-26: residentialFinancialCost adjustments have minimum 0, yet HMRC\'s 2023-24 example sends -9000.00',
  },
  {
    template: RETRIEVE['uk-property'],
    field: /^\/adjustments\/expenses\/residentialFinancialCost$/,
    why: 'residentialFinancialCost adjustments have minimum 0 in every definition, yet the adjust body takes negative deltas',
  },
];

function checkAgainstSchema(method: string, template: string, status: number, body: unknown, taxYear: string | undefined): void {
  const endpoint = findEndpoint(API, VERSION, method, template)!;
  const schema = endpoint.responses[String(status)]?.schema;
  if (!schema || body === undefined) return;
  const variant = taxYear && taxYearVariants(schema).length > 0 ? schemaForTaxYear(schema, taxYear) : schema;
  const validate = responseValidator(endpoint, status, () => variant)!;
  if (validate(body)) return;
  const real = (validate.errors ?? []).filter((e) => !KNOWN_SCHEMA_DEFECTS.some((d) => d.template === template && d.field.test(e.instancePath)));
  expect(real, `${method} ${template} ${status} fits HMRC's schema for ${taxYear}`).toEqual([]);
}

async function send(customer: Customer, method: string, template: string, params: Params, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const { query, ...rest } = options;
  const retrieving = method === 'GET' && Object.values(RETRIEVE).includes(template as (typeof RETRIEVE)[Kind]);
  const answer = await call(hmrc, method, url(template, { nino: customer.nino, ...params }, query), { token: customer.token, version: VERSION, ...rest, unchecked: retrieving });
  const key = `${method} ${template}`;
  for (const code of codesOf(answer.body)) (provoked.get(key) ?? provoked.set(key, new Set()).get(key)!).add(code);
  if (retrieving) checkAgainstSchema(method, template, answer.status, answer.body, params.taxYear);
  return answer;
}

function documentedStatus(method: string, template: string, code: string): number {
  const endpoint = findEndpoint(API, VERSION, method, template)!;
  return Number(Object.entries(endpoint.responses).find(([, r]) => r.errors.some((e) => e.code === code))?.[0]);
}

async function fails(customer: Customer, method: string, template: string, params: Params, code: string, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const answer = await send(customer, method, template, params, options);
  expect(codesOf(answer.body), `${method} ${template} ${JSON.stringify(answer.body)}`).toContain(code);
  expect(answer.status).toBe(answer.body.code === code ? documentedStatus(method, template, code) : 400);
  return answer;
}

async function succeeds(customer: Customer, method: string, template: string, params: Params, options: CallOptions & { query?: Params } = {}): Promise<CallResult> {
  const answer = await send(customer, method, template, params, options);
  expect(answer.status, `${method} ${url(template, params)} ${JSON.stringify(answer.body)}`).toBe(200);
  return answer;
}

// Submissions, written straight into the shared data model as the Self-Employment and Property Business APIs would.

/** A lastChangedOn that always moves on, even when two writes share a millisecond. */
function touch(record: { lastChangedOn?: string }): string {
  let now = hmrc.emulator.clock.now().toISOString();
  if (record.lastChangedOn && now <= record.lastChangedOn) now = new Date(Date.parse(record.lastChangedOn) + 1).toISOString();
  return (record.lastChangedOn = now);
}

function seedCumulative(customer: Customer, businessId: string, taxYear: string, body: Record<string, unknown>, periodEndDate?: string): void {
  const record = sourceYear(hmrc.emulator.state, customer.nino, businessId, taxYear);
  const submittedOn = touch(record);
  const dates = periodEndDate ? { periodStartDate: `${taxYear.slice(0, 4)}-04-06`, periodEndDate } : {};
  record.cumulative = { body, submittedOn, ...dates };
  record.cumulativeHistory.push(record.cumulative);
}

function seedPeriod(customer: Customer, businessId: string, taxYear: string, body: Record<string, unknown>, id: string = randomUUID()): void {
  const record = sourceYear(hmrc.emulator.state, customer.nino, businessId, taxYear);
  const start = Number(taxYear.slice(0, 4));
  record.periods.push({ id, fromDate: `${start}-04-06`, toDate: `${start + 1}-04-05`, body, submittedOn: touch(record) });
}

function seedAnnual(customer: Customer, businessId: string, taxYear: string, body: Record<string, unknown>): void {
  const record = sourceYear(hmrc.emulator.state, customer.nino, businessId, taxYear);
  record.annual = { body, submittedOn: touch(record) };
}

function yearEnd(taxYear: string): string {
  return `${Number(taxYear.slice(0, 4)) + 1}-04-05`;
}

function period(taxYear: string) {
  const start = Number(taxYear.slice(0, 4));
  return { startDate: `${start}-04-06`, endDate: `${start + 1}-04-05` };
}

const SE_PERIOD = {
  periodIncome: { turnover: 40000, other: 500 },
  periodExpenses: { costOfGoods: 5000, adminCosts: 1200.5 },
  periodDisallowableExpenses: { adminCostsDisallowable: 200 },
};
const SE_ANNUAL = {
  adjustments: { balancingChargeOther: 100, outstandingBusinessIncome: 50 },
  allowances: { annualInvestmentAllowance: 2000 },
  nonFinancials: { businessDetailsChangedRecently: false },
};
const UK_PART = {
  income: { periodAmount: 20000, premiumsOfLeaseGrant: 1000, reversePremiums: 1000, otherIncome: 1000 },
  expenses: { premisesRunningCosts: 3000, repairsAndMaintenance: 500, residentialFinancialCost: 10000 },
};
const FOREIGN_ENTRY = {
  income: { rentIncome: { rentAmount: 20000 }, foreignTaxCreditRelief: false, premiumsOfLeaseGrant: 1000, otherPropertyIncome: 1000 },
  expenses: { premisesRunningCosts: 3000, residentialFinancialCost: 10000 },
};

/**
 * Before 2024-25 HMRC's property definitions keep adjusted expenses at or above zero, and its examples for those years
 * take up to 99,999.99 off them: the older years' data has expenses to match.
 */
const OLD_EXPENSES = Object.fromEntries(['premisesRunningCosts', 'repairsAndMaintenance', 'financialCosts', 'professionalFees', 'costOfServices', 'other', 'travelCosts'].map((f) => [f, 100000]));

/** A year's quarterly data (cumulative from 2025-26, one period covering the year before), enough for every HMRC example. */
function seedYear(customer: Customer, businessId: string, type: BsasType, taxYear: string): void {
  const cumulative = Number(taxYear.slice(0, 4)) >= 2025;
  const fhlPart = { income: { periodAmount: 5000 }, expenses: OLD_EXPENSES };
  const dates = { fromDate: period(taxYear).startDate, toDate: yearEnd(taxYear) };
  let body: Record<string, unknown>;
  if (type === 'self-employment') {
    body = { periodDates: { periodStartDate: dates.fromDate, periodEndDate: dates.toDate }, ...SE_PERIOD };
  } else if (type === 'uk-property' || type === 'uk-property-fhl') {
    body = cumulative ? { ...dates, ukProperty: UK_PART } : { ...dates, ukNonFhlProperty: { ...UK_PART, expenses: { ...OLD_EXPENSES, residentialFinancialCost: 10000 } }, ukFhlProperty: fhlPart };
  } else {
    const entry = Number(taxYear.slice(0, 4)) >= 2026 ? { propertyId: EXAMPLE_PROPERTY_ID, ...FOREIGN_ENTRY } : { countryCode: 'FRA', ...FOREIGN_ENTRY };
    body = cumulative
      ? { ...dates, foreignProperty: [entry] }
      : { ...dates, foreignNonFhlProperty: [{ ...entry, expenses: { ...OLD_EXPENSES, residentialFinancialCost: 10000 } }], foreignFhlEea: { ...fhlPart, income: { rentAmount: 5000 } } };
  }
  if (cumulative) seedCumulative(customer, businessId, taxYear, body, yearEnd(taxYear));
  else seedPeriod(customer, businessId, taxYear, body, type === 'self-employment' ? `${dates.fromDate}_${dates.toDate}` : randomUUID());
}

function seedForeignProperty(customer: Customer, businessId: string, propertyId: string, taxYear: string, countryCode = 'FRA'): void {
  foreignProperties(hmrc.emulator.state, customer.nino)[propertyId] = { propertyId, businessId, propertyName: 'Maison Bleue', countryCode, fromTaxYear: taxYear, submittedOn: '2026-04-06T00:00:00.000Z' };
}

async function trigger(customer: Customer, businessId: string, typeOfBusiness: BsasType, taxYear: string): Promise<string> {
  const answer = await succeeds(customer, 'POST', TRIGGER, {}, { body: { accountingPeriod: period(taxYear), typeOfBusiness, businessId } });
  expect(answer.body.calculationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return answer.body.calculationId as string;
}

interface Summary {
  customer: Customer;
  businessId: string;
  calculationId: string;
  kind: Kind;
  taxYear: string;
}

/** A new customer with a business of the kind, a year's data and a triggered summary for it. */
async function summary(kind: Kind, taxYear = '2025-26', seed?: (customer: Customer, businessId: string) => void): Promise<Summary> {
  const customer = await newCustomer(`${Number(taxYear.slice(0, 4)) + 1}-06-01T09:00:00Z`);
  const businessId = await newBusiness(customer, kind);
  seedYear(customer, businessId, kind, taxYear);
  if (kind === 'foreign-property') seedForeignProperty(customer, businessId, EXAMPLE_PROPERTY_ID, taxYear);
  seed?.(customer, businessId);
  return { customer, businessId, calculationId: await trigger(customer, businessId, kind, taxYear), kind, taxYear };
}

const retrieve = (s: Summary) => succeeds(s.customer, 'GET', RETRIEVE[s.kind], { calculationId: s.calculationId, taxYear: s.taxYear });
const adjust = (s: Summary, body: unknown) => send(s.customer, 'POST', ADJUST[s.kind], { calculationId: s.calculationId, taxYear: s.taxYear }, { body });
const adjustFails = (s: Summary, body: unknown, code: string) => fails(s.customer, 'POST', ADJUST[s.kind], { calculationId: s.calculationId, taxYear: s.taxYear }, code, { body });

/** A valid adjustment body of each kind for 2025-26. */
const ADJUSTMENT: Record<Kind, Record<string, unknown>> = {
  'self-employment': { income: { turnover: 1000 } },
  'uk-property': { ukProperty: { income: { totalRentsReceived: 1000 } } },
  'foreign-property': { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', income: { totalRentsReceived: 1000 } }] } },
};

// ---------------------------------------------------------------------------------------------------------------------

describe('the stateful story of a self-employment year', () => {
  it('waits for the year to end and the quarters to be met; summarises, adjusts once, is superseded, then made invalid', async () => {
    const customer = await newCustomer('2026-01-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'self-employment');
    const q3 = { periodDates: { periodStartDate: '2025-04-06', periodEndDate: '2026-01-05' }, ...SE_PERIOD };
    seedCumulative(customer, businessId, '2025-26', q3, '2026-01-05');
    const body = { accountingPeriod: period('2025-26'), typeOfBusiness: 'self-employment', businessId };

    await fails(customer, 'POST', TRIGGER, {}, 'RULE_ACCOUNTING_PERIOD_NOT_ENDED', { body });
    await at(customer, '2026-04-06T08:00:00Z');
    await fails(customer, 'POST', TRIGGER, {}, 'RULE_OBLIGATIONS_NOT_MET', { body });

    await at(customer, '2026-05-01T09:00:00Z');
    seedCumulative(customer, businessId, '2025-26', { ...q3, periodDates: { periodStartDate: '2025-04-06', periodEndDate: '2026-04-05' } }, '2026-04-05');
    seedAnnual(customer, businessId, '2025-26', SE_ANNUAL);
    const first: Summary = { customer, businessId, calculationId: await trigger(customer, businessId, 'self-employment', '2025-26'), kind: 'self-employment', taxYear: '2025-26' };

    const read = await retrieve(first);
    expect(read.body.metadata).toMatchObject({ calculationId: first.calculationId, nino: customer.nino, taxYear: '2025-26', summaryStatus: 'valid', requestedDateTime: expect.stringMatching(/^2026-05-01T09:00:\d\dZ$/) });
    expect(read.body.metadata.adjustedDateTime).toBeUndefined();
    expect(read.body.inputs).toMatchObject({ businessId, typeOfBusiness: 'self-employment', businessName: 'Okafor Web Design', accountingPeriodStartDate: '2025-04-06', accountingPeriodEndDate: '2026-04-05', source: 'MTD-SA' });
    expect(read.body.inputs.submissionPeriod).toMatchObject({ startDate: '2025-04-06', endDate: '2026-04-05' });
    // 40,500 income less 6,200.50 expenses; 300 added back, 50 outstanding income, 2,000 allowances.
    expect(read.body.adjustableSummaryCalculation).toEqual({
      totalIncome: 40500,
      income: { turnover: 40000, other: 500 },
      totalExpenses: 6200.5,
      expenses: { costOfGoods: 5000, adminCosts: 1200.5 },
      netProfit: 34299.5,
      totalAdditions: 300,
      additions: { adminCostsDisallowable: 200, balancingChargeOther: 100 },
      outstandingBusinessIncome: 50,
      adjustedProfit: 34649.5,
      totalDeductions: 2000,
      deductions: { annualInvestmentAllowance: 2000 },
      taxableProfit: 32649,
    });
    expect(read.body.adjustments).toBeUndefined();
    expect(read.body.adjustedSummaryCalculation).toBeUndefined();
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toBeNull();

    await at(customer, '2026-05-02T10:00:00Z');
    expect((await adjust(first, { income: { turnover: 1000 }, expenses: { adminCosts: -200.5 }, additions: { adminCostsDisallowable: 50 } })).status).toBe(200);
    const adjusted = await retrieve(first);
    expect(adjusted.body.metadata).toMatchObject({ summaryStatus: 'valid', adjustedDateTime: expect.stringMatching(/^2026-05-02T10:00:\d\dZ$/) });
    expect(adjusted.body.adjustments).toEqual({ income: { turnover: 1000 }, expenses: { adminCosts: -200.5 }, additions: { adminCostsDisallowable: 50 } });
    expect(adjusted.body.adjustedSummaryCalculation).toMatchObject({ totalIncome: 41500, income: { turnover: 41000, other: 500 }, totalExpenses: 6000, netProfit: 35500, totalAdditions: 350, taxableProfit: 33900 });
    expect(adjusted.body.adjustableSummaryCalculation.taxableProfit).toBe(32649);
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toMatchObject({
      incomeAdjustment: 100000,
      expensesAdjustment: -20050,
      additionsAdjustment: 5000,
      residentialFinanceCostAdjustment: 0,
      profitAdjustment: 125050,
      calculationIds: [first.calculationId],
    });
    await adjustFails(first, { income: { turnover: 25 } }, 'RULE_ALREADY_ADJUSTED');

    // A new summary for the same year supersedes the first: its adjustments no longer count, and it takes no more.
    const second: Summary = { ...first, calculationId: await trigger(customer, businessId, 'self-employment', '2025-26') };
    expect((await retrieve(first)).body.metadata.summaryStatus).toBe('superseded');
    await adjustFails(first, { income: { turnover: 25 } }, 'RULE_SUMMARY_STATUS_SUPERSEDED');
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toBeNull();
    // The guide's worked example: a new adjustment applies to the original totals, replacing the old one.
    expect((await adjust(second, { income: { turnover: 23 } })).status).toBe(200);
    expect((await retrieve(second)).body.adjustedSummaryCalculation.income.turnover).toBe(40023);
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toMatchObject({ incomeAdjustment: 2300, profitAdjustment: 2300, calculationIds: [second.calculationId] });

    const list = await succeeds(customer, 'GET', LIST, { taxYear: '2025-26' });
    expect(list.body.businessSources).toEqual([
      {
        businessId,
        typeOfBusiness: 'self-employment',
        accountingPeriod: period('2025-26'),
        taxYear: '2025-26',
        summaries: [
          { calculationId: second.calculationId, requestedDateTime: expect.any(String), summaryStatus: 'valid', adjustedSummary: true, adjustedDateTime: expect.any(String) },
          { calculationId: first.calculationId, requestedDateTime: expect.any(String), summaryStatus: 'superseded', adjustedSummary: true, adjustedDateTime: expect.any(String) },
        ],
      },
    ]);

    // A later annual submission changes the data the summary was built on: it becomes invalid, and so do its adjustments.
    await at(customer, '2026-05-03T09:00:00Z');
    const third: Summary = { ...first, calculationId: await trigger(customer, businessId, 'self-employment', '2025-26') };
    seedAnnual(customer, businessId, '2025-26', { ...SE_ANNUAL, allowances: { annualInvestmentAllowance: 2500 } });
    expect((await retrieve(third)).body.metadata.summaryStatus).toBe('invalid');
    await adjustFails(third, { income: { turnover: 25 } }, 'RULE_SUMMARY_STATUS_INVALID');
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toBeNull();
    const fourth: Summary = { ...first, calculationId: await trigger(customer, businessId, 'self-employment', '2025-26') };
    expect((await retrieve(fourth)).body.adjustableSummaryCalculation.deductions).toEqual({ annualInvestmentAllowance: 2500 });
    expect((await adjust(fourth, { zeroAdjustments: true })).status).toBe(200);
    expect((await retrieve(fourth)).body.adjustments).toEqual({ zeroAdjustments: true });
    expect(bsasAdjustmentsFor(hmrc.emulator.state, customer.nino, businessId, '2025-26')).toMatchObject({ incomeAdjustment: 0, profitAdjustment: 0, calculationIds: [fourth.calculationId] });

    const filtered = await succeeds(customer, 'GET', LIST, { taxYear: '2025-26' }, { query: { businessId, typeOfBusiness: 'self-employment' } });
    expect(filtered.body.businessSources[0].summaries.map((s: { summaryStatus: string }) => s.summaryStatus)).toEqual(['valid', 'superseded', 'superseded', 'superseded']);
  });

  it('summarises a UK property year: rents and premiums, costs without residential finance, allowances, property adjustments', async () => {
    const s = await summary('uk-property', '2025-26', (customer, businessId) =>
      seedAnnual(customer, businessId, '2025-26', { ukProperty: { adjustments: { privateUseAdjustment: 100, nonResidentLandlord: false }, allowances: { annualInvestmentAllowance: 400, structuredBuildingAllowance: [{ amount: 250, building: { postcode: 'LS1 4AP' } }] } } }),
    );
    const read = await retrieve(s);
    expect(read.body.inputs.typeOfBusiness).toBeUndefined();
    expect(read.body.adjustableSummaryCalculation).toEqual({
      totalIncome: 23000,
      income: { totalRentsReceived: 20000, premiumsOfLeaseGrant: 1000, reversePremiums: 1000, otherPropertyIncome: 1000 },
      totalExpenses: 3500,
      expenses: { premisesRunningCosts: 3000, repairsAndMaintenance: 500, residentialFinancialCost: 10000 },
      netProfit: 19500,
      totalAdditions: 100,
      additions: { privateUseAdjustment: 100 },
      totalDeductions: 650,
      deductions: { annualInvestmentAllowance: 400, structuredBuildingAllowance: 250 },
      taxableProfit: 18950,
    });
    // HMRC's UK property definitions always carry the adjusted block; before any adjustment it is the same.
    expect(read.body.adjustedSummaryCalculation).toEqual(read.body.adjustableSummaryCalculation);
    expect((await adjust(s, { ukProperty: { income: { totalRentsReceived: -500 }, expenses: { residentialFinancialCost: -1000, travelCosts: 120 } } })).status).toBe(200);
    const adjusted = await retrieve(s);
    expect(adjusted.body.adjustedSummaryCalculation).toMatchObject({ totalIncome: 22500, totalExpenses: 3620, netProfit: 18880, taxableProfit: 18330 });
    expect(adjusted.body.adjustedSummaryCalculation.expenses.residentialFinancialCost).toBe(9000);
    expect(bsasAdjustmentsFor(hmrc.emulator.state, s.customer.nino, s.businessId, '2025-26')).toMatchObject({
      incomeAdjustment: -50000,
      expensesAdjustment: 12000,
      residentialFinanceCostAdjustment: -100000,
      profitAdjustment: -62000,
    });
  });

  it('summarises a foreign property business by country (2025-26) and by property within its country (2026-27)', async () => {
    const byCountry = await summary('foreign-property', '2025-26');
    const read = await retrieve(byCountry);
    expect(read.body.adjustableSummaryCalculation.countryLevelDetail).toEqual([
      expect.objectContaining({ countryCode: 'FRA', totalIncome: 22000, totalExpenses: 3000, netProfit: 19000, taxableProfit: 19000 }),
    ]);
    expect((await adjust(byCountry, ADJUSTMENT['foreign-property'])).status).toBe(200);
    const adjusted = await retrieve(byCountry);
    expect(adjusted.body.adjustments).toEqual({ countryLevelDetail: [{ countryCode: 'FRA', income: { totalRentsReceived: 1000 } }] });
    expect(adjusted.body.adjustedSummaryCalculation.countryLevelDetail[0]).toMatchObject({ countryCode: 'FRA', totalIncome: 23000 });

    const byProperty = await summary('foreign-property', '2026-27');
    const detail = (await retrieve(byProperty)).body.adjustableSummaryCalculation.countryLevelDetail;
    expect(detail).toEqual([expect.objectContaining({ countryCode: 'FRA', totalIncome: 22000, propertyLevelDetail: [expect.objectContaining({ propertyId: EXAMPLE_PROPERTY_ID, totalIncome: 22000 })] })]);
    const body = { foreignProperty: { propertyLevelDetail: [{ propertyId: EXAMPLE_PROPERTY_ID, expenses: { premisesRunningCosts: 100 } }] } };
    expect((await adjust(byProperty, body)).status).toBe(200);
    const after = (await retrieve(byProperty)).body;
    expect(after.adjustments).toEqual({ propertyLevelDetail: [{ propertyId: EXAMPLE_PROPERTY_ID, expenses: { premisesRunningCosts: 100 } }] });
    expect(after.adjustedSummaryCalculation.countryLevelDetail[0].propertyLevelDetail[0]).toMatchObject({ totalExpenses: 3100 });
  });

  it('lets an annual reporter summarise without quarterly updates; needs data and a trading period in the year', async () => {
    const customer = await newCustomer();
    await setItsaStatus(customer, '2025-26', 'Annual');
    const businessId = await newBusiness(customer, 'self-employment');
    const body = { accountingPeriod: period('2025-26'), typeOfBusiness: 'self-employment', businessId };
    await fails(customer, 'POST', TRIGGER, {}, 'RULE_NO_ACCOUNTING_PERIOD', { body });
    seedCumulative(customer, businessId, '2025-26', SE_PERIOD);
    expect((await send(customer, 'POST', TRIGGER, {}, { body })).status).toBe(200);

    const late = await newBusiness(customer, 'uk-property', { commencementDate: '2026-05-01' });
    await fails(customer, 'POST', TRIGGER, {}, 'RULE_NO_ACCOUNTING_PERIOD', { body: { ...body, typeOfBusiness: 'uk-property', businessId: late } });
  });

  it('counts calendar quarters as met at 31 March, and a ceased business at the quarter it ceased in', async () => {
    const customer = await newCustomer();
    const calendar = await newBusiness(customer, 'self-employment', { quarterlyTypeChoice: { quarterlyPeriodType: 'calendar', taxYearOfChoice: '2025-26' } });
    seedCumulative(customer, calendar, '2025-26', SE_PERIOD, '2026-03-31');
    await trigger(customer, calendar, 'self-employment', '2025-26');
    const ceased = await newBusiness(customer, 'self-employment', { cessationDate: '2025-09-30' });
    seedCumulative(customer, ceased, '2025-26', SE_PERIOD, '2025-10-05');
    await trigger(customer, ceased, 'self-employment', '2025-26');
  });

  it('agrees with the figure providers on the profit a summary starts from', async (context) => {
    const s = await summary('self-employment', '2025-26', (customer, businessId) => seedAnnual(customer, businessId, '2025-26', SE_ANNUAL));
    const u = await summary('uk-property');
    const check = async (x: Summary) => {
      const figures = figuresFor(hmrc.emulator.state, x.customer.nino, x.taxYear).find((f) => f.businessId === x.businessId);
      if (!figures) return false;
      const calc = (await retrieve(x)).body.adjustableSummaryCalculation;
      const providerProfit = figures.income - figures.expenses + figures.adjustments - (figures.tradingAllowance ?? 0) - (figures.propertyAllowance ?? 0);
      expect(Math.floor(providerProfit / 100)).toBe(calc.taxableProfit);
      return true;
    };
    const checked = [await check(s), await check(u)];
    if (!checked.some(Boolean)) context.skip();
  });
});

describe('through the Self-Employment Business API', () => {
  it('summarises what was submitted over HTTP, and a later cumulative update makes the summary invalid', async (context) => {
    const cumulative = '/individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}';
    if (!hmrc.emulator.registeredEndpoints().some((e) => e.method === 'PUT' && e.path === cumulative)) context.skip();
    const customer = await newCustomer('2026-04-10T09:00:00Z');
    const businessId = await newBusiness(customer, 'self-employment');
    const put = (body: Record<string, unknown>) =>
      call(hmrc, 'PUT', url(cumulative, { nino: customer.nino, businessId, taxYear: '2025-26' }), { token: customer.token, version: '5.0', body });
    const update = { periodDates: { periodStartDate: '2025-04-06', periodEndDate: '2026-04-05' }, ...SE_PERIOD };
    const first = await put(update);
    expect(first.status, JSON.stringify(first.body)).toBe(204);
    await at(customer, '2026-04-20T09:00:00Z');
    const s: Summary = { customer, businessId, calculationId: await trigger(customer, businessId, 'self-employment', '2025-26'), kind: 'self-employment', taxYear: '2025-26' };
    expect((await retrieve(s)).body.adjustableSummaryCalculation).toMatchObject({ totalIncome: 40500, totalExpenses: 6200.5 });
    expect((await put({ ...update, periodIncome: { turnover: 41000 } })).status).toBe(204);
    expect((await retrieve(s)).body.metadata.summaryStatus).toBe('invalid');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

/** Tax years an example is for: the year its name gives (every year from it to 2026-27 for "and after"), else the first whose definition it fits. */
function exampleYears(endpoint: HmrcEndpoint, name: string, value: unknown): string[] {
  const words = name.replace(/\bPRE-TY-/i, 'before TY ').replace(/(\d{4}-\d{2})-/g, '$1 ').replace(/TY-(\d)/gi, 'TY $1');
  const range = taxYearRange(words);
  const years = ['2023-24', '2024-25', '2025-26', '2026-27'];
  if (range) {
    const from = range.from ?? range.to!;
    const to = range.to ?? 2026;
    return years.filter((y) => Number(y.slice(0, 4)) >= from && Number(y.slice(0, 4)) <= Math.max(to, from) && (range.from !== undefined || Number(y.slice(0, 4)) === range.to));
  }
  return years.filter((y) => requestValidator(endpoint, (schema) => schemaForTaxYear(schema, y))!(value)).slice(0, 1);
}

describe("HMRC's example request bodies", () => {
  it('triggers each example accounting period for its business type', async () => {
    const examples = findEndpoint(API, VERSION, 'POST', TRIGGER)!.requestBody!.examples;
    expect(examples).toHaveLength(6);
    for (const example of examples) {
      const body = example.value as { accountingPeriod: { endDate: string }; typeOfBusiness: Kind; businessId: string };
      const taxYear = `${Number(body.accountingPeriod.endDate.slice(0, 4)) - 1}-${body.accountingPeriod.endDate.slice(2, 4)}`;
      const customer = await newCustomer(`${body.accountingPeriod.endDate.slice(0, 4)}-06-01T09:00:00Z`);
      businessesOf(hmrc.emulator.state, customer.nino)[body.businessId] = { businessId: body.businessId, typeOfBusiness: body.typeOfBusiness } as BusinessRecord;
      seedYear(customer, body.businessId, body.typeOfBusiness, taxYear);
      const answer = await send(customer, 'POST', TRIGGER, {}, { body });
      expect(answer.status, `${example.name}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
  });

  for (const kind of KINDS) {
    it(`adjusts ${kind} summaries with each example for its tax year, and retrieves them`, async () => {
      const endpoint = findEndpoint(API, VERSION, 'POST', ADJUST[kind])!;
      let runs = 0;
      for (const example of endpoint.requestBody!.examples) {
        const body = example.value as Record<string, unknown>;
        const fhl = body.furnishedHolidayLet !== undefined || body.foreignFhlEea !== undefined;
        const type: BsasType = fhl ? (kind === 'uk-property' ? 'uk-property-fhl' : 'foreign-property-fhl-eea') : kind;
        const years = exampleYears(endpoint, example.name, body);
        expect(years.length, example.name).toBeGreaterThan(0);
        for (const taxYear of years) {
          const customer = await newCustomer(`${Number(taxYear.slice(0, 4)) + 1}-06-01T09:00:00Z`);
          const businessId = await newBusiness(customer, kind);
          seedYear(customer, businessId, type, taxYear);
          if (kind === 'foreign-property') seedForeignProperty(customer, businessId, EXAMPLE_PROPERTY_ID, taxYear);
          const s: Summary = { customer, businessId, calculationId: await trigger(customer, businessId, type, taxYear), kind, taxYear };
          const answer = await adjust(s, body);
          expect(answer.status, `${example.name} (${taxYear}): ${JSON.stringify(answer.body)}`).toBe(200);
          expect((await retrieve(s)).body.metadata.adjustedDateTime).toBeDefined();
          runs++;
        }
      }
      expect(runs).toBeGreaterThanOrEqual(endpoint.requestBody!.examples.length);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------------

describe('path parameters, scenarios and authorisation', () => {
  const summaryEndpoints = KINDS.flatMap((kind) => [
    { method: 'GET', template: RETRIEVE[kind], kind, body: undefined as unknown },
    { method: 'POST', template: ADJUST[kind], kind, body: ADJUSTMENT[kind] as unknown },
  ]);

  it.each(summaryEndpoints)('$method $template', async ({ method, template, kind, body }) => {
    const s = await summary(kind);
    const other = await summary(kind === 'self-employment' ? 'uk-property' : 'self-employment');
    const stranger = await newCustomer();
    const params = { calculationId: s.calculationId, taxYear: '2025-26' };
    const options = body === undefined ? {} : { body };
    await fails(s.customer, method, template, { ...params, nino: 'NOTANINO' }, 'FORMAT_NINO', options);
    await fails(s.customer, method, template, { ...params, calculationId: 'calc-1' }, 'FORMAT_CALCULATION_ID', options);
    await fails(s.customer, method, template, { ...params, taxYear: '2025' }, 'FORMAT_TAX_YEAR', options);
    await fails(s.customer, method, template, { ...params, taxYear: '2025-27' }, 'RULE_TAX_YEAR_RANGE_INVALID', options);
    const tooEarly = findEndpoint(API, VERSION, method, template)!.responses['400']!.errors.some((e) => e.code === 'INVALID_TAX_YEAR_PARAMETER') ? 'INVALID_TAX_YEAR_PARAMETER' : 'RULE_TAX_YEAR_NOT_SUPPORTED';
    await fails(s.customer, method, template, { ...params, taxYear: '2022-23' }, tooEarly, options);
    // A year that has not begun has no summaries.
    await fails(s.customer, method, template, { ...params, taxYear: '2027-28' }, 'RULE_TAX_YEAR_NOT_SUPPORTED', options);
    await fails(s.customer, method, template, { ...params, calculationId: randomUUID() }, 'MATCHING_RESOURCE_NOT_FOUND', options);
    // The summary exists, for another year.
    await fails(s.customer, method, template, { ...params, taxYear: '2024-25' }, 'MATCHING_RESOURCE_NOT_FOUND', options);
    await fails(other.customer, method, template, { ...params, calculationId: other.calculationId }, 'RULE_TYPE_OF_BUSINESS_INCORRECT', options);
    await fails(s.customer, method, template, params, 'RULE_INCORRECT_GOV_TEST_SCENARIO', { ...options, headers: { 'Gov-Test-Scenario': 'NOT_A_SCENARIO' } });
    await fails(stranger, method, template, { ...params, nino: s.customer.nino }, 'CLIENT_OR_AGENT_NOT_AUTHORISED', options);
    // Only the sandbox's scenario can make HMRC's back end refuse for "various other reasons".
    await fails(s.customer, method, template, params, 'RULE_REQUEST_CANNOT_BE_FULFILLED', { ...options, headers: { 'Gov-Test-Scenario': 'REQUEST_CANNOT_BE_FULFILLED' } });
    if (method === 'GET') expect((await retrieve(s)).body.metadata.summaryStatus).toBe('valid');
  });

  it('POST trigger: format, accounting period and business rules', async () => {
    const customer = await newCustomer();
    const stranger = await newCustomer();
    const businessId = await newBusiness(customer, 'self-employment');
    const foreign = await newBusiness(customer, 'foreign-property');
    const good = { accountingPeriod: period('2025-26'), typeOfBusiness: 'self-employment', businessId };
    const trig = (code: string, body: unknown, options: CallOptions = {}) => fails(customer, 'POST', TRIGGER, {}, code, { body, ...options });

    await fails(customer, 'POST', TRIGGER, { nino: 'NOTANINO' }, 'FORMAT_NINO', { body: good });
    await trig('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', {});
    const unknownField = await trig('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { ...good, colour: 'blue' });
    expect(unknownField.body.paths).toEqual(['/colour']);
    expect((await trig('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { ...good, accountingPeriod: { startDate: '2025-04-06' } })).body.paths).toEqual(['/accountingPeriod/endDate']);
    await trig('FORMAT_END_DATE', { ...good, accountingPeriod: { startDate: '2025-04-06', endDate: '2026-02-30' } });
    await trig('FORMAT_START_DATE', { ...good, accountingPeriod: { startDate: '2025-13-06', endDate: '2026-04-05' } });
    await trig('FORMAT_TYPE_OF_BUSINESS', { ...good, typeOfBusiness: 'bakery' });
    // The FHL types went with 2024-25.
    await trig('FORMAT_TYPE_OF_BUSINESS', { ...good, typeOfBusiness: 'uk-property-fhl' });
    await trig('FORMAT_BUSINESS_ID', { ...good, businessId: 'XBIS123' });
    await trig('RULE_END_DATE_BEFORE_START_DATE', { ...good, accountingPeriod: { startDate: '2026-04-05', endDate: '2025-04-06' } });
    await trig('RULE_ACCOUNTING_PERIOD_NOT_SUPPORTED', { ...good, accountingPeriod: period('2018-19') });
    await trig('RULE_ACCOUNTING_PERIOD_NOT_SUPPORTED', { ...good, typeOfBusiness: 'foreign-property', businessId: foreign, accountingPeriod: period('2020-21') });
    await trig('RULE_ACCOUNTING_PERIOD_NOT_ALIGNED', { ...good, accountingPeriod: { startDate: '2025-05-01', endDate: '2026-04-05' } });
    await trig('MATCHING_RESOURCE_NOT_FOUND', { ...good, businessId: 'XBIS99999999999' });
    // A business of another type is not found either (HMRC: "the type of business does not relate to the business ID").
    await trig('MATCHING_RESOURCE_NOT_FOUND', { ...good, typeOfBusiness: 'uk-property' });
    await trig('RULE_TAX_YEAR_NOT_SUPPORTED', { ...good, accountingPeriod: period('2027-28') });
    await trig('RULE_ACCOUNTING_PERIOD_NOT_ENDED', { ...good, accountingPeriod: period('2026-27') });
    await trig('RULE_OBLIGATIONS_NOT_MET', good);
    await trig('RULE_INCORRECT_GOV_TEST_SCENARIO', good, { headers: { 'Gov-Test-Scenario': 'NOT_A_SCENARIO' } });
    await trig('RULE_REQUEST_CANNOT_BE_FULFILLED', good, { headers: { 'Gov-Test-Scenario': 'REQUEST_CANNOT_BE_FULFILLED' } });
    await fails(stranger, 'POST', TRIGGER, { nino: customer.nino }, 'CLIENT_OR_AGENT_NOT_AUTHORISED', { body: good });

    // After the final declaration, until 31 January two years after the year: then outside the amendment window.
    seedYear(customer, businessId, 'self-employment', '2025-26');
    finalDeclarations(hmrc.emulator.state, customer.nino)['2025-26'] = { taxYear: '2025-26', calculationId: randomUUID(), submittedOn: '2027-01-10T10:00:00.000Z', calculationType: 'final-declaration' };
    await at(customer, '2028-01-31T12:00:00Z');
    expect((await send(customer, 'POST', TRIGGER, {}, { body: good })).status).toBe(200);
    await at(customer, '2028-02-01T09:00:00Z');
    await trig('RULE_OUTSIDE_AMENDMENT_WINDOW', good);
  });

  it('GET list: formats, years, filters and authorisation', async () => {
    const s = await summary('uk-property');
    const stranger = await newCustomer();
    const list = (code: string, params: Params, options: CallOptions & { query?: Params } = {}) => fails(s.customer, 'GET', LIST, params, code, options);
    await list('FORMAT_NINO', { nino: 'NOTANINO', taxYear: '2025-26' });
    await list('FORMAT_TAX_YEAR', { taxYear: '2025' });
    await list('RULE_TAX_YEAR_RANGE_INVALID', { taxYear: '2025-27' });
    await list('RULE_TAX_YEAR_NOT_SUPPORTED', { taxYear: '2018-19' });
    await list('RULE_TAX_YEAR_NOT_SUPPORTED', { taxYear: '2027-28' });
    await list('FORMAT_BUSINESS_ID', { taxYear: '2025-26' }, { query: { businessId: 'XPIS1' } });
    await list('FORMAT_TYPE_OF_BUSINESS', { taxYear: '2025-26' }, { query: { typeOfBusiness: 'uk-property-fhl' } });
    await list('FORMAT_TYPE_OF_BUSINESS', { taxYear: '2023-24' }, { query: { typeOfBusiness: 'bakery' } });
    await list('MATCHING_RESOURCE_NOT_FOUND', { taxYear: '2024-25' });
    await list('MATCHING_RESOURCE_NOT_FOUND', { taxYear: '2025-26' }, { query: { typeOfBusiness: 'self-employment' } });
    await list('RULE_INCORRECT_GOV_TEST_SCENARIO', { taxYear: '2025-26' }, { headers: { 'Gov-Test-Scenario': 'NOT_A_SCENARIO' } });
    await list('RULE_REQUEST_CANNOT_BE_FULFILLED', { taxYear: '2025-26' }, { headers: { 'Gov-Test-Scenario': 'REQUEST_CANNOT_BE_FULFILLED' } });
    await fails(stranger, 'GET', LIST, { nino: s.customer.nino, taxYear: '2025-26' }, 'CLIENT_OR_AGENT_NOT_AUTHORISED');
    const found = await succeeds(s.customer, 'GET', LIST, { taxYear: '2025-26' }, { query: { typeOfBusiness: 'uk-property', businessId: s.businessId } });
    expect(found.body.businessSources).toEqual([expect.objectContaining({ businessId: s.businessId, typeOfBusiness: 'uk-property', taxYear: '2025-26' })]);
  });
});

describe('adjustment rules', () => {
  it('checks the body: shape, amounts, zero adjustments, consolidated expenses', async () => {
    const s = await summary('self-employment');
    await adjustFails(s, {}, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    await adjustFails(s, undefined, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expect((await adjustFails(s, { income: { turnover: 10, tips: 5 } }, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')).body.paths).toEqual(['/income/tips']);
    const values = await adjustFails(s, { income: { turnover: 0, other: 1.005 }, expenses: { costOfGoods: 100000000000 } }, 'FORMAT_VALUE');
    expect(values.body).toEqual({ code: 'FORMAT_VALUE', message: 'The value must be between -99999999999.99 and 99999999999.99 (but cannot be 0 or 0.00)', paths: ['/income/turnover', '/income/other', '/expenses/costOfGoods'] });
    await adjustFails(s, { expenses: { consolidatedExpenses: 100, costOfGoods: 5 } }, 'RULE_BOTH_EXPENSES_SUPPLIED');
    await adjustFails(s, { expenses: { consolidatedExpenses: 100 }, additions: { costOfGoodsDisallowable: 5 } }, 'RULE_BOTH_EXPENSES_SUPPLIED');
    await adjustFails(s, { zeroAdjustments: false }, 'RULE_ZERO_ADJUSTMENTS_INVALID');
    await adjustFails(s, { zeroAdjustments: true, income: { turnover: 10 } }, 'RULE_BOTH_ADJUSTMENTS_SUPPLIED');
    const both = await adjustFails(s, { zeroAdjustments: false, income: { turnover: 10 } }, 'RULE_ZERO_ADJUSTMENTS_INVALID');
    expect(codesOf(both.body).sort()).toEqual(['RULE_BOTH_ADJUSTMENTS_SUPPLIED', 'RULE_ZERO_ADJUSTMENTS_INVALID']);
    // None of that touched the summary.
    expect((await adjust(s, { expenses: { consolidatedExpenses: 100 } })).status).toBe(200);
  });

  it('checks property bodies the same way, inside their ukProperty and foreignProperty parts', async () => {
    const uk = await summary('uk-property');
    await adjustFails(uk, {}, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expect((await adjustFails(uk, { ukProperty: { income: {} } }, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED')).body.paths).toEqual(['/ukProperty/income']);
    expect((await adjustFails(uk, { ukProperty: { income: { totalRentsReceived: 0 } } }, 'FORMAT_VALUE')).body.paths).toEqual(['/ukProperty/income/totalRentsReceived']);
    expect((await adjustFails(uk, { ukProperty: { expenses: { consolidatedExpenses: 5, other: 5 } } }, 'RULE_BOTH_EXPENSES_SUPPLIED')).body.paths).toEqual(['/ukProperty/expenses']);
    await adjustFails(uk, { ukProperty: { zeroAdjustments: false } }, 'RULE_ZERO_ADJUSTMENTS_INVALID');
    await adjustFails(uk, { ukProperty: { zeroAdjustments: true, income: { otherPropertyIncome: 5 } } }, 'RULE_BOTH_ADJUSTMENTS_SUPPLIED');
    // Residential finance costs may go with consolidated expenses, as in HMRC's own examples.
    expect((await adjust(uk, { ukProperty: { expenses: { consolidatedExpenses: 5, residentialFinancialCost: 5 } } })).status).toBe(200);

    const foreign = await summary('foreign-property');
    const values = await adjustFails(foreign, { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', income: { totalRentsReceived: 12.345 } }] } }, 'FORMAT_VALUE');
    expect(values.body.paths).toEqual(['/foreignProperty/countryLevelDetail/0/income/totalRentsReceived']);
  });

  it('refuses results that go negative, consolidated expenses over the threshold, and expenses with an income allowance', async () => {
    const se = await summary('self-employment');
    await adjustFails(se, { income: { turnover: -40000.01 } }, 'RULE_RESULTING_VALUE_NOT_PERMITTED');
    await adjustFails(se, { income: { turnover: 50000.01 }, expenses: { consolidatedExpenses: 100 } }, 'RULE_OVER_CONSOLIDATED_EXPENSES_THRESHOLD');
    // Turnover of exactly the threshold does not exceed it.
    const atThreshold = await summary('self-employment');
    expect((await adjust(atThreshold, { income: { turnover: 50000 }, expenses: { consolidatedExpenses: 100 } })).status).toBe(200);
    // Expenses may go negative; income may fall to exactly nothing.
    expect((await adjust(se, { income: { turnover: -40000 }, expenses: { costOfGoods: -6000 } })).status).toBe(200);
    expect((await retrieve(se)).body.adjustedSummaryCalculation).toMatchObject({ totalIncome: 500, totalExpenses: 200.5 });

    const allowance = await summary('self-employment', '2025-26', (customer, businessId) =>
      seedAnnual(customer, businessId, '2025-26', { allowances: { tradingIncomeAllowance: 1000 }, nonFinancials: { businessDetailsChangedRecently: false } }),
    );
    await adjustFails(allowance, { expenses: { costOfGoods: 10 } }, 'RULE_TRADING_INCOME_ALLOWANCE_CLAIMED');
    expect((await adjust(allowance, { income: { other: 10 } })).status).toBe(200);

    const uk = await summary('uk-property');
    await adjustFails(uk, { ukProperty: { expenses: { residentialFinancialCost: -10000.01 } } }, 'RULE_RESULTING_VALUE_NOT_PERMITTED');
    await adjustFails(uk, { ukProperty: { income: { totalRentsReceived: 70000 }, expenses: { consolidatedExpenses: 100 } } }, 'RULE_OVER_CONSOLIDATED_EXPENSES_THRESHOLD');
    const ukAllowance = await summary('uk-property', '2025-26', (customer, businessId) =>
      seedAnnual(customer, businessId, '2025-26', { ukProperty: { allowances: { propertyIncomeAllowance: 1000 } } }),
    );
    await adjustFails(ukAllowance, { ukProperty: { expenses: { travelCosts: 10 } } }, 'RULE_PROPERTY_INCOME_ALLOWANCE_CLAIMED');

    const foreign = await summary('foreign-property', '2025-26', (customer, businessId) =>
      seedAnnual(customer, businessId, '2025-26', { foreignProperty: [{ countryCode: 'FRA', allowances: { propertyIncomeAllowance: 500 } }] }),
    );
    await adjustFails(foreign, { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', expenses: { other: 10 } }] } }, 'RULE_PROPERTY_INCOME_ALLOWANCE_CLAIMED');
    await adjustFails(foreign, { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', income: { otherPropertyIncome: -1000.01 } }] } }, 'RULE_RESULTING_VALUE_NOT_PERMITTED');
    // A country the summary has nothing for starts from nothing: a negative income there is refused too.
    await adjustFails(foreign, { foreignProperty: { countryLevelDetail: [{ countryCode: 'ESP', income: { totalRentsReceived: -1 } }] } }, 'RULE_RESULTING_VALUE_NOT_PERMITTED');
    const busy = await summary('foreign-property');
    await adjustFails(busy, { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', income: { totalRentsReceived: 80000 }, expenses: { consolidatedExpenses: 1 } }] } }, 'RULE_OVER_CONSOLIDATED_EXPENSES_THRESHOLD');
  });

  it('checks foreign countries and properties, and FHL parts before 2025-26', async () => {
    const byCountry = await summary('foreign-property');
    const country = (list: unknown[]) => ({ foreignProperty: { countryLevelDetail: list } });
    const rent = { income: { totalRentsReceived: 10 } };
    await adjustFails(byCountry, country([{ countryCode: 'FR', ...rent }]), 'FORMAT_COUNTRY_CODE');
    await adjustFails(byCountry, country([{ countryCode: 'XYZ', ...rent }]), 'RULE_COUNTRY_CODE');
    const duplicate = await adjustFails(byCountry, country([{ countryCode: 'FRA', ...rent }, { countryCode: 'FRA', ...rent }]), 'RULE_DUPLICATE_COUNTRY_CODE');
    expect(duplicate.body.paths).toEqual(['/foreignProperty/countryLevelDetail/0/countryCode', '/foreignProperty/countryLevelDetail/1/countryCode']);
    await adjustFails(byCountry, country([{ countryCode: 'FRA', expenses: { consolidatedExpenses: 5, travelCosts: 5 } }]), 'RULE_BOTH_EXPENSES_SUPPLIED');
    await adjustFails(byCountry, { foreignProperty: { zeroAdjustments: true, countryLevelDetail: [{ countryCode: 'FRA', ...rent }] } }, 'RULE_BOTH_ADJUSTMENTS_SUPPLIED');
    await adjustFails(byCountry, { foreignProperty: { zeroAdjustments: false } }, 'RULE_ZERO_ADJUSTMENTS_INVALID');

    const byProperty = await summary('foreign-property', '2026-27');
    const property = (list: unknown[]) => ({ foreignProperty: { propertyLevelDetail: list } });
    await adjustFails(byProperty, property([{ propertyId: 'villa-1', ...rent }]), 'FORMAT_PROPERTY_ID');
    const twice = await adjustFails(byProperty, property([{ propertyId: EXAMPLE_PROPERTY_ID, ...rent }, { propertyId: EXAMPLE_PROPERTY_ID, ...rent }]), 'RULE_DUPLICATE_PROPERTY_ID');
    expect(twice.body.message).toBe(`The property ID '${EXAMPLE_PROPERTY_ID}' is duplicated for multiple properties`);
    await adjustFails(byProperty, property([{ propertyId: randomUUID(), ...rent }]), 'RULE_PROPERTY_ID_MISMATCH');

    const foreign2024 = await summary('foreign-property', '2024-25');
    await adjustFails(foreign2024, { foreignProperty: { countryLevelDetail: [{ countryCode: 'FRA', ...rent }] }, foreignFhlEea: rent }, 'RULE_BOTH_PROPERTIES_SUPPLIED');
    // An FHL adjustment to the non-FHL summary is for another type of business.
    await adjustFails(foreign2024, { foreignFhlEea: rent }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    const uk2024 = await summary('uk-property', '2024-25');
    await adjustFails(uk2024, { ukProperty: rent, furnishedHolidayLet: rent }, 'RULE_BOTH_PROPERTIES_SUPPLIED');
    await adjustFails(uk2024, { furnishedHolidayLet: rent }, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    expect((await adjust(uk2024, { ukProperty: rent })).status).toBe(200);
  });

  it('refuses adjustments outside the amendment window after the final declaration', async () => {
    const s = await summary('uk-property');
    finalDeclarations(hmrc.emulator.state, s.customer.nino)['2025-26'] = { taxYear: '2025-26', calculationId: randomUUID(), submittedOn: '2027-01-10T10:00:00.000Z', calculationType: 'final-declaration' };
    await at(s.customer, '2028-02-01T09:00:00Z');
    await adjustFails(s, ADJUSTMENT['uk-property'], 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const se = await summary('self-employment');
    const fp = await summary('foreign-property');
    for (const x of [se, fp]) {
      finalDeclarations(hmrc.emulator.state, x.customer.nino)['2025-26'] = { taxYear: '2025-26', calculationId: randomUUID(), submittedOn: '2027-01-10T10:00:00.000Z', calculationType: 'final-declaration' };
    }
    await at(se.customer, '2028-02-01T09:00:00Z');
    await at(fp.customer, '2028-02-01T09:00:00Z');
    await adjustFails(se, ADJUSTMENT['self-employment'], 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    await adjustFails(fp, ADJUSTMENT['foreign-property'], 'RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('refuses superseded, invalid and already adjusted summaries on every kind', async () => {
    for (const kind of KINDS) {
      const s = await summary(kind);
      expect((await adjust(s, ADJUSTMENT[kind])).status).toBe(200);
      await adjustFails(s, ADJUSTMENT[kind], 'RULE_ALREADY_ADJUSTED');
      const newer: Summary = { ...s, calculationId: await trigger(s.customer, s.businessId, kind, '2025-26') };
      await adjustFails(s, ADJUSTMENT[kind], 'RULE_SUMMARY_STATUS_SUPERSEDED');
      seedYear(s.customer, s.businessId, kind, '2025-26');
      await adjustFails(newer, ADJUSTMENT[kind], 'RULE_SUMMARY_STATUS_INVALID');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------

/**
 * Documented codes no request can reach. The trigger has no tax year parameter, and HMRC's trigger code
 * (TriggerBsasValidatorFactory, TriggerBsasService) never produces INVALID_TAX_YEAR_PARAMETER, nor does any of the
 * trigger's Gov-Test-Scenarios.
 */
const UNREACHABLE: Record<string, string[]> = {
  [`POST ${TRIGGER}`]: ['INVALID_TAX_YEAR_PARAMETER'],
};

describe('coverage', () => {
  it('provoked every error code HMRC documents for the eight endpoints', () => {
    const endpoints = findApi(API, VERSION)!.endpoints;
    expect(endpoints).toHaveLength(8);
    const missing: string[] = [];
    for (const endpoint of endpoints) {
      const key = `${endpoint.method} ${endpoint.path}`;
      const documented = new Set(Object.values(endpoint.responses).flatMap((r) => r.errors.map((e) => e.code)));
      for (const code of documented) {
        if (!provoked.get(key)?.has(code) && !UNREACHABLE[key]?.includes(code)) missing.push(`${key} ${code}`);
      }
      for (const code of provoked.get(key) ?? []) expect(documented, `${key} answered ${code}, which HMRC does not document`).toContain(code);
    }
    expect(missing).toEqual([]);
  });
});
