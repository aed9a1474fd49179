// The FreeAgent API v2 client for a practice: Self Assessment returns and payments, accounting figures, banking, the client list.
// With a subdomain it acts for that client company (X-Subdomain); on a 401 it asks for a fresh token once and tries again.
import { FreeAgentError } from './errors';
import { sendRequest } from './http';
import type {
  AccountingTransaction,
  BankAccount,
  BankAccountView,
  BankTransaction,
  BankTransactionView,
  Categories,
  FreeAgentUser,
  PracticeClient,
  ProfitAndLossSummary,
  SelfAssessmentReturn,
  TrialBalanceRow,
} from './types';

export interface FreeAgentClientOptions {
  /** The API base including /v2, e.g. https://api.freeagent.com/v2 */
  baseUrl: string;
  /** The practice's current access token; with forceRefresh, a refreshed one (FreeAgent: refresh lazily on a 401). */
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
  /** The client company to act for (X-Subdomain). */
  subdomain?: string;
  timeoutMs?: number;
  /** Pin FreeAgent's behaviour to a release date (X-Api-Version). */
  apiVersion?: string;
}

export interface DateRange {
  fromDate?: string;
  toDate?: string;
}

export interface ClientListOptions {
  view?: 'all' | 'active' | 'inactive' | 'closed' | 'practice' | 'linked' | 'demo' | 'copilot';
  perPage?: number;
}

export interface BankTransactionListOptions extends DateRange {
  /** The bank account's URL, as GET /v2/bank_accounts gives it. */
  bankAccount: string;
  view?: BankTransactionView;
  /** ISO-8601 timestamp: only transactions changed since. */
  updatedSince?: string;
}

export type FreeAgentClient = ReturnType<typeof createFreeAgentClient>;

/** FreeAgent's largest page; fewer pages means fewer requests against the per-client rate limit. */
const PER_PAGE = 100;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function nextLink(link: string | string[] | undefined): string | undefined {
  const header = Array.isArray(link) ? link.join(', ') : link;
  return header
    ?.split(',')
    .map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part.trim())?.[1])
    .find(Boolean);
}

export function createFreeAgentClient(options: FreeAgentClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(method: 'GET' | 'PUT', pathOrUrl: string) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${baseUrl}${pathOrUrl}`;
    const send = async (forceRefresh: boolean) => {
      const token = await options.getAccessToken(forceRefresh ? { forceRefresh } : undefined);
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      if (options.subdomain) headers['X-Subdomain'] = options.subdomain;
      if (options.apiVersion) headers['X-Api-Version'] = options.apiVersion;
      return sendRequest<T>({ method, url, headers, timeoutMs });
    };
    try {
      return await send(false);
    } catch (err) {
      if (err instanceof FreeAgentError && err.status === 401) return send(true);
      throw err;
    }
  }

  /** Every item of a paginated list, following the Link header's next pages. */
  async function listAll<T>(firstPage: string, key: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = firstPage;
    while (next) {
      const response = await call<Record<string, T[] | undefined>>('GET', next);
      items.push(...(response.body[key] ?? []));
      next = nextLink(response.headers.link);
    }
    return items;
  }

  const returnPath = (userId: number | string, periodEndsOn: string) => `/users/${encodeURIComponent(String(userId))}/self_assessment_returns/${encodeURIComponent(periodEndsOn)}`;

  return {
    /** Every client of the authorising account manager, following the Link header's next pages. */
    async listClients(list: ClientListOptions = {}): Promise<PracticeClient[]> {
      return listAll<PracticeClient>(`/clients${query({ view: list.view, per_page: list.perPage ?? PER_PAGE })}`, 'clients');
    },

    async listUsers(): Promise<FreeAgentUser[]> {
      return (await call<{ users: FreeAgentUser[] }>('GET', '/users')).body.users;
    },

    async listSelfAssessmentReturns(userId: number | string): Promise<SelfAssessmentReturn[]> {
      return (await call<{ self_assessment_returns: SelfAssessmentReturn[] }>('GET', `/users/${encodeURIComponent(String(userId))}/self_assessment_returns`)).body.self_assessment_returns;
    },

    async getSelfAssessmentReturn(userId: number | string, periodEndsOn: string): Promise<SelfAssessmentReturn> {
      return (await call<{ self_assessment_return: SelfAssessmentReturn }>('GET', returnPath(userId, periodEndsOn))).body.self_assessment_return;
    },

    /** Records that the return was filed elsewhere (e.g. by us with HMRC); FreeAgent files nothing. Needs Full access. */
    async markSelfAssessmentReturnAsFiled(userId: number | string, periodEndsOn: string): Promise<SelfAssessmentReturn> {
      return (await call<{ self_assessment_return: SelfAssessmentReturn }>('PUT', `${returnPath(userId, periodEndsOn)}/mark_as_filed`)).body.self_assessment_return;
    },

    async markSelfAssessmentReturnAsUnfiled(userId: number | string, periodEndsOn: string): Promise<SelfAssessmentReturn> {
      return (await call<{ self_assessment_return: SelfAssessmentReturn }>('PUT', `${returnPath(userId, periodEndsOn)}/mark_as_unfiled`)).body.self_assessment_return;
    },

    /** paymentDueOn is the payment's due_on, e.g. '2025-01-31'. */
    async markSelfAssessmentPaymentAsPaid(userId: number | string, periodEndsOn: string, paymentDueOn: string): Promise<SelfAssessmentReturn> {
      return (await call<{ self_assessment_return: SelfAssessmentReturn }>('PUT', `${returnPath(userId, periodEndsOn)}/payments/${encodeURIComponent(paymentDueOn)}/mark_as_paid`)).body
        .self_assessment_return;
    },

    async markSelfAssessmentPaymentAsUnpaid(userId: number | string, periodEndsOn: string, paymentDueOn: string): Promise<SelfAssessmentReturn> {
      return (await call<{ self_assessment_return: SelfAssessmentReturn }>('PUT', `${returnPath(userId, periodEndsOn)}/payments/${encodeURIComponent(paymentDueOn)}/mark_as_unpaid`)).body
        .self_assessment_return;
    },

    /** One row per category for the period; always pass both dates for a quarter. */
    async getTrialBalanceSummary(range: DateRange = {}): Promise<TrialBalanceRow[]> {
      return (await call<{ trial_balance_summary: TrialBalanceRow[] }>('GET', `/accounting/trial_balance/summary${query({ from_date: range.fromDate, to_date: range.toDate })}`)).body
        .trial_balance_summary;
    },

    async getProfitAndLossSummary(period: DateRange | { accountingPeriod: string } = {}): Promise<ProfitAndLossSummary> {
      const params = 'accountingPeriod' in period ? { accounting_period: period.accountingPeriod } : { from_date: period.fromDate, to_date: period.toDate };
      return (await call<{ profit_and_loss_summary: ProfitAndLossSummary }>('GET', `/accounting/profit_and_loss/summary${query(params)}`)).body.profit_and_loss_summary;
    },

    async listAccountingTransactions(range: DateRange & { nominalCode?: string }): Promise<AccountingTransaction[]> {
      return (await call<{ transactions: AccountingTransaction[] }>('GET', `/accounting/transactions${query({ from_date: range.fromDate, to_date: range.toDate, nominal_code: range.nominalCode })}`))
        .body.transactions;
    },

    async listCategories(): Promise<Categories> {
      return (await call<Categories>('GET', '/categories')).body;
    },

    async listBankAccounts(options: { view?: BankAccountView } = {}): Promise<BankAccount[]> {
      return listAll<BankAccount>(`/bank_accounts${query({ view: options.view, per_page: PER_PAGE })}`, 'bank_accounts');
    },

    /** One bank account's transactions, every page; view 'unexplained' is what still needs explaining before an update. */
    async listBankTransactions(options: BankTransactionListOptions): Promise<BankTransaction[]> {
      const params = { bank_account: options.bankAccount, view: options.view, from_date: options.fromDate, to_date: options.toDate, updated_since: options.updatedSince, per_page: PER_PAGE };
      return listAll<BankTransaction>(`/bank_transactions${query(params)}`, 'bank_transactions');
    },
  };
}
