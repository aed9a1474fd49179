// Coding out opt-out status per tax year: customers are in (coding out applies) until they opt out.
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError } from '../../platform/validation';
import type { EmulatorState } from '../../state';
import type { ApiContext } from '../types';
import { checkCodingOutTaxYear } from './queryChecks';
import { accountsOf, findAccounts } from './store';

/**
 * HMRC's ITSA back end knows the NINO as a business partner once it is a test individual, and has an ITSA contract
 * object once that individual is signed up to MTD (has an MTDITID). The platform's relationship check usually refuses
 * such callers first, so these mostly matter for callers acting for themselves.
 */
function checkRegistered(state: EmulatorState, request: ApiRequest): void {
  const nino = request.params.nino!;
  const individual = Object.values(state.users).find((u) => u.kind === 'individual' && u.nino === nino);
  if (!individual) throw endpointError(request.endpoint.oas, 'RULE_BUSINESS_PARTNER_NOT_EXIST');
  if (individual.kind === 'individual' && !individual.mtdItId) throw endpointError(request.endpoint.oas, 'RULE_ITSA_CONTRACT_OBJECT_NOT_EXIST');
}

function parse(request: ApiRequest, rules: boolean): string {
  const errors = new ErrorCollector(request.endpoint.oas);
  checkNino(errors, request.params.nino);
  const taxYear = checkCodingOutTaxYear(errors, request.params.taxYear, { rules });
  errors.throwIfAny();
  return taxYear!;
}

export function codingOutStatusHandlers(ctx: ApiContext) {
  const status: ApiHandler = (request) => {
    const taxYear = parse(request, true);
    checkRegistered(ctx.state, request);
    const stored = findAccounts(ctx.state, request.params.nino!)?.codingOutStatus[taxYear];
    return {
      status: 200,
      body: {
        processingDate: stored?.processingDate ?? request.now.toISOString(),
        nino: request.params.nino!,
        taxYear,
        optOutIndicator: stored?.optOutIndicator ?? false,
      },
    };
  };

  const change =
    (optOut: boolean): ApiHandler =>
    (request) => {
      const taxYear = parse(request, false);
      checkRegistered(ctx.state, request);
      const current = findAccounts(ctx.state, request.params.nino!)?.codingOutStatus[taxYear]?.optOutIndicator ?? false;
      if (current === optOut) throw endpointError(request.endpoint.oas, optOut ? 'RULE_ALREADY_OPTED_OUT' : 'RULE_ALREADY_OPTED_IN');
      accountsOf(ctx.state, request.params.nino!).codingOutStatus[taxYear] = { optOutIndicator: optOut, processingDate: request.now.toISOString() };
      ctx.changed();
      return { status: 204, write: { nino: request.params.nino!, taxYear } };
    };

  return { status, optOut: change(true), optIn: change(false) };
}
