// Self Assessment Accounts 4.0: balance and transactions, payments and allocations, charge history, coding out and
// penalties, with charges derived from final declarations and payments recorded through an emulator-only control.
import type { ApiContext, Route } from '../types';
import { balanceAndTransactionsHandler } from './balanceAndTransactions';
import { chargeHistoryHandlers } from './chargeHistory';
import { codingOutHandlers } from './codingOut';
import { codingOutStatusHandlers } from './codingOutStatus';
import { paymentsAndAllocationsHandler } from './paymentsAndAllocations';
import { penaltiesHandler } from './penalties';

export { accountsControlRoutes, describePayment, parsePaymentInput, recordPayment, type PaymentInput } from './paymentControl';
export { accountAsOf, balanceOf } from './ledger';
export { chargesOf, POA_THRESHOLD, type Charge, type ChargeType } from './charges';

const API = 'self-assessment-accounts';
const V = '4.0';
const BASE = '/accounts/self-assessment/{nino}';

export function selfAssessmentAccountsRoutes(ctx: ApiContext): Route[] {
  const history = chargeHistoryHandlers(ctx);
  const codingOut = codingOutHandlers(ctx);
  const codingOutStatus = codingOutStatusHandlers(ctx);
  return [
    [API, V, 'GET', `${BASE}/balance-and-transactions`, balanceAndTransactionsHandler(ctx)],
    [API, V, 'GET', `${BASE}/payments-and-allocations`, paymentsAndAllocationsHandler(ctx)],
    [API, V, 'GET', `${BASE}/charges/{transactionId}`, history.byTransactionId],
    [API, V, 'GET', `${BASE}/charges/transactionId/{transactionId}`, history.byTransactionId],
    [API, V, 'GET', `${BASE}/charges/chargeReference/{chargeReference}`, history.byChargeReference],
    [API, V, 'GET', `${BASE}/penalties`, penaltiesHandler],
    [API, V, 'GET', `${BASE}/{taxYear}/collection/tax-code`, codingOut.retrieve],
    [API, V, 'PUT', `${BASE}/{taxYear}/collection/tax-code`, codingOut.createOrAmend],
    [API, V, 'DELETE', `${BASE}/{taxYear}/collection/tax-code`, codingOut.remove],
    [API, V, 'POST', `${BASE}/{taxYear}/collection/tax-code/coding-out/opt-out`, codingOutStatus.optOut],
    [API, V, 'POST', `${BASE}/{taxYear}/collection/tax-code/coding-out/opt-in`, codingOutStatus.optIn],
    [API, V, 'GET', `${BASE}/{taxYear}/collection/tax-code/coding-out/status`, codingOutStatus.status],
  ];
}
