// Retrieve and Create or Update Periods of Account: a self-employment's accounting periods within a tax year.
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import { businessYearSettings, findBusinessYearSettings, type BusinessYearSettings } from '../../taxpayerData';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkBody, endpointError, isIsoDate } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import { MINIMUM_TAX_YEAR, amendmentWindowEnd, businessOr404, checkYearPath, finalDeclarationMade, today } from './rules';

type PeriodsOfAccount = NonNullable<BusinessYearSettings['periodsOfAccount']>;
interface Body {
  periodsOfAccount: boolean;
  periodsOfAccountDates?: { startDate: string; endDate: string }[];
}

/**
 * HMRC's rules validator: dates required exactly when periodsOfAccount is true; per period, end not before start,
 * start within or before the tax year, end within it; then, with every period sound, no two overlapping.
 */
function checkPeriods(errors: ErrorCollector, body: Body, taxYear: string): void {
  const dates = body.periodsOfAccountDates;
  if (body.periodsOfAccount !== (dates !== undefined)) errors.add('RULE_PERIODS_OF_ACCOUNT');
  let sound = true;
  (dates ?? []).forEach(({ startDate, endDate }, i) => {
    const base = `/periodsOfAccountDates/${i}`;
    if (!isIsoDate(startDate) || !isIsoDate(endDate)) {
      sound = false;
      return;
    }
    if (endDate < startDate) {
      errors.add('RULE_END_DATE_BEFORE_START_DATE', { paths: [base] });
      sound = false;
      return;
    }
    if (startDate > taxYearEnd(taxYear)) {
      errors.add('RULE_START_DATE', { paths: [`${base}/startDate`] });
      sound = false;
    }
    if (endDate > taxYearEnd(taxYear) || endDate < taxYearStart(taxYear)) {
      errors.add('RULE_END_DATE', { paths: [`${base}/endDate`] });
      sound = false;
    }
  });
  if (!sound || !dates) return;
  const sorted = [...dates].sort((a, b) => a.startDate.localeCompare(b.startDate));
  if (sorted.some((period, i) => i > 0 && period.startDate <= sorted[i - 1]!.endDate)) errors.add('RULE_PERIODS_OVERLAP', { paths: ['/periodsOfAccountDates'] });
}

export function periodsOfAccountHandlers(state: EmulatorState, changed: () => void) {
  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkYearPath(errors, request, { min: MINIMUM_TAX_YEAR });
    errors.throwIfAny();
    businessOr404(state, request, { selfEmploymentOnly: true });
    const stored = findBusinessYearSettings(state, request.params.nino!, request.params.businessId!, request.params.taxYear!)?.periodsOfAccount;
    if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: stored };
  };

  const createOrUpdate: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = request.params as { nino: string; businessId: string; taxYear: string };
    const errors = new ErrorCollector(request.endpoint.oas);
    checkYearPath(errors, request, { min: MINIMUM_TAX_YEAR });
    checkBody(errors, request.body);
    const dates = (request.body as Partial<Body> | undefined)?.periodsOfAccountDates;
    // HMRC's emptiness check: an empty array is an empty body part.
    if (Array.isArray(dates) && dates.length === 0) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/periodsOfAccountDates'] });
    errors.throwIfAny();
    const body = request.body as Body;
    checkPeriods(errors, body, taxYear);
    errors.throwIfAny();

    const business = businessOr404(state, request, { selfEmploymentOnly: true });
    const cessation = business.cessationDate;
    if (cessation && (body.periodsOfAccountDates ?? []).some((p) => p.endDate > cessation)) throw endpointError(request.endpoint.oas, 'RULE_CESSATION_DATE');
    // "This has to be submitted before final declaration."
    if (finalDeclarationMade(state, nino, taxYear) || today(request) > amendmentWindowEnd(taxYear)) {
      throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    }

    const stored: PeriodsOfAccount = {
      submittedOn: request.now.toISOString(),
      periodsOfAccount: body.periodsOfAccount,
      ...(body.periodsOfAccountDates ? { periodsOfAccountDates: body.periodsOfAccountDates.map(({ startDate, endDate }) => ({ startDate, endDate })) } : {}),
    };
    businessYearSettings(state, nino, businessId, taxYear).periodsOfAccount = stored;
    changed();
    return { status: 204, write: { nino, businessId, taxYear } };
  };

  return { retrieve, createOrUpdate };
}
