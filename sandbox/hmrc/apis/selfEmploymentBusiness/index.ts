// Self-Employment Business (MTD) 5.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function selfEmploymentBusinessRoutes(_ctx: ApiContext): Route[] {
  return [];
}
