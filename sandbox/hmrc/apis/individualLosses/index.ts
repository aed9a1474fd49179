// Individual Losses 6.0 and 7.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function individualLossesRoutes(_ctx: ApiContext): Route[] {
  return [];
}
