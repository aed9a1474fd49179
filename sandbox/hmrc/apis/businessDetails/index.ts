// Business Details (MTD) 2.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function businessDetailsRoutes(_ctx: ApiContext): Route[] {
  return [];
}
