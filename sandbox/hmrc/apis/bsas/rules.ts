// Date and tax-year rules the BSAS endpoints share: today in London, the supported years, the amendment window and
// whether a business's quarterly obligations for a year are met.
import { addDays } from '../../../../domain/calendar';
import { londonStartOfDay } from '../../../../domain/timeline';
import { taxYearOf, taxYearStartYear } from '../../../../domain/taxYear';
import { quarterlyPeriodsFor, reportsAnnually } from '../../reporting';
import type { EmulatorState } from '../../state';
import { finalDeclarations, type SourceYear } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';

/** Retrieve and adjust paths carry a tax year from 2023-24 (HMRC README §3.5: INVALID_TAX_YEAR_PARAMETER before). */
export const TAX_YEAR_PARAMETER_MINIMUM = '2023-24';
/** List: HMRC's Def1 validator's minimum. */
export const LIST_MINIMUM = '2019-20';

/** Has `date` (YYYY-MM-DD) ended, in London, at `now`? */
export function dateHasPassed(date: string, now: Date): boolean {
  return now.getTime() >= londonStartOfDay(addDays(date, 1)).getTime();
}

export function londonToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * HMRC does not publish the upper bound behind RULE_TAX_YEAR_NOT_SUPPORTED; the emulator takes it as the tax year now
 * running: a summary can only exist for a year that has begun (and, to be triggered, whose accounting period has ended).
 */
export function afterCurrentTaxYear(taxYear: string, now: Date): boolean {
  return taxYear > taxYearOf(londonToday(now));
}

/**
 * From 2025-26 a year can be amended until 12 months after its 31 January filing date (HMRC README §5.4, §6.2); after a
 * final declaration and past that date, changes are refused with RULE_OUTSIDE_AMENDMENT_WINDOW.
 */
export function outsideAmendmentWindow(state: EmulatorState, nino: string, taxYear: string, now: Date): boolean {
  if (taxYearStartYear(taxYear) < 2025 || !finalDeclarations(state, nino)[taxYear]) return false;
  return dateHasPassed(`${taxYearStartYear(taxYear) + 3}-01-31`, now);
}

/** Does this business owe quarterly updates for the year? Before 2025-26 every MTD business did (the pilot was quarterly). */
export function reportsQuarterly(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  return taxYearStartYear(taxYear) < 2025 || !reportsAnnually(state, nino, business, taxYear);
}

/** The end of the last quarter the business owes: the year's last, or the one in which it ceased. */
export function lastQuarterEnd(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): string {
  const ends = quarterlyPeriodsFor(state, nino, business, taxYear).quarters.map((q) => q.periodEnd);
  const ceased = business.cessationDate;
  return (ceased && ends.find((end) => end >= ceased)) || ends[ends.length - 1]!;
}

/** The furthest date the business's quarterly submissions for the year reach. */
export function reportedUpTo(source: SourceYear | undefined): string | undefined {
  if (!source) return undefined;
  const ends = [source.cumulative?.periodEndDate, ...source.cumulativeHistory.map((c) => c.periodEndDate), ...source.periods.map((p) => p.toDate)];
  return ends.filter((d): d is string => Boolean(d)).sort().pop();
}
