// Retrieve a self-employment, UK property or foreign property adjustable summary by calculationId and tax year.
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { retrieveBody } from './render';
import { TAX_YEAR_PARAMETER_MINIMUM, afterCurrentTaxYear } from './rules';
import { findSummaries, kindOf, type BsasKind, type StoredSummary } from './store';

const CALCULATION_ID = /^([0-9]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;

/**
 * The path checks retrieve and adjust share. As HMRC's validator factories, a malformed tax year is answered on its
 * own; then NINO, calculation ID and the tax year's minimum together (`extra` adds the body's checks to the same round).
 */
export function checkSummaryPath(request: ApiRequest, extra?: (errors: ErrorCollector) => void): void {
  const oas = request.endpoint.oas;
  const yearErrors = new ErrorCollector(oas);
  checkTaxYear(yearErrors, request.params.taxYear);
  yearErrors.throwIfAny();
  const errors = new ErrorCollector(oas);
  checkNino(errors, request.params.nino);
  if (!CALCULATION_ID.test(request.params.calculationId ?? '')) errors.add('FORMAT_CALCULATION_ID');
  if (request.params.taxYear! < TAX_YEAR_PARAMETER_MINIMUM) {
    // The self-employment adjust endpoint does not document INVALID_TAX_YEAR_PARAMETER; it says RULE_TAX_YEAR_NOT_SUPPORTED.
    errors.add(Object.values(oas.responses).some((r) => r.errors.some((e) => e.code === 'INVALID_TAX_YEAR_PARAMETER')) ? 'INVALID_TAX_YEAR_PARAMETER' : 'RULE_TAX_YEAR_NOT_SUPPORTED');
  }
  extra?.(errors);
  errors.throwIfAny();
}

/** The back end's lookup: by NINO, calculation ID and tax year (another year's summary is not found), then its type. */
export function findSummary(ctx: ApiContext, request: ApiRequest, kind: BsasKind): StoredSummary {
  const { nino, calculationId, taxYear } = request.params;
  const oas = request.endpoint.oas;
  if (afterCurrentTaxYear(taxYear!, request.now)) throw endpointError(oas, 'RULE_TAX_YEAR_NOT_SUPPORTED');
  const summary = findSummaries(ctx.state, nino!).find((s) => s.calculationId === calculationId && s.taxYear === taxYear);
  if (!summary) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
  if (kindOf(summary.typeOfBusiness) !== kind) throw endpointError(oas, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
  return summary;
}

export function retrieveHandler(ctx: ApiContext, kind: BsasKind): ApiHandler {
  return (request) => {
    checkSummaryPath(request);
    const summary = findSummary(ctx, request, kind);
    return { status: 200, body: retrieveBody(ctx.state, request.params.nino!, summary, request.endpoint.oas.responses['200']?.schema) };
  };
}
