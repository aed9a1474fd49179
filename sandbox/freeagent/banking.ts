// Banking for a client company: /v2/bank_accounts (views by account type) and /v2/bank_transactions for one account
// (views all, unexplained, explained, manual, imported, marked_for_review; from_date, to_date, updated_since), both
// paginated. A transaction's unexplained_amount is its amount less its explanations; "unexplained" is anything left.
import { Hono } from 'hono';
import { penceToDecimal } from '../../integrations/freeagent/decimal';
import { checkDate } from './accounting';
import { badRequest, notFound } from './errors';
import { paginate } from './pagination';
import { companyOf, type PipelineDeps, type PipelineEnv } from './pipeline';
import type { BankAccountType, StoredBankAccount, StoredBankTransaction, StoredCompany } from './state';

export interface BankingDeps extends PipelineDeps {
  baseUrl: () => string;
}

const ACCOUNT_VIEWS: Record<string, BankAccountType> = {
  standard_bank_accounts: 'StandardBankAccount',
  credit_card_accounts: 'CreditCardAccount',
  paypal_accounts: 'PaypalAccount',
};

const TRANSACTION_VIEWS = ['all', 'unexplained', 'explained', 'manual', 'imported', 'marked_for_review'] as const;
type TransactionView = (typeof TRANSACTION_VIEWS)[number];

export function unexplainedAmount(transaction: Pick<StoredBankTransaction, 'amount' | 'explanations'>): number {
  return transaction.amount - transaction.explanations.reduce((sum, e) => sum + e.grossValue, 0);
}

const inView: Record<TransactionView, (t: StoredBankTransaction) => boolean> = {
  all: () => true,
  // Partly explained transactions still have something left to explain [unconfirmed: FreeAgent's docs only name the view].
  unexplained: (t) => unexplainedAmount(t) !== 0,
  explained: (t) => unexplainedAmount(t) === 0,
  manual: (t) => t.isManual,
  imported: (t) => !t.isManual,
  marked_for_review: (t) => t.explanations.some((e) => e.markedForReview),
};

function transactionsOf(company: StoredCompany, bankAccountId: number): StoredBankTransaction[] {
  return [...company.bankTransactions.values()].filter((t) => t.bankAccountId === bankAccountId);
}

function serialiseAccount(baseUrl: string, company: StoredCompany, account: StoredBankAccount): Record<string, unknown> {
  const transactions = transactionsOf(company, account.id);
  const latest = transactions.map((t) => t.datedOn).sort().at(-1);
  return {
    url: `${baseUrl}/v2/bank_accounts/${account.id}`,
    opening_balance: penceToDecimal(account.openingBalance),
    type: account.type,
    name: account.name,
    is_personal: account.isPersonal,
    is_primary: account.isPrimary,
    status: account.status,
    currency: account.currency,
    current_balance: penceToDecimal(transactions.reduce((sum, t) => sum + t.amount, account.openingBalance)),
    ...(account.bankName ? { bank_name: account.bankName } : {}),
    ...(latest ? { latest_activity_date: latest } : {}),
    updated_at: account.updatedAt,
    created_at: account.createdAt,
  };
}

function serialiseTransaction(baseUrl: string, company: StoredCompany, t: StoredBankTransaction): Record<string, unknown> {
  const url = `${baseUrl}/v2/bank_transactions/${t.id}`;
  const bankAccount = `${baseUrl}/v2/bank_accounts/${t.bankAccountId}`;
  return {
    url,
    amount: penceToDecimal(t.amount),
    bank_account: bankAccount,
    dated_on: t.datedOn,
    description: t.description,
    full_description: `${t.description}/OTHER/£${penceToDecimal(Math.abs(t.amount))}`,
    ...(t.isManual ? {} : { uploaded_at: t.createdAt }),
    unexplained_amount: penceToDecimal(unexplainedAmount(t)),
    is_manual: t.isManual,
    ...(t.transactionId ? { transaction_id: t.transactionId } : {}),
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    matching_transactions_count: transactionsOf(company, t.bankAccountId).filter((other) => other.id !== t.id && other.description === t.description).length,
    bank_transaction_explanations: t.explanations.map((e) => ({
      url: `${baseUrl}/v2/bank_transaction_explanations/${e.id}`,
      bank_transaction: url,
      bank_account: bankAccount,
      dated_on: e.datedOn,
      description: e.description,
      ...(e.nominalCode ? { category: `${baseUrl}/v2/categories/${e.nominalCode.split('-')[0]}` } : {}),
      gross_value: penceToDecimal(e.grossValue),
      marked_for_review: e.markedForReview,
      is_deletable: true,
    })),
  };
}

/** FreeAgent names the account by its URL; a bare id is accepted too. */
function accountFrom(company: StoredCompany, reference: string | undefined): StoredBankAccount {
  if (reference === undefined) throw badRequest('bank_account is required: the URL of one of the company\'s bank accounts');
  const id = /(?:^|\/bank_accounts\/)(\d+)$/.exec(reference)?.[1];
  const account = id === undefined ? undefined : company.bankAccounts.get(Number(id));
  if (!account) throw notFound(`Bank account ${reference}`);
  return account;
}

export function createBankingRoutes(deps: BankingDeps): Hono<PipelineEnv> {
  return new Hono<PipelineEnv>()
    .get('/bank_accounts', (c) => {
      const company = companyOf(c);
      const view = c.req.query('view');
      if (view !== undefined && !(view in ACCOUNT_VIEWS)) throw badRequest(`view must be one of ${Object.keys(ACCOUNT_VIEWS).join(', ')}; got '${view}'`);
      const accounts = [...company.bankAccounts.values()].filter((a) => view === undefined || a.type === ACCOUNT_VIEWS[view]).sort((a, b) => a.id - b.id);
      return c.json({ bank_accounts: paginate(c, accounts, `${deps.baseUrl()}/v2/bank_accounts`).map((a) => serialiseAccount(deps.baseUrl(), company, a)) });
    })
    .get('/bank_accounts/:id', (c) => {
      const company = companyOf(c);
      const account = company.bankAccounts.get(Number(c.req.param('id')));
      if (!account) throw notFound(`Bank account ${c.req.param('id')}`);
      return c.json({ bank_account: serialiseAccount(deps.baseUrl(), company, account) });
    })
    .get('/bank_transactions', (c) => {
      const company = companyOf(c);
      const account = accountFrom(company, c.req.query('bank_account'));
      const view = c.req.query('view') ?? 'all';
      if (!(TRANSACTION_VIEWS as readonly string[]).includes(view)) throw badRequest(`view must be one of ${TRANSACTION_VIEWS.join(', ')}; got '${view}'`);
      const from = checkDate('from_date', c.req.query('from_date'));
      const to = checkDate('to_date', c.req.query('to_date'));
      const updatedSince = c.req.query('updated_since');
      const since = updatedSince === undefined ? undefined : Date.parse(updatedSince);
      if (since !== undefined && Number.isNaN(since)) throw badRequest(`updated_since must be an ISO-8601 timestamp, got '${updatedSince}'`);
      const transactions = transactionsOf(company, account.id)
        .filter(inView[view as TransactionView])
        .filter((t) => (from === undefined || t.datedOn >= from) && (to === undefined || t.datedOn <= to) && (since === undefined || Date.parse(t.updatedAt) >= since))
        .sort((a, b) => a.datedOn.localeCompare(b.datedOn) || a.id - b.id);
      return c.json({ bank_transactions: paginate(c, transactions, `${deps.baseUrl()}/v2/bank_transactions`).map((t) => serialiseTransaction(deps.baseUrl(), company, t)) });
    })
    .get('/bank_transactions/:id', (c) => {
      const company = companyOf(c);
      const transaction = company.bankTransactions.get(Number(c.req.param('id')));
      if (!transaction) throw notFound(`Bank transaction ${c.req.param('id')}`);
      return c.json({ bank_transaction: serialiseTransaction(deps.baseUrl(), company, transaction) });
    });
}
