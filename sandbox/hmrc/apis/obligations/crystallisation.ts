// Retrieve Final Declaration (crystallisation) Obligations: one per tax year, met by the year's final declaration.
import { taxYearEnd, taxYearFromStartYear, taxYearOf, taxYearStart, taxYearStartYear } from '../../../../domain/taxYear';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import { checkStatus, matching, type Filter } from './incomeAndExpenditure';
import { obligationsOf } from './schedule';

const EARLIEST_TAX_YEAR = '2017-18';
/** "If a tax year is not specified, returns all obligations starting from 4 years before the current tax year." */
const DEFAULT_YEARS_BACK = 4;

export function crystallisationHandler(state: EmulatorState): ApiHandler {
  return (request) => {
    const { taxYear, status } = request.query;
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    if (taxYear !== undefined) checkTaxYear(errors, taxYear, { min: EARLIEST_TAX_YEAR });
    checkStatus(errors, status);
    errors.throwIfAny();

    const today = request.now.toISOString().slice(0, 10);
    const current = taxYearOf(today);
    const from = taxYear ?? taxYearFromStartYear(taxYearStartYear(current) - DEFAULT_YEARS_BACK);
    const to = taxYear ?? current;
    const filter: Filter = { fromDate: taxYearStart(from), toDate: taxYearEnd(to), ...(status ? { status: status as Filter['status'] } : {}) };

    // HMRC asks its back end for every obligation in those years: nothing at all is "not found"; nothing that is a final declaration is NO_OBLIGATIONS_FOUND.
    const found = matching(obligationsOf(state, request.params.nino!, today), filter);
    if (found.length === 0) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const declarations = found.filter((o) => o.kind === 'final-declaration');
    if (declarations.length === 0) throw endpointError(request.endpoint.oas, 'NO_OBLIGATIONS_FOUND');
    const obligations = declarations.map((o) => ({
      periodStartDate: o.periodStartDate,
      periodEndDate: o.periodEndDate,
      dueDate: o.dueDate,
      status: o.status,
      ...(o.receivedDate ? { receivedDate: o.receivedDate } : {}),
    }));
    return { status: 200, body: { obligations } };
  };
}
