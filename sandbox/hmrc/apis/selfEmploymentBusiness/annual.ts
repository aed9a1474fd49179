// Annual submissions: the year's adjustments, allowances and non-financial details; each PUT replaces the whole record.
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { findSourceYear, sourceYear } from '../../taxpayerData';
import type { ApiContext } from '../types';
import { TAX_YEARS, pathParameters, checkAmendmentWindow, checkShape, checkTaxYearStarted, selfEmployment } from './common';

interface BuildingAllowance {
  amount: number;
  building?: { name?: string; number?: string; postcode: string };
}

export interface AnnualBody {
  adjustments?: Record<string, number>;
  allowances?: Record<string, number | BuildingAllowance[] | undefined> & {
    structuredBuildingAllowance?: BuildingAllowance[];
    enhancedStructuredBuildingAllowance?: BuildingAllowance[];
  };
  nonFinancials?: { businessDetailsChangedRecently: boolean; class4NicsExemptionReason?: string };
}

const FIELD_CODES = {
  class4NicsExemptionReason: 'FORMAT_CLASS_4_EXEMPTION_REASON',
  name: 'FORMAT_STRING',
  number: 'FORMAT_STRING',
  postcode: 'FORMAT_STRING',
  qualifyingDate: 'FORMAT_DATE',
};

const BUILDING_ALLOWANCES = ['structuredBuildingAllowance', 'enhancedStructuredBuildingAllowance'] as const;

/**
 * The first tax year HMRC's back end takes an allowance for, of the four its RULE_ALLOWANCE_NOT_SUPPORTED message names
 * (the rule itself is not published): structures and buildings allowance began on 29 October 2018, the enhanced
 * (freeport) rate in 2021-22. Electric charge-point and zero-emission car allowances ran through every year whose
 * schema still has the field.
 */
const FIRST_YEAR_OF_ALLOWANCE: Record<string, string> = {
  structuredBuildingAllowance: '2018-19',
  enhancedStructuredBuildingAllowance: '2021-22',
};

function validate(request: ApiRequest): AnnualBody {
  const { nino, businessId, taxYear } = request.params;
  const oas = request.endpoint.oas;
  // HMRC picks the validator by tax year first, so a bad tax year is reported on its own.
  const yearErrors = new ErrorCollector(oas);
  checkTaxYear(yearErrors, taxYear, TAX_YEARS.annual);
  yearErrors.throwIfAny();
  const pathErrors = new ErrorCollector(oas);
  checkNino(pathErrors, nino);
  checkBusinessId(pathErrors, businessId);
  const rules = checkShape(request, pathErrors, { taxYear: taxYear!, fieldCodes: FIELD_CODES });

  const body = request.body as AnnualBody;
  const { adjustments, allowances } = body;
  if (allowances?.tradingIncomeAllowance !== undefined && Object.keys(allowances).some((k) => k !== 'tradingIncomeAllowance')) {
    rules.add('RULE_BOTH_ALLOWANCES_SUPPLIED');
  }
  if (adjustments?.transitionProfitAccelerationAmount !== undefined && adjustments.transitionProfitAmount === undefined) {
    rules.add('RULE_WRONG_TPA_AMOUNT_SUBMITTED');
  }
  // Basis period reform: 2023-24 was the last year overlap relief could be used.
  if (taxYear! >= '2024-25' && adjustments?.overlapReliefUsed !== undefined) {
    rules.add('RULE_OVERLAP_RELIEF_USED_NOT_ALLOWED', { paths: ['/adjustments/overlapReliefUsed'] });
  }
  for (const kind of BUILDING_ALLOWANCES) {
    allowances?.[kind]?.forEach((entry, i) => {
      if (entry.building?.name === undefined && entry.building?.number === undefined) {
        rules.add('RULE_BUILDING_NAME_NUMBER', { paths: [`/allowances/${kind}/${i}/building`] });
      }
    });
  }
  rules.throwIfAny();
  return body;
}

function checkPathParameters(request: ApiRequest): ReturnType<typeof pathParameters> {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  checkBusinessId(errors, request.params.businessId);
  checkTaxYear(errors, request.params.taxYear, TAX_YEARS.annual);
  errors.throwIfAny();
  return pathParameters(request);
}

export function annualHandlers(ctx: ApiContext) {
  const { state } = ctx;

  const createAmend: ApiHandler = (request) => {
    const body = validate(request);
    const { nino, businessId, taxYear } = pathParameters(request);
    selfEmployment(state, request);
    checkTaxYearStarted(request, taxYear);
    checkAmendmentWindow(state, request, taxYear);
    const unsupported = Object.entries(FIRST_YEAR_OF_ALLOWANCE).some(([field, first]) => body.allowances?.[field] !== undefined && taxYear < first);
    if (unsupported) throw endpointError(request.endpoint.oas, 'RULE_ALLOWANCE_NOT_SUPPORTED');

    const submittedOn = request.now.toISOString();
    const record = sourceYear(state, nino, businessId, taxYear);
    record.annual = { body: structuredClone(body) as Record<string, unknown>, submittedOn };
    record.lastChangedOn = submittedOn;
    ctx.changed();
    return { status: 204, write: { nino, taxYear, businessId } };
  };

  const retrieve: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = checkPathParameters(request);
    selfEmployment(state, request);
    const stored = findSourceYear(state, nino, businessId, taxYear)?.annual;
    if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: structuredClone(stored.body) };
  };

  const remove: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = checkPathParameters(request);
    selfEmployment(state, request);
    const record = findSourceYear(state, nino, businessId, taxYear);
    if (!record?.annual) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    checkAmendmentWindow(state, request, taxYear);
    delete record.annual;
    record.lastChangedOn = request.now.toISOString();
    ctx.changed();
    return { status: 204, write: { nino, taxYear, businessId } };
  };

  return { createAmend, retrieve, remove };
}
