// Retrieve and Update Accounting Type (cash or accruals) of a business for a tax year, until that year's final declaration.
import { businessYearSettings } from '../../taxpayerData';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkBody, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import { accountingTypeFor } from './records';
import { MINIMUM_TAX_YEAR, amendmentWindowEnd, businessOr404, checkYearPath, finalDeclarationMade, today } from './rules';

export function accountingTypeHandlers(state: EmulatorState, changed: () => void) {
  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkYearPath(errors, request);
    errors.throwIfAny();
    const business = businessOr404(state, request);
    return { status: 200, body: { accountingType: accountingTypeFor(state, request.params.nino!, business, request.params.taxYear!) } };
  };

  const update: ApiHandler = (request) => {
    const { nino, businessId, taxYear } = request.params as { nino: string; businessId: string; taxYear: string };
    const errors = new ErrorCollector(request.endpoint.oas);
    checkYearPath(errors, request, { min: MINIMUM_TAX_YEAR });
    checkBody(errors, request.body);
    errors.throwIfAny();
    businessOr404(state, request);
    // In-year updates are allowed (changelog 16 June 2026 dropped RULE_TAX_YEAR_NOT_ENDED), but only before the final declaration.
    if (finalDeclarationMade(state, nino, taxYear) || today(request) > amendmentWindowEnd(taxYear)) {
      throw endpointError(request.endpoint.oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    }
    businessYearSettings(state, nino, businessId, taxYear).accountingType = (request.body as { accountingType: 'CASH' | 'ACCRUAL' }).accountingType;
    changed();
    return { status: 204, write: { nino, businessId, taxYear } };
  };

  return { retrieve, update };
}
