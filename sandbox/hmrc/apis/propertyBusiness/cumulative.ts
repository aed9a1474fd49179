// Cumulative period summaries, 2025-26 onwards, for UK and foreign property: the in-year updates, each year-to-date and
// replacing the one before (HMRC keeps the latest; the history says what fulfilled which obligation).
import { taxYearStart } from '../../../../domain/taxYear';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { findSourceYear, sourceYear, type CumulativeSubmission } from '../../taxpayerData';
import type { ApiContext } from '../types';
import { checkBodyInStages, checkCountryCode, checkDuplicatePropertyIds, isDateInRange } from './bodyChecks';
import { propertiesInYear } from './foreignProperties';
import { cumulativeDateProblem, reportingCalendar, reportsAnnually, wholeYear } from './reportingPeriods';
import { checkAmendmentWindow, isUuid, requirePropertyBusiness, today, type PropertyType } from './requestChecks';

const FIRST_CUMULATIVE_YEAR = '2025-26';
/** From 2026-27 foreign properties are identified by the propertyId from Foreign Property Details, not a country. */
const FIRST_PROPERTY_ID_YEAR = '2026-27';

/** Expenses that may not be sent with consolidatedExpenses (finance costs and rent-a-room may). */
const ITEMISED_EXPENSES = ['premisesRunningCosts', 'repairsAndMaintenance', 'financialCosts', 'professionalFees', 'costOfServices', 'other', 'travelCosts'];

type Json = Record<string, unknown>;

interface ForeignEntry {
  countryCode?: string;
  propertyId?: string;
  expenses?: Json;
}

/**
 * fromDate and toDate as HMRC's DateValidator checks them: both or neither (one alone is
 * RULE_MISSING_SUBMISSION_DATES); each a real date from 1900 to 2099; toDate not before fromDate. Its format errors
 * carry no path.
 */
function checkSubmissionDates(errors: ErrorCollector, body: Json): void {
  const fromDate = body.fromDate as string | undefined;
  const toDate = body.toDate as string | undefined;
  const fromOk = fromDate === undefined || isDateInRange(fromDate);
  const toOk = toDate === undefined || isDateInRange(toDate);
  if (!fromOk) errors.add('FORMAT_FROM_DATE');
  if (!toOk) errors.add('FORMAT_TO_DATE');
  if ((fromDate === undefined) !== (toDate === undefined)) errors.add('RULE_MISSING_SUBMISSION_DATES');
  else if (fromDate !== undefined && fromOk && toOk && toDate! < fromDate) errors.add('RULE_TO_DATE_BEFORE_FROM_DATE');
}

function hasBothExpenses(expenses: Json | undefined): boolean {
  return expenses?.consolidatedExpenses !== undefined && ITEMISED_EXPENSES.some((field) => expenses[field] !== undefined);
}

/** Drops the schema's own date-format findings: HMRC reports those without paths, from checkSubmissionDates. */
function withoutSchemaDateErrors(errors: ErrorCollector): ErrorCollector {
  const kept = new ErrorCollector(errors.endpoint);
  kept.errors.push(...errors.errors.filter((e) => e.code !== 'FORMAT_FROM_DATE' && e.code !== 'FORMAT_TO_DATE'));
  return kept;
}

function checkPath(request: ApiRequest): { nino: string; businessId: string; taxYear: string; errors: ErrorCollector } {
  const { nino, businessId, taxYear } = request.params;
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, nino);
  const yearOk = checkTaxYear(errors, taxYear, { min: FIRST_CUMULATIVE_YEAR }) !== null;
  checkBusinessId(errors, businessId);
  // HMRC picks the body's definition by tax year: with no usable year there is no body to check.
  if (!yearOk) errors.throwIfAny();
  return { nino: nino!, businessId: businessId!, taxYear: taxYear!, errors };
}

export function cumulativeHandlers({ state, changed }: ApiContext) {
  const createOrAmend =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, errors } = checkPath(request);
      const values = withoutSchemaDateErrors(checkBodyInStages(errors, request.body, { taxYear }));
      const body = request.body as Json;
      checkSubmissionDates(values, body);
      const byPropertyId = type === 'foreign-property' && taxYear >= FIRST_PROPERTY_ID_YEAR;
      const entries = type === 'foreign-property' ? (body.foreignProperty as ForeignEntry[]) : [];
      if (type === 'uk-property') {
        if (hasBothExpenses((body.ukProperty as Json).expenses as Json | undefined)) values.add('RULE_BOTH_EXPENSES_SUPPLIED', { paths: ['/ukProperty/expenses'] });
      } else {
        entries.forEach((entry, i) => {
          if (!byPropertyId) checkCountryCode(values, entry.countryCode!, `/foreignProperty/${i}/countryCode`);
          if (hasBothExpenses(entry.expenses)) values.add('RULE_BOTH_EXPENSES_SUPPLIED', { paths: [`/foreignProperty/${i}/expenses`] });
        });
        if (byPropertyId) checkDuplicatePropertyIds(values, entries.map((e) => e.propertyId), '/foreignProperty');
      }
      values.throwIfAny();

      // What HMRC's back end decides, one error at a time.
      const oas = request.endpoint.oas;
      const business = requirePropertyBusiness(request, state, type);
      checkAmendmentWindow(request, state, taxYear);
      if (type === 'foreign-property' && !byPropertyId) {
        const codes = entries.map((e) => e.countryCode);
        if (new Set(codes).size !== codes.length) throw endpointError(oas, 'RULE_DUPLICATE_COUNTRY_CODE');
      }
      if (byPropertyId) {
        const registered = new Set(propertiesInYear(state, nino, businessId, taxYear).map((p) => p.propertyId));
        if (entries.some((e) => !registered.has(e.propertyId!))) throw endpointError(oas, 'RULE_PROPERTY_ID_MISMATCH');
      }
      const dated = body.fromDate !== undefined;
      const annual = reportsAnnually(state, nino, business, taxYear);
      if (annual && dated) throw endpointError(oas, 'RULE_START_AND_END_DATE_NOT_ALLOWED');
      if (!annual && !dated) throw endpointError(oas, 'RULE_MISSING_SUBMISSION_DATES');
      // An annual summary for a year that has not begun is for a year HMRC does not take yet.
      if (annual && today(request) < taxYearStart(taxYear)) throw endpointError(oas, 'RULE_TAX_YEAR_NOT_SUPPORTED');
      if (dated) {
        const dates = { fromDate: body.fromDate as string, toDate: body.toDate as string };
        const lastEndDate = findSourceYear(state, nino, businessId, taxYear)?.cumulative?.periodEndDate;
        const problem = cumulativeDateProblem(reportingCalendar(state, nino, business, taxYear), business, dates, today(request), lastEndDate);
        if (problem) throw endpointError(oas, problem);
      }

      const record = sourceYear(state, nino, businessId, taxYear);
      const submittedOn = request.now.toISOString();
      const submission = (): CumulativeSubmission => ({
        body: structuredClone(body),
        submittedOn,
        ...(dated ? { periodStartDate: body.fromDate as string, periodEndDate: body.toDate as string } : {}),
      });
      record.cumulative = submission();
      record.cumulativeHistory.push(submission());
      record.lastChangedOn = submittedOn;
      changed();
      return { status: 204, write: { nino, taxYear, businessId } };
    };

  const retrieve =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, errors } = checkPath(request);
      const propertyId = request.query.propertyId;
      const byPropertyId = type === 'foreign-property' && taxYear >= FIRST_PROPERTY_ID_YEAR;
      // The propertyId filter exists from 2026-27; before that HMRC's validator does not read it.
      if (byPropertyId && propertyId !== undefined && !isUuid(propertyId)) errors.add('FORMAT_PROPERTY_ID');
      errors.throwIfAny();

      const business = requirePropertyBusiness(request, state, type);
      const stored = findSourceYear(state, nino, businessId, taxYear)?.cumulative;
      if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      const { fromDate: _from, toDate: _to, ...figures } = structuredClone(stored.body);
      const period = stored.periodStartDate && stored.periodEndDate ? { fromDate: stored.periodStartDate, toDate: stored.periodEndDate } : wholeYear(business, taxYear);
      if (byPropertyId && propertyId !== undefined) {
        const matching = (figures.foreignProperty as ForeignEntry[]).filter((e) => e.propertyId === propertyId);
        if (matching.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
        figures.foreignProperty = matching;
      }
      return { status: 200, body: { submittedOn: stored.submittedOn, ...period, ...figures } };
    };

  return {
    createOrAmendUk: createOrAmend('uk-property'),
    createOrAmendForeign: createOrAmend('foreign-property'),
    retrieveUk: retrieve('uk-property'),
    retrieveForeign: retrieve('foreign-property'),
  };
}
