// HMRC's late payment interest rates for Income Tax, as a dated table. Data and one lookup; no clock.
import { addDays } from './calendar';
import type { BasisPoints } from './incomeTax/money';
import type { IsoDate } from './taxYear';

export interface LatePaymentInterestRate {
  /** First day the rate applies (HMRC's "from" date for non-quarterly-instalment payments, a few weeks after the Bank's decision). */
  from: IsoDate;
  /** Bank of England base rate the HMRC rate was set from. */
  baseRate: BasisPoints;
  /** Base rate + 2.5 points before 6 April 2025, + 4 points from then (uk-income-tax-rules.md §5.3). */
  rate: BasisPoints;
}

/**
 * Oldest first. HMRC changes the rate some 2–3 weeks after each base-rate change, so this table must gain a row each
 * time; until it does, the last row is assumed to continue. Sources: the reference §5.3 (8.25% from 28 May 2025, 8.00%
 * from 27 August 2025, base + 4% from 6 April 2025); HMRC's announcements as quoted by practitioner pages in the search
 * corpus for the others (7.75% from 22 August 2023; 7.5% from 20 August 2024; 7.25% from 26 November 2024; 7.0% from
 * 25 February 2025; 8.5% from 6 April 2025; 7.75% from 9 January 2026, GOV.UK news "HMRC revises interest rates for
 * late payments", 19 December 2025).
 */
export const LATE_PAYMENT_INTEREST_RATES: readonly LatePaymentInterestRate[] = [
  { from: '2023-08-22', baseRate: 525, rate: 775 },
  { from: '2024-08-20', baseRate: 500, rate: 750 },
  { from: '2024-11-26', baseRate: 475, rate: 725 },
  { from: '2025-02-25', baseRate: 450, rate: 700 },
  { from: '2025-04-06', baseRate: 450, rate: 850 },
  { from: '2025-05-28', baseRate: 425, rate: 825 },
  { from: '2025-08-27', baseRate: 400, rate: 800 },
  { from: '2026-01-09', baseRate: 375, rate: 775 },
];

/** The row in force on a date. Throws before the table starts: a silent guess would misstate interest. */
export function latePaymentInterestRateOn(date: IsoDate): LatePaymentInterestRate {
  let found: LatePaymentInterestRate | undefined;
  for (const row of LATE_PAYMENT_INTEREST_RATES) {
    if (row.from <= date) found = row;
  }
  if (!found) throw new RangeError(`no late payment interest rate known for ${date}; the table starts on ${LATE_PAYMENT_INTEREST_RATES[0]!.from}`);
  return found;
}

/** The days from `firstDay` to `lastDay` inclusive, split where the rate changes; empty when lastDay is before firstDay. */
export function latePaymentInterestPeriods(firstDay: IsoDate, lastDay: IsoDate): { from: IsoDate; to: IsoDate; rate: LatePaymentInterestRate }[] {
  if (lastDay < firstDay) return [];
  const periods: { from: IsoDate; to: IsoDate; rate: LatePaymentInterestRate }[] = [];
  let from = firstDay;
  for (;;) {
    const rate = latePaymentInterestRateOn(from);
    const next = LATE_PAYMENT_INTEREST_RATES.find((row) => row.from > from);
    if (!next || next.from > lastDay) {
      periods.push({ from, to: lastDay, rate });
      return periods;
    }
    periods.push({ from, to: addDays(next.from, -1), rate });
    from = next.from;
  }
}
