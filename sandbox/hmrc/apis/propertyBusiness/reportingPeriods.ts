// The date rules HMRC's back end applies to a property business's cumulative summary (fromDate and toDate), given how it
// reports in the tax year (quarterly or annual, standard or calendar quarters: the shared rules in ../../reporting).
import { addDays, daysBetween, type QuarterlyPeriodType } from '../../../../domain/calendar';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import { quarterlyPeriodsFor } from '../../reporting';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';

export { reportsAnnually } from '../../reporting';

export interface ReportingCalendar {
  periodType: QuarterlyPeriodType;
  /** Where the year's periods start: 6 April; 1 April for calendar quarters after their first year; or commencement. */
  yearStart: string;
  /** Whether yearStart is the business's commencement date (a business that started during the year). */
  fromCommencement: boolean;
  /** The four quarterly period ends. */
  periodEnds: string[];
  /** The last date a submission for the year may run to. */
  lastDate: string;
}

export function reportingCalendar(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): ReportingCalendar {
  const { periodType, quarters: periods } = quarterlyPeriodsFor(state, nino, business, taxYear);
  const periodStart = periods[0]!.periodStart;
  const commenced = business.commencementDate !== undefined && business.commencementDate > periodStart;
  return {
    periodType,
    yearStart: commenced ? business.commencementDate! : periodStart,
    fromCommencement: commenced,
    periodEnds: periods.map((p) => p.periodEnd),
    lastDate: periods[3]!.periodEnd,
  };
}

function isMonthEnd(date: string): boolean {
  return addDays(date, 1).slice(8) === '01';
}

/**
 * The back end's date rules for a quarterly reporter's cumulative summary, in the order it applies them, or null when
 * the dates are acceptable. HMRC does not publish these rules (README §7.2); the emulator's reading:
 * - fromDate is the year's period start (6 April standard, 1 April calendar after the election's first year), or the
 *   commencement date of a business that started during the year;
 * - toDate ends a month of the reporting type (the 5th for standard quarters, the last day of a month for calendar),
 *   no later than the year's last period end, or is the business's cessation date; so monthly year-to-date updates fit;
 * - no more than 10 days before toDate, and a submission made before toDate has passed must end on a quarter end;
 * - toDate never earlier than the last accepted summary's.
 */
export function cumulativeDateProblem(
  calendar: ReportingCalendar,
  business: BusinessRecord,
  dates: { fromDate: string; toDate: string },
  today: string,
  lastEndDate: string | undefined,
): string | null {
  const { fromDate, toDate } = dates;
  if (fromDate !== calendar.yearStart) return calendar.fromCommencement ? 'RULE_START_DATE_NOT_ALIGNED_TO_COMMENCEMENT_DATE' : 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE';
  const ceased = business.cessationDate !== undefined && toDate === business.cessationDate;
  const monthBoundary = calendar.periodType === 'standard' ? toDate.slice(8) === '05' : isMonthEnd(toDate);
  if (!ceased && (!monthBoundary || toDate > calendar.lastDate)) return 'RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE';
  const daysAhead = daysBetween(today, toDate);
  if (daysAhead > 10) return 'RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED';
  if (daysAhead >= 0 && !calendar.periodEnds.includes(toDate) && !ceased) return 'RULE_ADVANCE_SUBMISSION_REQUIRES_PERIOD_END_DATE';
  if (lastEndDate !== undefined && toDate < lastEndDate) return 'RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS';
  return null;
}

/** What a summary without dates (annual or latent reporting) covers: the year, from commencement, to cessation. */
export function wholeYear(business: BusinessRecord, taxYear: string): { fromDate: string; toDate: string } {
  const start = taxYearStart(taxYear);
  const end = taxYearEnd(taxYear);
  const fromDate = business.commencementDate && business.commencementDate > start && business.commencementDate <= end ? business.commencementDate : start;
  const toDate = business.cessationDate && business.cessationDate >= fromDate && business.cessationDate < end ? business.cessationDate : end;
  return { fromDate, toDate };
}
