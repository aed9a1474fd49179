// Individual Calculations 8.0: trigger, list and retrieve tax calculations, and submit the final declaration.
// The calculation is the domain's (domain/incomeTax) on what the taxpayer submitted, as HMRC's would be.
import { randomUUID } from 'node:crypto';
import { calculateIncomeTax, IncomeTaxInputError } from '../../../../domain/incomeTax';
import { taxYearEnd } from '../../../../domain/taxYear';
import { londonStartOfDay } from '../../../../domain/timeline';
import { addDays } from '../../../../domain/calendar';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { latestItsaStatus } from '../../reporting';
import { businessesOf, finalDeclarations, sourceYearsOf } from '../../taxpayerData';
import type { ApiContext, Route } from '../types';
import { bsasAdjustmentsFor } from '../bsas';
import { lossesLastChangedOn } from '../individualLosses';
import { calculationInput } from './inputs';
import { retrieveBody } from './retrieveBody';
import { calculationsOf, type StoredCalculation, type TriggerType } from './store';

const API = 'individual-calculations';
const VERSION = '8.0';
const BASE = '/individuals/calculations/{nino}/self-assessment/{taxYear}';
const TRIGGER_TYPES: TriggerType[] = ['in-year', 'intent-to-finalise', 'intent-to-amend'];
const CALCULATION_ID = /^([0-9]{8}|[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/;
const LIST_TYPES = ['in-year', 'intent-to-finalise', 'final-declaration', 'intent-to-amend', 'confirm-amendment'];

export interface CalculationOptions {
  /** How long a calculation takes before Retrieve finds it (HMRC's is asynchronous; it advises waiting 5 seconds). */
  calculationDelayMs: number;
}

/** The year has ended once 6 April after it has begun in London. */
function yearEnded(taxYear: string, now: Date): boolean {
  return now.getTime() >= londonStartOfDay(addDays(taxYearEnd(taxYear), 1)).getTime();
}

/** The end of the last quarterly period: 5 April, or 31 March for calendar quarters. */
function lastQuarterEnd(taxYear: string): string {
  return `${Number(taxYear.slice(0, 4)) + 1}-03-31`;
}

/** Amendments are possible until 12 months after the 31 January filing date (HMRC README §6.2). */
function outsideAmendmentWindow(taxYear: string, now: Date): boolean {
  const filingDate = `${Number(taxYear.slice(0, 4)) + 3}-01-31`;
  return now.getTime() >= londonStartOfDay(addDays(filingDate, 1)).getTime();
}

function checkPath(request: ApiRequest, extra?: (errors: ErrorCollector) => void): void {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  checkTaxYear(errors, request.params.taxYear, { min: '2017-18' });
  extra?.(errors);
  errors.throwIfAny();
}

/** The latest change to anything the year's calculation uses (submissions, BSAS adjustments, losses), to tell when it is out of date. */
function latestSubmission(ctx: ApiContext, nino: string, taxYear: string): string | undefined {
  const sources = sourceYearsOf(ctx.state, nino, taxYear);
  return [
    ...sources.map((s) => s.lastChangedOn),
    ...sources.map((s) => bsasAdjustmentsFor(ctx.state, nino, s.businessId, taxYear)?.adjustedOn),
    lossesLastChangedOn(ctx.state, nino, taxYear),
  ]
    .filter((v): v is string => Boolean(v))
    .sort()
    .pop();
}

export function individualCalculationsRoutes(ctx: ApiContext, options: CalculationOptions = { calculationDelayMs: 0 }): Route[] {
  const trigger: ApiHandler = (request) => {
    const type = request.params.calculationType as TriggerType;
    checkPath(request, (errors) => {
      if (!TRIGGER_TYPES.includes(type)) errors.add('FORMAT_CALCULATION_TYPE');
    });
    const { nino, taxYear } = request.params as { nino: string; taxYear: string };
    const oas = request.endpoint.oas;
    if (type === 'intent-to-amend' && taxYear < '2025-26') throw endpointError(oas, 'RULE_CALCULATION_TYPE_NOT_ALLOWED');
    const declared = finalDeclarations(ctx.state, nino)[taxYear];
    if (type === 'intent-to-finalise' && !yearEnded(taxYear, request.now)) throw endpointError(oas, 'RULE_TAX_YEAR_NOT_ENDED');
    // Finalising needs the year's last quarterly update from every business that reports quarterly.
    if (type === 'intent-to-finalise' && sourceYearsOf(ctx.state, nino, taxYear).some((s) => s.cumulative?.periodEndDate !== undefined && s.cumulative.periodEndDate < lastQuarterEnd(taxYear))) {
      throw endpointError(oas, 'RULE_PREMATURE_FINALISATION');
    }
    if (type !== 'intent-to-amend' && declared) throw endpointError(oas, 'RULE_FINAL_DECLARATION_RECEIVED');
    if (type === 'intent-to-amend' && !declared) throw endpointError(oas, 'RULE_DECLARATION_NOT_RECEIVED');
    if (type === 'intent-to-amend' && outsideAmendmentWindow(taxYear, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const calculations = calculationsOf(ctx.state, nino);
    if (Object.values(calculations).some((c) => c.taxYear === taxYear && Date.parse(c.calculationTimestamp) > request.now.getTime())) {
      throw endpointError(oas, 'RULE_CALCULATION_IN_PROGRESS');
    }
    const { input, figures } = calculationInput(ctx.state, nino, taxYear);
    if (figures.length === 0) throw endpointError(oas, 'RULE_NO_INCOME_SUBMISSIONS_EXIST');
    // Data only for businesses that had ceased before the year began is no valid income source for it.
    const businessesNow = businessesOf(ctx.state, nino);
    const ceasedBefore = (id: string) => (businessesNow[id]?.cessationDate ?? '9999-12-31') < `${taxYear.slice(0, 4)}-04-06`;
    if (figures.every((f) => ceasedBefore(f.businessId))) throw endpointError(oas, 'RULE_INCOME_SOURCES_INVALID');

    const messages: StoredCalculation['messages'] = { info: [], warnings: [], errors: [] };
    let result = null;
    try {
      result = calculateIncomeTax(input);
    } catch (err) {
      if (!(err instanceof IncomeTaxInputError)) throw err;
      messages.errors.push({ id: 'C55001', text: `The calculation could not be completed: ${err.message}` });
    }
    if (type === 'in-year' && !yearEnded(taxYear, request.now)) messages.info.push({ id: 'C22201', text: 'This is an in-year calculation: it covers only what has been submitted so far.' });
    const businesses = businessesOf(ctx.state, nino);
    const calculationId = randomUUID();
    calculations[calculationId] = {
      calculationId,
      taxYear,
      calculationType: type,
      requestedBy: request.user?.kind === 'agent' ? 'agent' : 'customer',
      requestedTimestamp: request.now.toISOString(),
      calculationTimestamp: new Date(request.now.getTime() + options.calculationDelayMs).toISOString(),
      input,
      result,
      messages,
      sources: figures.map((f) => {
        const year = sourceYearsOf(ctx.state, nino, taxYear).find((s) => s.businessId === f.businessId);
        const b = businesses[f.businessId];
        return {
          businessId: f.businessId,
          typeOfBusiness: f.typeOfBusiness,
          latestPeriodEndDate: year?.cumulative?.periodEndDate ?? year?.periods.at(-1)?.toDate ?? taxYearEnd(taxYear),
          latestReceivedDateTime: year?.lastChangedOn ?? request.now.toISOString(),
          ...(b?.commencementDate ? { commencementDate: b.commencementDate } : {}),
          ...(b?.cessationDate ? { cessationDate: b.cessationDate } : {}),
          ...(b?.tradingName ? { tradingName: b.tradingName } : {}),
        };
      }),
    };
    ctx.changed();
    return { status: 202, body: { calculationId }, write: { nino, taxYear } };
  };

  const list: ApiHandler = (request) => {
    const wanted = request.query.calculationType;
    checkPath(request, (errors) => {
      if (wanted !== undefined && !LIST_TYPES.includes(wanted)) errors.add('FORMAT_CALCULATION_TYPE');
    });
    const { nino, taxYear } = request.params as { nino: string; taxYear: string };
    if (wanted && ['intent-to-amend', 'confirm-amendment'].includes(wanted) && taxYear < '2025-26') throw endpointError(request.endpoint.oas, 'RULE_CALCULATION_TYPE_NOT_ALLOWED');
    const listType = (c: StoredCalculation) => (c.calculationType === 'declare-finalisation' ? 'final-declaration' : c.calculationType);
    const calculations = Object.values(calculationsOf(ctx.state, nino))
      .filter((c) => c.taxYear === taxYear && Date.parse(c.calculationTimestamp) <= request.now.getTime() && (!wanted || listType(c) === wanted))
      .sort((a, b) => b.calculationTimestamp.localeCompare(a.calculationTimestamp))
      .map((c) => ({
        calculationId: c.calculationId,
        calculationTimestamp: c.calculationTimestamp,
        calculationType: listType(c),
        calculationTrigger: 'attended',
        calculationOutcome: c.messages.errors.length > 0 ? 'ERROR' : 'PROCESSED',
        ...(c.result ? { liabilityAmount: c.result.incomeTaxAndNicsDue / 100 } : {}),
        // The period fields arrived with the 2025-26 definition; earlier years' definitions refuse them.
        ...(taxYear >= '2025-26' ? { fromDate: `${taxYear.slice(0, 4)}-04-06`, toDate: taxYearEnd(taxYear) } : {}),
      }));
    if (calculations.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    return { status: 200, body: { calculations } };
  };

  const findCalculation = (request: ApiRequest): StoredCalculation => {
    checkPath(request, (errors) => {
      if (!CALCULATION_ID.test(request.params.calculationId ?? '')) errors.add('FORMAT_CALCULATION_ID');
    });
    const calc = calculationsOf(ctx.state, request.params.nino!)[request.params.calculationId!];
    if (!calc || calc.taxYear !== request.params.taxYear || Date.parse(calc.calculationTimestamp) > request.now.getTime()) {
      throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    }
    return calc;
  };

  const retrieve: ApiHandler = (request) => {
    const calc = findCalculation(request);
    const itsaStatus = latestItsaStatus(ctx.state, request.params.nino!, calc.taxYear);
    return { status: 200, body: retrieveBody(calc, request.params.nino!, itsaStatus === 'Non Digital' ? undefined : itsaStatus) };
  };

  const submitFinalDeclaration: ApiHandler = (request) => {
    const type = request.params.calculationType;
    const oas = request.endpoint.oas;
    checkPath(request, (errors) => {
      if (type !== 'final-declaration' && type !== 'confirm-amendment') errors.add('FORMAT_CALCULATION_TYPE');
      if (!CALCULATION_ID.test(request.params.calculationId ?? '')) errors.add('FORMAT_CALCULATION_ID');
    });
    const { nino, taxYear } = request.params as { nino: string; taxYear: string };
    if (type === 'confirm-amendment' && taxYear < '2025-26') throw endpointError(oas, 'RULE_SUBMISSION_FAILED');
    if (!yearEnded(taxYear, request.now)) throw endpointError(oas, 'RULE_FINAL_DECLARATION_TAX_YEAR');
    const calc = calculationsOf(ctx.state, nino)[request.params.calculationId!];
    const expected = type === 'final-declaration' ? 'intent-to-finalise' : 'intent-to-amend';
    if (!calc || calc.taxYear !== taxYear || calc.calculationType !== expected) {
      // A declaration already made on this calculation is a repeat, not a missing calculation.
      if (calc && type === 'final-declaration' && calc.calculationType === 'declare-finalisation') throw endpointError(oas, 'RULE_FINAL_DECLARATION_RECEIVED');
      throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    }
    if (Date.parse(calc.calculationTimestamp) > request.now.getTime()) throw endpointError(oas, 'RULE_FINAL_DECLARATION_IN_PROGRESS');
    const declared = finalDeclarations(ctx.state, nino)[taxYear];
    if (type === 'final-declaration' && declared) throw endpointError(oas, 'RULE_FINAL_DECLARATION_RECEIVED');
    if (type === 'confirm-amendment' && outsideAmendmentWindow(taxYear, request.now)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const latest = latestSubmission(ctx, nino, taxYear);
    if (latest && latest > calc.requestedTimestamp) throw endpointError(oas, 'RULE_INCOME_SOURCES_CHANGED');
    if (calc.messages.errors.length > 0 || !calc.result) throw endpointError(oas, 'RULE_SUBMISSION_FAILED');

    const when = request.now.toISOString();
    if (type === 'final-declaration') {
      calc.calculationType = 'declare-finalisation';
      calc.finalisationTimestamp = when;
    } else {
      calc.calculationType = 'confirm-amendment';
      calc.confirmationTimestamp = when;
    }
    finalDeclarations(ctx.state, nino)[taxYear] = { taxYear, calculationId: calc.calculationId, submittedOn: when, calculationType: type === 'final-declaration' ? 'final-declaration' : 'confirm-amendment' };
    ctx.changed();
    return { status: 204, write: { nino, taxYear } };
  };

  return [
    [API, VERSION, 'POST', `${BASE}/trigger/{calculationType}`, trigger],
    [API, VERSION, 'GET', BASE, list],
    [API, VERSION, 'GET', `${BASE}/{calculationId}`, retrieve],
    [API, VERSION, 'POST', `${BASE}/{calculationId}/{calculationType}`, submitFinalDeclaration],
  ];
}
