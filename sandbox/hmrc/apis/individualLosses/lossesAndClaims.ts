// Individual Losses 7.0 (2026-27 onwards): one losses-and-claims resource per business per tax year, retrieved, replaced, deleted.
import { penceToPounds, poundsToPence } from '../../../../domain/money';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { FIRST_V7_TAX_YEAR, businessOf, hasEnded, isObject, isPropertyBusiness, outsideAmendmentWindow, previousTaxYear, temporalValidationsSuspended } from './rules';
import { findLossesStore, lossesAndClaimsKey, lossesStore, recordChange, type LossesAndClaimsAmounts, type LossesStore } from './store';

/** Every number in an HMRC body converted (pounds <-> pence); everything else kept as it is. */
function mapAmounts(value: unknown, convert: (n: number) => number): unknown {
  if (typeof value === 'number') return convert(value);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapAmounts(v, convert)]));
}

/** HMRC's ResolveNonEmptyJsonObject refuses empty objects anywhere in the body, naming each. */
function emptyObjectPaths(value: unknown, path = ''): string[] {
  if (!isObject(value)) return [];
  const entries = Object.entries(value);
  if (entries.length === 0) return [path || '/'];
  return entries.flatMap(([k, v]) => emptyObjectPaths(v, `${path}/${k}`));
}

/** nino, businessId and a 7.0 tax year (2026-27 onwards: earlier years are 6.0's, so "not supported" here). */
function checkPath(request: ApiRequest, errors: ErrorCollector): boolean {
  checkNino(errors, request.params.nino);
  checkBusinessId(errors, request.params.businessId);
  return checkTaxYear(errors, request.params.taxYear, { min: FIRST_V7_TAX_YEAR }) !== null;
}

/** v7 CreateAmendLossesAndClaimsRulesValidator: preference order only when both s64 claims are made; no carry-forward with terminal losses. */
function checkClaimRules(errors: ErrorCollector, body: LossesAndClaimsAmounts): void {
  const claims = body.claims;
  if (!claims) return;
  const preferenceRequired = claims.carryBack?.previousYearGeneralIncome !== undefined && claims.carrySideways?.currentYearGeneralIncome !== undefined;
  const preferenceGiven = claims.preferenceOrder?.applyFirst !== undefined;
  if (preferenceRequired && !preferenceGiven) errors.add('RULE_MISSING_PREFERENCE_ORDER', { paths: ['/claims'] });
  if (!preferenceRequired && preferenceGiven) errors.add('RULE_PREFERENCE_ORDER_NOT_ALLOWED', { paths: ['/claims/preferenceOrder/applyFirst'] });
  if (claims.carryBack?.terminalLosses !== undefined && claims.carryForward !== undefined) {
    errors.add('RULE_CARRY_FORWARD_AND_TERMINAL_LOSS_NOT_ALLOWED', { paths: ['/claims'] });
  }
}

/** A year's claims reach back: carry-back sets this year's loss against the previous year's income. */
function recordChanges(store: LossesStore, taxYear: string, now: Date): void {
  recordChange(store, taxYear, now);
  recordChange(store, previousTaxYear(taxYear), now);
}

export function lossesAndClaimsHandlers(ctx: ApiContext) {
  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkPath(request, errors);
    errors.throwIfAny();
    const { nino, businessId, taxYear } = request.params;
    const record = findLossesStore(ctx.state, nino!)?.lossesAndClaims[lossesAndClaimsKey(businessId!, taxYear!)];
    if (!record) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: { submittedOn: record.submittedOn, ...(mapAmounts(record.amounts, penceToPounds) as object) } };
  };

  const createOrAmend: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = request.params;
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    const supportedYear = checkPath(request, errors);
    if (supportedYear && !temporalValidationsSuspended(request) && !hasEnded(taxYear!, request.now)) errors.add('RULE_TAX_YEAR_NOT_ENDED');
    // HMRC resolves the body's shape with the path; amounts and preference order are checked with the rules after.
    const bodyErrors = new ErrorCollector(oas);
    const empty = emptyObjectPaths(request.body);
    if (isObject(request.body) && empty.length > 0 && empty[0] !== '/') errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: empty });
    else checkBody(bodyErrors, request.body, { fieldCodes: { applyFirst: 'FORMAT_PREFERENCE_ORDER' } });
    errors.errors.push(...bodyErrors.errors.filter((e) => e.code === 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED'));
    errors.throwIfAny();
    errors.errors.push(...bodyErrors.errors);
    const body = request.body as LossesAndClaimsAmounts;
    checkClaimRules(errors, body);
    errors.throwIfAny();

    const business = businessOf(ctx.state, nino!, businessId!);
    if (!business) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (outsideAmendmentWindow(ctx.state, nino!, taxYear!, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    if (isPropertyBusiness(business) && body.claims?.carryBack !== undefined) throw endpointError(oas, 'RULE_CARRY_BACK_CLAIM');

    const store = lossesStore(ctx.state, nino!);
    store.lossesAndClaims[lossesAndClaimsKey(businessId!, taxYear!)] = {
      businessId: businessId!,
      taxYear: taxYear!,
      submittedOn: request.now.toISOString(),
      amounts: mapAmounts(body, poundsToPence) as LossesAndClaimsAmounts,
    };
    recordChanges(store, taxYear!, request.now);
    ctx.changed();
    return { status: 204, write: { nino: nino!, taxYear: taxYear!, businessId: businessId! } };
  };

  const remove: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkPath(request, errors);
    errors.throwIfAny();
    const { nino, businessId, taxYear } = request.params;
    const key = lossesAndClaimsKey(businessId!, taxYear!);
    if (!findLossesStore(ctx.state, nino!)?.lossesAndClaims[key]) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (outsideAmendmentWindow(ctx.state, nino!, taxYear!, request.now)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const store = lossesStore(ctx.state, nino!);
    delete store.lossesAndClaims[key];
    recordChanges(store, taxYear!, request.now);
    ctx.changed();
    return { status: 204, write: { nino: nino!, taxYear: taxYear!, businessId: businessId! } };
  };

  return { retrieve, createOrAmend, remove };
}
