// Self-Employment Business (MTD) 5.0: cumulative period summaries, 2024-25-and-earlier period summaries, annual submissions.
import type { ApiContext, Route } from '../types';
import { annualHandlers } from './annual';
import { API, BASE, VERSION } from './common';
import { cumulativeHandlers } from './cumulative';
import { periodHandlers } from './periods';
// Registers the figure provider once, when the emulator loads this API.
import './figures';

export function selfEmploymentBusinessRoutes(ctx: ApiContext): Route[] {
  const cumulative = cumulativeHandlers(ctx);
  const periods = periodHandlers(ctx);
  const annual = annualHandlers(ctx);
  return [
    [API, VERSION, 'PUT', `${BASE}/cumulative/{taxYear}`, cumulative.createAmend],
    [API, VERSION, 'GET', `${BASE}/cumulative/{taxYear}`, cumulative.retrieve],
    [API, VERSION, 'POST', `${BASE}/period`, periods.create],
    [API, VERSION, 'GET', `${BASE}/period/{taxYear}`, periods.list],
    [API, VERSION, 'GET', `${BASE}/period/{taxYear}/{periodId}`, periods.retrieve],
    [API, VERSION, 'PUT', `${BASE}/period/{taxYear}/{periodId}`, periods.amend],
    [API, VERSION, 'PUT', `${BASE}/annual/{taxYear}`, annual.createAmend],
    [API, VERSION, 'GET', `${BASE}/annual/{taxYear}`, annual.retrieve],
    [API, VERSION, 'DELETE', `${BASE}/annual/{taxYear}`, annual.remove],
  ];
}
