// Period summaries for 2024-25 and earlier: separate, contiguous periods identified by `fromDate_toDate`.
import { nextDay } from '../../../../domain/calendar';
import { poundsToPence } from '../../../../domain/money';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError, isIsoDate } from '../../platform/validation';
import { findSourceYear, sourceYear, type PeriodSubmission } from '../../taxpayerData';
import type { BusinessRecord } from '../testSupport';
import type { ApiContext } from '../types';
import { TAX_YEARS, pathParameters, checkShape, isObject, selfEmployment } from './common';
import { PERIOD_DATE_CODES, bothExpensesSupplied, type PeriodBody, type PeriodDates } from './expenses';
import { reportsAnnually } from './reporting';

/** Dates HMRC's create validator accepts (Def2_CreatePeriodSummaryRulesValidator); outside them the tax year is not supported. */
const FIRST_DATE = '1900-04-06';
const LAST_DATE = '2025-04-05';

/** From 2023-24 HMRC's back end (TYS) tells a duplicate apart from an overlap. */
const FIRST_TYS_YEAR = '2023-24';

/**
 * Consolidated expenses are for turnover under the VAT registration threshold: £85,000 until 2023-24, £90,000 from
 * 1 April 2024 (guide `make-updates-during-tax-year`).
 */
function consolidatedExpensesThreshold(taxYear: string): number {
  return taxYear >= '2024-25' ? 90_000_00 : 85_000_00;
}

/** Tax-year arithmetic that also works before 2017, which domain/taxYear refuses (HMRC takes periods from 1900). */
function taxYearOfDate(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = date.slice(5) >= '04-06' ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function firstDayOf(taxYear: string): string {
  return `${taxYear.slice(0, 4)}-04-06`;
}

function lastDayOf(taxYear: string): string {
  return `${Number(taxYear.slice(0, 4)) + 1}-04-05`;
}

/** The schema variant: def1 before 2023-24, def2 from then on (HMRC uses def2 for anything later, then refuses the year). */
function schemaYear(taxYear: string): string {
  return taxYear > '2024-25' ? '2024-25' : taxYear;
}

const PERIOD_ID = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/;

function checkPeriodId(errors: ErrorCollector, periodId: string | undefined): void {
  const match = PERIOD_ID.exec(periodId ?? '');
  const [from, to] = [match?.[1], match?.[2]];
  const valid = isIsoDate(from) && isIsoDate(to) && from <= to && from >= '1900' && to < '2100';
  if (!valid) errors.add('FORMAT_PERIOD_ID');
}

function turnoverOf(body: PeriodBody): number {
  return poundsToPence(body.periodIncome?.turnover ?? 0);
}

function checkConsolidatedExpenses(request: ApiRequest, taxYear: string, body: PeriodBody, others: PeriodSubmission[]): void {
  if (body.periodExpenses?.consolidatedExpenses === undefined) return;
  const turnover = others.reduce((total, p) => total + turnoverOf(p.body as PeriodBody), turnoverOf(body));
  if (turnover > consolidatedExpensesThreshold(taxYear)) throw endpointError(request.endpoint.oas, 'RULE_NOT_ALLOWED_CONSOLIDATED_EXPENSES');
}

/** Where a new period may sit among the year's others (the back end's OVERLAP, ALIGNMENT and GAPS rules). */
function checkPlacement(request: ApiRequest, business: BusinessRecord, taxYear: string, dates: PeriodDates, existing: PeriodSubmission[], annual: boolean): void {
  const refuse = (code: string) => endpointError(request.endpoint.oas, code);
  const { periodStartDate: start, periodEndDate: end } = dates;
  const yearStart = firstDayOf(taxYear);
  if (annual && (start !== yearStart || end !== lastDayOf(taxYear))) throw refuse('RULE_BUSINESS_INCOME_PERIOD_RESTRICTION');
  const commenced = business.commencementDate;
  const firstDay = commenced && commenced > yearStart ? commenced : yearStart;
  const ceased = business.cessationDate;
  if (taxYearOfDate(start) !== taxYear || start < firstDay || (ceased && end > ceased)) throw refuse('RULE_MISALIGNED_PERIOD');
  if (existing.some((p) => p.fromDate === start && p.toDate === end)) throw refuse(taxYear >= FIRST_TYS_YEAR ? 'RULE_DUPLICATE_SUBMISSION' : 'RULE_OVERLAPPING_PERIOD');
  if (existing.some((p) => p.fromDate <= end && start <= p.toDate)) throw refuse('RULE_OVERLAPPING_PERIOD');
  const lastEnd = existing.map((p) => p.toDate).sort().pop();
  if (lastEnd === undefined && start !== firstDay) throw refuse('RULE_MISALIGNED_PERIOD');
  if (lastEnd !== undefined && start !== nextDay(lastEnd)) throw refuse('RULE_NOT_CONTIGUOUS_PERIOD');
}

/** The checks on tax year (alone first, as HMRC selects its validator by it), NINO, business ID and period ID. */
function checkPathParameters(request: ApiRequest, options: { periodId: boolean }): ErrorCollector {
  const { nino, businessId, taxYear, periodId } = request.params;
  const yearErrors = new ErrorCollector(request.endpoint.oas);
  checkTaxYear(yearErrors, taxYear);
  yearErrors.throwIfAny();
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, nino);
  checkBusinessId(errors, businessId);
  if (options.periodId) checkPeriodId(errors, periodId);
  checkTaxYear(errors, taxYear, TAX_YEARS.periods);
  return errors;
}

export function periodHandlers(ctx: ApiContext) {
  const { state } = ctx;

  const findPeriod = (request: ApiRequest): PeriodSubmission => {
    const { nino, businessId, taxYear, periodId } = pathParameters(request);
    selfEmployment(state, request);
    const period = findSourceYear(state, nino, businessId, taxYear)?.periods.find((p) => p.id === periodId);
    if (!period) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return period;
  };

  const create: ApiHandler = (request) => {
    const oas = request.endpoint.oas;
    const { nino, businessId } = pathParameters(request);
    if (!isObject(request.body) || Object.keys(request.body).length === 0) throw endpointError(oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    // HMRC reads the tax year (and so the schema) from the end date before anything else.
    const rawEnd = (request.body.periodDates as Partial<PeriodDates> | undefined)?.periodEndDate;
    if (!isIsoDate(rawEnd)) throw endpointError(oas, 'FORMAT_END_DATE', { paths: ['/periodDates/periodEndDate'] });
    const pathErrors = new ErrorCollector(oas);
    checkNino(pathErrors, nino);
    checkBusinessId(pathErrors, businessId);
    const rules = checkShape(request, pathErrors, { taxYear: schemaYear(taxYearOfDate(rawEnd)), fieldCodes: PERIOD_DATE_CODES });

    const body = request.body as unknown as PeriodBody & { periodDates: PeriodDates };
    const { periodStartDate: start, periodEndDate: end } = body.periodDates;
    if (!rules.errors.some((e) => e.code === 'FORMAT_START_DATE')) {
      if (end < start) rules.add('RULE_END_DATE_BEFORE_START_DATE');
      else if (start < FIRST_DATE || start > LAST_DATE || end > LAST_DATE) rules.add('RULE_TAX_YEAR_NOT_SUPPORTED');
    }
    if (bothExpensesSupplied(body)) rules.add('RULE_BOTH_EXPENSES_SUPPLIED');
    rules.throwIfAny();

    const business = selfEmployment(state, request);
    const taxYear = taxYearOfDate(end);
    const existing = findSourceYear(state, nino, businessId, taxYear)?.periods ?? [];
    checkPlacement(request, business, taxYear, body.periodDates, existing, reportsAnnually(state, nino, business, taxYear));
    checkConsolidatedExpenses(request, taxYear, body, existing);

    const submittedOn = request.now.toISOString();
    const periodId = `${start}_${end}`;
    const record = sourceYear(state, nino, businessId, taxYear);
    record.periods.push({ id: periodId, fromDate: start, toDate: end, body: structuredClone(body) as unknown as Record<string, unknown>, submittedOn });
    record.periods.sort((a, b) => a.fromDate.localeCompare(b.fromDate));
    record.lastChangedOn = submittedOn;
    ctx.changed();
    return { status: 200, body: { periodId }, write: { nino, taxYear, businessId } };
  };

  const list: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = pathParameters(request);
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkBusinessId(errors, businessId);
    checkTaxYear(errors, taxYear, TAX_YEARS.periods);
    errors.throwIfAny();
    selfEmployment(state, request);
    const periods = findSourceYear(state, nino, businessId, taxYear)?.periods ?? [];
    return { status: 200, body: { periods: periods.map((p) => ({ periodId: p.id, periodStartDate: p.fromDate, periodEndDate: p.toDate })) } };
  };

  const retrieve: ApiHandler = (request) => {
    checkPathParameters(request, { periodId: true }).throwIfAny();
    return { status: 200, body: structuredClone(findPeriod(request).body) };
  };

  const amend: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = pathParameters(request);
    const pathErrors = checkPathParameters(request, { periodId: true });
    const rules = checkShape(request, pathErrors, { taxYear: schemaYear(taxYear) });
    const body = request.body as PeriodBody;
    if (bothExpensesSupplied(body)) rules.add('RULE_BOTH_EXPENSES_SUPPLIED');
    rules.throwIfAny();

    const period = findPeriod(request);
    const others = findSourceYear(state, nino, businessId, taxYear)!.periods.filter((p) => p !== period);
    checkConsolidatedExpenses(request, taxYear, body, others);

    const submittedOn = request.now.toISOString();
    // The amend body has no dates: the period keeps its own.
    period.body = { periodDates: (period.body as PeriodBody).periodDates, ...structuredClone(body) };
    period.submittedOn = submittedOn;
    sourceYear(state, nino, businessId, taxYear).lastChangedOn = submittedOn;
    ctx.changed();
    return { status: 204, write: { nino, taxYear, businessId } };
  };

  return { create, list, retrieve, amend };
}
