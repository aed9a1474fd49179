// Obligations (MTD) 3.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function obligationsRoutes(_ctx: ApiContext): Route[] {
  return [];
}
