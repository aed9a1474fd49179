// The account on a given day: charges, the credits that pay them (payments received, return credits) and the
// allocation of credits to charges, oldest due charge first, recomputed on each read so it always matches the charges.
import { addDays } from '../../../../domain/calendar';
import type { Pence } from '../../../../domain/money';
import { taxYearOf, type IsoDate } from '../../../../domain/taxYear';
import type { EmulatorState } from '../../state';
import { CHARGE_KINDS, chargesOf, type Charge } from './charges';
import { findAccounts, type StoredPayment } from './store';

export interface AccountCredit {
  kind: 'payment' | 'return-credit';
  documentId: string;
  taxYear: string;
  date: IsoDate;
  amount: Pence;
  payment?: StoredPayment;
  unallocated: Pence;
  allocations: Allocation[];
}

export interface Allocation {
  charge: AccountCharge;
  credit: AccountCredit;
  amount: Pence;
  /** A credit received before the charge was raised clears it when the charge is raised. */
  clearingDate: IsoDate;
}

export interface AccountCharge extends Charge {
  outstanding: Pence;
  allocations: Allocation[];
}

export interface AccountView {
  today: IsoDate;
  charges: AccountCharge[];
  credits: AccountCredit[];
}

export function todayOf(now: Date): IsoDate {
  return now.toISOString().slice(0, 10);
}

/** Everything on the taxpayer's account as at `today`: later payments and declarations are not seen yet. */
export function accountAsOf(state: EmulatorState, nino: string, today: IsoDate): AccountView {
  const derived = chargesOf(state, nino, today);
  const charges: AccountCharge[] = derived.charges
    .map((c) => ({ ...c, outstanding: c.amount, allocations: [] as Allocation[] }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.taxYear.localeCompare(b.taxYear) || CHARGE_KINDS[a.type].order - CHARGE_KINDS[b.type].order);
  const payments = (findAccounts(state, nino)?.payments ?? []).filter((p) => p.receivedDate <= today);
  const credits: AccountCredit[] = [
    ...derived.credits.map((c) => ({ kind: 'return-credit' as const, documentId: c.documentId, taxYear: c.taxYear, date: c.raisedOn, amount: c.amount, unallocated: c.amount, allocations: [], seq: -1 })),
    ...payments.map((p) => ({ kind: 'payment' as const, documentId: p.documentId, taxYear: taxYearOf(p.receivedDate), date: p.receivedDate, amount: p.amount, payment: p, unallocated: p.amount, allocations: [], seq: p.seq })),
  ]
    .sort((a, b) => a.date.localeCompare(b.date) || a.seq - b.seq)
    .map(({ seq: _seq, ...credit }) => credit);

  for (const credit of credits) {
    for (const charge of charges) {
      if (credit.unallocated === 0) break;
      if (charge.outstanding === 0) continue;
      const amount = Math.min(credit.unallocated, charge.outstanding);
      const allocation: Allocation = { charge, credit, amount, clearingDate: credit.date > charge.raisedOn ? credit.date : charge.raisedOn };
      credit.unallocated -= amount;
      charge.outstanding -= amount;
      credit.allocations.push(allocation);
      charge.allocations.push(allocation);
    }
  }
  return { today, charges, credits };
}

export function isEmpty(view: AccountView): boolean {
  return view.charges.length === 0 && view.credits.length === 0;
}

/** HMRC's balance buckets: overdue (due date passed), payable (due within 30 days) and pending (due later). */
export function balanceOf(view: AccountView) {
  const in30Days = addDays(view.today, 30);
  const open = view.charges.filter((c) => c.outstanding > 0);
  const overdue = open.filter((c) => c.dueDate < view.today);
  const payable = open.filter((c) => c.dueDate >= view.today && c.dueDate <= in30Days);
  const pending = open.filter((c) => c.dueDate > in30Days);
  const sum = (charges: AccountCharge[]) => charges.reduce((total, c) => total + c.outstanding, 0);
  const earliest = (charges: AccountCharge[]) => charges.map((c) => c.dueDate).sort()[0];
  const bcd = view.charges.filter((c) => c.type === 'BCD' && c.outstanding > 0);
  const unallocated = view.credits.reduce((total, c) => total + c.unallocated, 0);
  const allocated = view.credits.reduce((total, c) => total + c.amount - c.unallocated, 0);
  const firstOverdue = earliest(overdue);
  return {
    payable: sum(payable),
    payableDueDate: earliest(payable),
    pending: sum(pending),
    pendingDueDate: earliest(pending),
    overdue: sum(overdue),
    earliestPaymentDateOverdue: firstOverdue ? addDays(firstOverdue, 1) : undefined,
    bcdPerYear: bcd.map((c) => ({ taxYear: c.taxYear, amount: c.outstanding })),
    totalBcd: sum(bcd),
    total: sum(open),
    unallocatedCredit: unallocated,
    allocatedCredit: allocated,
  };
}
