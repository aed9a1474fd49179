// Obligations (MTD) 3.0: what a customer must send and when, worked out from their businesses, settings and submissions.
import type { ApiContext, Route } from '../types';
import { crystallisationHandler } from './crystallisation';
import { incomeAndExpenditureHandler } from './incomeAndExpenditure';

const API = 'obligations';
const VERSION = '3.0';

export function obligationsRoutes(ctx: ApiContext): Route[] {
  return [
    [API, VERSION, 'GET', '/obligations/details/{nino}/income-and-expenditure', incomeAndExpenditureHandler(ctx.state)],
    [API, VERSION, 'GET', '/obligations/details/{nino}/crystallisation', crystallisationHandler(ctx.state)],
  ];
}

export { obligationsOf, type Obligation } from './schedule';
export { inMtdFor, itsaStatusFor, signUpTaxYear } from '../../reporting';
