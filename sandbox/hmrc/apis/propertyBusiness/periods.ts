// Income and expenses period summaries for 2024-25 and before (UK: FHL and non-FHL; foreign: FHL in the EEA and the
// rest by country): create, amend, retrieve and list, each period identified by a submissionId.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../../../domain/calendar';
import { taxYearEnd, taxYearStart } from '../../../../domain/taxYear';
import { findEndpoint } from '../../oas';
import { schemaForTaxYear } from '../../oasLoader/taxYearVariants';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { findSourceYear, sourceYear, type PeriodSubmission } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';
import type { ApiContext } from '../types';
import { checkAmounts, checkBodyInStages, checkCountryCode, checkDuplicateCountryCodes, isDateInRange } from './bodyChecks';
import { SANDBOX_FIRST_TAX_YEAR, isSubmissionId, requirePropertyBusiness, type PropertyType } from './requestChecks';

const LAST_PERIOD_YEAR = '2024-25';
/** From 2024-25 expenses may be negative and some may go with consolidated expenses. */
const DEF2_YEAR = '2024-25';

type Json = Record<string, unknown>;

const TEMPLATES: Record<PropertyType, { amend: string }> = {
  'uk-property': { amend: '/individuals/business/property/uk/{nino}/{businessId}/period/{taxYear}/{submissionId}' },
  'foreign-property': { amend: '/individuals/business/property/foreign/{nino}/{businessId}/period/{taxYear}/{submissionId}' },
};

/** The property parts of a period body, each with its path and what may go with consolidated expenses there. */
function periodParts(type: PropertyType, body: Json, taxYear: string): { path: string; expenses?: Json; withConsolidated: string[] }[] {
  const def2 = taxYear >= DEF2_YEAR;
  const parts: { path: string; expenses?: Json; withConsolidated: string[] }[] = [];
  const add = (path: string, part: unknown, withConsolidated: string[]) => {
    if (part) parts.push({ path, expenses: (part as Json).expenses as Json | undefined, withConsolidated });
  };
  if (type === 'uk-property') {
    add('/ukFhlProperty', body.ukFhlProperty, def2 ? ['rentARoom'] : []);
    add('/ukNonFhlProperty', body.ukNonFhlProperty, def2 ? ['residentialFinancialCost', 'residentialFinancialCostsCarriedForward', 'rentARoom'] : []);
  } else {
    add('/foreignFhlEea', body.foreignFhlEea, []);
    ((body.foreignNonFhlProperty as Json[] | undefined) ?? []).forEach((entry, i) => add(`/foreignNonFhlProperty/${i}`, entry, ['residentialFinancialCost', 'broughtFwdResidentialFinancialCost']));
  }
  return parts;
}

/** The figures' own rules: what may go with consolidated expenses and, for foreign property, the countries. */
function checkFigures(values: ErrorCollector, type: PropertyType, body: Json, taxYear: string): void {
  for (const part of periodParts(type, body, taxYear)) {
    const expenses = part.expenses;
    if (expenses?.consolidatedExpenses === undefined) continue;
    const others = Object.keys(expenses).filter((key) => key !== 'consolidatedExpenses' && !part.withConsolidated.includes(key));
    if (others.length > 0) values.add('RULE_BOTH_EXPENSES_SUPPLIED', { paths: [`${part.path}/expenses`] });
  }
  if (type === 'foreign-property') {
    const entries = (body.foreignNonFhlProperty as { countryCode: string }[] | undefined) ?? [];
    entries.forEach((entry, i) => checkCountryCode(values, entry.countryCode, `/foreignNonFhlProperty/${i}/countryCode`));
    checkDuplicateCountryCodes(values, entries.map((e) => e.countryCode), '/foreignNonFhlProperty');
  }
}

function hasFigures(type: PropertyType, body: Json): boolean {
  return type === 'uk-property' ? body.ukFhlProperty !== undefined || body.ukNonFhlProperty !== undefined : body.foreignFhlEea !== undefined || body.foreignNonFhlProperty !== undefined;
}

/** The accounting period a year's periods must fill: the tax year, from commencement and to cessation within it. */
function accountingPeriod(business: BusinessRecord, taxYear: string): { start: string; end: string } {
  const start = business.commencementDate && business.commencementDate > taxYearStart(taxYear) ? business.commencementDate : taxYearStart(taxYear);
  const end = business.cessationDate && business.cessationDate < taxYearEnd(taxYear) ? business.cessationDate : taxYearEnd(taxYear);
  return { start, end };
}

/**
 * The back end's period rules: inside the accounting period, not the same dates as another, not overlapping one, and
 * together with the others filling the year from its start without gaps.
 */
function periodProblem(business: BusinessRecord, taxYear: string, existing: PeriodSubmission[], fromDate: string, toDate: string): string | null {
  const { start, end } = accountingPeriod(business, taxYear);
  if (fromDate < start || toDate > end) return 'RULE_MISALIGNED_PERIOD';
  if (existing.some((p) => p.fromDate === fromDate && p.toDate === toDate)) return 'RULE_DUPLICATE_SUBMISSION';
  if (existing.some((p) => p.fromDate <= toDate && fromDate <= p.toDate)) return 'RULE_OVERLAPPING_PERIOD';
  const all = [...existing.map((p) => [p.fromDate, p.toDate] as const), [fromDate, toDate] as const].sort((a, b) => a[0].localeCompare(b[0]));
  const contiguous = all.every(([from], i) => (i === 0 ? from === start : from === addDays(all[i - 1]![1], 1)));
  return contiguous ? null : 'RULE_NOT_CONTIGUOUS_PERIOD';
}

function checkPath(request: ApiRequest, withSubmissionId: boolean): { nino: string; businessId: string; taxYear: string; submissionId: string; errors: ErrorCollector } {
  const { nino = '', businessId = '', taxYear = '', submissionId = '' } = request.params;
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, nino);
  checkBusinessId(errors, businessId);
  const yearOk = checkTaxYear(errors, taxYear, { min: SANDBOX_FIRST_TAX_YEAR, max: LAST_PERIOD_YEAR }) !== null;
  if (withSubmissionId && !isSubmissionId(submissionId)) errors.add('FORMAT_SUBMISSION_ID');
  if (!yearOk) errors.throwIfAny();
  return { nino, businessId, taxYear, submissionId, errors };
}

export function periodHandlers({ state, changed }: ApiContext) {
  const create =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, errors } = checkPath(request, false);
      const values = checkBodyInStages(errors, request.body, { taxYear });
      const body = request.body as Json & { fromDate: string; toDate: string };
      if (!hasFigures(type, body)) throw endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
      const fromOk = isDateInRange(body.fromDate);
      const toOk = isDateInRange(body.toDate);
      if (!fromOk) values.add('FORMAT_FROM_DATE');
      if (!toOk) values.add('FORMAT_TO_DATE');
      if (fromOk && toOk && body.toDate < body.fromDate) values.add('RULE_TO_DATE_BEFORE_FROM_DATE');
      // The create definition gives no ranges for amounts; the amend one, for the same fields, does.
      const { fromDate: _from, toDate: _to, ...figures } = body;
      const amendSchema = findEndpoint('property-business', '6.0', 'PUT', TEMPLATES[type].amend)!.requestBody!.schema!;
      checkAmounts(values, figures, schemaForTaxYear(amendSchema, taxYear));
      checkFigures(values, type, body, taxYear);
      values.throwIfAny();

      const business = requirePropertyBusiness(request, state, type);
      const existing = findSourceYear(state, nino, businessId, taxYear)?.periods ?? [];
      const problem = periodProblem(business, taxYear, existing, body.fromDate, body.toDate);
      if (problem) throw endpointError(request.endpoint.oas, problem);

      const record = sourceYear(state, nino, businessId, taxYear);
      const submittedOn = request.now.toISOString();
      const submissionId = randomUUID();
      record.periods.push({ id: submissionId, fromDate: body.fromDate, toDate: body.toDate, body: structuredClone(body), submittedOn });
      record.lastChangedOn = submittedOn;
      changed();
      return { status: 201, body: { submissionId }, write: { nino, taxYear, businessId } };
    };

  const amend =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, submissionId, errors } = checkPath(request, true);
      const values = checkBodyInStages(errors, request.body, { taxYear });
      const body = request.body as Json;
      if (!hasFigures(type, body)) throw endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
      checkFigures(values, type, body, taxYear);
      values.throwIfAny();

      requirePropertyBusiness(request, state, type);
      const record = findSourceYear(state, nino, businessId, taxYear);
      const period = record?.periods.find((p) => p.id === submissionId);
      if (!record || !period) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      // The dates stay; the figures are replaced as a whole.
      period.body = { fromDate: period.fromDate, toDate: period.toDate, ...structuredClone(body) };
      period.submittedOn = request.now.toISOString();
      record.lastChangedOn = period.submittedOn;
      changed();
      return { status: 200, write: { nino, taxYear, businessId } };
    };

  const retrieve =
    (type: PropertyType): ApiHandler =>
    (request) => {
      const { nino, businessId, taxYear, submissionId, errors } = checkPath(request, true);
      errors.throwIfAny();
      requirePropertyBusiness(request, state, type);
      const period = findSourceYear(state, nino, businessId, taxYear)?.periods.find((p) => p.id === submissionId);
      if (!period) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      const { fromDate: _from, toDate: _to, ...figures } = structuredClone(period.body);
      return { status: 200, body: { submittedOn: period.submittedOn, fromDate: period.fromDate, toDate: period.toDate, ...figures } };
    };

  const list: ApiHandler = (request) => {
    const { nino, businessId, taxYear, errors } = checkPath(request, false);
    errors.throwIfAny();
    requirePropertyBusiness(request, state, 'any-property');
    const periods = findSourceYear(state, nino, businessId, taxYear)?.periods ?? [];
    if (periods.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const submissions = [...periods].sort((a, b) => a.fromDate.localeCompare(b.fromDate)).map((p) => ({ submissionId: p.id, fromDate: p.fromDate, toDate: p.toDate }));
    return { status: 200, body: { submissions } };
  };

  return {
    createUk: create('uk-property'),
    createForeign: create('foreign-property'),
    amendUk: amend('uk-property'),
    amendForeign: amend('foreign-property'),
    retrieveUk: retrieve('uk-property'),
    retrieveForeign: retrieve('foreign-property'),
    list,
  };
}
