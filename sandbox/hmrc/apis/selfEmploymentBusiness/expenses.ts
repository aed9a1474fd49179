// The shapes of a period's income and expenses, shared by cumulative and (2024-25 and earlier) period summaries.

export interface PeriodDates {
  periodStartDate: string;
  periodEndDate: string;
}

export type Amounts = Record<string, number>;

export interface PeriodBody {
  periodDates?: PeriodDates;
  periodIncome?: Amounts;
  periodExpenses?: Amounts;
  periodDisallowableExpenses?: Amounts;
}

/** Request fields whose format errors HMRC names after the date, not the field. */
export const PERIOD_DATE_CODES = { periodStartDate: 'FORMAT_START_DATE', periodEndDate: 'FORMAT_END_DATE' };

/**
 * consolidatedExpenses stands alone: no other periodExpenses field and no disallowable expenses beside it
 * (RULE_BOTH_EXPENSES_SUPPLIED, as HMRC's validators check it).
 */
export function bothExpensesSupplied(body: PeriodBody): boolean {
  const expenses = body.periodExpenses;
  if (expenses?.consolidatedExpenses === undefined) return false;
  return Object.keys(expenses).length > 1 || body.periodDisallowableExpenses !== undefined;
}
