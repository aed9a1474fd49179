// List Business Source Adjustable Summaries for a tax year, optionally for one business or type of business.
import { taxYearStartYear } from '../../../../domain/taxYear';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { hmrcDateTime } from './render';
import { LIST_MINIMUM, afterCurrentTaxYear } from './rules';
import { findSummaries, statusOf, type StoredSummary } from './store';

const TYPES = ['self-employment', 'uk-property', 'foreign-property'];
const TYPES_WITH_FHL = [...TYPES, 'uk-property-fhl', 'foreign-property-fhl-eea'];

export function listHandler(ctx: ApiContext): ApiHandler {
  return (request) => {
    const { nino, taxYear } = request.params;
    const { typeOfBusiness, businessId } = request.query;
    const oas = request.endpoint.oas;
    // As ListBsasSchema: a malformed tax year is answered on its own.
    const yearErrors = new ErrorCollector(oas);
    checkTaxYear(yearErrors, taxYear);
    yearErrors.throwIfAny();

    const errors = new ErrorCollector(oas);
    checkNino(errors, nino);
    checkTaxYear(errors, taxYear, { min: LIST_MINIMUM });
    if (businessId !== undefined) checkBusinessId(errors, businessId);
    // Up to 2024-25 (Def1) the FHL types exist; from 2025-26 (Def2) they do not.
    const allowed = taxYearStartYear(taxYear!) <= 2024 ? TYPES_WITH_FHL : TYPES;
    if (typeOfBusiness !== undefined && !allowed.includes(typeOfBusiness)) errors.add('FORMAT_TYPE_OF_BUSINESS');
    errors.throwIfAny();
    if (afterCurrentTaxYear(taxYear!, request.now)) throw endpointError(oas, 'RULE_TAX_YEAR_NOT_SUPPORTED');

    const summaries = findSummaries(ctx.state, nino!).filter(
      (s) => s.taxYear === taxYear && (!businessId || s.businessId === businessId) && (!typeOfBusiness || s.typeOfBusiness === typeOfBusiness),
    );
    if (summaries.length === 0) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');

    const sources = new Map<string, StoredSummary[]>();
    for (const s of summaries) {
      const key = `${s.businessId}|${s.typeOfBusiness}`;
      sources.set(key, [...(sources.get(key) ?? []), s]);
    }
    const businessSources = [...sources.values()].map((group) => {
      const [first] = group;
      return {
        businessId: first!.businessId,
        typeOfBusiness: first!.typeOfBusiness,
        accountingPeriod: first!.accountingPeriod,
        taxYear: first!.taxYear,
        // Newest first, as HMRC's example lists them.
        summaries: [...group]
          .sort((a, b) => b.seq - a.seq)
          .map((s) => ({
            calculationId: s.calculationId,
            requestedDateTime: hmrcDateTime(s.requestedDateTime),
            summaryStatus: statusOf(ctx.state, nino!, s),
            adjustedSummary: Boolean(s.adjustment),
            ...(s.adjustment ? { adjustedDateTime: hmrcDateTime(s.adjustment.adjustedDateTime) } : {}),
          })),
      };
    });
    return { status: 200, body: { businessSources } };
  };
}
