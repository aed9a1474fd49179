// Business Details' shared checks: path formats, HMRC's minimum tax years, the amendment window and temporal validation.
import { finalDeclarationWindow } from '../../../../domain/calendar';
import { taxYearEnd, taxYearOf } from '../../../../domain/taxYear';
import type { ApiRequest } from '../../platform/pipeline';
import { type ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import { storedBusiness } from './records';

/**
 * "The minimum tax year is 2025-26 ... (The minimum tax year in Sandbox is 2024-25.)" The emulator stands in for
 * HMRC's sandbox (it serves Gov-Test-Scenario and Test Support), so it takes the sandbox's minimum.
 */
export const MINIMUM_TAX_YEAR = '2024-25';

export function today(request: ApiRequest): string {
  return request.now.toISOString().slice(0, 10);
}

export function currentTaxYear(request: ApiRequest): string {
  return taxYearOf(today(request));
}

/** The nino, businessId and taxYear path checks every per-year endpoint starts with, collected into `errors`. */
export function checkYearPath(errors: ErrorCollector, request: ApiRequest, range: { min?: string } = {}): void {
  checkNino(errors, request.params.nino);
  checkBusinessId(errors, request.params.businessId);
  checkTaxYear(errors, request.params.taxYear, range);
}

/** The business, or 404 MATCHING_RESOURCE_NOT_FOUND; `selfEmploymentOnly` for the endpoints where "Property business IDs will return a 404". */
export function businessOr404(state: EmulatorState, request: ApiRequest, options: { selfEmploymentOnly?: boolean } = {}): BusinessRecord {
  const business = storedBusiness(state, request.params.nino!, request.params.businessId!);
  if (!business || (options.selfEmploymentOnly && business.typeOfBusiness !== 'self-employment')) {
    throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
  }
  return business;
}

/** Post-finalisation amendments close 12 months after the filing date, 31 January after the tax year (HMRC README §5.4). */
export function amendmentWindowEnd(taxYear: string): string {
  const due = finalDeclarationWindow(taxYear).dueDate;
  return `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`;
}

export function finalDeclarationMade(state: EmulatorState, nino: string, taxYear: string): boolean {
  return Boolean((state.taxpayers[nino]?.finalDeclarations as Record<string, unknown> | undefined)?.[taxYear]);
}

/**
 * `suspend-temporal-validations: true` turns off "tax year not ended" checks in HMRC's sandbox; HMRC reads the value
 * with commons-lang BooleanUtils.toBoolean, so yes/on/y/t count as true too.
 */
export function temporalValidationSuspended(request: ApiRequest): boolean {
  return ['true', 'yes', 'on', 'y', 't'].includes((request.header('suspend-temporal-validations') ?? '').trim().toLowerCase());
}

export function taxYearEnded(request: ApiRequest, taxYear: string): boolean {
  return today(request) > taxYearEnd(taxYear);
}
