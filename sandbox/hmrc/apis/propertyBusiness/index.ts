// Property Business (MTD) 6.0: routes (being built).
import type { ApiContext, Route } from '../types';

export function propertyBusinessRoutes(_ctx: ApiContext): Route[] {
  return [];
}
