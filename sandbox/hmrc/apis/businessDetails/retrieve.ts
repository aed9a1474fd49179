// List All Businesses and Retrieve Business Details: the customer's income sources as HMRC holds them.
import { addDays } from '../../../../domain/calendar';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import { latestQuarterlyElection } from '../../reporting';
import { storedBusinesses } from './records';
import { today } from './rules';

/** The fields of Retrieve Business Details' response that a stored business carries as they are. */
const RECORD_FIELDS = [
  'businessId',
  'typeOfBusiness',
  'tradingType',
  'tradingName',
  'firstAccountingPeriodStartDate',
  'firstAccountingPeriodEndDate',
  'latencyDetails',
  'commencementDate',
  'cessationDate',
  'businessAddressLineOne',
  'businessAddressLineTwo',
  'businessAddressLineThree',
  'businessAddressLineFour',
  'businessAddressPostcode',
  'businessAddressCountryCode',
] as const;

/** The same month-day in another year; 29 February becomes the 28th when that year has none. */
function onAnniversary(year: number, monthDay: string): string {
  const date = `${year}-${monthDay}`;
  return monthDay === '02-29' && new Date(`${date}T00:00:00Z`).getUTCDate() !== 29 ? `${year}-02-28` : date;
}

/**
 * The latest accounting period, as HMRC returns it (one entry): periods end every year on the accounting date (the
 * first period's end date, else 5 April, the tax year), the current one being the one that contains today, or the
 * cessation date once the business has ceased. It never starts before the business (or its first period) did.
 */
export function latestAccountingPeriod(business: BusinessRecord, todayIso: string): { start: string; end: string } {
  const accountingDate = business.firstAccountingPeriodEndDate?.slice(5) ?? '04-05';
  const reference = business.cessationDate && business.cessationDate < todayIso ? business.cessationDate : todayIso;
  const year = Number(reference.slice(0, 4));
  let end = onAnniversary(year, accountingDate);
  if (end < reference) end = onAnniversary(year + 1, accountingDate);
  if (business.firstAccountingPeriodEndDate && end < business.firstAccountingPeriodEndDate) end = business.firstAccountingPeriodEndDate;
  let start = addDays(onAnniversary(Number(end.slice(0, 4)) - 1, accountingDate), 1);
  for (const earliest of [business.firstAccountingPeriodStartDate, business.commencementDate]) {
    if (earliest && earliest > start && earliest <= end) start = earliest;
  }
  if (business.cessationDate && business.cessationDate < end && business.cessationDate >= start) end = business.cessationDate;
  return { start, end };
}

export function retrieveHandlers(state: EmulatorState) {
  const list: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    errors.throwIfAny();
    const businesses = storedBusinesses(state, request.params.nino!);
    if (businesses.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const listOfBusinesses = businesses.map((b) => ({
      typeOfBusiness: b.typeOfBusiness,
      businessId: b.businessId,
      ...(b.tradingType !== undefined ? { tradingType: b.tradingType } : {}),
      ...(b.tradingName !== undefined ? { tradingName: b.tradingName } : {}),
    }));
    return { status: 200, body: { listOfBusinesses } };
  };

  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    checkBusinessId(errors, request.params.businessId);
    errors.throwIfAny();
    const businesses = storedBusinesses(state, request.params.nino!);
    // HMRC asks its back end for all of the customer's businesses: none at all is "not found", none with this id is NO_BUSINESS_FOUND.
    if (businesses.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const business = businesses.find((b) => b.businessId === request.params.businessId);
    if (!business) throw endpointError(request.endpoint.oas, 'NO_BUSINESS_FOUND');

    const body: Record<string, unknown> = {};
    for (const field of RECORD_FIELDS) if (business[field] !== undefined) body[field] = business[field];
    body.accountingPeriods = [latestAccountingPeriod(business, today(request))];
    const choice = latestQuarterlyElection(state, request.params.nino!, business);
    if (choice) body.quarterlyTypeChoice = choice;
    return { status: 200, body };
  };

  return { list, retrieve };
}
