// Annual submissions (adjustments and allowances) for UK and foreign property, and their deletion. Each PUT replaces
// the whole annual record for the business and year.
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { findSourceYear, sourceYear } from '../../taxpayerData';
import type { ApiContext } from '../types';
import { checkBodyInStages, checkCountryCode, checkDuplicatePropertyIds, isDateInRange } from './bodyChecks';
import { propertiesInYear } from './foreignProperties';
import { SANDBOX_FIRST_TAX_YEAR, checkAmendmentWindow, isUuid, requirePropertyBusiness, type PropertyType } from './requestChecks';

const FIRST_PROPERTY_ID_YEAR = '2026-27';
const BUILDING_ALLOWANCES = ['structuredBuildingAllowance', 'enhancedStructuredBuildingAllowance'];
const STRING_FIELDS = { name: 'FORMAT_STRING', number: 'FORMAT_STRING', postcode: 'FORMAT_STRING' };

type Json = Record<string, unknown>;

/** One property's adjustments and allowances, wherever the year's definition puts them, with its JSON pointer. */
interface AnnualPart {
  path: string;
  adjustments?: Json;
  allowances?: Json;
  countryCode?: string;
  propertyId?: string;
}

function annualParts(body: Json): AnnualPart[] {
  const parts: AnnualPart[] = [];
  for (const key of ['ukFhlProperty', 'ukProperty', 'foreignFhlEea']) {
    if (body[key] !== undefined) parts.push({ path: `/${key}`, ...(body[key] as Json) });
  }
  ((body.foreignProperty as Json[] | undefined) ?? []).forEach((entry, i) => parts.push({ path: `/foreignProperty/${i}`, ...entry }));
  return parts;
}

interface BuildingAllowance {
  firstYear?: { qualifyingDate: string };
  building: { name?: string; number?: string };
}

/** HMRC's validators' rules for each property's allowances: the property income allowance alone; named buildings. */
function checkAllowances(errors: ErrorCollector, part: AnnualPart): void {
  const allowances = part.allowances;
  if (!allowances) return;
  if (allowances.propertyIncomeAllowance !== undefined && Object.keys(allowances).some((key) => key !== 'propertyIncomeAllowance')) {
    errors.add('RULE_BOTH_ALLOWANCES_SUPPLIED', { paths: [`${part.path}/allowances`] });
  }
  for (const kind of BUILDING_ALLOWANCES) {
    ((allowances[kind] as BuildingAllowance[] | undefined) ?? []).forEach((entry, i) => {
      const at = `${part.path}/allowances/${kind}/${i}`;
      if (entry.firstYear && !isDateInRange(entry.firstYear.qualifyingDate)) errors.add('FORMAT_DATE', { paths: [`${at}/firstYear/qualifyingDate`] });
      if (entry.building.name === undefined && entry.building.number === undefined) errors.add('RULE_BUILDING_NAME_NUMBER', { paths: [`${at}/building`] });
    });
  }
}

function checkPath(request: ApiRequest): { nino: string; businessId: string; taxYear: string; errors: ErrorCollector } {
  const { nino, businessId, taxYear } = request.params;
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, nino);
  checkBusinessId(errors, businessId);
  const yearOk = checkTaxYear(errors, taxYear, { min: SANDBOX_FIRST_TAX_YEAR }) !== null;
  if (!yearOk) errors.throwIfAny();
  return { nino: nino!, businessId: businessId!, taxYear: taxYear!, errors };
}

export function annualHandlers({ state, changed }: ApiContext) {
  const createOrAmend =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, errors } = checkPath(request);
      const values = checkBodyInStages(errors, request.body, { taxYear, fieldCodes: STRING_FIELDS });
      const body = request.body as Json;
      const parts = annualParts(body);
      const byPropertyId = type === 'foreign-property' && taxYear >= FIRST_PROPERTY_ID_YEAR;
      const entries = parts.filter((p) => p.path.startsWith('/foreignProperty/'));
      for (const part of parts) {
        if (part.countryCode !== undefined) checkCountryCode(values, part.countryCode, `${part.path}/countryCode`);
        if (byPropertyId && part.propertyId !== undefined && !isUuid(part.propertyId)) values.add('FORMAT_PROPERTY_ID', { paths: [`${part.path}/propertyId`] });
        checkAllowances(values, part);
      }
      if (byPropertyId) checkDuplicatePropertyIds(values, entries.map((e) => e.propertyId), '/foreignProperty');
      values.throwIfAny();

      // What HMRC's back end decides, one error at a time.
      const oas = request.endpoint.oas;
      requirePropertyBusiness(request, state, type);
      checkAmendmentWindow(request, state, taxYear);
      if (type === 'foreign-property' && !byPropertyId) {
        const codes = entries.map((e) => e.countryCode);
        if (new Set(codes).size !== codes.length) throw endpointError(oas, 'RULE_DUPLICATE_COUNTRY_CODE');
      }
      if (byPropertyId) {
        const registered = new Set(propertiesInYear(state, nino, businessId, taxYear).map((p) => p.propertyId));
        if (entries.some((e) => !registered.has(e.propertyId!))) throw endpointError(oas, 'RULE_PROPERTY_ID_MISMATCH');
      }
      if (parts.some((p) => p.allowances?.propertyIncomeAllowance !== undefined && p.adjustments?.privateUseAdjustment !== undefined)) {
        throw endpointError(oas, 'RULE_PROPERTY_INCOME_ALLOWANCE');
      }

      const submittedOn = request.now.toISOString();
      const record = sourceYear(state, nino, businessId, taxYear);
      record.annual = { body: structuredClone(body), submittedOn };
      record.lastChangedOn = submittedOn;
      changed();
      // HMRC's definition: 200 with no body.
      return { status: 200, write: { nino, taxYear, businessId } };
    };

  const retrieve =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, errors } = checkPath(request);
      const propertyId = request.query.propertyId;
      const byPropertyId = type === 'foreign-property' && taxYear >= FIRST_PROPERTY_ID_YEAR;
      if (byPropertyId && propertyId !== undefined && !isUuid(propertyId)) errors.add('FORMAT_PROPERTY_ID');
      errors.throwIfAny();

      requirePropertyBusiness(request, state, type);
      const stored = findSourceYear(state, nino, businessId, taxYear)?.annual;
      if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      const figures = structuredClone(stored.body);
      if (byPropertyId && propertyId !== undefined) {
        const matching = (figures.foreignProperty as Json[]).filter((e) => e.propertyId === propertyId);
        if (matching.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
        figures.foreignProperty = matching;
      }
      return { status: 200, body: { submittedOn: stored.submittedOn, ...figures } };
    };

  const remove: ApiHandler = (request) => {
    const { nino, businessId, taxYear, errors } = checkPath(request);
    errors.throwIfAny();
    requirePropertyBusiness(request, state, 'any-property');
    checkAmendmentWindow(request, state, taxYear);
    const record = findSourceYear(state, nino, businessId, taxYear);
    if (!record?.annual) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    delete record.annual;
    record.lastChangedOn = request.now.toISOString();
    changed();
    return { status: 204, write: { nino, taxYear, businessId } };
  };

  return {
    createOrAmendUk: createOrAmend('uk-property'),
    createOrAmendForeign: createOrAmend('foreign-property'),
    retrieveUk: retrieve('uk-property'),
    retrieveForeign: retrieve('foreign-property'),
    remove,
  };
}
