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
