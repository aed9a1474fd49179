// Individual Losses 6.0 brought-forward losses: create, list, retrieve, change amount, delete (tax years up to 2025-26).
import { penceToPounds, poundsToPence } from '../../../../domain/money';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkBusinessId, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import {
  FIRST_BROUGHT_FORWARD_TAX_YEAR,
  FIRST_TAX_YEAR_WITHOUT_FHL,
  businessForLoss,
  checkV6TaxYear,
  hasEnded,
  hasFinalDeclaration,
  isObject,
  isOneOf,
  nextTaxYear,
  outsideAmendmentWindow,
  temporalValidationsSuspended,
} from './rules';
import {
  BROUGHT_FORWARD_LOSS_TYPES,
  findLossesStore,
  lossesStore,
  newLossOrClaimId,
  recordChange,
  type BroughtForwardLoss,
  type BroughtForwardLossType,
} from './store';

const LOSS_ID = /^[A-Za-z0-9]{15}$/;
/** The list filter is HMRC's income source type: `self-employment` covers Class 4 losses too (v6 TypeOfLoss). */
const LIST_FILTERS: Record<string, BroughtForwardLossType[]> = {
  'self-employment': ['self-employment', 'self-employment-class4'],
  'uk-property-fhl': ['uk-property-fhl'],
  'uk-property': ['uk-property'],
  'foreign-property-fhl-eea': ['foreign-property-fhl-eea'],
  'foreign-property': ['foreign-property'],
};
const FHL_TYPES: BroughtForwardLossType[] = ['uk-property-fhl', 'foreign-property-fhl-eea'];

interface CreateBody {
  taxYearBroughtForwardFrom: string;
  typeOfLoss: BroughtForwardLossType;
  businessId: string;
  lossAmount: number;
}

/**
 * The tax year whose calculation uses the loss. Clients differ on the create URL's {taxYear}: the loss's own year
 * (as the URL reads) or the year it is brought into (HMRC's own tests post a 2018-19 loss under 2023-24). The later
 * of the URL's year and the year after the loss serves both, and never uses a loss before it arose.
 */
export function yearBroughtInto(loss: Pick<BroughtForwardLoss, 'taxYear' | 'taxYearBroughtForwardFrom'>): string {
  const following = nextTaxYear(loss.taxYearBroughtForwardFrom);
  return loss.taxYear > following ? loss.taxYear : following;
}

function details(loss: BroughtForwardLoss) {
  return {
    businessId: loss.businessId,
    typeOfLoss: loss.typeOfLoss,
    lossAmount: penceToPounds(loss.lossAmount),
    taxYearBroughtForwardFrom: loss.taxYearBroughtForwardFrom,
    lastModified: loss.lastModified,
  };
}

function checkLossId(errors: ErrorCollector, lossId: string | undefined): void {
  if (!LOSS_ID.test(lossId ?? '')) errors.add('FORMAT_LOSS_ID');
}

/** The loss named in the path; the path's tax year must be one it is known by, as HMRC files losses by year. */
function findLoss(request: ApiRequest, ctx: ApiContext): BroughtForwardLoss {
  const { nino, lossId, taxYear } = request.params;
  const loss = findLossesStore(ctx.state, nino!)?.broughtForward[lossId!];
  if (!loss || (taxYear !== undefined && taxYear !== loss.taxYear && taxYear !== loss.taxYearBroughtForwardFrom)) {
    throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
  }
  return loss;
}

export function broughtForwardLossHandlers(ctx: ApiContext) {
  const create: ApiHandler = (request) => {
    const { nino, taxYear } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    // HMRC checks typeOfLoss first and on its own (v6 Def1_CreateBFLossValidator).
    if (isObject(request.body) && request.body.typeOfLoss !== undefined && !isOneOf(request.body.typeOfLoss, BROUGHT_FORWARD_LOSS_TYPES)) {
      errors.add('FORMAT_TYPE_OF_LOSS', { paths: ['/typeOfLoss'] });
      errors.throwIfAny();
    }
    checkNino(errors, nino);
    checkV6TaxYear(errors, taxYear, FIRST_BROUGHT_FORWARD_TAX_YEAR);
    checkBody(errors, request.body);
    errors.throwIfAny();
    const body = request.body as CreateBody;
    const from = checkV6TaxYear(errors, body.taxYearBroughtForwardFrom, FIRST_BROUGHT_FORWARD_TAX_YEAR, '/taxYearBroughtForwardFrom');
    if (from && !temporalValidationsSuspended(request) && !hasEnded(from, request.now)) {
      errors.add('RULE_TAX_YEAR_NOT_ENDED', { paths: ['/taxYearBroughtForwardFrom'] });
    }
    errors.throwIfAny();

    const oas = request.endpoint.oas;
    if (!businessForLoss(ctx.state, nino!, body.businessId, body.typeOfLoss)) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const usedIn = yearBroughtInto({ taxYear: taxYear!, taxYearBroughtForwardFrom: from! });
    if (outsideAmendmentWindow(ctx.state, nino!, usedIn, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const latestYearNamed = taxYear! > from! ? taxYear! : from!;
    if (FHL_TYPES.includes(body.typeOfLoss) && latestYearNamed >= FIRST_TAX_YEAR_WITHOUT_FHL) throw endpointError(oas, 'RULE_BFL_NOT_SUPPORTED_FOR_FHL_PROPERTIES');
    const store = lossesStore(ctx.state, nino!);
    const duplicate = Object.values(store.broughtForward).some(
      (l) => l.businessId === body.businessId && l.typeOfLoss === body.typeOfLoss && l.taxYearBroughtForwardFrom === from,
    );
    if (duplicate) throw endpointError(oas, 'RULE_DUPLICATE_SUBMISSION');

    const lossId = newLossOrClaimId(store);
    store.broughtForward[lossId] = {
      lossId,
      businessId: body.businessId,
      typeOfLoss: body.typeOfLoss,
      lossAmount: poundsToPence(body.lossAmount),
      taxYearBroughtForwardFrom: from!,
      taxYear: taxYear!,
      lastModified: request.now.toISOString(),
    };
    recordChange(store, usedIn, request.now);
    ctx.changed();
    return { status: 201, body: { lossId }, write: { nino: nino!, taxYear: usedIn, businessId: body.businessId } };
  };

  const list: ApiHandler = (request) => {
    const { nino, taxYearBroughtForwardFrom } = request.params;
    const { typeOfLoss, businessId } = request.query;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkV6TaxYear(errors, taxYearBroughtForwardFrom, FIRST_BROUGHT_FORWARD_TAX_YEAR);
    if (typeOfLoss !== undefined && !LIST_FILTERS[typeOfLoss]) errors.add('FORMAT_TYPE_OF_LOSS');
    if (businessId !== undefined) checkBusinessId(errors, businessId);
    errors.throwIfAny();
    const losses = Object.values(findLossesStore(ctx.state, nino!)?.broughtForward ?? {}).filter(
      (l) =>
        l.taxYearBroughtForwardFrom === taxYearBroughtForwardFrom &&
        (typeOfLoss === undefined || LIST_FILTERS[typeOfLoss]!.includes(l.typeOfLoss)) &&
        (businessId === undefined || l.businessId === businessId),
    );
    // HMRC never answers an empty list (schema: "An empty array will never be returned").
    if (losses.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: { losses: losses.map((l) => ({ lossId: l.lossId, ...details(l) })) } };
  };

  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    checkLossId(errors, request.params.lossId);
    errors.throwIfAny();
    return { status: 200, body: details(findLoss(request, ctx)) };
  };

  const changeAmount: ApiHandler = (request) => {
    const { nino, lossId, taxYear } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    // HMRC looks at lossAmount before anything else (v6 Def1_AmendBFLossValidator).
    const amount = isObject(request.body) ? request.body.lossAmount : undefined;
    if (amount === undefined) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    else if (typeof amount !== 'number') errors.add('FORMAT_VALUE', { paths: ['/lossAmount'] });
    errors.throwIfAny();
    checkNino(errors, nino);
    checkLossId(errors, lossId);
    checkV6TaxYear(errors, taxYear, FIRST_BROUGHT_FORWARD_TAX_YEAR);
    checkBody(errors, request.body);
    errors.throwIfAny();

    const loss = findLoss(request, ctx);
    const usedIn = yearBroughtInto(loss);
    if (outsideAmendmentWindow(ctx.state, nino!, usedIn, request.now)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const lossAmount = poundsToPence(amount as number);
    if (lossAmount === loss.lossAmount) throw endpointError(request.endpoint.oas, 'RULE_NO_CHANGE');
    loss.lossAmount = lossAmount;
    loss.lastModified = request.now.toISOString();
    recordChange(lossesStore(ctx.state, nino!), usedIn, request.now);
    ctx.changed();
    return { status: 200, body: details(loss), write: { nino: nino!, taxYear: usedIn, businessId: loss.businessId } };
  };

  const remove: ApiHandler = (request) => {
    const { nino, lossId, taxYear } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkLossId(errors, lossId);
    checkV6TaxYear(errors, taxYear, FIRST_BROUGHT_FORWARD_TAX_YEAR);
    errors.throwIfAny();

    const loss = findLoss(request, ctx);
    const usedIn = yearBroughtInto(loss);
    if (outsideAmendmentWindow(ctx.state, nino!, usedIn, request.now)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    // A loss a final declaration used stays; HMRC's advice is to amend its amount to zero instead.
    if (hasFinalDeclaration(ctx.state, nino!, usedIn)) throw endpointError(request.endpoint.oas, 'RULE_DELETE_AFTER_FINAL_DECLARATION');
    const store = lossesStore(ctx.state, nino!);
    delete store.broughtForward[loss.lossId];
    recordChange(store, usedIn, request.now);
    ctx.changed();
    return { status: 204, write: { nino: nino!, taxYear: usedIn, businessId: loss.businessId } };
  };

  return { create, list, retrieve, changeAmount, remove };
}
