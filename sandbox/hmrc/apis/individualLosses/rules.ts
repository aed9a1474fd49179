// Rules both versions share: the tax-year split between 6.0 and 7.0, the amendment window, which business a loss may be for.
import { finalDeclarationWindow } from '../../../../domain/calendar';
import { taxYearFromStartYear, taxYearOf, taxYearStartYear } from '../../../../domain/taxYear';
import type { ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkTaxYear } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import { finalDeclarations } from '../../taxpayerData';
import type { BusinessRecord, BusinessType } from '../testSupport';
import type { BroughtForwardLossType } from './store';

/** 6.0 serves tax years up to and including 2025-26; 7.0 from 2026-27 (HMRC README §3.6). */
export const LAST_V6_TAX_YEAR = '2025-26';
export const FIRST_V7_TAX_YEAR = '2026-27';
/** Minimum tax years in HMRC's path parameter descriptions (and the service's v6 `common` packages). */
export const FIRST_BROUGHT_FORWARD_TAX_YEAR = '2018-19';
export const FIRST_CLAIM_TAX_YEAR = '2019-20';
/** The FHL regime ended on 5 April 2025: no FHL brought-forward losses or carry-sideways-fhl claims from 2025-26. */
export const FIRST_TAX_YEAR_WITHOUT_FHL = '2025-26';

/**
 * A 6.0 tax year: HMRC's format, range and minimum, then the version's ceiling, which 6.0 reports as
 * RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED rather than RULE_TAX_YEAR_NOT_SUPPORTED. Body fields get their JSON pointer.
 */
export function checkV6TaxYear(errors: ErrorCollector, value: string | undefined, min: string, path?: string): string | null {
  const found = new ErrorCollector(errors.endpoint);
  const start = checkTaxYear(found, value, { min });
  const options = path ? { paths: [path] } : {};
  for (const error of found.errors) errors.add(error.code, options);
  if (start === null) return null;
  if (value! > LAST_V6_TAX_YEAR) {
    errors.add('RULE_TAX_YEAR_FOR_VERSION_NOT_SUPPORTED', options);
    return null;
  }
  return value!;
}

export function nextTaxYear(taxYear: string): string {
  return taxYearFromStartYear(taxYearStartYear(taxYear) + 1);
}

export function previousTaxYear(taxYear: string): string {
  return taxYearFromStartYear(taxYearStartYear(taxYear) - 1);
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function hasEnded(taxYear: string, now: Date): boolean {
  return taxYear < taxYearOf(today(now));
}

/** The sandbox-only `suspend-temporal-validations: true` header (HMRC 7.0 headers.yaml; also honoured by 6.0's service). */
export function temporalValidationsSuspended(request: ApiRequest): boolean {
  return request.header('suspend-temporal-validations')?.trim().toLowerCase() === 'true';
}

/** 12 months after the filing date (31 January after the year): 2025-26 can be amended until 31 January 2028 (README §5.4). */
export function amendmentWindowCloses(taxYear: string): string {
  const due = finalDeclarationWindow(taxYear).dueDate;
  return `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`;
}

/**
 * The amendment window is a post-declaration idea (README §5.4): before a final declaration a late return is still a
 * return, so only a declared year whose window has closed refuses changes.
 */
export function outsideAmendmentWindow(state: EmulatorState, nino: string, taxYear: string, now: Date): boolean {
  return hasFinalDeclaration(state, nino, taxYear) && today(now) > amendmentWindowCloses(taxYear);
}

export function hasFinalDeclaration(state: EmulatorState, nino: string, taxYear: string): boolean {
  // Read without creating a taxpayer for a NINO nothing was ever written for.
  return Boolean(state.taxpayers[nino] && finalDeclarations(state, nino)[taxYear]);
}

/** Which test businesses a loss type may belong to; property-unspecified businesses take either property type. */
const BUSINESS_TYPES_FOR_LOSS: Record<BroughtForwardLossType, BusinessType[]> = {
  'self-employment': ['self-employment'],
  'self-employment-class4': ['self-employment'],
  'uk-property': ['uk-property', 'property-unspecified'],
  'uk-property-fhl': ['uk-property', 'property-unspecified'],
  'foreign-property': ['foreign-property', 'property-unspecified'],
  'foreign-property-fhl-eea': ['foreign-property', 'property-unspecified'],
};

export function businessOf(state: EmulatorState, nino: string, businessId: string): BusinessRecord | undefined {
  return (state.taxpayers[nino]?.businesses as Record<string, BusinessRecord> | undefined)?.[businessId];
}

/** HMRC's INCOME_SOURCE_NOT_FOUND (404): the NINO has no business with that id, or not of that type. */
export function businessForLoss(state: EmulatorState, nino: string, businessId: string, typeOfLoss: BroughtForwardLossType): BusinessRecord | undefined {
  const business = businessOf(state, nino, businessId);
  return business && BUSINESS_TYPES_FOR_LOSS[typeOfLoss].includes(business.typeOfBusiness) ? business : undefined;
}

export function isPropertyBusiness(business: BusinessRecord): boolean {
  return business.typeOfBusiness !== 'self-employment';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
