// The emulator-only payment control: customers pay HMRC outside software, so tests and demos record payments here
// (POST /emulator/accounts/payments when mounted); the payment is then allocated like any other credit.
import { Hono } from 'hono';
import { penceToPounds, poundsToPence, type Pence } from '../../../../domain/money';
import type { IsoDate } from '../../../../domain/taxYear';
import { findEndpoint } from '../../oas';
import { ErrorCollector, checkNino, isIsoDate } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { ApiContext } from '../types';
import { documentIdFor } from './identifiers';
import { accountAsOf } from './ledger';
import { accountsOf, type StoredPayment } from './store';

export interface PaymentInput {
  nino: string;
  amount: Pence;
  receivedDate: IsoDate;
  reference?: string;
}

interface FieldProblem {
  field: string;
  message: string;
}

const MAX_AMOUNT = 99_999_999_999.99;

function ninoIsValid(nino: string): boolean {
  const endpoint = findEndpoint('self-assessment-accounts', '4.0', 'GET', '/accounts/self-assessment/{nino}/penalties')!;
  const errors = new ErrorCollector(endpoint);
  checkNino(errors, nino);
  return errors.errors.length === 0;
}

/** Checks the control's JSON body: each problem names its field. `today` (the emulator's clock) refuses future payments. */
export function parsePaymentInput(body: unknown, today?: IsoDate): { input: PaymentInput } | { problems: FieldProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { problems: [{ field: 'body', message: 'expected a JSON object' }] };
  const b = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(b)) {
    if (!['nino', 'amount', 'receivedDate', 'reference'].includes(key)) problems.push({ field: key, message: 'unknown field' });
  }
  if (typeof b.nino !== 'string' || !ninoIsValid(b.nino)) problems.push({ field: 'nino', message: 'expected a National Insurance number, e.g. AA123456A' });
  let amount: Pence | undefined;
  if (typeof b.amount !== 'number' || !Number.isFinite(b.amount) || b.amount <= 0 || b.amount > MAX_AMOUNT) {
    problems.push({ field: 'amount', message: `expected an amount in pounds greater than 0 and at most ${MAX_AMOUNT}` });
  } else {
    try {
      amount = poundsToPence(b.amount);
    } catch {
      problems.push({ field: 'amount', message: 'expected at most two decimal places' });
    }
  }
  if (!isIsoDate(b.receivedDate)) problems.push({ field: 'receivedDate', message: "expected a date 'YYYY-MM-DD'" });
  else if (today && b.receivedDate > today) problems.push({ field: 'receivedDate', message: `expected a date not after the emulator's today (${today})` });
  if (b.reference !== undefined && (typeof b.reference !== 'string' || b.reference.length < 1 || b.reference.length > 35)) {
    problems.push({ field: 'reference', message: 'expected a string of 1 to 35 characters' });
  }
  if (problems.length > 0) return { problems };
  return { input: { nino: b.nino as string, amount: amount!, receivedDate: b.receivedDate as string, ...(b.reference !== undefined ? { reference: b.reference as string } : {}) } };
}

/**
 * Records a payment. Its payment lot is the day it arrived (YYYYMMDD0001) and its item the count that day, so lot and
 * item identify it as HMRC's do; allocation to charges happens on every read (ledger.ts).
 */
export function recordPayment(state: EmulatorState, input: PaymentInput, now: Date = new Date(`${input.receivedDate}T12:00:00Z`)): StoredPayment {
  const accounts = accountsOf(state, input.nino);
  const paymentLot = `${input.receivedDate.replace(/-/g, '')}0001`;
  const paymentLotItem = String(accounts.payments.filter((p) => p.paymentLot === paymentLot).length + 1).padStart(6, '0');
  const payment: StoredPayment = {
    seq: accounts.payments.length + 1,
    paymentLot,
    paymentLotItem,
    documentId: documentIdFor(input.nino, 'payment', paymentLot, paymentLotItem),
    amount: input.amount,
    receivedDate: input.receivedDate,
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    recordedAt: now.toISOString(),
  };
  accounts.payments.push(payment);
  return payment;
}

/** Where the payment went, as at `today`: the charges it cleared and what is left unallocated. */
export function describePayment(state: EmulatorState, payment: StoredPayment, nino: string, today: IsoDate) {
  const credit = accountAsOf(state, nino, today).credits.find((c) => c.documentId === payment.documentId);
  return {
    nino,
    documentId: payment.documentId,
    paymentLot: payment.paymentLot,
    paymentLotItem: payment.paymentLotItem,
    amount: penceToPounds(payment.amount),
    receivedDate: payment.receivedDate,
    ...(payment.reference !== undefined ? { reference: payment.reference } : {}),
    allocations: (credit?.allocations ?? []).map((a) => ({
      chargeReference: a.charge.chargeReference,
      transactionId: a.charge.documentId,
      taxYear: a.charge.taxYear,
      chargeType: a.charge.type,
      dueDate: a.charge.dueDate,
      amount: penceToPounds(a.amount),
      clearingDate: a.clearingDate,
    })),
    unallocated: penceToPounds(credit?.unallocated ?? payment.amount),
  };
}

/**
 * `POST /payments` {nino, amount (pounds), receivedDate, reference?} -> 201 with the payment and its allocations;
 * 400 {code: 'INVALID_REQUEST', errors: [{code: 'INVALID_FIELD', field, message}]} naming each bad field.
 * `options.now` is the emulator's clock: without it future-dated payments are not refused.
 */
export function accountsControlRoutes(ctx: ApiContext, options: { now?: () => Date } = {}): Hono {
  const routes = new Hono();
  routes.post('/payments', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ code: 'INVALID_REQUEST', message: 'Invalid request', errors: [{ code: 'INVALID_FIELD', field: 'body', message: 'expected a JSON object' }] }, 400);
    }
    const now = options.now?.();
    const today = now?.toISOString().slice(0, 10);
    const parsed = parsePaymentInput(body, today);
    if ('problems' in parsed) {
      return c.json({ code: 'INVALID_REQUEST', message: 'Invalid request', errors: parsed.problems.map((p) => ({ code: 'INVALID_FIELD', field: p.field, message: `${p.field}: ${p.message}` })) }, 400);
    }
    const payment = recordPayment(ctx.state, parsed.input, now);
    ctx.changed();
    const asOf = today && today > payment.receivedDate ? today : payment.receivedDate;
    return c.json(describePayment(ctx.state, payment, parsed.input.nino, asOf), 201);
  });
  return routes;
}
