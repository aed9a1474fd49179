// Create and Amend Quarterly Period Type: standard (6 April) or calendar (1 April) quarters, for the current tax year only.
import type { QuarterlyPeriodType } from '../../../../domain/calendar';
import { inMtdFor, latentAnnually } from '../../reporting';
import { businessYearSettings, findSourceYear } from '../../taxpayerData';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkBusinessId, checkNino, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import { storedBusiness } from './records';
import { currentTaxYear, today } from './rules';

/** This endpoint's documented path pattern; HMRC's validator also wants a 20xx year (ResolveTaxYear). */
const PATH_TAX_YEAR = /^2[0-9]{3}-[0-9]{2}$/;
const TAX_YEAR_FORMAT = /^20[1-9][0-9]-[1-9][0-9]$/;

/** HMRC's generic text for RULE_REQUEST_CANNOT_BE_FULFILLED, which it sends for a wrong tax year (WRONG_TAX_YEAR_PROVIDED). */
const WRONG_TAX_YEAR = 'Custom (will vary in production depending on the actual error)';

/** 1 to 5 April: a business that starts then cannot change its quarters while those days last (RULE_QUARTERLY_PERIOD_UPDATING). */
function inEarlyApril(date: string): boolean {
  return date.slice(5) >= '04-01' && date.slice(5) <= '04-05';
}

function quarterlyPeriodUpdating(business: BusinessRecord, todayIso: string): boolean {
  const commenced = business.commencementDate;
  return Boolean(commenced && inEarlyApril(commenced) && inEarlyApril(todayIso) && commenced.slice(0, 4) === todayIso.slice(0, 4) && todayIso > commenced);
}

/**
 * HMRC's back end refuses a change once the year has started being reported (any submission for the business and
 * year), for a source that reports annually that year (ANNUAL_INCOME_SOURCE: latency 'A' or an Annual ITSA status),
 * and, as production does for a source no longer trading, once the business has ceased.
 */
function stateConflict(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string, todayIso: string): boolean {
  const source = findSourceYear(state, nino, business.businessId, taxYear);
  const submitted = Boolean(source && (source.cumulative || source.cumulativeHistory.length > 0 || source.periods.length > 0));
  const ceased = Boolean(business.cessationDate && business.cessationDate <= todayIso);
  return submitted || latentAnnually(business, taxYear) || ceased || !inMtdFor(state, nino, taxYear);
}

/**
 * Records the election for the year and keeps the business's quarterlyTypeChoice (the Retrieve shape other APIs
 * read) pointing at the latest one; an election it held for another year is kept in that year's settings first.
 */
function recordElection(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string, type: QuarterlyPeriodType): void {
  const previous = business.quarterlyTypeChoice;
  if (previous && previous.taxYearOfChoice !== taxYear) {
    const settings = businessYearSettings(state, nino, business.businessId, previous.taxYearOfChoice);
    settings.quarterlyPeriodType ??= previous.quarterlyPeriodType;
  }
  businessYearSettings(state, nino, business.businessId, taxYear).quarterlyPeriodType = type;
  if (!previous || previous.taxYearOfChoice <= taxYear) business.quarterlyTypeChoice = { quarterlyPeriodType: type, taxYearOfChoice: taxYear };
}

export function quarterlyPeriodTypeHandler(state: EmulatorState, changed: () => void): ApiHandler {
  return (request: ApiRequest) => {
    const { nino, businessId, taxYear } = request.params as { nino: string; businessId: string; taxYear: string };
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkBusinessId(errors, businessId);
    if (!PATH_TAX_YEAR.test(taxYear) || !TAX_YEAR_FORMAT.test(taxYear)) errors.add('FORMAT_TAX_YEAR');
    checkBody(errors, request.body);
    errors.throwIfAny();

    const oas = request.endpoint.oas;
    // "Only the current tax year is allowed": any other year, a malformed range such as 2025-27 included, is refused the same way.
    if (taxYear !== currentTaxYear(request)) throw endpointError(oas, 'RULE_REQUEST_CANNOT_BE_FULFILLED', { message: WRONG_TAX_YEAR, status: 422 });
    const business = storedBusiness(state, nino, businessId);
    if (!business) throw endpointError(oas, 'RULE_BUSINESS_ID_NOT_FOUND');
    // A property business of unknown kind has no quarterly updates to align (no cumulative endpoint takes it).
    if (business.typeOfBusiness === 'property-unspecified') throw endpointError(oas, 'RULE_REQUEST_CANNOT_BE_FULFILLED');
    if (quarterlyPeriodUpdating(business, today(request))) throw endpointError(oas, 'RULE_QUARTERLY_PERIOD_UPDATING');
    if (stateConflict(state, nino, business, taxYear, today(request))) throw endpointError(oas, 'RULE_BUSINESS_ID_STATE_CONFLICT');

    recordElection(state, nino, business, taxYear, (request.body as { quarterlyPeriodType: QuarterlyPeriodType }).quarterlyPeriodType);
    changed();
    return { status: 204, write: { nino, businessId, taxYear } };
  };
}
