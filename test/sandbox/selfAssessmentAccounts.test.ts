// Self Assessment Accounts 4.0 through raw HTTP: a 2026-27 year from final declaration to payment and overdue, charge
// history, coding out, HMRC's example bodies and every documented error. Every answer is checked against HMRC's schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsControlRoutes, recordPayment } from '../../sandbox/hmrc/apis/selfAssessmentAccounts';
import { calculationsOf, type StoredCalculation } from '../../sandbox/hmrc/apis/individualCalculations/store';
import { findApi, matchEndpoint } from '../../sandbox/hmrc/oas';
import { finalDeclarations } from '../../sandbox/hmrc/taxpayerData';
import { agentWithClient, call, startEmulator, userToken, type CallResult, type RunningEmulator } from '../helpers/hmrcEmulator';

const API = 'self-assessment-accounts';
const VERSION = '4.0';

let hmrc: RunningEmulator;
beforeAll(async () => {
  hmrc = await startEmulator();
  // Mounted before the first request, while Hono's router can still take routes; shared files stay untouched.
  hmrc.emulator.app.route(
    '/emulator/accounts',
    accountsControlRoutes({ state: hmrc.emulator.state, changed: () => hmrc.emulator.changed(), publicBaseUrl: () => hmrc.url }, { now: () => hmrc.emulator.clock.now() }),
  );
});
afterAll(async () => {
  await hmrc?.stop();
});

/** Error codes our requests drew from each endpoint (`GET /accounts/...`), for the coverage check at the end. */
const provoked = new Map<string, Set<string>>();

function record(method: string, path: string, result: CallResult): void {
  if (result.status < 400 || typeof result.body?.code !== 'string') return;
  const match = matchEndpoint(method, path.split('?')[0]!, VERSION);
  if (!match) return;
  const codes: string[] = result.body.code === 'INVALID_REQUEST' ? result.body.errors.map((e: { code: string }) => e.code) : [result.body.code];
  const name = `${match.endpoint.method} ${match.endpoint.path}`;
  if (!provoked.has(name)) provoked.set(name, new Set());
  for (const code of codes) provoked.get(name)!.add(code);
}

interface Client {
  nino: string;
  agentUserId: string;
  token: string;
}

async function send(method: string, path: string, client: Pick<Client, 'token'>, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const result = await call(hmrc, method, path, { token: client.token, version: VERSION, ...options });
  record(method, path, result);
  return result;
}

function setClock(date: string): void {
  hmrc.emulator.clock.set(new Date(`${date}T12:00:00.000Z`));
}

async function newClient(date: string): Promise<Client> {
  setClock(date);
  const { nino, agent, agentToken } = await agentWithClient(hmrc);
  return { nino, agentUserId: agent.userId, token: agentToken };
}

/** Moves the clock; a fresh token, as the old one may have expired in the emulator's time. */
async function travel(client: Client, date: string): Promise<void> {
  setClock(date);
  client.token = await userToken(hmrc, client.agentUserId);
}

/** A final declaration (or confirmed amendment) as Individual Calculations would leave it: only the liability matters here. */
function declare(nino: string, taxYear: string, liabilityPence: number, at: string, type: 'final-declaration' | 'confirm-amendment' = 'final-declaration'): void {
  const calculationId = `${taxYear.slice(0, 4)}${String(Object.keys(calculationsOf(hmrc.emulator.state, nino)).length + 1).padStart(4, '0')}`;
  const calc = {
    calculationId,
    taxYear,
    calculationType: type === 'final-declaration' ? 'declare-finalisation' : 'confirm-amendment',
    requestedBy: 'agent',
    requestedTimestamp: at,
    calculationTimestamp: at,
    ...(type === 'final-declaration' ? { finalisationTimestamp: at } : { confirmationTimestamp: at }),
    result: { incomeTaxAndNicsDue: liabilityPence },
    messages: { info: [], warnings: [], errors: [] },
    sources: [],
  } as unknown as StoredCalculation;
  calculationsOf(hmrc.emulator.state, nino)[calculationId] = calc;
  finalDeclarations(hmrc.emulator.state, nino)[taxYear] = { taxYear, calculationId, submittedOn: at, calculationType: type };
}

async function pay(body: unknown) {
  const response = await fetch(`${hmrc.url}/emulator/accounts/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

const base = (nino: string) => `/accounts/self-assessment/${nino}`;

describe('a 2026-27 year: final declaration, charges, a payment, overdue', () => {
  let client: Client;
  let bcdId: string;
  let bcdReference: string;

  it('has nothing on the account before the final declaration (404)', async () => {
    client = await newClient('2028-01-10');
    const result = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    expect(result.status).toBe(404);
    expect(result.body.code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });

  it('shows the balancing charge and the 2027-28 payments on account once 2026-27 is declared', async () => {
    declare(client.nino, '2026-27', 500_001, '2028-01-10T10:00:00.000Z');
    const result = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    expect(result.status).toBe(200);
    const docs = result.body.documentDetails as any[];
    const byDescription = Object.fromEntries(docs.map((d) => [d.documentDescription, d]));
    expect(byDescription['ITSA- Bal Charge']).toMatchObject({ taxYear: '2026-27', documentDueDate: '2028-01-31', originalAmount: 5000.01, outstandingAmount: 5000.01, documentDate: '2028-01-10' });
    expect(byDescription['ITSA- POA 1']).toMatchObject({ taxYear: '2027-28', documentDueDate: '2028-01-31', originalAmount: 2500, outstandingAmount: 2500, poaRelevantAmount: 5000.01 });
    expect(byDescription['ITSA - POA 2']).toMatchObject({ taxYear: '2027-28', documentDueDate: '2028-07-31', originalAmount: 2500, outstandingAmount: 2500 });
    expect(result.body.balanceDetails).toMatchObject({
      payableAmount: 7500.01,
      payableDueDate: '2028-01-31',
      pendingChargeDueAmount: 2500,
      pendingChargeDueDate: '2028-07-31',
      overdueAmount: 0,
      totalBalance: 10000.01,
      bcdBalancePerYear: [{ taxYear: '2026-27', bcdAmount: 5000.01 }],
      totalBcdBalance: 5000.01,
      unallocatedCredit: 0,
    });
    const bcd = (result.body.financialDetails as any[]).find((f) => f.chargeDetail.chargeType === '4910');
    bcdId = bcd.chargeDetail.documentId;
    bcdReference = bcd.chargeReference;
    expect(bcdId).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(bcdReference).toMatch(/^[A-Za-z]{2}[0-9]{12}$/);
  });

  it('keeps the same transaction ids and charge references on every read', async () => {
    const again = await send('GET', `${base(client.nino)}/balance-and-transactions?docNumber=${bcdId}`, client);
    expect(again.status).toBe(200);
    expect(again.body.documentDetails).toHaveLength(1);
    expect(again.body.financialDetails[0].chargeReference).toBe(bcdReference);
  });

  it('gives the charge history by transaction id (both paths) and by charge reference', async () => {
    for (const path of [`${base(client.nino)}/charges/${bcdId}`, `${base(client.nino)}/charges/transactionId/${bcdId}`, `${base(client.nino)}/charges/chargeReference/${bcdReference}`]) {
      const result = await send('GET', path, client);
      expect(result.status, path).toBe(200);
      expect(result.body.chargeHistoryDetails).toEqual([
        expect.objectContaining({ transactionId: bcdId, transactionDate: '2028-01-10', totalAmount: 5000.01, changeTimestamp: '2028-01-10T10:00:00.000Z' }),
      ]);
    }
  });

  it('refuses bad payment-control input with 400 naming each field', async () => {
    const bad = await pay({ nino: 'nope', amount: 1.234, receivedDate: '2028-02-30', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'extra', 'nino', 'receivedDate']);
    const future = await pay({ nino: client.nino, amount: 10, receivedDate: '2028-01-11' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('receivedDate');
    const negative = await pay({ nino: client.nino, amount: -5, receivedDate: '2028-01-10' });
    expect(negative.body.errors[0].field).toBe('amount');
  });

  it('allocates a payment to the oldest due charges first', async () => {
    const paid = await pay({ nino: client.nino, amount: 6000, receivedDate: '2028-01-10', reference: 'UTR1234567890K' });
    expect(paid.status).toBe(201);
    expect(paid.body.allocations.map((a: { chargeType: string; amount: number }) => [a.chargeType, a.amount])).toEqual([
      ['BCD', 5000.01],
      ['POA1', 999.99],
    ]);
    expect(paid.body.unallocated).toBe(0);

    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true&customerPaymentInformation=true&includeLocks=true`, client);
    expect(balance.body.balanceDetails).toMatchObject({ payableAmount: 1500.01, pendingChargeDueAmount: 2500, overdueAmount: 0, totalBalance: 4000.01, bcdBalancePerYear: [], allocatedCredit: 6000, unallocatedCredit: 0 });
    // The balancing charge is paid, so it is no longer an open item; the payment is fully allocated too.
    expect((balance.body.documentDetails as any[]).map((d) => d.documentDescription).sort()).toEqual(['ITSA - POA 2', 'ITSA- POA 1']);
    const poa1 = (balance.body.financialDetails as any[]).find((f) => f.chargeDetail.chargeType === '4920');
    expect(poa1).toMatchObject({ outstandingAmount: 1500.01, clearedAmount: 999.99 });
    expect(poa1.items[1]).toMatchObject({ clearingDate: '2028-01-10', clearingReason: 'Incoming Payment', amount: 999.99, paymentReference: 'UTR1234567890K', paymentLot: paid.body.paymentLot });

    const all = await send('GET', `${base(client.nino)}/balance-and-transactions?fromDate=2028-01-01&toDate=2028-01-31`, client);
    const payment = (all.body.documentDetails as any[]).find((d) => d.documentDescription === 'Payment');
    expect(payment).toMatchObject({ originalAmount: -6000, outstandingAmount: 0, paymentLot: paid.body.paymentLot, effectiveDateOfPayment: '2028-01-10' });
    const withoutPayments = await send('GET', `${base(client.nino)}/balance-and-transactions?fromDate=2028-01-01&toDate=2028-01-31&removePOA=true`, client);
    expect((withoutPayments.body.documentDetails as any[]).some((d) => d.documentDescription === 'Payment')).toBe(false);
  });

  it('lists the payment with its allocations, by date range and by payment lot', async () => {
    const listed = await send('GET', `${base(client.nino)}/payments-and-allocations?fromDate=2028-01-01&toDate=2028-01-31`, client);
    expect(listed.status).toBe(200);
    expect(listed.body.payments).toHaveLength(1);
    const [payment] = listed.body.payments;
    expect(payment).toMatchObject({ paymentAmount: 6000, transactionDate: '2028-01-10', paymentReference: 'UTR1234567890K' });
    expect(payment.allocations.map((a: any) => [a.chargeReference, a.dueDate, a.amount, a.clearedAmount])).toEqual([
      [bcdReference, '2028-01-31', 5000.01, 5000.01],
      [expect.stringMatching(/^XM\d{12}$/), '2028-01-31', 2500, 999.99],
    ]);
    const byLot = await send('GET', `${base(client.nino)}/payments-and-allocations?paymentLot=${payment.paymentLot}&paymentLotItem=${payment.paymentLotItem}`, client);
    expect(byLot.body.payments).toHaveLength(1);
    const none = await send('GET', `${base(client.nino)}/payments-and-allocations?fromDate=2027-01-01&toDate=2027-12-31`, client);
    expect(none.status).toBe(404);
  });

  it('shows the unpaid payment on account as overdue once its due date has passed', async () => {
    await travel(client, '2028-02-15');
    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    expect(balance.body.balanceDetails).toMatchObject({ overdueAmount: 1500.01, earliestPaymentDateOverdue: '2028-02-01', payableAmount: 0, pendingChargeDueAmount: 2500, totalBalance: 4000.01 });
    expect(balance.body.balanceDetails.payableDueDate).toBeUndefined();
  });

  it('follows an amended declaration: charges change, allocation follows, history shows both amounts', async () => {
    declare(client.nino, '2026-27', 400_001, '2028-03-01T09:00:00.000Z', 'confirm-amendment');
    await travel(client, '2028-03-02');
    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    // BCD 4000.01 + POA1 2000 + POA2 2000 = 8000.01, less the 6000 paid.
    expect(balance.body.balanceDetails).toMatchObject({ overdueAmount: 0.01, pendingChargeDueAmount: 2000, totalBalance: 2000.01 });
    const history = await send('GET', `${base(client.nino)}/charges/${bcdId}`, client);
    expect(history.body.chargeHistoryDetails.map((h: any) => [h.totalAmount, h.changeDate])).toEqual([
      [5000.01, '2028-01-10'],
      [4000.01, '2028-03-01'],
    ]);
  });
});

describe('payments on account thresholds and credits', () => {
  it('sets no payments on account when the liability is under £1,000', async () => {
    const client = await newClient('2028-01-05');
    declare(client.nino, '2026-27', 99_999, '2028-01-05T10:00:00.000Z');
    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    expect((balance.body.documentDetails as any[]).map((d) => d.documentDescription)).toEqual(['ITSA- Bal Charge']);
    expect(balance.body.balanceDetails.totalBalance).toBe(999.99);
  });

  it('nets the payments on account already charged off the next balancing charge, and credits any excess', async () => {
    const client = await newClient('2027-01-10');
    declare(client.nino, '2025-26', 300_000, '2027-01-10T10:00:00.000Z');
    await travel(client, '2028-01-10');
    declare(client.nino, '2026-27', 200_000, '2028-01-10T10:00:00.000Z');
    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    const docs = balance.body.documentDetails as any[];
    // 2026-27 POAs were 1500 + 1500 against a 2000 liability: no balancing charge, a 1000 return credit instead,
    // allocated to the oldest due charge (the 2025-26 balancing charge, due with the 2026-27 POA1 but a year older).
    expect(docs.find((d) => d.documentDescription === 'ITSA- Bal Charge' && d.creditReason)).toBeUndefined();
    const charges = docs.filter((d) => !d.creditReason).map((d) => [d.taxYear, d.documentDescription, d.outstandingAmount]);
    expect(charges).toEqual([
      ['2025-26', 'ITSA- Bal Charge', 2000],
      ['2026-27', 'ITSA- POA 1', 1500],
      ['2026-27', 'ITSA - POA 2', 1500],
      ['2027-28', 'ITSA- POA 1', 1000],
      ['2027-28', 'ITSA - POA 2', 1000],
    ]);
    expect(balance.body.balanceDetails.allocatedCredit).toBe(1000);
  });

  it('records payments directly too (recordPayment), with unallocated credit when nothing is due', async () => {
    const client = await newClient('2028-01-10');
    recordPayment(hmrc.emulator.state, { nino: client.nino, amount: 12_345, receivedDate: '2028-01-09' });
    const balance = await send('GET', `${base(client.nino)}/balance-and-transactions?onlyOpenItems=true`, client);
    expect(balance.body.balanceDetails).toMatchObject({ totalBalance: 0, unallocatedCredit: 123.45, availableCredit: 123.45, totalCredit: 123.45 });
  });
});

describe('coding out', () => {
  let client: Client;
  const example = () => findApi(API, VERSION)!.endpoints.find((e) => e.method === 'PUT')!.requestBody!.examples[0]!.value;

  it("accepts HMRC's example body, then returns it as user-submitted amounts", async () => {
    client = await newClient('2027-06-01');
    const put = await send('PUT', `${base(client.nino)}/2026-27/collection/tax-code`, client, { body: example() });
    expect(put.status).toBe(204);
    const got = await send('GET', `${base(client.nino)}/2026-27/collection/tax-code`, client);
    expect(got.status).toBe(200);
    expect(got.body.taxCodeComponents.payeUnderpayment).toEqual([{ id: 1234567890, amount: 2000.5, submittedOn: expect.stringMatching(/^2027-06-01T12:00:00\.\d{3}Z$/), source: 'user' }]);
    expect(got.body.taxCodeComponents.inYearAdjustment).toMatchObject({ id: 9873562901, amount: 123.45 });
    expect((await send('GET', `${base(client.nino)}/2026-27/collection/tax-code?source=latest`, client)).status).toBe(200);
    expect((await send('GET', `${base(client.nino)}/2026-27/collection/tax-code?source=hmrcHeld`, client)).status).toBe(404);
  });

  it('deletes, then has nothing to delete', async () => {
    expect((await send('DELETE', `${base(client.nino)}/2026-27/collection/tax-code`, client)).status).toBe(204);
    expect((await send('GET', `${base(client.nino)}/2026-27/collection/tax-code`, client)).status).toBe(404);
    expect((await send('DELETE', `${base(client.nino)}/2026-27/collection/tax-code`, client)).body.code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });

  it('refuses the current tax year unless temporal validations are suspended', async () => {
    const path = `${base(client.nino)}/2027-28/collection/tax-code`;
    expect((await send('PUT', path, client, { body: example() })).body.code).toBe('RULE_TAX_YEAR_NOT_ENDED');
    expect((await send('PUT', path, client, { body: example(), headers: { 'suspend-temporal-validations': 'true' } })).status).toBe(204);
  });

  it('refuses duplicate ids, bad ids and values, empty bodies, and years outside the amendment window', async () => {
    const path = `${base(client.nino)}/2026-27/collection/tax-code`;
    const duplicate = await send('PUT', path, client, { body: { taxCodeComponents: { debt: [{ id: 5, amount: 1 }], payeUnderpayment: [{ id: 5, amount: 2 }] } } });
    expect(duplicate.body).toMatchObject({ code: 'RULE_DUPLICATE_ID_NOT_ALLOWED', paths: ['/taxCodeComponents/payeUnderpayment/0/id', '/taxCodeComponents/debt/0/id'] });
    const bad = await send('PUT', path, client, { body: { taxCodeComponents: { debt: [{ id: 0, amount: -1 }] } } });
    expect(bad.body.errors.map((e: any) => [e.code, e.paths])).toEqual([
      ['FORMAT_ID', ['/taxCodeComponents/debt/0/id']],
      ['FORMAT_VALUE', ['/taxCodeComponents/debt/0/amount']],
    ]);
    expect((await send('PUT', path, client, { body: {} })).body.code).toBe('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    expect((await send('PUT', path, client, { body: { taxCodeComponents: {} } })).body.code).toBe('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    // 2021-22 could be changed until 31 January 2024 (filing date + 12 months).
    expect((await send('PUT', `${base(client.nino)}/2021-22/collection/tax-code`, client, { body: example() })).body.code).toBe('RULE_OUTSIDE_AMENDMENT_WINDOW');
    expect((await send('DELETE', `${base(client.nino)}/2021-22/collection/tax-code`, client)).body.code).toBe('RULE_OUTSIDE_AMENDMENT_WINDOW');
  });

  it('tracks opt-out status: in by default, out, in again, refusing no-op changes', async () => {
    const root = `${base(client.nino)}/2026-27/collection/tax-code/coding-out`;
    const status = await send('GET', `${root}/status`, client);
    expect(status.body).toMatchObject({ nino: client.nino, taxYear: '2026-27', optOutIndicator: false });
    expect((await send('POST', `${root}/opt-in`, client)).body.code).toBe('RULE_ALREADY_OPTED_IN');
    expect((await send('POST', `${root}/opt-out`, client)).status).toBe(204);
    expect((await send('GET', `${root}/status`, client)).body).toMatchObject({ optOutIndicator: true, processingDate: expect.stringMatching(/^2027-06-01T12:00/) });
    expect((await send('POST', `${root}/opt-out`, client)).body.code).toBe('RULE_ALREADY_OPTED_OUT');
    expect((await send('POST', `${root}/opt-in`, client)).status).toBe(204);
    expect((await send('GET', `${root}/status`, client)).body.optOutIndicator).toBe(false);
  });
});

describe('penalties', () => {
  it('has none for a taxpayer of the emulator', async () => {
    const client = await newClient('2028-01-10');
    const result = await send('GET', `${base(client.nino)}/penalties`, client);
    expect(result).toMatchObject({ status: 200, body: {} });
  });
});

describe('every documented error', () => {
  let client: Client;
  let stranger: Client;
  const endpoints = () => findApi(API, VERSION)!.endpoints;
  const concrete = (path: string, nino: string) =>
    path.replace('{nino}', nino).replace('{taxYear}', '2026-27').replace('{transactionId}', 'ABC123').replace('{chargeReference}', 'XM000000000001');

  beforeAll(async () => {
    client = await newClient('2027-06-01');
    stranger = await newClient('2027-06-01');
  });

  it('FORMAT_NINO, RULE_INCORRECT_GOV_TEST_SCENARIO and CLIENT_OR_AGENT_NOT_AUTHORISED on every endpoint', async () => {
    for (const e of endpoints()) {
      const body = e.method === 'PUT' ? { body: { taxCodeComponents: { debt: [{ id: 1, amount: 1 }] } } } : {};
      expect((await send(e.method, concrete(e.path, 'AA12'), client, body)).body.code, e.path).toMatch(/FORMAT_NINO|INVALID_REQUEST/);
      expect((await send(e.method, concrete(e.path, client.nino), client, { ...body, headers: { 'Gov-Test-Scenario': 'NOT_A_SCENARIO' } })).body.code).toBe('RULE_INCORRECT_GOV_TEST_SCENARIO');
      expect((await send(e.method, concrete(e.path, client.nino), stranger, body)).status).toBe(403);
    }
  });

  it('balance and transactions: query formats and rules', async () => {
    const path = `${base(client.nino)}/balance-and-transactions`;
    const invalid = await send('GET', `${path}?docNumber=abc&onlyOpenItems=yes&includeLocks=1&calculateAccruedInterest=x&customerPaymentInformation=x&removePOA=x&includeEstimatedCharges=x`, client);
    expect(invalid.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'FORMAT_DOC_NUMBER',
      'FORMAT_ONLY_OPEN_ITEMS',
      'FORMAT_INCLUDE_LOCKS',
      'FORMAT_REMOVE_PAYMENT_ON_ACCOUNT',
      'FORMAT_CUSTOMER_PAYMENT_INFORMATION',
      'FORMAT_CALCULATE_ACCRUED_INTEREST',
      'FORMAT_INCLUDE_ESTIMATED_CHARGES',
    ]);
    expect((await send('GET', `${path}?fromDate=2027-13-01&toDate=2027-02-30`, client)).body.errors.map((e: { code: string }) => e.code)).toEqual(['FORMAT_FROM_DATE', 'FORMAT_TO_DATE']);
    expect((await send('GET', `${path}?fromDate=2027-01-01`, client)).body.code).toBe('MISSING_TO_DATE');
    expect((await send('GET', `${path}?toDate=2027-01-01`, client)).body.code).toBe('MISSING_FROM_DATE');
    expect((await send('GET', `${path}?fromDate=2027-02-01&toDate=2027-01-01`, client)).body.code).toBe('RANGE_TO_DATE_BEFORE_FROM_DATE');
    expect((await send('GET', `${path}?fromDate=2025-01-01&toDate=2027-01-05`, client)).body.code).toBe('RULE_INVALID_DATE_RANGE');
    expect((await send('GET', path, client)).body.code).toBe('RULE_INCONSISTENT_QUERY_PARAMS');
    expect((await send('GET', `${path}?onlyOpenItems=true&fromDate=2027-01-01&toDate=2027-02-01`, client)).body.code).toBe('RULE_INCONSISTENT_QUERY_PARAMS');
    expect((await send('GET', `${path}?onlyOpenItems=true`, client)).body.code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });

  it('payments and allocations: query formats and rules', async () => {
    const path = `${base(client.nino)}/payments-and-allocations`;
    expect((await send('GET', `${path}?paymentLotItem=000001`, client)).body.code).toBe('MISSING_PAYMENT_LOT');
    expect((await send('GET', `${path}?paymentLot=081203010024`, client)).body.code).toBe('MISSING_PAYMENT_LOT_ITEM');
    expect((await send('GET', `${path}?fromDate=2027-01-01`, client)).body.code).toBe('MISSING_TO_DATE');
    expect((await send('GET', `${path}?toDate=2027-01-01`, client)).body.code).toBe('MISSING_FROM_DATE');
    const formats = await send('GET', `${path}?fromDate=2027-1-1&toDate=x&paymentLot=ABCDEFGHIJKLM&paymentLotItem=1234567`, client);
    expect(formats.body.errors.map((e: { code: string }) => e.code)).toEqual(['FORMAT_FROM_DATE', 'FORMAT_TO_DATE', 'FORMAT_PAYMENT_LOT', 'FORMAT_PAYMENT_LOT_ITEM']);
    expect((await send('GET', `${path}?fromDate=2027-02-01&toDate=2027-01-01`, client)).body.code).toBe('RANGE_TO_DATE_BEFORE_FROM_DATE');
    expect((await send('GET', `${path}?fromDate=2025-01-01&toDate=2027-01-05`, client)).body.code).toBe('RULE_INVALID_DATE_RANGE');
    expect((await send('GET', `${path}?fromDate=2027-01-01&toDate=2027-01-05&paymentLot=081203010024&paymentLotItem=000001`, client)).body.code).toBe('RULE_INCONSISTENT_QUERY_PARAMS');
    expect((await send('GET', path, client)).body.code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });

  it('charge history: identifier formats and unknown charges', async () => {
    expect((await send('GET', `${base(client.nino)}/charges/ABCDEFGHIJKLM`, client)).body.code).toBe('FORMAT_TRANSACTION_ID');
    expect((await send('GET', `${base(client.nino)}/charges/transactionId/ABCDEFGHIJKLM`, client)).body.code).toBe('FORMAT_TRANSACTION_ID');
    expect((await send('GET', `${base(client.nino)}/charges/chargeReference/XM123`, client)).body.code).toBe('FORMAT_CHARGE_REFERENCE');
    for (const path of [`${base(client.nino)}/charges/ABC123`, `${base(client.nino)}/charges/transactionId/ABC123`, `${base(client.nino)}/charges/chargeReference/XM000000000001`]) {
      expect((await send('GET', path, client)).status).toBe(404);
    }
  });

  it('coding out: tax years, source, and the back-end rules only a Gov-Test-Scenario reaches', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const body = method === 'PUT' ? { body: { taxCodeComponents: { debt: [{ id: 1, amount: 1 }] } } } : {};
      for (const [year, code] of [['2026', 'FORMAT_TAX_YEAR'], ['2026-28', 'RULE_TAX_YEAR_RANGE_INVALID'], ['2020-21', 'RULE_TAX_YEAR_NOT_SUPPORTED']]) {
        expect((await send(method, `${base(client.nino)}/${year}/collection/tax-code`, client, body)).body.code).toBe(code);
      }
    }
    for (const [year, code] of [['2026', 'FORMAT_TAX_YEAR'], ['2026-28', 'RULE_TAX_YEAR_RANGE_INVALID'], ['2020-21', 'RULE_TAX_YEAR_NOT_SUPPORTED']]) {
      expect((await send('GET', `${base(client.nino)}/${year}/collection/tax-code/coding-out/status`, client)).body.code).toBe(code);
    }
    for (const action of ['opt-in', 'opt-out']) {
      expect((await send('POST', `${base(client.nino)}/2026-28/collection/tax-code/coding-out/${action}`, client)).body.code).toBe('FORMAT_TAX_YEAR');
    }
    expect((await send('GET', `${base(client.nino)}/2026-27/collection/tax-code?source=mine`, client)).body.code).toBe('FORMAT_SOURCE');
    // The ITSA back end's own refusals: every caller the platform lets through is a registered, signed-up individual.
    for (const [method, path, scenario] of [
      ['GET', 'status', 'BUSINESS_PARTNER_NOT_EXIST'],
      ['GET', 'status', 'ITSA_CONTRACT_OBJECT_NOT_EXIST'],
      ['POST', 'opt-in', 'BUSINESS_PARTNER_NOT_EXIST'],
      ['POST', 'opt-in', 'ITSA_CONTRACT_OBJECT_NOT_EXIST'],
      ['POST', 'opt-out', 'BUSINESS_PARTNER_NOT_EXIST'],
      ['POST', 'opt-out', 'ITSA_CONTRACT_OBJECT_NOT_EXIST'],
    ] as const) {
      const result = await send(method, `${base(client.nino)}/2026-27/collection/tax-code/coding-out/${path}`, client, { headers: { 'Gov-Test-Scenario': scenario } });
      expect(result.body.code).toBe(`RULE_${scenario}`);
    }
  });

  it('provoked every error code HMRC documents for every endpoint', () => {
    const missing: string[] = [];
    for (const e of endpoints()) {
      const documented = new Set(Object.values(e.responses).flatMap((r) => r.errors.map((x) => x.code)));
      const got = provoked.get(`${e.method} ${e.path}`) ?? new Set();
      for (const code of documented) if (!got.has(code)) missing.push(`${e.method} ${e.path} ${code}`);
    }
    expect(missing).toEqual([]);
  });
});
