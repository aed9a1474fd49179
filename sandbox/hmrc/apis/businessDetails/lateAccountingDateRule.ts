// Late Accounting Date Rule: retrieve, disapply and withdraw a self-employment's election for a tax year.
//
// A business whose accounting date falls on 31 March to 4 April is treated as if its period ended on 5 April (the
// rule); it may elect to disapply that for a year. An election runs for five tax years from the one it was made for
// (HMRC's example: elected 2025-26, expires 2029-30) and, once a year it covers is finalised, cannot be changed until
// it expires. Records per tax year in BusinessYearSettings: {disapply: true, taxYearOfElection} where an election
// starts, {disapply: false} where a running one was withdrawn.
import { taxYearFromStartYear, taxYearStartYear } from '../../../../domain/taxYear';
import { businessYearSettings, findBusinessYearSettings } from '../../taxpayerData';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';
import { ladrRecords, storedBusiness } from './records';
import { MINIMUM_TAX_YEAR, amendmentWindowEnd, businessOr404, checkYearPath, finalDeclarationMade, taxYearEnded, temporalValidationSuspended, today } from './rules';

const ELECTION_YEARS = 5;
/** "Only businesses with an accounting date (Period of Account) that falls between 31 March and 4 April inclusive are eligible." */
const LATE_ACCOUNTING_DATES = new Set(['03-31', '04-01', '04-02', '04-03', '04-04']);

function laterTaxYear(taxYear: string, years: number): string {
  return taxYearFromStartYear(taxYearStartYear(taxYear) + years);
}

/**
 * The business's accounting date (MM-DD) for the year: where its periods of account for the year end, 5 April when
 * it declared it has none (its accounts follow the tax year), else the anniversary of its first accounting period.
 */
function accountingDate(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): string {
  const periods = findBusinessYearSettings(state, nino, business.businessId, taxYear)?.periodsOfAccount;
  const ends = (periods?.periodsOfAccountDates ?? []).map((p) => p.endDate).sort();
  if (periods?.periodsOfAccount && ends.length > 0) return ends.at(-1)!.slice(5);
  if (periods) return '04-05';
  return business.firstAccountingPeriodEndDate?.slice(5) ?? '04-05';
}

function eligible(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): boolean {
  return LATE_ACCOUNTING_DATES.has(accountingDate(state, nino, business, taxYear));
}

/** The election to disapply in force for the year, if any. */
export function electionInForce(state: EmulatorState, nino: string, businessId: string, taxYear: string): { taxYearOfElection: string; taxYearElectionExpires: string } | null {
  const latest = ladrRecords(state, nino, businessId)
    .filter(([year]) => year <= taxYear)
    .at(-1);
  if (!latest || !latest[1].disapply) return null;
  const taxYearOfElection = latest[1].taxYearOfElection ?? latest[0];
  const taxYearElectionExpires = laterTaxYear(taxYearOfElection, ELECTION_YEARS - 1);
  return taxYear <= taxYearElectionExpires ? { taxYearOfElection, taxYearElectionExpires } : null;
}

/** Validation shared by disapply and withdraw: formats, the minimum year, then (unless suspended) the year must have ended. */
function checkChange(request: ApiRequest): void {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkYearPath(errors, request, { min: MINIMUM_TAX_YEAR });
  errors.throwIfAny();
  if (!temporalValidationSuspended(request) && !taxYearEnded(request, request.params.taxYear!)) throw endpointError(request.endpoint.oas, 'RULE_TAX_YEAR_NOT_ENDED');
}

function checkAmendable(request: ApiRequest): void {
  if (today(request) > amendmentWindowEnd(request.params.taxYear!)) throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
}

export function lateAccountingDateRuleHandlers(state: EmulatorState, changed: () => void) {
  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkYearPath(errors, request);
    errors.throwIfAny();
    const { nino, taxYear } = request.params as { nino: string; taxYear: string };
    const business = businessOr404(state, request, { selfEmploymentOnly: true });
    const election = electionInForce(state, nino, business.businessId, taxYear);
    return { status: 200, body: { disapply: election !== null, eligible: eligible(state, nino, business, taxYear), ...(election ?? {}) } };
  };

  const disapply: ApiHandler = (request) => {
    checkChange(request);
    const { nino, businessId, taxYear } = request.params as { nino: string; businessId: string; taxYear: string };
    const oas = request.endpoint.oas;
    const business = storedBusiness(state, nino, businessId);
    if (!business) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (business.typeOfBusiness !== 'self-employment') throw endpointError(oas, 'RULE_TYPE_OF_BUSINESS_INCORRECT');
    checkAmendable(request);
    if (!eligible(state, nino, business, taxYear)) throw endpointError(oas, 'RULE_NO_ACCOUNTING_DATE_FOUND');
    const running = electionInForce(state, nino, businessId, taxYear);
    // An election from an earlier year still runs: a new one cannot restart the five years.
    if (running && running.taxYearOfElection < taxYear) throw endpointError(oas, 'RULE_ELECTION_PERIOD_NOT_EXPIRED');
    businessYearSettings(state, nino, businessId, taxYear).lateAccountingDateRule = { disapply: true, taxYearOfElection: taxYear };
    changed();
    return { status: 204, write: { nino, businessId, taxYear } };
  };

  const withdraw: ApiHandler = (request) => {
    checkChange(request);
    const { nino, businessId, taxYear } = request.params as { nino: string; businessId: string; taxYear: string };
    businessOr404(state, request, { selfEmploymentOnly: true });
    checkAmendable(request);
    const running = electionInForce(state, nino, businessId, taxYear);
    if (running) {
      if (finalDeclarationMade(state, nino, running.taxYearOfElection) || finalDeclarationMade(state, nino, taxYear)) {
        throw endpointError(request.endpoint.oas, 'RULE_ELECTION_PERIOD_NOT_EXPIRED');
      }
      const settings = businessYearSettings(state, nino, businessId, taxYear);
      if (running.taxYearOfElection === taxYear) delete settings.lateAccountingDateRule;
      else settings.lateAccountingDateRule = { disapply: false };
      changed();
    }
    // Withdrawing when nothing is disapplied leaves nothing to change: accepted, as the rule already applies.
    return { status: 204, write: { nino, businessId, taxYear } };
  };

  return { retrieve, disapply, withdraw };
}
