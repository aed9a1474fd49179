// What a client pays for a tax year and when: payments on account, the balancing payment, and what paying late costs.
import { addDays, daysBetween, paymentDates } from './calendar';
import { latePaymentInterestPeriods } from './interestRates';
import type { BasisPoints, Pence } from './incomeTax/money';
import { taxYearFromStartYear, taxYearStartYear, type IsoDate } from './taxYear';

export type PaymentKind = 'first-payment-on-account' | 'second-payment-on-account' | 'balancing-payment';

/** TMA 1970 s59A(1)(c) and the Income Tax (Payments on Account) Regulations 1996: the relevant amount must be at least £1,000. */
const PAYMENTS_ON_ACCOUNT_MINIMUM: Pence = 100_000;

export interface PaymentsOnAccountDecision {
  required: boolean;
  /** A sentence staff can pass on to the client. */
  reason: string;
  /** Each of the two payments; 0 when none are required. */
  eachPence: Pence;
}

/**
 * Whether the previous year's figures call for payments on account, and how much each is (uk-income-tax-rules.md §4,
 * HMRC README §6.2). All three amounts are for the previous year and cover Income Tax and Class 4 NIC only (not CGT,
 * student loan or Class 2): `totalTaxPence` before and `relevantAmountPence` after tax deducted at source.
 *
 * The statute (TMA 1970 s59A(1)) asks for a relevant amount "not less than" £1,000 and a relevant amount "not less
 * than" a fifth of the assessed amount, so exactly £1,000, or exactly 80% deducted at source, still means payments on
 * account; GOV.UK says the same from the other side ("less than £1,000", "more than 80%").
 *
 * Each payment is half the relevant amount rounded down to the penny, so an odd penny is never asked for twice in
 * advance and falls into the balancing payment instead. HMRC does not publish its rounding; this is our reading of its
 * whole-pence statements and should be checked against a real SA302.
 */
export function paymentsOnAccount(input: { relevantAmountPence: Pence; taxDeductedAtSourcePence: Pence; totalTaxPence: Pence }): PaymentsOnAccountDecision {
  const { relevantAmountPence: relevant, taxDeductedAtSourcePence: deducted, totalTaxPence: total } = input;
  wholePence('relevantAmountPence', relevant);
  wholePence('taxDeductedAtSourcePence', deducted, { nonNegative: true });
  wholePence('totalTaxPence', total, { nonNegative: true });

  if (relevant < PAYMENTS_ON_ACCOUNT_MINIMUM) {
    return {
      required: false,
      reason: `No payments on account: the previous year's tax not deducted at source (${formatPounds(relevant)}) is less than £1,000.`,
      eachPence: 0,
    };
  }
  // More than 80% deducted at source, in whole numbers: deducted / total > 4 / 5.
  if (deducted * 5 > total * 4) {
    return {
      required: false,
      reason: `No payments on account: more than 80% of the previous year's tax (${formatPounds(deducted)} of ${formatPounds(total)}) was deducted at source.`,
      eachPence: 0,
    };
  }
  const each = Math.floor(relevant / 2);
  const oddPenny = relevant - 2 * each;
  return {
    required: true,
    reason:
      `Two payments on account of ${formatPounds(each)}: half of the previous year's ${formatPounds(relevant)} of tax not deducted at source` +
      (oddPenny ? `, rounded down to the penny (the odd penny is left to the balancing payment).` : '.'),
    eachPence: each,
  };
}

export interface YearPayment {
  kind: PaymentKind;
  /** The tax year the payment counts towards: next year's first payment on account shares this year's balancing date. */
  taxYear: string;
  dueDate: IsoDate;
  /** Negative only for a balancing payment that is a repayment: HMRC owes the client. */
  amountPence: Pence;
  description: string;
}

/**
 * The payments that hang off one tax year, in due-date order: its two payments on account (if any were set), its
 * balancing payment, and the next year's two payments on account, the first of which is due with the balancing payment
 * (uk-income-tax-rules.md §4; dates from calendar.ts `paymentDates`).
 *
 * `liabilityPence` is the year's Self Assessment liability after tax deducted at source (it may include CGT, student
 * loan and Class 2, which payments on account leave out). `paymentsOnAccountMadePence` is the total of this year's two
 * payments on account; `nextYearPaymentOnAccountPence` is each of next year's (`paymentsOnAccount(...).eachPence`).
 * A negative balancing payment is a repayment and keeps its sign, so totals stay honest.
 */
export function yearPayments(input: { taxYear: string; liabilityPence: Pence; paymentsOnAccountMadePence: Pence; nextYearPaymentOnAccountPence: Pence }): YearPayment[] {
  const { taxYear, liabilityPence: liability, paymentsOnAccountMadePence: made, nextYearPaymentOnAccountPence: nextEach } = input;
  const nextTaxYear = taxYearFromStartYear(taxYearStartYear(taxYear) + 1);
  wholePence('liabilityPence', liability);
  wholePence('paymentsOnAccountMadePence', made, { nonNegative: true });
  wholePence('nextYearPaymentOnAccountPence', nextEach, { nonNegative: true });

  const dates = paymentDates(taxYear);
  const nextDates = paymentDates(nextTaxYear);
  const payments: YearPayment[] = [];
  if (made > 0) {
    // An odd total is split with the extra penny on the second payment, mirroring paymentsOnAccount's rounding down.
    const first = Math.floor(made / 2);
    payments.push(
      { kind: 'first-payment-on-account', taxYear, dueDate: dates.firstPaymentOnAccount, amountPence: first, description: `First payment on account for ${taxYear}.` },
      { kind: 'second-payment-on-account', taxYear, dueDate: dates.secondPaymentOnAccount, amountPence: made - first, description: `Second payment on account for ${taxYear}.` },
    );
  }
  const balance = liability - made;
  payments.push({ kind: 'balancing-payment', taxYear, dueDate: dates.balancingPayment, amountPence: balance, description: balancingDescription(taxYear, liability, made, balance) });
  if (nextEach > 0) {
    payments.push(
      { kind: 'first-payment-on-account', taxYear: nextTaxYear, dueDate: nextDates.firstPaymentOnAccount, amountPence: nextEach, description: `First payment on account for ${nextTaxYear}, due with ${taxYear}'s balancing payment.` },
      { kind: 'second-payment-on-account', taxYear: nextTaxYear, dueDate: nextDates.secondPaymentOnAccount, amountPence: nextEach, description: `Second payment on account for ${nextTaxYear}.` },
    );
  }
  return payments;
}

function balancingDescription(taxYear: string, liability: Pence, made: Pence, balance: Pence): string {
  const workings = `liability ${formatPounds(liability)} less payments on account ${formatPounds(made)}`;
  if (balance > 0) return `Balancing payment for ${taxYear}: ${workings}.`;
  if (balance === 0) return `Nothing more to pay for ${taxYear}: the payments on account cover the liability.`;
  // Refunds are claimed outside MTD software (service guide, "Tasks outside MTD software"): say where to go.
  return `Repayment for ${taxYear}, shown as a negative amount: ${workings} leaves ${formatPounds(-balance)} owed to the client. It is claimed through HMRC online services or by contacting HMRC, or left to reduce the next payment.`;
}

export interface LatePaymentProjection {
  /** Days after the due date; 0 when paid on or before it. */
  daysLate: number;
  interestPence: Pence;
  penaltyPence: Pence;
  /** Every interest period and penalty part; the interest lines add up to interestPence, the penalty lines to penaltyPence. */
  breakdown: { label: string; pence: Pence }[];
  /** Anything staff should know that is not an amount, e.g. why there is no penalty. */
  notes: string[];
}

/** Schedule 26 FA 2021 percentages; SI 2025/589 raised them for late payments on and after 1 April 2025. */
const PENALTY_RATES_FROM_APRIL_2025 = { day15: 300, day30: 300, yearlyFromDay31: 1000 } as const;
const PENALTY_RATES_BEFORE_APRIL_2025 = { day15: 200, day30: 200, yearlyFromDay31: 400 } as const;

/**
 * What it costs if `amountPence`, due on `dueDate`, is paid in full on `asOf` (or is still unpaid then).
 *
 * Interest (uk-income-tax-rules.md §5.3): simple, daily, actual/365, at the rate in force each day from the day after
 * the due date up to and including `asOf`, from interestRates.ts; each rate period is rounded down to the penny.
 *
 * Late payment penalties, MTD regime (§5.2; HMRC CH193140 for the day counting, day 1 being the day after the due
 * date): 3% of the amount if still unpaid after day 15, another 3% if still unpaid after day 30, and from day 31 a
 * second penalty of 10% a year, daily, actual/365, for each day to `asOf` (so paying on day 45 gives 15 days). Due
 * dates before 1 April 2025 use the earlier 2% / 2% / 4%. Each part is rounded down to the penny: HMRC's guidance for
 * surcharges is not to round up (VCP10541), and we assume the same here.
 *
 * Penalties apply to the balancing payment only: payments on account attract interest but no penalty, as under the
 * old regime (HMRC SALF308A: the penalty is on tax not covered by payments on account, the s59B balancing amount), so
 * pass `kind` for them.
 *
 * Left out: part payments and Time to Pay arrangements (which stop penalties while kept), interest on the penalties
 * themselves, the old Sch 56 regime (5% at 30 days, 6 and 12 months) for clients outside MTD, and HMRC's occasional
 * use of 366 days in a leap year.
 */
export function projectLatePayment(input: { amountPence: Pence; dueDate: IsoDate; asOf: IsoDate; kind?: PaymentKind }): LatePaymentProjection {
  const { amountPence: amount, dueDate, asOf } = input;
  const kind = input.kind ?? 'balancing-payment';
  wholePence('amountPence', amount, { nonNegative: true });
  isoDate('dueDate', dueDate);
  isoDate('asOf', asOf);

  const daysLate = Math.max(0, daysBetween(dueDate, asOf));
  if (daysLate === 0 || amount === 0) {
    return { daysLate, interestPence: 0, penaltyPence: 0, breakdown: [], notes: [daysLate === 0 ? `Not late: due ${formatDate(dueDate)}.` : 'Nothing to pay, so nothing accrues.'] };
  }

  const breakdown: { label: string; pence: Pence }[] = [];
  const notes: string[] = [];
  let interest = 0;
  for (const period of latePaymentInterestPeriods(addDays(dueDate, 1), asOf)) {
    const days = daysBetween(period.from, period.to) + 1;
    const pence = yearlyRateFor(amount, period.rate.rate, days);
    interest += pence;
    breakdown.push({
      label: `Late payment interest at ${formatRate(period.rate.rate)} a year on ${formatPounds(amount)}, ${formatDate(period.from)} to ${formatDate(period.to)} (${days} ${days === 1 ? 'day' : 'days'})`,
      pence,
    });
  }

  let penalty = 0;
  if (kind !== 'balancing-payment') {
    notes.push('No late payment penalty: penalties apply to the balancing payment, not to payments on account; interest still runs.');
  } else {
    const rates = dueDate >= '2025-04-01' ? PENALTY_RATES_FROM_APRIL_2025 : PENALTY_RATES_BEFORE_APRIL_2025;
    if (daysLate > 15) {
      const pence = percentOf(amount, rates.day15);
      penalty += pence;
      breakdown.push({ label: `First late payment penalty: ${formatRate(rates.day15)} of ${formatPounds(amount)} unpaid after day 15`, pence });
    } else {
      notes.push('No late payment penalty: paid within 15 days of the due date.');
    }
    if (daysLate > 30) {
      const pence = percentOf(amount, rates.day30);
      penalty += pence;
      breakdown.push({ label: `First late payment penalty, second part: ${formatRate(rates.day30)} of ${formatPounds(amount)} still unpaid after day 30`, pence });
      const days = daysLate - 30;
      const daily = yearlyRateFor(amount, rates.yearlyFromDay31, days);
      penalty += daily;
      breakdown.push({ label: `Second late payment penalty: ${formatRate(rates.yearlyFromDay31)} a year on ${formatPounds(amount)} from day 31 (${days} ${days === 1 ? 'day' : 'days'})`, pence: daily });
    }
  }
  return { daysLate, interestPence: interest, penaltyPence: penalty, breakdown, notes };
}

/** amount x rate x days / 365, rounded down; BigInt because pence x basis points x days can pass 2^53. */
function yearlyRateFor(amount: Pence, rate: BasisPoints, days: number): Pence {
  return Number((BigInt(amount) * BigInt(rate) * BigInt(days)) / (10_000n * 365n));
}

function percentOf(amount: Pence, rate: BasisPoints): Pence {
  return Number((BigInt(amount) * BigInt(rate)) / 10_000n);
}

/** 123456 -> '£1,234.56'; -500 -> '-£5.00'. */
export function formatPounds(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** 775 -> '7.75%', 800 -> '8%', 1000 -> '10%'. */
function formatRate(rate: BasisPoints): string {
  return `${Number((rate / 100).toFixed(2))}%`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2026-02-01' -> '1 February 2026', as GOV.UK writes dates. */
function formatDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

function wholePence(name: string, value: number, options: { nonNegative?: boolean } = {}): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name}: expected whole pence, got ${value}`);
  if (options.nonNegative && value < 0) throw new RangeError(`${name}: expected a non-negative amount, got ${value}`);
}

/** Round-trips through Date so that '2026-02-30' is refused rather than read as 2 March. */
function isoDate(name: string, value: string): void {
  const parsed = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${name}: expected a date as 'YYYY-MM-DD', got '${value}'`);
  }
}
