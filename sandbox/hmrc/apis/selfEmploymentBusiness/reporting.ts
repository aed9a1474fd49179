// How a self-employment reports in a tax year: quarterly or annually (ITSA status, latency), on standard or calendar
// quarters, and so which period dates HMRC accepts in a cumulative update.
import { quarterlyPeriods, type QuarterlyPeriodType } from '../../../../domain/calendar';
import { taxYearEnd, taxYearFromStartYear, taxYearStart, taxYearStartYear, type IsoDate } from '../../../../domain/taxYear';
import type { EmulatorState } from '../../state';
import { findBusinessYearSettings } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';

interface ItsaStatusDetail {
  submittedOn: string;
  status: string;
}

/** ITSA statuses with quarterly obligations; the rest (Annual, exempt, dormant, no status) report once a year. */
const QUARTERLY_STATUSES = new Set(['MTD Mandated', 'MTD Voluntary']);

/** The earliest year the emulator looks back to when rolling a quarterly period type election forward. */
const FIRST_MTD_YEAR = 2017;

/**
 * Annual reporting: the latest ITSA status for the year is not a quarterly one, or the business is latent with
 * indicator A for the year. An MTD customer with no status recorded is mandated (as Individual Details answers).
 */
export function reportsAnnually(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  const statuses = (state.taxpayers[nino]?.itsaStatuses[taxYear] ?? []) as ItsaStatusDetail[];
  const latest = [...statuses].sort((a, b) => b.submittedOn.localeCompare(a.submittedOn))[0];
  if (latest && !QUARTERLY_STATUSES.has(latest.status)) return true;
  const latency = business.latencyDetails;
  if (!latency) return false;
  return (latency.taxYear1 === taxYear && latency.latencyIndicator1 === 'A') || (latency.taxYear2 === taxYear && latency.latencyIndicator2 === 'A');
}

/**
 * The quarterly period type in force: an election (Business Details for a year, or the test business's choice) rolls
 * forward until changed, so the latest election made for this year or an earlier one wins; standard by default.
 */
export function periodTypeFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): QuarterlyPeriodType {
  const start = taxYearStartYear(taxYear);
  let elected: { year: number; type: QuarterlyPeriodType } | undefined;
  for (let year = start; year >= FIRST_MTD_YEAR && !elected; year--) {
    const type = findBusinessYearSettings(state, nino, business.businessId, taxYearFromStartYear(year))?.quarterlyPeriodType;
    if (type) elected = { year, type };
  }
  const choice = business.quarterlyTypeChoice;
  const choiceYear = choice ? Number(choice.taxYearOfChoice.slice(0, 4)) : Infinity;
  // An election through Business Details for the same year was made after the test business existed, so it wins a tie.
  if (choice && choiceYear <= start && (!elected || choiceYear > elected.year)) return choice.quarterlyPeriodType;
  return elected?.type ?? 'standard';
}

export interface ReportingYear {
  periodType: QuarterlyPeriodType;
  /** The first day of the reporting year: 6 April, or 1 April on calendar quarters after the election's first year. */
  yearStart: IsoDate;
  /** The day every cumulative period must start on: the year start, or the commencement date if later. */
  expectedStart: IsoDate;
  /** 5 April on standard quarters, 31 March on calendar ones, or the cessation date if earlier. */
  lastDay: IsoDate;
  quarterEnds: IsoDate[];
}

export function reportingYear(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): ReportingYear {
  const periodType = periodTypeFor(state, nino, business, taxYear);
  const previous = taxYearFromStartYear(taxYearStartYear(taxYear) - 1);
  const firstYearOfElection = periodType === 'calendar' && periodTypeFor(state, nino, business, previous) !== 'calendar';
  const quarters = quarterlyPeriods(taxYear, { periodType, firstYearOfElection });
  const yearStart = quarters[0]!.periodStart;
  const quarterEnds = quarters.map((q) => q.periodEnd);
  const yearEnd = quarterEnds[3]!;
  const commenced = business.commencementDate;
  const ceased = business.cessationDate;
  return {
    periodType,
    yearStart,
    expectedStart: commenced && commenced > yearStart ? commenced : yearStart,
    lastDay: ceased && ceased < yearEnd ? ceased : yearEnd,
    quarterEnds: ceased && ceased < yearEnd ? [...quarterEnds.filter((d) => d < ceased), ceased] : quarterEnds,
  };
}

function isMonthEnd(date: IsoDate): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.getUTCDate() === 1;
}

/**
 * End dates that fit the reporting type. HMRC does not publish the rule (README §7.2); its guide accepts monthly
 * year-to-date updates (to 30 April, 31 May ...) on standard quarters, so: standard quarters accept the 5th or the last
 * day of a month, calendar quarters the last day of a month; a quarter end or the cessation date always fits.
 */
export function endDateFits(year: ReportingYear, date: IsoDate): boolean {
  if (year.quarterEnds.includes(date)) return true;
  return year.periodType === 'calendar' ? isMonthEnd(date) : isMonthEnd(date) || date.slice(8) === '05';
}

/** The whole year an annual reporter's (undated) cumulative summary covers, as HMRC reports it back. */
export function annualPeriod(business: BusinessRecord, taxYear: string): { periodStartDate: IsoDate; periodEndDate: IsoDate } {
  const start = taxYearStart(taxYear);
  const end = taxYearEnd(taxYear);
  const commenced = business.commencementDate;
  const ceased = business.cessationDate;
  return {
    periodStartDate: commenced && commenced > start && commenced <= end ? commenced : start,
    periodEndDate: ceased && ceased >= start && ceased < end ? ceased : end,
  };
}
