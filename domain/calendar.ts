// The MTD calendar of a tax year: quarterly update periods, their deadlines, the final declaration and payments.
import { taxYearEnd, taxYearStart, taxYearStartYear, type IsoDate } from './taxYear';

export type QuarterlyPeriodType = 'standard' | 'calendar';
export type Quarter = 1 | 2 | 3 | 4;

export interface QuarterlyPeriod {
  quarter: Quarter;
  /** Cumulative from 2025-26: every period starts with the tax year. */
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
}

/**
 * The four quarterly update periods. From 2025-26 updates are cumulative (each runs from the start of the year);
 * deadlines are the 7th of the second month after the quarter from 2026-27, the 5th before (HMRC README §6.1).
 * A calendar-quarter election starts on 1 April, except in its first year, when it still starts on 6 April.
 */
export function quarterlyPeriods(
  taxYear: string,
  options: { periodType?: QuarterlyPeriodType; firstYearOfElection?: boolean } = {},
): QuarterlyPeriod[] {
  const y = taxYearStartYear(taxYear);
  const calendar = options.periodType === 'calendar';
  const cumulative = y >= 2025;
  const dueDay = y >= 2026 ? '07' : '05';
  const ends = calendar
    ? [`${y}-06-30`, `${y}-09-30`, `${y}-12-31`, `${y + 1}-03-31`]
    : [`${y}-07-05`, `${y}-10-05`, `${y + 1}-01-05`, `${y + 1}-04-05`];
  const dues = [`${y}-08-${dueDay}`, `${y}-11-${dueDay}`, `${y + 1}-02-${dueDay}`, `${y + 1}-05-${dueDay}`];
  const yearStart = calendar && !options.firstYearOfElection ? `${y}-04-01` : taxYearStart(taxYear);
  return ends.map((periodEnd, i) => ({
    quarter: (i + 1) as Quarter,
    periodStart: cumulative || i === 0 ? yearStart : nextDay(ends[i - 1]!),
    periodEnd,
    dueDate: dues[i]!,
  }));
}

/** Final declaration: possible from 6 April after the year, due 31 January after it. */
export function finalDeclarationWindow(taxYear: string): { opensOn: IsoDate; dueDate: IsoDate } {
  const y = taxYearStartYear(taxYear);
  return { opensOn: nextDay(taxYearEnd(taxYear)), dueDate: `${y + 2}-01-31` };
}

/** Payments on account (31 January in the year, 31 July after) and the balancing payment (31 January after). */
export function paymentDates(taxYear: string): { firstPaymentOnAccount: IsoDate; secondPaymentOnAccount: IsoDate; balancingPayment: IsoDate } {
  const y = taxYearStartYear(taxYear);
  return {
    firstPaymentOnAccount: `${y + 1}-01-31`,
    secondPaymentOnAccount: `${y + 1}-07-31`,
    balancingPayment: `${y + 2}-01-31`,
  };
}

export function nextDay(date: IsoDate): IsoDate {
  return addDays(date, 1);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b later is positive). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
