// FreeAgent activities against the FreeAgent emulator: the books as HMRC's cumulative updates (with a practice's own
// category table), whether the books are ready for an update, the Self Assessment payments in pence, and marking the
// return filed and payments paid once, however often Temporal retries.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreeAgentActivities } from '../../activities/freeagent';
import { createFreeAgentClient, type FreeAgentClient } from '../../integrations/freeagent/client';
import { CATEGORY_MAPPING, type CategoryMapping } from '../../integrations/freeagent/categoryMapping';
import { FreeAgentError } from '../../integrations/freeagent/errors';
import { grantFreeAgent, startFreeAgent, type RunningFreeAgent } from '../helpers/freeAgentEmulator';

let freeagent: RunningFreeAgent;
let url: string;
let token: string;

const quarter = { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' };

async function seed(company: Record<string, unknown>): Promise<{ bank_accounts: number[] }> {
  const seeded = await got.post(`${url}/emulator/companies`, { json: company, throwHttpErrors: false, responseType: 'json' });
  expect(seeded.statusCode).toBe(201);
  return (seeded.body as { company: { bank_accounts: number[] } }).company;
}

beforeAll(async () => {
  freeagent = await startFreeAgent();
  url = freeagent.url;
  await seed({
    subdomain: 'okafor-web',
    name: 'Okafor Web Design',
    users: [{ id: 7, first_name: 'Amira', last_name: 'Okafor', email: 'amira@okafor.example', self_assessment_returns: [{ period_ends_on: '2027-04-05', filing_status: 'unfiled', payments: [] }] }],
    postings: [
      { dated_on: '2026-04-20', nominal_code: '001', debit_value: '-12000.5', description: 'Website build' },
      { dated_on: '2026-06-02', nominal_code: '101', debit_value: '1500.0', description: 'Stock photos' },
      { dated_on: '2026-07-10', nominal_code: '001', debit_value: '-999.0', description: 'After the quarter' },
    ],
    bank_accounts: [
      {
        name: 'Business Account',
        bank_transactions: [
          { dated_on: '2026-04-22', amount: '12000.5', description: 'Client BACS', explanations: [{ nominal_code: '001', gross_value: '12000.5' }] },
          { dated_on: '2026-06-02', amount: '-1500.0', description: 'Stock photos', explanations: [{ nominal_code: '101', gross_value: '-1000.0' }, { nominal_code: '101', gross_value: '-500.0' }] },
          // After the quarter: not this update's business.
          { dated_on: '2026-07-12', amount: '-80.0', description: 'Hosting' },
        ],
      },
    ],
  });
  const tokens = await grantFreeAgent(freeagent);
  token = tokens.access_token;
});
afterAll(async () => {
  await freeagent?.stop();
});

/** Runs an activity as Temporal would (heartbeats, context), typed by the activity's own input. */
function run<I, O>(activity: (input: I) => Promise<O>, input: NoInfer<I>): Promise<O> {
  return new MockActivityEnvironment().run<[I], O, (input: I) => Promise<O>>(activity, input);
}

const clientFor = (subdomain: string) => createFreeAgentClient({ baseUrl: `${url}/v2`, getAccessToken: async () => token, subdomain });
const activities = () => createFreeAgentActivities({ freeagentFor: clientFor });

async function ledger(subdomain: string): Promise<{ action: string; paymentDueOn?: string; from: string; to: string }[]> {
  return ((await got(`${url}/emulator/ledger?subdomain=${subdomain}`).json()) as { ledger: { action: string; paymentDueOn?: string; from: string; to: string }[] }).ledger;
}

/** The PUTs FreeAgent received for a client: what a retried activity actually sent, repeats included. */
async function puts(subdomain: string): Promise<string[]> {
  const { requests } = (await got(`${url}/emulator/requests`, { searchParams: { subdomain, method: 'PUT' } }).json()) as { requests: { path: string; status: number }[] };
  return requests.map((r) => `${r.status} ${r.path}`);
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('FreeAgent activities', () => {
  it("turns the client's books for the quarter into HMRC's cumulative update, in HMRC's decimals", async () => {
    const result = await run(activities().selfEmploymentUpdateFromFreeAgent, { subdomain: 'okafor-web', ...quarter });
    expect(result.body.periodDates).toEqual({ periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' });
    expect(result.body.periodIncome.turnover).toBe(12000.5);
    expect(result.body.periodExpenses.costOfGoods).toBe(1500);
    expect(result.report.unmapped).toEqual([]);
  });

  it('marks the return filed once, and reports an unknown client as a final failure', async () => {
    const a = activities();
    expect(await run(a.markFreeAgentReturnFiled, { subdomain: 'okafor-web', userId: 7, periodEndsOn: '2027-04-05' })).toEqual({ marked: true, filingStatus: 'marked_as_filed' });
    expect(await run(a.markFreeAgentReturnFiled, { subdomain: 'okafor-web', userId: 7, periodEndsOn: '2027-04-05' })).toEqual({ marked: false, filingStatus: 'marked_as_filed' });
    expect((await ledger('okafor-web')).filter((e) => e.action === 'mark_as_filed')).toHaveLength(1);
    expect(await puts('okafor-web')).toEqual(['200 /v2/users/7/self_assessment_returns/2027-04-05/mark_as_filed']);
    const unknown = await failureOf(run(a.markFreeAgentReturnFiled, { subdomain: 'nobody-here', userId: 7, periodEndsOn: '2027-04-05' }));
    expect(unknown).toMatchObject({ type: 'FreeAgentError', nonRetryable: true });
  });
});

describe('Self Assessment payments from FreeAgent', () => {
  const payment = { subdomain: 'patel-consulting', userId: 21, periodEndsOn: '2027-04-05' };

  beforeAll(async () => {
    await seed({
      subdomain: 'patel-consulting',
      name: 'Patel Consulting',
      users: [
        { id: 119, first_name: 'Alice', last_name: 'Acme', email: 'alice@patel.example', self_assessment_returns: 'documented' },
        {
          id: 21,
          first_name: 'Priya',
          last_name: 'Patel',
          email: 'priya@patel.example',
          self_assessment_returns: [
            {
              period_ends_on: '2027-04-05',
              // Out of date order on purpose: which payment on account is first comes from the due dates.
              payments: [
                { label: 'Balancing Payment', due_on: '2028-01-31', amount_due: '-310.25' },
                { label: 'Payment on Account', due_on: '2027-07-31', amount_due: '1520.4', status: 'unpaid' },
                { label: 'Payment on Account', due_on: '2027-01-31', amount_due: '1520.4', status: 'marked_as_paid' },
              ],
            },
          ],
        },
      ],
    });
  });

  it("reads a return's payments in pence, keeping a refund negative and without a status", async () => {
    expect(await run(activities().getFreeAgentSelfAssessmentPayments, { subdomain: 'patel-consulting', userId: 119, periodEndsOn: '2024-04-05' })).toEqual([
      { kind: 'first_payment_on_account', label: 'Payment on Account', dueOn: '2024-01-31', amountPence: 300901, status: 'unpaid' },
      { kind: 'second_payment_on_account', label: 'Payment on Account', dueOn: '2024-07-31', amountPence: 300901, status: 'unpaid' },
      { kind: 'balancing_payment', label: 'Balancing Payment', dueOn: '2025-01-31', amountPence: -601802, status: null },
    ]);
    expect(await run(activities().getFreeAgentSelfAssessmentPayments, payment)).toEqual([
      { kind: 'balancing_payment', label: 'Balancing Payment', dueOn: '2028-01-31', amountPence: -31025, status: null },
      { kind: 'second_payment_on_account', label: 'Payment on Account', dueOn: '2027-07-31', amountPence: 152040, status: 'unpaid' },
      { kind: 'first_payment_on_account', label: 'Payment on Account', dueOn: '2027-01-31', amountPence: 152040, status: 'paid' },
    ]);
  });

  it('marks a payment paid once when the first attempt lost its answer after FreeAgent wrote, and unpaid once', async () => {
    // The first attempt's PUT lands, then the answer is lost to a timeout: Temporal will retry the activity.
    const lostAnswer = createFreeAgentActivities({
      freeagentFor: (subdomain): FreeAgentClient => {
        const client = clientFor(subdomain);
        return {
          ...client,
          markSelfAssessmentPaymentAsPaid: async (...args: Parameters<FreeAgentClient['markSelfAssessmentPaymentAsPaid']>) => {
            await client.markSelfAssessmentPaymentAsPaid(...args);
            throw new FreeAgentError('FreeAgent did not answer within 15000 ms', undefined, 'timeout');
          },
        };
      },
    });
    const first = await failureOf(run(lostAnswer.markFreeAgentPaymentPaid, { ...payment, paymentDueOn: '2027-07-31' }));
    expect(first).toMatchObject({ type: 'FreeAgentRetryable', nonRetryable: false });

    const paidPoa = { kind: 'second_payment_on_account', label: 'Payment on Account', dueOn: '2027-07-31', amountPence: 152040 };
    expect(await run(activities().markFreeAgentPaymentPaid, { ...payment, paymentDueOn: '2027-07-31' })).toEqual({ marked: false, payment: { ...paidPoa, status: 'paid' } });
    expect(await run(activities().markFreeAgentPaymentPaid, { ...payment, paymentDueOn: '2027-07-31' })).toEqual({ marked: false, payment: { ...paidPoa, status: 'paid' } });
    // Already marked paid in FreeAgent (seeded): nothing to write.
    expect(await run(activities().markFreeAgentPaymentPaid, { ...payment, paymentDueOn: '2027-01-31' })).toMatchObject({ marked: false, payment: { kind: 'first_payment_on_account', status: 'paid' } });
    expect(await ledger('patel-consulting')).toEqual([expect.objectContaining({ action: 'mark_as_paid', paymentDueOn: '2027-07-31', from: 'unpaid', to: 'marked_as_paid' })]);

    expect(await run(activities().markFreeAgentPaymentUnpaid, { ...payment, paymentDueOn: '2027-07-31' })).toEqual({ marked: true, payment: { ...paidPoa, status: 'unpaid' } });
    expect(await run(activities().markFreeAgentPaymentUnpaid, { ...payment, paymentDueOn: '2027-07-31' })).toEqual({ marked: false, payment: { ...paidPoa, status: 'unpaid' } });
    expect((await ledger('patel-consulting')).map((e) => [e.action, e.paymentDueOn])).toEqual([
      ['mark_as_paid', '2027-07-31'],
      ['mark_as_unpaid', '2027-07-31'],
    ]);
    // One PUT each: the retries read first and sent nothing.
    expect(await puts('patel-consulting')).toEqual([
      '200 /v2/users/21/self_assessment_returns/2027-04-05/payments/2027-07-31/mark_as_paid',
      '200 /v2/users/21/self_assessment_returns/2027-04-05/payments/2027-07-31/mark_as_unpaid',
    ]);
  });

  it('refuses, without writing, to mark a refund or a payment FreeAgent does not list', async () => {
    const before = (await ledger('patel-consulting')).length;
    const refund = await failureOf(run(activities().markFreeAgentPaymentPaid, { ...payment, paymentDueOn: '2028-01-31' }));
    expect(refund).toMatchObject({ type: 'FreeAgentNothingDue', nonRetryable: true });
    expect(refund.message).toBe('Nothing is due on 2028-01-31 in the 2027-04-05 return of FreeAgent user 21 (patel-consulting) (-£310.25), so it cannot be marked paid');
    const missing = await failureOf(run(activities().markFreeAgentPaymentUnpaid, { ...payment, paymentDueOn: '2027-03-31' }));
    expect(missing).toMatchObject({ type: 'FreeAgentPaymentNotFound', nonRetryable: true, message: 'No payment due on 2027-03-31 in the 2027-04-05 return of FreeAgent user 21 (patel-consulting)' });
    expect(await ledger('patel-consulting')).toHaveLength(before);
    expect(await puts('patel-consulting')).toHaveLength(2);
  });
});

describe('Books readiness before a quarterly update', () => {
  let bankAccounts: number[];

  beforeAll(async () => {
    ({ bank_accounts: bankAccounts } = await seed({
      subdomain: 'hale-joinery',
      name: 'Hale Joinery',
      categories: [{ nominal_code: '047', description: 'Workshop Hire Income', group: 'income' }],
      postings: [
        { dated_on: '2026-04-15', nominal_code: '001', debit_value: '-8000.0', description: 'Kitchen fit' },
        { dated_on: '2026-05-20', nominal_code: '047', debit_value: '-350.0', description: 'Workshop hire' },
        { dated_on: '2026-04-20', nominal_code: '285', debit_value: '64.2', description: 'Travelodge' },
      ],
      bank_accounts: [
        {
          name: 'Current Account',
          bank_transactions: [
            { dated_on: '2026-04-20', amount: '-64.2', description: 'Travelodge', explanations: [{ nominal_code: '285', gross_value: '-64.2' }] },
            { dated_on: '2026-05-03', amount: '-250.0', description: 'Timber Co' },
            { dated_on: '2026-06-11', amount: '1200.0', description: 'Customer BACS', explanations: [{ nominal_code: '001', gross_value: '1000.0' }] },
            { dated_on: '2026-07-08', amount: '-15.0', description: 'After the quarter' },
          ],
        },
        { name: 'Business Card', type: 'CreditCardAccount', bank_transactions: [{ dated_on: '2026-06-30', amount: '-42.5', description: 'Screwfix' }] },
      ],
    }));
  });

  it('is ready when every bank transaction in the period is explained and every category maps', async () => {
    expect(await run(activities().checkFreeAgentBooksReady, { subdomain: 'okafor-web', ...quarter })).toEqual({ ready: true, unexplainedTransactions: 0, uncategorisedItems: 0, reasons: [] });
  });

  it('is not ready while transactions are unexplained (partly counts) in any account, or a category has no mapping', async () => {
    expect(await run(activities().checkFreeAgentBooksReady, { subdomain: 'hale-joinery', ...quarter })).toEqual({
      ready: false,
      unexplainedTransactions: 3,
      uncategorisedItems: 1,
      reasons: [
        "2 unexplained bank transactions in 'Current Account' between 2026-04-06 and 2026-07-05 (£450.00 left to explain)",
        "1 unexplained bank transaction in 'Business Card' between 2026-04-06 and 2026-07-05 (£42.50 left to explain)",
        "Category 047 'Workshop Hire Income' (£350.00 credit) has no HMRC self-employment mapping",
      ],
    });
  });

  it("becomes ready once the bookkeeper explains the rest and the practice's table maps the custom category", async () => {
    const current = await clientFor('hale-joinery').listBankTransactions({ bankAccount: `${url}/v2/bank_accounts/${bankAccounts[0]}`, view: 'unexplained', fromDate: quarter.periodStartDate, toDate: quarter.periodEndDate });
    const card = await clientFor('hale-joinery').listBankTransactions({ bankAccount: `${url}/v2/bank_accounts/${bankAccounts[1]}`, view: 'unexplained' });
    for (const t of [...current, ...card]) {
      const explained = await got.post(`${url}/emulator/companies/hale-joinery/bank_transactions/${t.url.split('/').at(-1)}/explanations`, {
        json: [{ nominal_code: t.amount.startsWith('-') ? '101' : '001', gross_value: t.unexplained_amount }],
        throwHttpErrors: false,
      });
      expect(explained.statusCode).toBe(201);
    }
    const mapping: CategoryMapping[] = [...CATEGORY_MAPPING, { nominalCode: '047', freeAgentName: 'Workshop Hire Income', selfEmployment: 'periodIncome.other', ukProperty: null }];
    // Without the practice's table the custom category still blocks; the transaction after the quarter does not.
    expect(await run(activities().checkFreeAgentBooksReady, { subdomain: 'hale-joinery', ...quarter })).toMatchObject({ ready: false, unexplainedTransactions: 0, uncategorisedItems: 1 });
    expect(await run(activities().checkFreeAgentBooksReady, { subdomain: 'hale-joinery', ...quarter, mapping })).toEqual({ ready: true, unexplainedTransactions: 0, uncategorisedItems: 0, reasons: [] });

    const update = await run(activities().selfEmploymentUpdateFromFreeAgent, { subdomain: 'hale-joinery', ...quarter, mapping });
    expect(update.body).toEqual({ periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' }, periodIncome: { turnover: 8000, other: 350 }, periodExpenses: { carVanTravelExpenses: 64.2 } });
    expect(update.report.unmapped).toEqual([]);
  });
});

describe('UK property from FreeAgent', () => {
  const period = { fromDate: '2026-04-06', toDate: '2026-07-05' };

  beforeAll(async () => {
    await seed({
      subdomain: 'rose-lets',
      name: 'Rose Lets',
      type: 'UkUnincorporatedLandlord',
      postings: [
        { dated_on: '2026-04-06', nominal_code: '001', debit_value: '-4500.0', description: 'Rent, April' },
        { dated_on: '2026-05-06', nominal_code: '001', debit_value: '-4500.0', description: 'Rent, May' },
        { dated_on: '2026-05-14', nominal_code: '285', debit_value: '120.5', description: 'Train to the flat' },
        { dated_on: '2026-06-01', nominal_code: '102', debit_value: '450.0', description: 'Letting agent' },
        { dated_on: '2026-06-03', nominal_code: '101', debit_value: '10.0', description: 'Keys cut' },
        { dated_on: '2026-06-30', nominal_code: '051', debit_value: '-2.5', description: 'Bank interest' },
        { dated_on: '2026-07-06', nominal_code: '001', debit_value: '-4500.0', description: 'Rent, July: next quarter' },
      ],
    });
  });

  it("turns a landlord's books into HMRC's UK property cumulative summary, reporting what does not map", async () => {
    const result = await run(activities().ukPropertyUpdateFromFreeAgent, { subdomain: 'rose-lets', ...period });
    expect(result.body).toEqual({ fromDate: '2026-04-06', toDate: '2026-07-05', ukProperty: { income: { periodAmount: 9000 }, expenses: { travelCosts: 120.5, professionalFees: 450 } } });
    expect(result.report.unmapped).toEqual([{ nominalCode: '101', name: 'Cost of Sales', amount: 1000 }]);
    expect(result.report.excluded.map((e) => [e.nominalCode, e.amount])).toEqual([['051', -250]]);

    expect(await run(activities().checkFreeAgentBooksReady, { subdomain: 'rose-lets', ...quarter, typeOfBusiness: 'uk-property' })).toEqual({
      ready: false,
      unexplainedTransactions: 0,
      uncategorisedItems: 1,
      reasons: ["Category 101 'Cost of Sales' (£10.00 debit) has no HMRC UK property mapping"],
    });
  });

  it("uses the practice's category table in place of the built-in one when given", async () => {
    const mapping: CategoryMapping[] = [
      { nominalCode: '001', freeAgentName: 'Rent', selfEmployment: null, ukProperty: 'income.periodAmount' },
      { nominalCode: '101', freeAgentName: 'Keys and locks', selfEmployment: null, ukProperty: 'expenses.repairsAndMaintenance' },
      { nominalCode: '102', freeAgentName: 'Letting agent', selfEmployment: null, ukProperty: 'expenses.professionalFees' },
      { nominalCode: '285', freeAgentName: 'Travel', selfEmployment: null, ukProperty: 'expenses.travelCosts' },
    ];
    const result = await run(activities().ukPropertyUpdateFromFreeAgent, { subdomain: 'rose-lets', ...period, mapping });
    expect(result.body.ukProperty).toEqual({ income: { periodAmount: 9000 }, expenses: { repairsAndMaintenance: 10, travelCosts: 120.5, professionalFees: 450 } });
    // The practice's table has no row for interest, so it is unmapped rather than excluded.
    expect(result.report.unmapped).toEqual([{ nominalCode: '051', name: 'Interest Received', amount: -250 }]);
    expect(result.report.excluded).toEqual([]);
  });
});
