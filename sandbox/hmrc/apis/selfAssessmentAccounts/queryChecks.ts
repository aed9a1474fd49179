// Query-parameter and path checks as HMRC's SA Accounts validators do them (ResolveBoolean, ResolveDateRange, tax years).
import { daysBetween } from '../../../../domain/calendar';
import { ErrorCollector, checkTaxYear, isIsoDate } from '../../platform/validation';

/** HMRC's minimum for coding-out tax years in production (pathParameters.yaml; its sandbox allows 2019-20). */
export const MINIMUM_CODING_OUT_TAX_YEAR = '2021-22';
/** ResolveDateRange.withYearsAndRangeLimitedTo(1900, 2099, 732) in the service. */
export const MAX_DATE_RANGE_DAYS = 732;

/** Absent is false; otherwise 'true' or 'false' in any case (Scala's toBoolean), else the parameter's FORMAT_ error. */
export function checkBoolean(errors: ErrorCollector, value: string | undefined, code: string): boolean {
  if (value === undefined) return false;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  errors.add(code);
  return false;
}

/**
 * fromDate and toDate must come together; each a real date within 1900-2099 (else FORMAT_FROM_DATE / FORMAT_TO_DATE),
 * to not before from. Returns the pair when both are usable.
 */
export function checkDateRange(errors: ErrorCollector, fromDate: string | undefined, toDate: string | undefined): { from: string; to: string } | null {
  if (fromDate === undefined || toDate === undefined) return null;
  const usable = (d: string) => isIsoDate(d) && d >= '1900-01-01' && d <= '2099-12-31';
  const fromOk = isIsoDate(fromDate);
  const toOk = isIsoDate(toDate);
  if (!fromOk) errors.add('FORMAT_FROM_DATE');
  if (!toOk) errors.add('FORMAT_TO_DATE');
  if (!fromOk || !toOk) return null;
  if (toDate < fromDate) {
    errors.add('RANGE_TO_DATE_BEFORE_FROM_DATE');
    return null;
  }
  if (!usable(fromDate)) errors.add('FORMAT_FROM_DATE');
  if (!usable(toDate)) errors.add('FORMAT_TO_DATE');
  if (!usable(fromDate) || !usable(toDate)) return null;
  return { from: fromDate, to: toDate };
}

/** The one-of-a-pair check both list endpoints make before anything else. */
export function missingPartner(fromDate: string | undefined, toDate: string | undefined): 'MISSING_TO_DATE' | 'MISSING_FROM_DATE' | null {
  if (fromDate !== undefined && toDate === undefined) return 'MISSING_TO_DATE';
  if (fromDate === undefined && toDate !== undefined) return 'MISSING_FROM_DATE';
  return null;
}

export function rangeTooLong(range: { from: string; to: string }): boolean {
  return daysBetween(range.from, range.to) > MAX_DATE_RANGE_DAYS;
}

/**
 * A coding-out tax year. Endpoints that do not document RULE_TAX_YEAR_RANGE_INVALID or RULE_TAX_YEAR_NOT_SUPPORTED
 * (opt in, opt out) report any bad year as FORMAT_TAX_YEAR and have no minimum.
 */
export function checkCodingOutTaxYear(errors: ErrorCollector, taxYear: string | undefined, options: { rules: boolean }): string | null {
  if (options.rules) return checkTaxYear(errors, taxYear, { min: MINIMUM_CODING_OUT_TAX_YEAR }) === null ? null : taxYear!;
  const probe = new ErrorCollector(errors.endpoint);
  if (checkTaxYear(probe, taxYear) === null) {
    errors.add('FORMAT_TAX_YEAR');
    return null;
  }
  return taxYear!;
}
