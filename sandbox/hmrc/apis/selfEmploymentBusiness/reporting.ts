// Which period dates HMRC accepts in a self-employment's cumulative update, given how it reports in the tax year
// (quarterly or annually, standard or calendar quarters: the shared rules in ../../reporting).
import { taxYearEnd, taxYearStart, type IsoDate } from '../../../../domain/taxYear';
import type { ReportingYear } from '../../reporting';
import type { BusinessRecord } from '../testSupport';

export { reportingYear, reportsAnnually, type ReportingYear } from '../../reporting';

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
