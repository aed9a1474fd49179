// Business Details (MTD) 2.0: the customer's businesses and, per business and tax year, quarter type, accounting type,
// periods of account and the late accounting date rule. Stateful: what is set here is what Obligations and the other APIs see.
import type { ApiContext, Route } from '../types';
import { accountingTypeHandlers } from './accountingType';
import { lateAccountingDateRuleHandlers } from './lateAccountingDateRule';
import { periodsOfAccountHandlers } from './periodsOfAccount';
import { quarterlyPeriodTypeHandler } from './quarterlyPeriodType';
import { retrieveHandlers } from './retrieve';

const API = 'business-details';
const VERSION = '2.0';
const BASE = '/individuals/business/details/{nino}';

export function businessDetailsRoutes(ctx: ApiContext): Route[] {
  const { state, changed } = ctx;
  const businesses = retrieveHandlers(state);
  const accountingType = accountingTypeHandlers(state, changed);
  const periodsOfAccount = periodsOfAccountHandlers(state, changed);
  const ladr = lateAccountingDateRuleHandlers(state, changed);
  const year = `${BASE}/{businessId}/{taxYear}`;
  return [
    // The list route before the retrieve route: "list" would otherwise be taken for a businessId.
    [API, VERSION, 'GET', `${BASE}/list`, businesses.list],
    [API, VERSION, 'GET', `${BASE}/{businessId}`, businesses.retrieve],
    [API, VERSION, 'PUT', year, quarterlyPeriodTypeHandler(state, changed)],
    [API, VERSION, 'GET', `${year}/accounting-type`, accountingType.retrieve],
    [API, VERSION, 'PUT', `${year}/accounting-type`, accountingType.update],
    [API, VERSION, 'GET', `${year}/periods-of-account`, periodsOfAccount.retrieve],
    [API, VERSION, 'PUT', `${year}/periods-of-account`, periodsOfAccount.createOrUpdate],
    [API, VERSION, 'GET', `${year}/late-accounting-date-rule-election`, ladr.retrieve],
    [API, VERSION, 'POST', `${year}/late-accounting-date-rule-election/disapply`, ladr.disapply],
    [API, VERSION, 'DELETE', `${year}/late-accounting-date-rule-election/withdraw`, ladr.withdraw],
  ];
}

export { accountingTypeFor } from './records';
export { quarterlyPeriodTypeFor, latestQuarterlyElection } from '../../reporting';
export { electionInForce } from './lateAccountingDateRule';
