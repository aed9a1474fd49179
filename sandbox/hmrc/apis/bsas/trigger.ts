// Trigger a Business Source Adjustable Summary: HMRC's validation (TriggerSchema, DefN_TriggerBsasRulesValidator), then
// the back end's rules against what the business submitted, then a summary of those figures as they stand.
import { randomUUID } from 'node:crypto';
import { taxYearEnd, taxYearOf, taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkNino, endpointError, isIsoDate } from '../../platform/validation';
import { nextCounter } from '../../state';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import { businessesOf, findSourceYear } from '../../taxpayerData';
import type { ApiContext } from '../types';
import { afterCurrentTaxYear, dateHasPassed, lastQuarterEnd, outsideAmendmentWindow, reportedUpTo, reportsQuarterly } from './rules';
import { snapshotOf } from './sources';
import { summariesOf, type BsasTypeOfBusiness } from './store';

interface TriggerBody {
  accountingPeriod: { startDate: string; endDate: string };
  typeOfBusiness: BsasTypeOfBusiness;
  businessId: string;
}

/** TriggerBsasValidator's minimum end dates (conf: v3TriggerNonForeignBsasMinimumTaxYear 2019-20, foreign 2021-22). */
const EARLIEST_END = { 'self-employment': '2019-04-06', 'uk-property': '2019-04-06', foreign: '2021-04-06' };

/** The business type each BSAS type belongs to (FHL was a part of a UK or foreign property business). */
const BUSINESS_TYPE: Record<BsasTypeOfBusiness, string> = {
  'self-employment': 'self-employment',
  'uk-property': 'uk-property',
  'uk-property-fhl': 'uk-property',
  'foreign-property': 'foreign-property',
  'foreign-property-fhl-eea': 'foreign-property',
};

/** The year variant comes from the tax year of accountingPeriod.endDate, which must be there and be a date (TriggerSchema). */
function variantYear(request: ApiRequest): string {
  const endDate = (request.body as { accountingPeriod?: { endDate?: unknown } } | undefined)?.accountingPeriod?.endDate;
  if (typeof endDate !== 'string') throw endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: ['/accountingPeriod/endDate'] });
  if (!isIsoDate(endDate)) throw endpointError(request.endpoint.oas, 'FORMAT_END_DATE');
  return taxYearOf(endDate);
}

function yearInRange(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= 1900 && year <= 2099;
}

function validate(request: ApiRequest): { body: TriggerBody; taxYear: string } {
  const taxYear = variantYear(request);
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  checkBody(errors, request.body, { variant: (schema) => schemaForTaxYear(schema, taxYear) });
  errors.throwIfAny();

  const body = request.body as TriggerBody;
  const { startDate, endDate } = body.accountingPeriod;
  if (!isIsoDate(startDate) || !yearInRange(startDate)) errors.add('FORMAT_START_DATE');
  if (!yearInRange(endDate)) errors.add('FORMAT_END_DATE');
  errors.throwIfAny();
  if (endDate < startDate) errors.add('RULE_END_DATE_BEFORE_START_DATE');
  errors.throwIfAny();
  const earliest = body.typeOfBusiness.startsWith('foreign') ? EARLIEST_END.foreign : EARLIEST_END['self-employment'];
  if (endDate < earliest) errors.add('RULE_ACCOUNTING_PERIOD_NOT_SUPPORTED');
  else if (startDate !== taxYearStart(taxYear) || endDate !== taxYearEnd(taxYear)) errors.add('RULE_ACCOUNTING_PERIOD_NOT_ALIGNED');
  errors.throwIfAny();
  return { body, taxYear };
}

export function triggerHandler(ctx: ApiContext): ApiHandler {
  return (request) => {
    const { body, taxYear } = validate(request);
    const nino = request.params.nino!;
    const oas = request.endpoint.oas;
    const fail = (code: string) => endpointError(oas, code);

    const business = businessesOf(ctx.state, nino)[body.businessId];
    if (!business || business.typeOfBusiness !== BUSINESS_TYPE[body.typeOfBusiness]) throw fail('MATCHING_RESOURCE_NOT_FOUND');
    if (afterCurrentTaxYear(taxYear, request.now)) throw fail('RULE_TAX_YEAR_NOT_SUPPORTED');
    if (!dateHasPassed(body.accountingPeriod.endDate, request.now)) throw fail('RULE_ACCOUNTING_PERIOD_NOT_ENDED');
    if (outsideAmendmentWindow(ctx.state, nino, taxYear, request.now)) throw fail('RULE_OUTSIDE_AMENDMENT_WINDOW');
    const { startDate, endDate } = body.accountingPeriod;
    // The business had no accounting period in the year: it started after it ended, or ceased before it began.
    if ((business.commencementDate && business.commencementDate > endDate) || (business.cessationDate && business.cessationDate < startDate)) {
      throw fail('RULE_NO_ACCOUNTING_PERIOD');
    }
    const source = findSourceYear(ctx.state, nino, body.businessId, taxYear);
    if (reportsQuarterly(ctx.state, nino, business, taxYear)) {
      const reached = reportedUpTo(source);
      if (!reached || reached < lastQuarterEnd(ctx.state, nino, business, taxYear)) throw fail('RULE_OBLIGATIONS_NOT_MET');
    }
    const snapshot = snapshotOf(source, business, body.typeOfBusiness, taxYear);
    if (!snapshot) throw fail('RULE_NO_ACCOUNTING_PERIOD');

    const calculationId = randomUUID();
    summariesOf(ctx.state, nino)[calculationId] = {
      calculationId,
      seq: nextCounter(ctx.state, 'bsas'),
      businessId: body.businessId,
      typeOfBusiness: body.typeOfBusiness,
      taxYear,
      accountingPeriod: { startDate, endDate },
      requestedDateTime: request.now.toISOString(),
      dataVersion: source?.lastChangedOn ?? null,
      ...snapshot,
    };
    ctx.changed();
    return { status: 200, body: { calculationId }, write: { nino, taxYear, businessId: body.businessId } };
  };
}

