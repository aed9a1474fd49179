// Foreign Property Details (2026-27 onwards): register a foreign property to get its propertyId, list the business's
// properties for a year, and rename or end one.
import { randomUUID } from 'node:crypto';
import { taxYearEnd, taxYearOf, taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import type { ApiContext } from '../types';
import { checkBodyInStages, checkCountryCode } from './bodyChecks';
import { findForeignProperty, foreignProperties, inTaxYear, propertiesInYear, type ForeignPropertyRecord } from './foreignProperties';
import { checkAmendmentWindow, findBusiness, isUuid, requirePropertyBusiness } from './requestChecks';

const FIRST_DETAILS_YEAR = '2026-27';
const FIELD_CODES = { propertyName: 'FORMAT_PROPERTY_NAME', endDate: 'FORMAT_END_DATE', endReason: 'FORMAT_END_REASON' };

interface DetailsBody {
  propertyName: string;
  countryCode?: string;
  endDate?: string;
  endReason?: string;
}

/** The end date and reason go together, and the end date falls within the tax year. */
function checkEndDetails(errors: ErrorCollector, body: DetailsBody, taxYear: string): void {
  if ((body.endDate === undefined) !== (body.endReason === undefined)) errors.add('RULE_MISSING_END_DETAILS');
  // A malformed end date is already FORMAT_END_DATE from the schema.
  if (body.endDate === undefined || errors.errors.some((e) => e.code === 'FORMAT_END_DATE')) return;
  if (body.endDate < taxYearStart(taxYear)) errors.add('RULE_END_DATE_BEFORE_TAX_YEAR_START');
  if (body.endDate > taxYearEnd(taxYear)) errors.add('RULE_END_DATE_AFTER_TAX_YEAR_END');
}

/**
 * The foreign property business's own limits: no year before the one it started in, and none after it ceased (a
 * business that ceased during a year can still have that year's properties recorded).
 */
function checkBusinessYear(request: ApiRequest, business: BusinessRecord, taxYear: string): void {
  const oas = request.endpoint.oas;
  if (business.commencementDate && taxYearOf(business.commencementDate) > taxYear) throw endpointError(oas, 'RULE_TAX_YEAR_BEFORE_BUSINESS_START');
  if (business.cessationDate && business.cessationDate < taxYearStart(taxYear)) throw endpointError(oas, 'RULE_PROPERTY_BUSINESS_CEASED');
}

/** Names are unique per country within the business, ignoring case. */
function nameTaken(state: EmulatorState, nino: string, businessId: string, taxYear: string, countryCode: string, name: string, except?: string): boolean {
  return propertiesInYear(state, nino, businessId, taxYear).some(
    (p) => p.propertyId !== except && p.countryCode === countryCode && p.propertyName.toLowerCase() === name.toLowerCase(),
  );
}

function detailsView(p: ForeignPropertyRecord) {
  return {
    submittedOn: p.submittedOn,
    propertyId: p.propertyId,
    propertyName: p.propertyName,
    countryCode: p.countryCode,
    ...(p.endDate !== undefined ? { endDate: p.endDate } : {}),
    ...(p.endReason !== undefined ? { endReason: p.endReason } : {}),
  };
}

export function foreignPropertyDetailsHandlers({ state, changed }: ApiContext) {
  const create: ApiHandler = (request) => {
    const { nino = '', businessId = '', taxYear = '' } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkBusinessId(errors, businessId);
    if (checkTaxYear(errors, taxYear, { min: FIRST_DETAILS_YEAR }) === null) errors.throwIfAny();
    const values = checkBodyInStages(errors, request.body, { fieldCodes: FIELD_CODES });
    const body = request.body as DetailsBody & { countryCode: string };
    checkCountryCode(values, body.countryCode, '/countryCode');
    checkEndDetails(values, body, taxYear);
    values.throwIfAny();

    const business = requirePropertyBusiness(request, state, 'foreign-property');
    checkAmendmentWindow(request, state, taxYear);
    checkBusinessYear(request, business, taxYear);
    if (nameTaken(state, nino, businessId, taxYear, body.countryCode, body.propertyName)) throw endpointError(request.endpoint.oas, 'RULE_DUPLICATE_PROPERTY_NAME');

    const propertyId = randomUUID();
    foreignProperties(state, nino)[propertyId] = {
      propertyId,
      businessId,
      propertyName: body.propertyName,
      countryCode: body.countryCode,
      fromTaxYear: taxYear,
      ...(body.endDate !== undefined ? { endDate: body.endDate, endReason: body.endReason! } : {}),
      submittedOn: request.now.toISOString(),
    };
    changed();
    return { status: 200, body: { propertyId }, write: { nino, taxYear, businessId } };
  };

  const retrieve: ApiHandler = (request) => {
    const { nino = '', businessId = '', taxYear = '' } = request.params;
    const propertyId = request.query.propertyId;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkTaxYear(errors, taxYear, { min: FIRST_DETAILS_YEAR });
    checkNino(errors, nino);
    checkBusinessId(errors, businessId);
    if (propertyId !== undefined && !isUuid(propertyId)) errors.add('FORMAT_PROPERTY_ID');
    errors.throwIfAny();

    requirePropertyBusiness(request, state, 'foreign-property');
    const found = propertiesInYear(state, nino, businessId, taxYear).filter((p) => propertyId === undefined || p.propertyId === propertyId);
    if (found.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: { foreignPropertyDetails: found.map(detailsView) } };
  };

  const update: ApiHandler = (request) => {
    // HMRC's path template names it {propId}; its parameter list calls it propertyId.
    const { nino = '', propId: propertyId = '', taxYear = '' } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    if (!isUuid(propertyId)) errors.add('FORMAT_PROPERTY_ID');
    if (checkTaxYear(errors, taxYear, { min: FIRST_DETAILS_YEAR }) === null) errors.throwIfAny();
    const values = checkBodyInStages(errors, request.body, { fieldCodes: FIELD_CODES });
    const body = request.body as DetailsBody;
    checkEndDetails(values, body, taxYear);
    values.throwIfAny();

    const oas = request.endpoint.oas;
    const property = findForeignProperty(state, nino, propertyId);
    const business = property && findBusiness(state, nino, property.businessId);
    if (!property || !business) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    checkAmendmentWindow(request, state, taxYear);
    checkBusinessYear(request, business, taxYear);
    if (!inTaxYear(property, taxYear)) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (nameTaken(state, nino, property.businessId, taxYear, property.countryCode, body.propertyName, propertyId)) throw endpointError(oas, 'RULE_DUPLICATE_PROPERTY_NAME');

    property.propertyName = body.propertyName;
    delete property.endDate;
    delete property.endReason;
    if (body.endDate !== undefined) Object.assign(property, { endDate: body.endDate, endReason: body.endReason });
    property.submittedOn = request.now.toISOString();
    changed();
    return { status: 204, write: { nino, taxYear, businessId: property.businessId } };
  };

  return { create, retrieve, update };
}
