// The FreeAgent emulator's in-memory records: the practice, its OAuth apps and grants, and each client company's users,
// Self Assessment returns, categories and ledger postings.
import type { Pence } from '../../domain/money';

export const FILING_STATUSES = ['unfiled', 'pending', 'rejected', 'provisionally_filed', 'filed', 'marked_as_filed'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];
/** `paid` is reserved by FreeAgent for future use; the emulator accepts it in seeds so the rules around it can be rehearsed. */
export type PaymentStatus = 'unpaid' | 'marked_as_paid' | 'paid';

export interface OAuthApp {
  clientId: string;
  clientSecrets: string[];
  redirectUris: string[];
  name: string;
}

export interface AccountManager {
  id: number;
  name: string;
  email: string;
  /** A senior account manager sees every client of the practice. */
  senior: boolean;
}

export interface StoredPayment {
  label: 'Payment on Account' | 'Balancing Payment';
  dueOn: string;
  amountDue: Pence;
  /** Absent when amountDue <= 0, as FreeAgent omits the key. */
  status?: PaymentStatus;
}

export interface StoredReturn {
  periodStartsOn: string;
  periodEndsOn: string;
  filingDueOn: string;
  filingStatus: FilingStatus;
  filedAt?: string;
  filedReference?: string;
  payments: StoredPayment[];
}

export interface StoredUser {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  role: string;
  permissionLevel: number;
  uniqueTaxReference?: string;
  niNumber?: string;
  /** Self Assessment returns by period_ends_on. */
  returns: Map<string, StoredReturn>;
}

export type CategoryGroup = 'income' | 'cost_of_sales' | 'admin_expenses' | 'general';

export interface StoredCategory {
  nominalCode: string;
  description: string;
  group: CategoryGroup;
  allowableForTax?: boolean;
  taxReportingName?: string;
}

/** One ledger posting, as GET /v2/accounting/transactions shows it: debits positive, credits negative. */
export interface Posting {
  id: number;
  datedOn: string;
  nominalCode: string;
  debitValue: Pence;
  description: string;
}

export interface StoredCompany {
  id: number;
  subdomain: string;
  name: string;
  type: string;
  status: 'active' | 'inactive' | 'closed';
  accountManagerId: number;
  /** Month and day the accounting year starts, e.g. '04-06' for a tax-year-aligned sole trader. */
  accountingYearStartsOn: string;
  createdAt: string;
  users: Map<number, StoredUser>;
  categories: Map<string, StoredCategory>;
  postings: Posting[];
}

export interface AuthorisationCode {
  clientId: string;
  redirectUri?: string;
  accountManagerId: number;
  expiresAt: number;
}

export interface TokenGrant {
  clientId: string;
  accountManagerId: number;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
}

export interface LedgerEntry {
  sequence: number;
  at: string;
  subdomain: string;
  method: string;
  path: string;
  action: 'mark_as_filed' | 'mark_as_unfiled' | 'mark_as_paid' | 'mark_as_unpaid';
  userId: number;
  periodEndsOn: string;
  paymentDueOn?: string;
  from: string;
  to: string;
}

export interface FreeAgentState {
  practice: { name: string; subdomain: string };
  apps: Map<string, OAuthApp>;
  accountManagers: Map<number, AccountManager>;
  companies: Map<string, StoredCompany>;
  codes: Map<string, AuthorisationCode>;
  /** By access token and by refresh token: both point at the same grant. */
  grantsByAccessToken: Map<string, TokenGrant>;
  grantsByRefreshToken: Map<string, TokenGrant>;
  ledger: LedgerEntry[];
  nextId: number;
}

export function emptyState(): FreeAgentState {
  return {
    practice: { name: 'Demo Practice LLP', subdomain: 'demo-practice' },
    apps: new Map(),
    accountManagers: new Map(),
    companies: new Map(),
    codes: new Map(),
    grantsByAccessToken: new Map(),
    grantsByRefreshToken: new Map(),
    ledger: [],
    nextId: 1000,
  };
}

export function nextId(state: FreeAgentState): number {
  state.nextId += 1;
  return state.nextId;
}
