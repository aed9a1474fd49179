// Checks the Property Business endpoints share beyond the body: ids, the request's date, the business named, and the
// amendment window after a final declaration.
import { taxYearStartYear } from '../../../../domain/taxYear';
import type { ApiRequest } from '../../platform/pipeline';
import { endpointError, isDocumented } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { FinalDeclaration } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';

export type PropertyType = 'uk-property' | 'foreign-property';

/** Annual submissions and ≤2024-25 periods: "The minimum tax year in Sandbox is 2021-22" (2022-23 in production). */
export const SANDBOX_FIRST_TAX_YEAR = '2021-22';

/** Property ids are UUIDs (HMRC parses them with java.util.UUID; any version). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Submission ids of ≤2024-25 periods: lower-case UUID v4 (common/pathParameters.yaml). */
const SUBMISSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: string | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function isSubmissionId(value: string | undefined): value is string {
  return typeof value === 'string' && SUBMISSION_ID.test(value);
}

/** The request's date, as HMRC's date rules see it. */
export function today(request: ApiRequest): string {
  return request.now.toISOString().slice(0, 10);
}

/** The taxpayer's business, without creating a taxpayer record for an unknown NINO. */
export function findBusiness(state: EmulatorState, nino: string, businessId: string): BusinessRecord | undefined {
  return (state.taxpayers[nino]?.businesses as Record<string, BusinessRecord> | undefined)?.[businessId];
}

/**
 * The property business the request names. No such business is 404; a business of another type is
 * RULE_TYPE_OF_BUSINESS_INCORRECT where the endpoint documents it, else 404 (HMRC's back end finds no such property
 * income source).
 */
export function requirePropertyBusiness(request: ApiRequest, state: EmulatorState, type: PropertyType | 'any-property'): BusinessRecord {
  const oas = request.endpoint.oas;
  const business = findBusiness(state, request.params.nino!, request.params.businessId!);
  if (!business) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
  const fits = type === 'any-property' ? business.typeOfBusiness === 'uk-property' || business.typeOfBusiness === 'foreign-property' : business.typeOfBusiness === type;
  if (!fits) throw endpointError(oas, isDocumented(oas, 'RULE_TYPE_OF_BUSINESS_INCORRECT') ? 'RULE_TYPE_OF_BUSINESS_INCORRECT' : 'MATCHING_RESOURCE_NOT_FOUND');
  return business;
}

/**
 * After a final declaration a year can be amended until 12 months after its filing date, 31 January after the year:
 * 2025-26 until 31 January 2028 (HMRC README §5.4). A year without a final declaration has no such window.
 */
export function outsideAmendmentWindow(state: EmulatorState, nino: string, taxYear: string, now: Date): boolean {
  const declared = (state.taxpayers[nino]?.finalDeclarations as Record<string, FinalDeclaration> | undefined)?.[taxYear];
  if (!declared) return false;
  return now.toISOString().slice(0, 10) > `${taxYearStartYear(taxYear) + 3}-01-31`;
}

export function checkAmendmentWindow(request: ApiRequest, state: EmulatorState, taxYear: string): void {
  if (outsideAmendmentWindow(state, request.params.nino!, taxYear, request.now)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
}
