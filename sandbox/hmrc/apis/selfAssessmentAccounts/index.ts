// Self Assessment Accounts 4.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function selfAssessmentAccountsRoutes(_ctx: ApiContext): Route[] {
  return [];
}
