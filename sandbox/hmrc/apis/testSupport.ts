// Self Assessment Test Support 1.0 (sandbox only): test businesses, test ITSA statuses, and the vendor's stateful data
// (delete all of it, or checkpoint and restore it).
import { randomUUID } from 'node:crypto';
import { taxYearStart } from '../../../domain/taxYear';
import { addDays } from '../../../domain/calendar';
import { newBusinessId } from '../identifiers';
import { checkActingFor, type ApiHandler, type ApiRequest } from '../platform/pipeline';
import { ErrorCollector, checkBody, checkBusinessId, checkNino, checkTaxYear, endpointError, isIsoDate } from '../platform/validation';
import { taxpayer, type EmulatorState, type Taxpayer } from '../state';

export type BusinessType = 'self-employment' | 'uk-property' | 'foreign-property' | 'property-unspecified';

/** A business as Business Details' Retrieve returns it; test businesses are created in this shape. */
export interface BusinessRecord {
  businessId: string;
  typeOfBusiness: BusinessType;
  tradingName?: string;
  tradingType?: string;
  firstAccountingPeriodStartDate?: string;
  firstAccountingPeriodEndDate?: string;
  latencyDetails?: { latencyEndDate: string; taxYear1: string; latencyIndicator1: 'A' | 'Q'; taxYear2: string; latencyIndicator2: 'A' | 'Q' };
  quarterlyTypeChoice?: { quarterlyPeriodType: 'standard' | 'calendar'; taxYearOfChoice: string };
  accountingType?: 'CASH' | 'ACCRUALS';
  commencementDate?: string;
  cessationDate?: string;
  businessAddressLineOne?: string;
  businessAddressLineTwo?: string;
  businessAddressLineThree?: string;
  businessAddressLineFour?: string;
  businessAddressPostcode?: string;
  businessAddressCountryCode?: string;
}

export interface Checkpoint {
  checkpointId: string;
  nino: string;
  checkpointCreationTimestamp: string;
  taxpayer: Taxpayer;
}

const ADDRESS_FIELDS = ['businessAddressLineOne', 'businessAddressLineTwo', 'businessAddressLineThree', 'businessAddressLineFour', 'businessAddressPostcode', 'businessAddressCountryCode'] as const;
const POSTCODE = /^[A-Z]{1,2}[0-9][0-9A-Z]?\s?[0-9][A-Z]{2}|BFPO\s?[0-9]{1,10}$/;
const CHECKPOINT_ID = /^[A-Za-z0-9-]{36}$/;

export function businesses(t: Taxpayer): Record<string, BusinessRecord> {
  return t.businesses as Record<string, BusinessRecord>;
}

function checkpoints(state: EmulatorState): Record<string, Checkpoint> {
  return ((state as unknown as { checkpoints?: Record<string, Checkpoint> }).checkpoints ??= {});
}

function checkCreateBusiness(request: ApiRequest, state: EmulatorState): BusinessRecord {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  checkBody(errors, request.body, { fieldCodes: { typeOfBusiness: 'FORMAT_TYPE_OF_BUSINESS', accountingType: 'FORMAT_ACCOUNTING_TYPE', businessAddressPostcode: 'FORMAT_POSTCODE', latencyIndicator1: 'FORMAT_LATENCY_INDICATOR', latencyIndicator2: 'FORMAT_LATENCY_INDICATOR' } });
  errors.throwIfAny();
  const body = request.body as BusinessRecord & Record<string, unknown>;

  for (const field of ['firstAccountingPeriodStartDate', 'firstAccountingPeriodEndDate', 'commencementDate', 'cessationDate'] as const) {
    if (body[field] !== undefined && !isIsoDate(body[field])) errors.add('FORMAT_DATE', { paths: [`/${field}`] });
  }
  if (body.latencyDetails) {
    if (!isIsoDate(body.latencyDetails.latencyEndDate)) errors.add('FORMAT_DATE', { paths: ['/latencyDetails/latencyEndDate'] });
    checkTaxYear(errors, body.latencyDetails.taxYear1);
    checkTaxYear(errors, body.latencyDetails.taxYear2);
  }
  if (body.quarterlyTypeChoice?.taxYearOfChoice !== undefined) checkTaxYear(errors, body.quarterlyTypeChoice.taxYearOfChoice);
  if (body.businessAddressCountryCode !== undefined && !/^[A-Z]{2}$/.test(body.businessAddressCountryCode)) errors.add('FORMAT_COUNTRY_CODE');
  if (body.businessAddressPostcode !== undefined && !POSTCODE.test(body.businessAddressPostcode)) errors.add('FORMAT_POSTCODE');
  errors.throwIfAny();

  const selfEmployment = body.typeOfBusiness === 'self-employment';
  const hasAddress = ADDRESS_FIELDS.some((f) => body[f] !== undefined);
  if (selfEmployment && !body.tradingName) errors.add('RULE_MISSING_TRADING_NAME');
  if (!selfEmployment && body.tradingName !== undefined) errors.add('RULE_UNEXPECTED_TRADING_NAME');
  if (selfEmployment && (!body.businessAddressLineOne || !body.businessAddressCountryCode)) errors.add('RULE_MISSING_BUSINESS_ADDRESS');
  if (!selfEmployment && hasAddress) errors.add('RULE_UNEXPECTED_BUSINESS_ADDRESS');
  if (selfEmployment && body.businessAddressCountryCode === 'GB' && !body.businessAddressPostcode) errors.add('MISSING_POSTCODE');
  if (body.firstAccountingPeriodStartDate && !body.firstAccountingPeriodEndDate) errors.add('MISSING_FIRST_ACCOUNTING_PERIOD_END_DATE');
  if (!body.firstAccountingPeriodStartDate && body.firstAccountingPeriodEndDate) errors.add('MISSING_FIRST_ACCOUNTING_PERIOD_START_DATE');
  if (body.firstAccountingPeriodStartDate && body.firstAccountingPeriodEndDate) {
    // MTD supports one accounting period a year: the first one must be a whole tax year, 6 April to 5 April.
    const start = body.firstAccountingPeriodStartDate;
    const completeYear = start.slice(5) === '04-06' && body.firstAccountingPeriodEndDate === addDays(`${Number(start.slice(0, 4)) + 1}-04-06`, -1);
    if (!completeYear) errors.add('RULE_FIRST_ACCOUNTING_DATE_RANGE_INVALID');
  }
  if (body.commencementDate && body.commencementDate >= request.now.toISOString().slice(0, 10)) errors.add('RULE_COMMENCEMENT_DATE_NOT_SUPPORTED');
  const existing = Object.values(businesses(taxpayer(state, request.params.nino!)));
  if (!selfEmployment && existing.some((b) => b.typeOfBusiness === body.typeOfBusiness && !b.cessationDate)) errors.add('RULE_PROPERTY_BUSINESS_ADDED');
  errors.throwIfAny();

  const { typeOfBusiness, businessId: _given, ...rest } = body;
  return { businessId: newBusinessId(state, typeOfBusiness), typeOfBusiness, ...rest };
}

export function testSupportHandlers(state: EmulatorState, changed: () => void) {
  const createBusiness: ApiHandler = (request) => {
    const business = checkCreateBusiness(request, state);
    businesses(taxpayer(state, request.params.nino!))[business.businessId] = business;
    changed();
    return { status: 201, body: { businessId: business.businessId }, write: { businessId: business.businessId } };
  };

  const deleteBusiness: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    checkBusinessId(errors, request.params.businessId);
    errors.throwIfAny();
    const owned = businesses(taxpayer(state, request.params.nino!));
    if (!owned[request.params.businessId!]) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    delete owned[request.params.businessId!];
    changed();
    return { status: 204 };
  };

  const createAmendItsaStatus: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    checkTaxYear(errors, request.params.taxYear);
    checkBody(errors, request.body, { fieldCodes: { status: 'FORMAT_STATUS', statusReason: 'FORMAT_STATUS_REASON', businessIncome2YearsPrior: 'FORMAT_BUSINESS_INCOME_2_YEARS_PRIOR', submittedOn: 'FORMAT_SUBMITTED_ON' } });
    errors.throwIfAny();
    const details = (request.body as { itsaStatusDetails: { submittedOn: string; status: string }[] }).itsaStatusDetails;
    details.forEach((d, i) => {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(d.submittedOn) || Number.isNaN(Date.parse(d.submittedOn))) {
        errors.add('FORMAT_SUBMITTED_ON', { paths: [`/itsaStatusDetails/${i}/submittedOn`] });
      }
    });
    if (new Set(details.map((d) => d.submittedOn)).size !== details.length) errors.add('DUPLICATE_SUBMITTED_ON');
    errors.throwIfAny();
    taxpayer(state, request.params.nino!).itsaStatuses[request.params.taxYear!] = details;
    changed();
    return { status: 204 };
  };

  const deleteVendorState: ApiHandler = (request) => {
    const nino = request.query.nino;
    if (nino) checkActingFor(state, request.user, request.endpoint, nino);
    const ninos = nino ? [nino] : Object.keys(state.taxpayers);
    if (ninos.every((n) => !state.taxpayers[n])) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    for (const n of ninos) delete state.taxpayers[n];
    changed();
    return { status: 204 };
  };

  const listCheckpoints: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    if (request.query.nino !== undefined) checkNino(errors, request.query.nino);
    errors.throwIfAny();
    if (request.query.nino) checkActingFor(state, request.user, request.endpoint, request.query.nino);
    const list = Object.values(checkpoints(state))
      .filter((cp) => !request.query.nino || cp.nino === request.query.nino)
      .map(({ checkpointId, nino, checkpointCreationTimestamp }) => ({ checkpointId, nino, checkpointCreationTimestamp }));
    return { status: 200, body: { checkpoints: list } };
  };

  const createCheckpoint: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.query.nino);
    errors.throwIfAny();
    checkActingFor(state, request.user, request.endpoint, request.query.nino!);
    const data = state.taxpayers[request.query.nino!];
    if (!data) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    // HMRC's schema says ^[A-Za-z0-9]{36}$ (its example is a hyphenated UUID, which that pattern refuses).
    const checkpointId = randomUUID().replace(/-/g, '') + randomUUID().slice(0, 4);
    checkpoints(state)[checkpointId] = { checkpointId, nino: data.nino, checkpointCreationTimestamp: request.now.toISOString(), taxpayer: structuredClone(data) };
    changed();
    return { status: 201, body: { checkpointId } };
  };

  const findCheckpoint = (request: ApiRequest): Checkpoint => {
    const errors = new ErrorCollector(request.endpoint.oas);
    if (!CHECKPOINT_ID.test(request.params.checkpointId ?? '')) errors.add('FORMAT_CHECKPOINT_ID');
    errors.throwIfAny();
    const checkpoint = checkpoints(state)[request.params.checkpointId!];
    if (!checkpoint) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    checkActingFor(state, request.user, request.endpoint, checkpoint.nino);
    return checkpoint;
  };

  const deleteCheckpoint: ApiHandler = (request) => {
    delete checkpoints(state)[findCheckpoint(request).checkpointId];
    changed();
    return { status: 204 };
  };

  const restoreCheckpoint: ApiHandler = (request) => {
    const checkpoint = findCheckpoint(request);
    state.taxpayers[checkpoint.nino] = structuredClone(checkpoint.taxpayer);
    changed();
    return { status: 201, write: { nino: checkpoint.nino } };
  };

  return { createBusiness, deleteBusiness, createAmendItsaStatus, deleteVendorState, listCheckpoints, createCheckpoint, deleteCheckpoint, restoreCheckpoint };
}

/** Kept for callers that want a test business's first tax year start, e.g. for obligations. */
export function businessStart(business: BusinessRecord, taxYear: string): string {
  return business.commencementDate && business.commencementDate > taxYearStart(taxYear) ? business.commencementDate : taxYearStart(taxYear);
}
