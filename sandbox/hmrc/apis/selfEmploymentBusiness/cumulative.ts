// Cumulative period summaries (2025-26 onwards): the year-to-date quarterly update that replaces the one before, and reading it back.
import { daysBetween } from '../../../../domain/calendar';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkBusinessId, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { findSourceYear, sourceYear, type CumulativeSubmission } from '../../taxpayerData';
import type { ApiContext } from '../types';
import { TAX_YEARS, pathParameters, checkAmendmentWindow, checkShape, checkTaxYearStarted, selfEmployment, today } from './common';
import { PERIOD_DATE_CODES, bothExpensesSupplied, type PeriodBody, type PeriodDates } from './expenses';
import { annualPeriod, endDateFits, reportingYear, reportsAnnually, type ReportingYear } from './reporting';

/** HMRC's own wording for a body with fewer than two of the three parts (Def1_CreateAmendCumulativePeriodSummaryValidator). */
const TOO_LITTLE =
  'You must provide information for at least 2 of periodDates, periodIncome, and expenses (periodExpenses and/or periodDisallowableExpenses). ' +
  'Zero values can be submitted when there is no income or expenses';

/** How far ahead of a period's end HMRC takes an update. */
const EARLIEST_DAYS_BEFORE_END = 10;

/** The back end's date rules, one error at a time as it answers them. */
function checkPeriodDates(request: ApiRequest, year: ReportingYear, dates: PeriodDates, previousEnd: string | undefined): void {
  const refuse = (code: string) => endpointError(request.endpoint.oas, code);
  const { periodStartDate: start, periodEndDate: end } = dates;
  if (start !== year.expectedStart) {
    throw refuse(year.expectedStart !== year.yearStart ? 'RULE_START_DATE_NOT_ALIGNED_TO_COMMENCEMENT_DATE' : 'RULE_START_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
  }
  if (end > year.lastDay) throw refuse('RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
  const now = today(request);
  if (daysBetween(now, end) > EARLIEST_DAYS_BEFORE_END) throw refuse('RULE_EARLY_DATA_SUBMISSION_NOT_ACCEPTED');
  if (end > now && !year.quarterEnds.includes(end)) throw refuse('RULE_ADVANCE_SUBMISSION_REQUIRES_PERIOD_END_DATE');
  if (!endDateFits(year, end)) throw refuse('RULE_END_DATE_NOT_ALIGNED_WITH_REPORTING_TYPE');
  if (previousEnd && end < previousEnd) throw refuse('RULE_SUBMISSION_END_DATE_CANNOT_MOVE_BACKWARDS');
}

/** Path parameters and body as HMRC's validator checks them, before the back end sees the request. */
function validate(request: ApiRequest): PeriodBody {
  const { nino, businessId, taxYear } = request.params;
  const oas = request.endpoint.oas;
  // HMRC picks the validator by tax year first, so a bad tax year is reported on its own.
  const yearErrors = new ErrorCollector(oas);
  checkTaxYear(yearErrors, taxYear, TAX_YEARS.cumulative);
  yearErrors.throwIfAny();
  const pathErrors = new ErrorCollector(oas);
  checkNino(pathErrors, nino);
  checkBusinessId(pathErrors, businessId);
  const rules = checkShape(request, pathErrors, { taxYear: taxYear!, fieldCodes: PERIOD_DATE_CODES });

  const body = request.body as PeriodBody;
  const parts = [body.periodDates !== undefined, body.periodIncome !== undefined, body.periodExpenses !== undefined || body.periodDisallowableExpenses !== undefined];
  if (parts.filter(Boolean).length < 2) throw endpointError(oas, 'RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { message: TOO_LITTLE });

  const badDate = rules.errors.some((e) => e.code === 'FORMAT_START_DATE' || e.code === 'FORMAT_END_DATE');
  if (body.periodDates && !badDate && body.periodDates.periodEndDate < body.periodDates.periodStartDate) rules.add('RULE_END_DATE_BEFORE_START_DATE');
  if (bothExpensesSupplied(body)) rules.add('RULE_BOTH_EXPENSES_SUPPLIED');
  rules.throwIfAny();
  return body;
}

export function cumulativeHandlers(ctx: ApiContext) {
  const { state } = ctx;

  const createAmend: ApiHandler = (request) => {
    const body = validate(request);
    const { nino, businessId, taxYear } = pathParameters(request);
    const business = selfEmployment(state, request);
    checkTaxYearStarted(request, taxYear);
    checkAmendmentWindow(state, request, taxYear);
    const annual = reportsAnnually(state, nino, business, taxYear);
    if (annual && body.periodDates) throw endpointError(request.endpoint.oas, 'RULE_START_AND_END_DATE_NOT_ALLOWED');
    if (!annual && !body.periodDates) throw endpointError(request.endpoint.oas, 'RULE_MISSING_SUBMISSION_DATES');
    if (body.periodDates) {
      const previousEnd = findSourceYear(state, nino, businessId, taxYear)?.cumulative?.periodEndDate;
      checkPeriodDates(request, reportingYear(state, nino, business, taxYear), body.periodDates, previousEnd);
    }

    const submittedOn = request.now.toISOString();
    const submission: CumulativeSubmission = { body: structuredClone(body) as Record<string, unknown>, submittedOn, ...(body.periodDates ?? {}) };
    const record = sourceYear(state, nino, businessId, taxYear);
    // Each update replaces the year-to-date totals; the history keeps every one for obligations.
    record.cumulative = submission;
    record.cumulativeHistory.push(structuredClone(submission));
    record.lastChangedOn = submittedOn;
    ctx.changed();
    return { status: 204, write: { nino, taxYear, businessId } };
  };

  const retrieve: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = pathParameters(request);
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkBusinessId(errors, businessId);
    checkTaxYear(errors, taxYear, TAX_YEARS.cumulative);
    errors.throwIfAny();
    const business = selfEmployment(state, request);
    const stored = findSourceYear(state, nino, businessId, taxYear)?.cumulative;
    if (!stored) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const { periodDates, ...figures } = structuredClone(stored.body) as PeriodBody;
    // An annual or latent business sends no dates; HMRC holds its summary against the whole year.
    return { status: 200, body: { periodDates: periodDates ?? annualPeriod(business, taxYear), ...figures } };
  };

  return { createAmend, retrieve };
}
