// Retrieve Income and Expenditure Obligations: the quarterly updates due per business, filtered as HMRC's v3 validator and service do.
import { addDays } from '../../../../domain/calendar';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError, isIsoDate } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import { obligationsOf, type Obligation, type ObligationBusinessType } from './schedule';

const TYPES_OF_BUSINESS = ['self-employment', 'uk-property', 'foreign-property'];
/** Obligations documents a lower-case second letter as valid, unlike Business Details. */
const BUSINESS_ID = /^X[a-zA-Z0-9]IS[0-9]{11}$/;
const EARLIEST_FROM_DATE = '2018-04-06';
const LATEST_TO_DATE = '2099-12-31';
const MAX_RANGE_DAYS = 366;

export interface Filter {
  fromDate?: string;
  toDate?: string;
  status?: 'open' | 'fulfilled';
}

export function checkStatus(errors: ErrorCollector, status: string | undefined): void {
  if (status !== undefined && status !== 'open' && status !== 'fulfilled') errors.add('FORMAT_STATUS');
}

/** What HMRC's downstream returns for the filter: obligations overlapping the date range, of the status asked for. */
export function matching(obligations: Obligation[], filter: Filter): Obligation[] {
  return obligations.filter(
    (o) =>
      (!filter.fromDate || o.periodEndDate >= filter.fromDate) && (!filter.toDate || o.periodStartDate <= filter.toDate) && (!filter.status || o.status === filter.status),
  );
}

/** Formats first (a date missing its partner is MISSING_*, and then neither date's format is looked at), then the rules. */
function validate(request: ApiRequest): { typeOfBusiness?: string; businessId?: string } & Filter {
  const { typeOfBusiness, businessId, fromDate, toDate, status } = request.query;
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  if (typeOfBusiness !== undefined && !TYPES_OF_BUSINESS.includes(typeOfBusiness)) errors.add('FORMAT_TYPE_OF_BUSINESS');
  if (businessId !== undefined && !BUSINESS_ID.test(businessId)) errors.add('FORMAT_BUSINESS_ID');
  if (fromDate !== undefined && toDate !== undefined) {
    if (!isIsoDate(fromDate)) errors.add('FORMAT_FROM_DATE');
    if (!isIsoDate(toDate)) errors.add('FORMAT_TO_DATE');
  } else if (fromDate !== undefined) {
    errors.add('MISSING_TO_DATE');
  } else if (toDate !== undefined) {
    errors.add('MISSING_FROM_DATE');
  }
  checkStatus(errors, status);
  errors.throwIfAny();

  if (businessId !== undefined && typeOfBusiness === undefined) throw endpointError(request.endpoint.oas, 'MISSING_TYPE_OF_BUSINESS');
  if (fromDate !== undefined && toDate !== undefined) {
    if (toDate < fromDate) errors.add('RANGE_TO_DATE_BEFORE_FROM_DATE');
    if (fromDate < EARLIEST_FROM_DATE) errors.add('RULE_FROM_DATE_NOT_SUPPORTED');
    if (toDate > LATEST_TO_DATE) errors.add('FORMAT_TO_DATE');
    // HMRC: to must be before from + 366 days, and a single day is no range.
    if (toDate >= addDays(fromDate, MAX_RANGE_DAYS) || toDate === fromDate) errors.add('RULE_DATE_RANGE_INVALID');
    errors.throwIfAny();
  }
  return {
    ...(typeOfBusiness !== undefined ? { typeOfBusiness } : {}),
    ...(businessId !== undefined ? { businessId } : {}),
    ...(fromDate !== undefined ? { fromDate } : {}),
    ...(toDate !== undefined ? { toDate } : {}),
    ...(status !== undefined ? { status: status as Filter['status'] } : {}),
  };
}

export function incomeAndExpenditureHandler(state: EmulatorState): ApiHandler {
  return (request) => {
    const query = validate(request);
    const today = request.now.toISOString().slice(0, 10);
    // Without dates the range is a year from today, unless only open obligations are wanted: then every open one.
    const filter: Filter = query.fromDate || query.status === 'open' ? query : { ...query, fromDate: today, toDate: addDays(today, MAX_RANGE_DAYS) };

    const found = matching(obligationsOf(state, request.params.nino!, today), filter);
    if (found.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const quarterly = found.filter(
      (o) => o.kind === 'quarterly' && (!query.typeOfBusiness || o.typeOfBusiness === query.typeOfBusiness) && (!query.businessId || o.businessId === query.businessId),
    );
    if (quarterly.length === 0) throw endpointError(request.endpoint.oas, 'NO_OBLIGATIONS_FOUND');

    const byBusiness = new Map<string, { typeOfBusiness: ObligationBusinessType; businessId: string; obligationDetails: Record<string, string>[] }>();
    for (const o of quarterly) {
      const entry = byBusiness.get(o.businessId!) ?? { typeOfBusiness: o.typeOfBusiness!, businessId: o.businessId!, obligationDetails: [] };
      byBusiness.set(o.businessId!, entry);
      entry.obligationDetails.push({
        periodStartDate: o.periodStartDate,
        periodEndDate: o.periodEndDate,
        dueDate: o.dueDate,
        status: o.status,
        ...(o.receivedDate ? { receivedDate: o.receivedDate } : {}),
      });
    }
    return { status: 200, body: { obligations: [...byBusiness.values()] } };
  };
}
