// Individual Losses 6.0 (to 2025-26) and 7.0 (2026-27 on), told apart by the Accept version, and what the calculation needs from them.
import type { ApiContext, Route } from '../types';
import { broughtForwardLossHandlers } from './broughtForwardLosses';
import { claimOrderHandler } from './claimOrder';
import { lossClaimHandlers } from './lossClaims';
import { lossesAndClaimsHandlers } from './lossesAndClaims';

export { lossesForCalculation, lossesLastChangedOn } from './forCalculation';
export type { BusinessLosses, LossBusinessType, PropertyLossInput, PropertyLosses, SelfEmploymentLossInput, SelfEmploymentLosses } from './forCalculation';

const API = 'individual-losses';
const BASE = '/individuals/losses/{nino}';

export function individualLossesRoutes(ctx: ApiContext): Route[] {
  const losses = broughtForwardLossHandlers(ctx);
  const claims = lossClaimHandlers(ctx);
  const perBusiness = lossesAndClaimsHandlers(ctx);
  return [
    [API, '6.0', 'POST', `${BASE}/brought-forward-losses/tax-year/brought-forward-from/{taxYear}`, losses.create],
    [API, '6.0', 'GET', `${BASE}/brought-forward-losses/tax-year/{taxYearBroughtForwardFrom}`, losses.list],
    [API, '6.0', 'GET', `${BASE}/brought-forward-losses/{lossId}`, losses.retrieve],
    [API, '6.0', 'POST', `${BASE}/brought-forward-losses/{lossId}/tax-year/{taxYear}/change-loss-amount`, losses.changeAmount],
    [API, '6.0', 'DELETE', `${BASE}/brought-forward-losses/{lossId}/tax-year/{taxYear}`, losses.remove],

    [API, '6.0', 'POST', `${BASE}/loss-claims`, claims.create],
    [API, '6.0', 'GET', `${BASE}/loss-claims/tax-year/{taxYearClaimedFor}`, claims.list],
    [API, '6.0', 'GET', `${BASE}/loss-claims/{claimId}`, claims.retrieve],
    [API, '6.0', 'DELETE', `${BASE}/loss-claims/{claimId}/tax-year/{taxYearClaimedFor}`, claims.remove],
    [API, '6.0', 'POST', `${BASE}/loss-claims/{claimId}/tax-year/{taxYearClaimedFor}/change-type-of-claim`, claims.changeType],
    [API, '6.0', 'PUT', `${BASE}/loss-claims/order/{taxYearClaimedFor}`, claimOrderHandler(ctx)],

    [API, '7.0', 'GET', `${BASE}/businesses/{businessId}/loss-claims/{taxYear}`, perBusiness.retrieve],
    [API, '7.0', 'PUT', `${BASE}/businesses/{businessId}/loss-claims/{taxYear}`, perBusiness.createOrAmend],
    [API, '7.0', 'DELETE', `${BASE}/businesses/{businessId}/loss-claims/{taxYear}`, perBusiness.remove],
  ];
}
