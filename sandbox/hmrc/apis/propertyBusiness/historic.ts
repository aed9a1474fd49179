// Historic UK property submissions, 2017-18 to 2021-22, furnished holiday lettings (FHL) and the rest (non-FHL) kept
// apart: annual adjustments and allowances by tax year, and income and expenses periods identified by their dates.
import { addDays } from '../../../../domain/calendar';
import { taxYearOf, taxYearStart } from '../../../../domain/taxYear';
import { HmrcError } from '../../platform/errors';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { taxpayer, type EmulatorState } from '../../state';
import type { PeriodSubmission, StoredSubmission } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';
import type { ApiContext } from '../types';
import { checkAmounts, checkBodyInStages, isDateInRange } from './bodyChecks';

export type HistoricKind = 'fhl' | 'nonFhl';

const FIRST_HISTORIC_YEAR = '2017-18';
const LAST_HISTORIC_YEAR = '2021-22';
const FIRST_DATE = taxYearStart(FIRST_HISTORIC_YEAR);
const LAST_DATE = addDays(taxYearStart('2022-23'), -1);
const PERIOD_ID = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/;

type Json = Record<string, unknown>;

interface HistoricRecords {
  annual: Record<string, StoredSubmission>;
  /** id is the periodId, `<fromDate>_<toDate>`. */
  periods: PeriodSubmission[];
}

/** The NINO's historic UK property submissions of one kind, created empty on first write. */
function records(state: EmulatorState, nino: string, kind: HistoricKind): HistoricRecords {
  const all = ((taxpayer(state, nino) as Record<string, unknown>).historicUkProperty ??= {}) as Record<HistoricKind, HistoricRecords>;
  return (all[kind] ??= { annual: {}, periods: [] });
}

function findRecords(state: EmulatorState, nino: string, kind: HistoricKind): HistoricRecords | undefined {
  return (state.taxpayers[nino]?.historicUkProperty as Record<HistoricKind, HistoricRecords> | undefined)?.[kind];
}

/** These endpoints name no business: they write to the customer's UK property business, which must exist. */
function ukPropertyBusiness(state: EmulatorState, nino: string): BusinessRecord | undefined {
  const businesses = Object.values((state.taxpayers[nino]?.businesses ?? {}) as Record<string, BusinessRecord>);
  return businesses.find((b) => b.typeOfBusiness === 'uk-property');
}

function requireUkProperty(request: ApiRequest, state: EmulatorState): BusinessRecord {
  const business = ukPropertyBusiness(state, request.params.nino!);
  if (!business) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
  return business;
}

/** HMRC's periodId: two real dates joined by `_`, in order, within the historic years; else FORMAT_PERIOD_ID. */
function parsePeriodId(periodId: string): { fromDate: string; toDate: string } | null {
  const match = PERIOD_ID.exec(periodId);
  if (!match || !isDateInRange(match[1]) || !isDateInRange(match[2])) return null;
  const [fromDate, toDate] = [match[1]!, match[2]!];
  if (toDate < fromDate || fromDate < FIRST_DATE || toDate > LAST_DATE) return null;
  return { fromDate, toDate };
}

/** HMRC's FHL wording, for the non-FHL amend, whose definition leaves FORMAT_PERIOD_ID out though HMRC checks it. */
function periodIdError(): HmrcError {
  return new HmrcError(400, 'FORMAT_PERIOD_ID', 'The provided period id is invalid');
}

/**
 * HMRC's FHL amend definition spells one field premiseRunningCosts, where its model and every other definition (the
 * retrieve answer included) say premisesRunningCosts: both are taken, and kept under the latter.
 */
function withHmrcSpelling(body: Json): Json {
  const expenses = body.expenses as Json | undefined;
  if (expenses?.premiseRunningCosts === undefined) return body;
  const { premiseRunningCosts, ...rest } = expenses;
  return { ...body, expenses: { premisesRunningCosts: premiseRunningCosts, ...rest } };
}

/** Consolidated expenses stand alone in the historic definitions; HMRC points at a different path per endpoint. */
function checkConsolidated(errors: ErrorCollector, body: Json, path: string): void {
  const expenses = body.expenses as Json | undefined;
  if (expenses?.consolidatedExpenses !== undefined && Object.keys(expenses).length > 1) errors.add('RULE_BOTH_EXPENSES_SUPPLIED', { paths: [path] });
}

function checkDates(errors: ErrorCollector, body: Json): void {
  const fromOk = isDateInRange(body.fromDate);
  const toOk = isDateInRange(body.toDate);
  if (!fromOk) errors.add('FORMAT_FROM_DATE');
  if (!toOk) errors.add('FORMAT_TO_DATE');
  if (fromOk && toOk && (body.toDate as string) < (body.fromDate as string)) errors.add('RULE_TO_DATE_BEFORE_FROM_DATE');
}

/**
 * The back end's period rules: within the historic years; within one tax year and the business's life (its accounting
 * period); not the dates of another period; not overlapping one; and filling that tax year from its start without gaps.
 */
function periodProblem(business: BusinessRecord, existing: PeriodSubmission[], fromDate: string, toDate: string): string | null {
  if (fromDate < FIRST_DATE || toDate > LAST_DATE) return 'RULE_TAX_YEAR_NOT_SUPPORTED';
  const taxYear = taxYearOf(fromDate);
  const start = business.commencementDate && business.commencementDate > taxYearStart(taxYear) ? business.commencementDate : taxYearStart(taxYear);
  if (taxYearOf(toDate) !== taxYear || fromDate < start || (business.cessationDate !== undefined && toDate > business.cessationDate)) return 'RULE_MISALIGNED_PERIOD';
  if (existing.some((p) => p.fromDate === fromDate && p.toDate === toDate)) return 'RULE_DUPLICATE_SUBMISSION';
  if (existing.some((p) => p.fromDate <= toDate && fromDate <= p.toDate)) return 'RULE_OVERLAPPING_PERIOD';
  const sameYear = existing.filter((p) => taxYearOf(p.fromDate) === taxYear).map((p) => [p.fromDate, p.toDate] as const);
  const all = [...sameYear, [fromDate, toDate] as const].sort((a, b) => a[0].localeCompare(b[0]));
  const contiguous = all.every(([from], i) => (i === 0 ? from === start : from === addDays(all[i - 1]![1], 1)));
  return contiguous ? null : 'RULE_NOT_CONTIGUOUS_PERIOD';
}

function periodView(period: PeriodSubmission): Json {
  const { fromDate: _from, toDate: _to, ...figures } = structuredClone(period.body);
  return { fromDate: period.fromDate, toDate: period.toDate, ...figures };
}

export function historicHandlers({ state, changed }: ApiContext) {
  const annualPath = (request: ApiRequest): { nino: string; taxYear: string } => {
    const { nino = '', taxYear = '' } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkTaxYear(errors, taxYear, { min: FIRST_HISTORIC_YEAR, max: LAST_HISTORIC_YEAR });
    errors.throwIfAny();
    return { nino, taxYear };
  };

  const createOrAmendAnnual =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino = '', taxYear = '' } = request.params;
      const errors = new ErrorCollector(request.endpoint.oas);
      checkNino(errors, nino);
      if (checkTaxYear(errors, taxYear, { min: FIRST_HISTORIC_YEAR, max: LAST_HISTORIC_YEAR }) === null) errors.throwIfAny();
      checkBodyInStages(errors, request.body).throwIfAny();
      requireUkProperty(request, state);
      records(state, nino, kind).annual[taxYear] = { body: structuredClone(request.body as Json), submittedOn: request.now.toISOString() };
      changed();
      return { status: 200, write: { nino, taxYear } };
    };

  const retrieveAnnual =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino, taxYear } = annualPath(request);
      const stored = findRecords(state, nino, kind)?.annual[taxYear];
      if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      return { status: 200, body: structuredClone(stored.body) };
    };

  const deleteAnnual =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino, taxYear } = annualPath(request);
      const stored = findRecords(state, nino, kind);
      if (!stored?.annual[taxYear]) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      delete stored.annual[taxYear];
      changed();
      return { status: 204, write: { nino, taxYear } };
    };

  const createPeriod =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino = '' } = request.params;
      const errors = new ErrorCollector(request.endpoint.oas);
      checkNino(errors, nino);
      const body = request.body as Json | undefined;
      // The FHL definition leaves the dates optional, but HMRC's model needs them; and a period needs some figures.
      const missing = ['fromDate', 'toDate'].filter((field) => typeof body === 'object' && body !== null && Object.keys(body).length > 0 && body[field] === undefined);
      if (missing.length > 0) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: missing.map((f) => `/${f}`) });
      const values = checkBodyInStages(errors, request.body);
      if (body!.income === undefined && body!.expenses === undefined) throw endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
      checkDates(values, body!);
      checkAmounts(values, { income: body!.income, expenses: body!.expenses }, undefined);
      checkConsolidated(values, body!, kind === 'fhl' ? '/expenses' : '/expenses/consolidatedExpenses');
      values.throwIfAny();

      const business = requireUkProperty(request, state);
      const fromDate = body!.fromDate as string;
      const toDate = body!.toDate as string;
      const problem = periodProblem(business, findRecords(state, nino, kind)?.periods ?? [], fromDate, toDate);
      if (problem) throw endpointError(request.endpoint.oas, problem);
      const periodId = `${fromDate}_${toDate}`;
      records(state, nino, kind).periods.push({ id: periodId, fromDate, toDate, body: structuredClone(body!), submittedOn: request.now.toISOString() });
      changed();
      // HMRC documents 201 for FHL and 200 for non-FHL.
      return { status: kind === 'fhl' ? 201 : 200, body: { periodId }, write: { nino, taxYear: taxYearOf(fromDate) } };
    };

  const amendPeriod =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino = '', periodId = '' } = request.params;
      const errors = new ErrorCollector(request.endpoint.oas);
      checkNino(errors, nino);
      if (!parsePeriodId(periodId)) errors.errors.push(periodIdError());
      const values = checkBodyInStages(errors, request.body);
      const body = withHmrcSpelling(request.body as Json);
      if (body.income === undefined && body.expenses === undefined) throw endpointError(request.endpoint.oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
      // The non-FHL amend definition carries the period's dates as well (the FHL one does not).
      if (kind === 'nonFhl') checkDates(values, body);
      checkAmounts(values, { income: body.income, expenses: body.expenses }, undefined);
      checkConsolidated(values, body, '/expenses/consolidatedExpenses');
      values.throwIfAny();

      const business = requireUkProperty(request, state);
      const stored = findRecords(state, nino, kind);
      const period = stored?.periods.find((p) => p.id === periodId);
      if (!stored || !period) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      const fromDate = (body.fromDate as string | undefined) ?? period.fromDate;
      const toDate = (body.toDate as string | undefined) ?? period.toDate;
      if (fromDate !== period.fromDate || toDate !== period.toDate) {
        // New dates move the period (and its periodId), under the same rules as a new one.
        const problem = periodProblem(business, stored.periods.filter((p) => p !== period), fromDate, toDate);
        if (problem) throw endpointError(request.endpoint.oas, problem);
      }
      Object.assign(period, { id: `${fromDate}_${toDate}`, fromDate, toDate, body: { ...structuredClone(body), fromDate, toDate }, submittedOn: request.now.toISOString() });
      changed();
      return { status: 200, write: { nino, taxYear: taxYearOf(fromDate) } };
    };

  const retrievePeriod =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino = '', periodId = '' } = request.params;
      const errors = new ErrorCollector(request.endpoint.oas);
      checkNino(errors, nino);
      if (!parsePeriodId(periodId)) errors.errors.push(periodIdError());
      errors.throwIfAny();
      const period = findRecords(state, nino, kind)?.periods.find((p) => p.id === periodId);
      if (!period) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
      return { status: 200, body: periodView(period) };
    };

  const listPeriods =
    (kind: HistoricKind): ApiHandler =>
    (request) => {
      const { nino = '' } = request.params;
      const errors = new ErrorCollector(request.endpoint.oas);
      checkNino(errors, nino);
      errors.throwIfAny();
      // HMRC documents no 404 here: no periods is an empty list.
      const periods = [...(findRecords(state, nino, kind)?.periods ?? [])].sort((a, b) => a.fromDate.localeCompare(b.fromDate));
      return { status: 200, body: { submissions: periods.map((p) => ({ periodId: p.id, fromDate: p.fromDate, toDate: p.toDate })) } };
    };

  const handlersFor = (kind: HistoricKind) => ({
    createOrAmendAnnual: createOrAmendAnnual(kind),
    retrieveAnnual: retrieveAnnual(kind),
    deleteAnnual: deleteAnnual(kind),
    createPeriod: createPeriod(kind),
    amendPeriod: amendPeriod(kind),
    retrievePeriod: retrievePeriod(kind),
    listPeriods: listPeriods(kind),
  });

  return { fhl: handlersFor('fhl'), nonFhl: handlersFor('nonFhl') };
}
