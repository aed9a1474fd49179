// Self Assessment Individual Details 2.0: a customer's ITSA status by tax year (set through Test Support).
import type { ApiHandler } from '../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../platform/validation';
import type { EmulatorState } from '../state';
import { taxYearFromStartYear, taxYearStart } from '../../../domain/taxYear';

interface StatusDetail {
  submittedOn: string;
  status: string;
  statusReason: string;
  businessIncome2YearsPrior?: number;
}

export function individualDetailsHandlers(state: EmulatorState) {
  const retrieveItsaStatus: ApiHandler = (request) => {
    const { nino, taxYear } = request.params;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    const startYear = checkTaxYear(errors, taxYear);
    for (const flag of ['futureYears', 'history'] as const) {
      const value = request.query[flag];
      if (value !== undefined && value !== 'true' && value !== 'false') errors.add(flag === 'futureYears' ? 'FORMAT_FUTURE_YEARS' : 'FORMAT_HISTORY');
    }
    errors.throwIfAny();

    const stored = { ...(state.taxpayers[nino!]?.itsaStatuses as Record<string, StatusDetail[]> | undefined) };
    const enrolled = Object.values(state.users).some((u) => u.kind === 'individual' && u.nino === nino && u.mtdItId);
    const years = Object.keys(stored)
      .filter((y) => y === taxYear || (request.query.futureYears === 'true' && y > taxYear!))
      .sort();
    // An MTD customer nobody has set a status for reads as signed up for the year (what sign-up gives in production).
    if (!years.includes(taxYear!) && enrolled) {
      stored[taxYear!] = [{ submittedOn: `${taxYearStart(taxYearFromStartYear(startYear!))}T00:00:00.000Z`, status: 'MTD Mandated', statusReason: 'Sign up - return available' }];
      years.unshift(taxYear!);
    }
    if (years.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const itsaStatuses = years.map((y) => {
      const details = [...stored[y]!].sort((a, b) => b.submittedOn.localeCompare(a.submittedOn));
      return { taxYear: y, itsaStatusDetails: request.query.history === 'true' ? details : details.slice(0, 1) };
    });
    return { status: 200, body: { itsaStatuses } };
  };
  return { retrieveItsaStatus };
}
