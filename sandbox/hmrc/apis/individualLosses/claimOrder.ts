// Individual Losses 6.0 Amend Loss Claims Order: the sequence in which a year's carry-sideways claims are used.
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkBody, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { checkClaimId, sidewaysClaims } from './lossClaims';
import { FIRST_CLAIM_TAX_YEAR, checkV6TaxYear, isObject, isOneOf, outsideAmendmentWindow } from './rules';
import { CLAIM_TYPES, findLossesStore, lossesStore, recordChange } from './store';

interface OrderBody {
  typeOfClaim: 'carry-sideways';
  listOfLossClaims: { claimId: string; sequence: number }[];
}

/** Sequence numbers are 1 to 99, start at 1 and have no gaps (v6 Def1_AmendLossClaimsOrderRulesValidator). */
function checkSequence(errors: ErrorCollector, body: OrderBody): void {
  body.listOfLossClaims.forEach(({ claimId, sequence }, i) => {
    checkClaimId(errors, claimId, `/listOfLossClaims/${i}/claimId`);
    if (sequence < 1 || sequence > 99) errors.add('FORMAT_VALUE', { paths: [`/listOfLossClaims/${i}/sequence`], message: 'The value must be between 1 and 99' });
  });
  const sequences = body.listOfLossClaims.map((c) => c.sequence).sort((a, b) => a - b);
  if (sequences[0] !== 1) errors.add('RULE_INVALID_SEQUENCE_START');
  if (sequences.some((s, i) => i > 0 && s - sequences[i - 1]! !== 1)) errors.add('RULE_SEQUENCE_ORDER_BROKEN');
}

export function claimOrderHandler(ctx: ApiContext): ApiHandler {
  return (request) => {
    const { nino, taxYearClaimedFor } = request.params;
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    // Only carry-sideways claims have an order; HMRC checks this first and on its own.
    if (isObject(request.body) && request.body.typeOfClaim !== undefined && (!isOneOf(request.body.typeOfClaim, CLAIM_TYPES) || request.body.typeOfClaim !== 'carry-sideways')) {
      errors.add('FORMAT_TYPE_OF_CLAIM');
      errors.throwIfAny();
    }
    checkNino(errors, nino);
    checkV6TaxYear(errors, taxYearClaimedFor, FIRST_CLAIM_TAX_YEAR);
    checkBody(errors, request.body);
    errors.throwIfAny();
    const body = request.body as OrderBody;
    checkSequence(errors, body);
    errors.throwIfAny();

    const store = findLossesStore(ctx.state, nino!);
    const claims = sidewaysClaims(store, taxYearClaimedFor!);
    const given = body.listOfLossClaims.map((c) => c.claimId);
    // HMRC's NOT_FOUND: "one or more claims were not found" (among the year's carry-sideways claims).
    if (given.some((id) => !claims.some((c) => c.claimId === id))) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (outsideAmendmentWindow(ctx.state, nino!, taxYearClaimedFor!, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const repeated = given.flatMap((id, i) => (given.indexOf(id) !== i ? [`/listOfLossClaims/${i}/claimId`] : []));
    if (repeated.length > 0) throw endpointError(oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: repeated });
    if (claims.some((c) => !given.includes(c.claimId))) throw endpointError(oas, 'RULE_LOSS_CLAIMS_MISSING');

    const now = request.now.toISOString();
    for (const { claimId, sequence } of body.listOfLossClaims) {
      const claim = store!.claims[claimId]!;
      claim.sequence = sequence;
      claim.lastModified = now;
    }
    recordChange(lossesStore(ctx.state, nino!), taxYearClaimedFor!, request.now);
    ctx.changed();
    return { status: 200, write: { nino: nino!, taxYear: taxYearClaimedFor! } };
  };
}
