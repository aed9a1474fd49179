// FreeAgent's JSON as it arrives: money as decimal strings (read them with decimalToPence), dates as YYYY-MM-DD.
export type FilingStatus = 'unfiled' | 'pending' | 'rejected' | 'provisionally_filed' | 'filed' | 'marked_as_filed';
export type SelfAssessmentPaymentStatus = 'unpaid' | 'marked_as_paid' | 'paid';

export interface SelfAssessmentPayment {
  label: string;
  due_on: string;
  amount_due: string;
  /** Omitted by FreeAgent when amount_due is zero or negative. */
  status?: SelfAssessmentPaymentStatus;
}

export interface SelfAssessmentReturn {
  url: string;
  period_starts_on: string;
  period_ends_on: string;
  payments: SelfAssessmentPayment[];
  filing_due_on: string;
  filing_status: FilingStatus;
  filed_at?: string;
  filed_reference?: string;
}

export interface TrialBalanceRow {
  category: string;
  nominal_code: string;
  display_nominal_code?: string;
  name: string;
  /** Debit positive, credit negative. */
  total: string;
  bank_account?: string;
  user?: string;
}

export interface ProfitAndLossSummary {
  from: string;
  to: string;
  income: string;
  expenses: string;
  operating_profit: string;
  less: { title: string; total: string }[];
  retained_profit: string;
  retained_profit_brought_forward: string;
  retained_profit_carried_forward: string;
}

export interface AccountingTransaction {
  url: string;
  dated_on: string;
  category: string;
  category_name: string;
  nominal_code: string;
  debit_value: string;
  description: string;
}

export interface Category {
  url: string;
  description: string;
  nominal_code: string;
  allowable_for_tax?: boolean;
  tax_reporting_name?: string;
}

export interface Categories {
  admin_expenses_categories: Category[];
  cost_of_sales_categories: Category[];
  income_categories: Category[];
  general_categories: Category[];
}

export type BankAccountType = 'StandardBankAccount' | 'PaypalAccount' | 'CreditCardAccount';
export type BankAccountView = 'standard_bank_accounts' | 'credit_card_accounts' | 'paypal_accounts';

export interface BankAccount {
  url: string;
  type: BankAccountType;
  name: string;
  currency?: string;
  is_personal?: boolean;
  is_primary?: boolean;
  status?: 'active' | 'hidden';
  bank_name?: string;
  opening_balance: string;
  current_balance?: string;
  latest_activity_date?: string;
  created_at?: string;
  updated_at?: string;
}

export type BankTransactionView = 'all' | 'unexplained' | 'explained' | 'manual' | 'imported' | 'marked_for_review';

export interface BankTransactionExplanation {
  url: string;
  bank_transaction: string;
  bank_account: string;
  dated_on: string;
  description?: string;
  /** The accounting category's URL. */
  category?: string;
  gross_value: string;
  /** Guessed by FreeAgent and waiting for someone to approve it. */
  marked_for_review?: boolean;
  is_deletable?: boolean;
}

export interface BankTransaction {
  url: string;
  amount: string;
  bank_account: string;
  dated_on: string;
  description: string;
  full_description?: string;
  uploaded_at?: string;
  /** What is left to explain; "0.0" once the explanations add up to the amount. */
  unexplained_amount: string;
  is_manual: boolean;
  transaction_id?: string;
  created_at: string;
  updated_at: string;
  matching_transactions_count?: number;
  bank_transaction_explanations: BankTransactionExplanation[];
}

export interface PracticeClient {
  url: string;
  name: string;
  subdomain: string;
  type?: string;
  status?: string;
  [field: string]: unknown;
}

export interface FreeAgentUser {
  url: string;
  first_name: string;
  last_name: string;
  email: string;
  role: string;
  permission_level: number;
  unique_tax_reference?: string;
  ni_number?: string;
}

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in?: number;
}
