// Business Source Adjustable Summary (BSAS) 7.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function bsasRoutes(_ctx: ApiContext): Route[] {
  return [];
}
