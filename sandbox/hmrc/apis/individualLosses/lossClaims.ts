// Individual Losses 6.0 loss claims: create, list, retrieve, delete, change type of claim (tax years up to 2025-26).
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkBusinessId, checkNino, endpointError } from '../../platform/validation';
import type { BusinessRecord } from '../testSupport';
import type { ApiContext } from '../types';
import { FIRST_CLAIM_TAX_YEAR, FIRST_TAX_YEAR_WITHOUT_FHL, businessForLoss, checkV6TaxYear, isObject, isOneOf, outsideAmendmentWindow, today } from './rules';
import {
  CLAIM_LOSS_TYPES,
  CLAIM_TYPES,
  findLossesStore,
  lossesStore,
  newLossOrClaimId,
  recordChange,
  type ClaimLossType,
  type LossClaim,
  type LossesStore,
  type TypeOfClaim,
} from './store';

const CLAIM_ID = /^[A-Za-z0-9]{15}$/;

/** HMRC's RULE_TYPE_OF_CLAIM_INVALID table (v6 Def1_CreateLossClaimValidator). */
const CLAIM_TYPES_FOR_LOSS: Record<ClaimLossType, TypeOfClaim[]> = {
  'self-employment': ['carry-forward', 'carry-sideways'],
  'uk-property': ['carry-sideways', 'carry-sideways-fhl', 'carry-forward-to-carry-sideways'],
  'foreign-property': ['carry-sideways', 'carry-sideways-fhl', 'carry-forward-to-carry-sideways'],
};

interface CreateBody {
  taxYearClaimedFor: string;
  typeOfLoss: ClaimLossType;
  typeOfClaim: TypeOfClaim;
  businessId: string;
}

export function checkClaimId(errors: ErrorCollector, claimId: string | undefined, path?: string): void {
  if (!CLAIM_ID.test(claimId ?? '')) errors.add('FORMAT_CLAIM_ID', path ? { paths: [path] } : {});
}

export function claimDetails(claim: LossClaim) {
  return {
    taxYearClaimedFor: claim.taxYearClaimedFor,
    typeOfLoss: claim.typeOfLoss,
    typeOfClaim: claim.typeOfClaim,
    businessId: claim.businessId,
    ...(claim.sequence !== undefined ? { sequence: claim.sequence } : {}),
    lastModified: claim.lastModified,
  };
}

/** The year's carry-sideways claims in their order of use. */
export function sidewaysClaims(store: LossesStore | undefined, taxYear: string): LossClaim[] {
  return Object.values(store?.claims ?? {})
    .filter((c) => c.taxYearClaimedFor === taxYear && c.typeOfClaim === 'carry-sideways')
    .sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity));
}

/** Keeps the year's sequence 1..n without gaps after a claim joins or leaves carry-sideways (docs: no gaps allowed). */
function renumberSideways(store: LossesStore, taxYear: string): void {
  sidewaysClaims(store, taxYear).forEach((claim, i) => {
    claim.sequence = i + 1;
  });
  for (const claim of Object.values(store.claims)) if (claim.typeOfClaim !== 'carry-sideways') delete claim.sequence;
}

/** The accounting period of the claim's year: the tax year itself, cut short by commencement or cessation. */
function accountingPeriod(business: BusinessRecord, taxYear: string): { start: string; end: string } | null {
  const later = (a: string, b: string | undefined) => (b !== undefined && b > a ? b : a);
  const earlier = (a: string, b: string | undefined) => (b !== undefined && b < a ? b : a);
  const start = later(later(taxYearStart(taxYear), business.commencementDate), business.firstAccountingPeriodStartDate);
  const end = earlier(taxYearEnd(taxYear), business.cessationDate);
  return start <= end ? { start, end } : null;
}

/** The claim in the path; the path's tax year must be the year it was claimed for. */
function findClaim(request: ApiRequest, ctx: ApiContext): LossClaim {
  const { nino, claimId, taxYearClaimedFor } = request.params;
  const claim = findLossesStore(ctx.state, nino!)?.claims[claimId!];
  if (!claim || (taxYearClaimedFor !== undefined && claim.taxYearClaimedFor !== taxYearClaimedFor)) {
    throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
  }
  return claim;
}

export function lossClaimHandlers(ctx: ApiContext) {
  const create: ApiHandler = (request) => {
    const { nino } = request.params;
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    // HMRC checks the two enumerations first, together (v6 Def1_CreateLossClaimValidator).
    if (isObject(request.body)) {
      const { typeOfLoss, typeOfClaim } = request.body;
      if (typeOfLoss !== undefined && !isOneOf(typeOfLoss, CLAIM_LOSS_TYPES)) errors.add('FORMAT_TYPE_OF_LOSS', { paths: ['/typeOfLoss'] });
      if (typeOfClaim !== undefined && !isOneOf(typeOfClaim, CLAIM_TYPES)) errors.add('FORMAT_TYPE_OF_CLAIM', { paths: ['/typeOfClaim'] });
      errors.throwIfAny();
    }
    checkNino(errors, nino);
    checkBody(errors, request.body);
    errors.throwIfAny();
    const body = request.body as CreateBody;
    const year = checkV6TaxYear(errors, body.taxYearClaimedFor, FIRST_CLAIM_TAX_YEAR, '/taxYearClaimedFor');
    if (!CLAIM_TYPES_FOR_LOSS[body.typeOfLoss].includes(body.typeOfClaim)) errors.add('RULE_TYPE_OF_CLAIM_INVALID');
    errors.throwIfAny();

    const business = businessForLoss(ctx.state, nino!, body.businessId, body.typeOfLoss);
    if (!business) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (outsideAmendmentWindow(ctx.state, nino!, year!, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const period = accountingPeriod(business, year!);
    if (!period) throw endpointError(oas, 'RULE_NO_ACCOUNTING_PERIOD');
    if (today(request.now) <= period.end) throw endpointError(oas, 'RULE_ACCOUNTING_PERIOD_NOT_ENDED');
    if (body.typeOfClaim === 'carry-sideways-fhl' && year! >= FIRST_TAX_YEAR_WITHOUT_FHL) throw endpointError(oas, 'RULE_CSFHL_CLAIM_NOT_SUPPORTED');
    const store = lossesStore(ctx.state, nino!);
    const claims = Object.values(store.claims);
    if (claims.some((c) => c.businessId === body.businessId && c.taxYearClaimedFor === year && c.typeOfClaim === body.typeOfClaim)) {
      throw endpointError(oas, 'RULE_DUPLICATE_SUBMISSION');
    }

    const claimId = newLossOrClaimId(store);
    store.claims[claimId] = {
      claimId,
      businessId: body.businessId,
      typeOfLoss: body.typeOfLoss,
      typeOfClaim: body.typeOfClaim,
      taxYearClaimedFor: year!,
      lastModified: request.now.toISOString(),
    };
    // A new carry-sideways claim is used after the year's existing ones until the order is amended.
    if (body.typeOfClaim === 'carry-sideways') store.claims[claimId]!.sequence = sidewaysClaims(store, year!).length;
    recordChange(store, year!, request.now);
    ctx.changed();
    return { status: 201, body: { claimId }, write: { nino: nino!, taxYear: year!, businessId: body.businessId } };
  };

  const list: ApiHandler = (request) => {
    const { nino, taxYearClaimedFor } = request.params;
    const { typeOfLoss, businessId, typeOfClaim } = request.query;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkV6TaxYear(errors, taxYearClaimedFor, FIRST_CLAIM_TAX_YEAR);
    if (typeOfLoss !== undefined && !isOneOf(typeOfLoss, CLAIM_LOSS_TYPES)) errors.add('FORMAT_TYPE_OF_LOSS');
    if (businessId !== undefined) checkBusinessId(errors, businessId);
    // Only carry-sideways may be asked for (v6 Def1_ListLossClaimsValidator).
    if (typeOfClaim !== undefined && typeOfClaim !== 'carry-sideways') errors.add('FORMAT_TYPE_OF_CLAIM');
    errors.throwIfAny();
    const claims = Object.values(findLossesStore(ctx.state, nino!)?.claims ?? {}).filter(
      (c) =>
        c.taxYearClaimedFor === taxYearClaimedFor &&
        (typeOfLoss === undefined || c.typeOfLoss === typeOfLoss) &&
        (businessId === undefined || c.businessId === businessId) &&
        (typeOfClaim === undefined || c.typeOfClaim === typeOfClaim),
    );
    if (claims.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const items = claims.map((c) => ({
      businessId: c.businessId,
      typeOfLoss: c.typeOfLoss,
      typeOfClaim: c.typeOfClaim,
      taxYearClaimedFor: c.taxYearClaimedFor,
      claimId: c.claimId,
      ...(c.sequence !== undefined ? { sequence: c.sequence } : {}),
      lastModified: c.lastModified,
    }));
    return { status: 200, body: { claims: items } };
  };

  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    checkClaimId(errors, request.params.claimId);
    errors.throwIfAny();
    return { status: 200, body: claimDetails(findClaim(request, ctx)) };
  };

  const remove: ApiHandler = (request) => {
    const { nino, claimId, taxYearClaimedFor } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkV6TaxYear(errors, taxYearClaimedFor, FIRST_CLAIM_TAX_YEAR);
    checkClaimId(errors, claimId);
    errors.throwIfAny();
    const claim = findClaim(request, ctx);
    if (outsideAmendmentWindow(ctx.state, nino!, claim.taxYearClaimedFor, request.now)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const store = lossesStore(ctx.state, nino!);
    delete store.claims[claim.claimId];
    renumberSideways(store, claim.taxYearClaimedFor);
    recordChange(store, claim.taxYearClaimedFor, request.now);
    ctx.changed();
    return { status: 204, write: { nino: nino!, taxYear: claim.taxYearClaimedFor, businessId: claim.businessId } };
  };

  const changeType: ApiHandler = (request) => {
    const { nino, claimId, taxYearClaimedFor } = request.params;
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    // HMRC checks typeOfClaim first and on its own (v6 Def1_AmendLossClaimTypeValidator).
    if (isObject(request.body) && request.body.typeOfClaim !== undefined && !isOneOf(request.body.typeOfClaim, CLAIM_TYPES)) {
      errors.add('FORMAT_TYPE_OF_CLAIM', { paths: ['/typeOfClaim'] });
      errors.throwIfAny();
    }
    checkNino(errors, nino);
    checkClaimId(errors, claimId);
    checkBody(errors, request.body);
    checkV6TaxYear(errors, taxYearClaimedFor, FIRST_CLAIM_TAX_YEAR);
    errors.throwIfAny();
    const typeOfClaim = (request.body as { typeOfClaim: TypeOfClaim }).typeOfClaim;

    const claim = findClaim(request, ctx);
    if (outsideAmendmentWindow(ctx.state, nino!, claim.taxYearClaimedFor, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    if (!CLAIM_TYPES_FOR_LOSS[claim.typeOfLoss].includes(typeOfClaim)) throw endpointError(oas, 'RULE_TYPE_OF_CLAIM_INVALID');
    if (typeOfClaim === 'carry-sideways-fhl' && claim.taxYearClaimedFor >= FIRST_TAX_YEAR_WITHOUT_FHL) throw endpointError(oas, 'RULE_CSFHL_CLAIM_NOT_SUPPORTED');
    const store = lossesStore(ctx.state, nino!);
    // Unchanged, or the same as another claim of this income source and year: HMRC's message for both is
    // "This claim matches a previous submission".
    const matchesAnother = Object.values(store.claims).some(
      (c) => c.claimId !== claim.claimId && c.businessId === claim.businessId && c.taxYearClaimedFor === claim.taxYearClaimedFor && c.typeOfClaim === typeOfClaim,
    );
    if (typeOfClaim === claim.typeOfClaim || matchesAnother) throw endpointError(oas, 'RULE_NO_CHANGE');

    // A claim turning carry-sideways is used after the year's other sideways claims until the order is amended.
    const lastInOrder = sidewaysClaims(store, claim.taxYearClaimedFor).length + 1;
    claim.typeOfClaim = typeOfClaim;
    claim.lastModified = request.now.toISOString();
    if (typeOfClaim === 'carry-sideways') claim.sequence = lastInOrder;
    renumberSideways(store, claim.taxYearClaimedFor);
    recordChange(store, claim.taxYearClaimedFor, request.now);
    ctx.changed();
    return { status: 200, body: claimDetails(claim), write: { nino: nino!, taxYear: claim.taxYearClaimedFor, businessId: claim.businessId } };
  };

  return { create, list, retrieve, remove, changeType };
}
