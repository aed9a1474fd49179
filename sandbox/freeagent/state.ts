// The FreeAgent emulator's in-memory records: the practice, its OAuth apps and grants, and each client company's users,
// Self Assessment returns, categories, ledger postings, bank accounts and bank transactions with their explanations.
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

export type BankAccountType = 'StandardBankAccount' | 'PaypalAccount' | 'CreditCardAccount';

export interface StoredBankAccount {
  id: number;
  type: BankAccountType;
  name: string;
  currency: string;
  isPersonal: boolean;
  isPrimary: boolean;
  status: 'active' | 'hidden';
  bankName?: string;
  openingBalance: Pence;
  createdAt: string;
  updatedAt: string;
}

/** Part or all of a bank transaction explained; gross values carry the transaction's sign. */
export interface StoredExplanation {
  id: number;
  datedOn: string;
  description: string;
  /** The category it was explained to, if any (a transfer has none). */
  nominalCode?: string;
  grossValue: Pence;
  /** Guessed by FreeAgent and awaiting approval. */
  markedForReview: boolean;
}

export interface StoredBankTransaction {
  id: number;
  bankAccountId: number;
  datedOn: string;
  /** Money in positive, money out negative. */
  amount: Pence;
  description: string;
  isManual: boolean;
  transactionId?: string;
  createdAt: string;
  updatedAt: string;
  explanations: StoredExplanation[];
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
  bankAccounts: Map<number, StoredBankAccount>;
  bankTransactions: Map<number, StoredBankTransaction>;
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

/** One /v2 API request as the emulator answered it, for tests that must show a write was (or was not) sent. */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  subdomain?: string;
  status: number;
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
  /** The latest API requests, oldest first (capped: the emulator may run for days under npm start). */
  requests: RecordedRequest[];
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
    requests: [],
    nextId: 1000,
  };
}

export function nextId(state: FreeAgentState): number {
  state.nextId += 1;
  return state.nextId;
}
