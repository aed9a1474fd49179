// Seed data taken from FreeAgent's documentation: the Self Assessment returns of user 119 (self_assessment_returns.md),
// and the standard categories the reference and the trial balance example name.
import type { StoredCategory, StoredReturn } from './state';

/** The three returns in FreeAgent's "List Self Assessment Returns for a User" example, amounts in pence. */
export function documentedReturns(): StoredReturn[] {
  return [
    {
      periodStartsOn: '2021-04-06',
      periodEndsOn: '2022-04-05',
      filingDueOn: '2023-01-31',
      filingStatus: 'filed',
      filedAt: '2023-10-10T10:32:49.000+00:00',
      filedReference: 'YFM7CAZY2AQXUCRCQJOVS45UZUS4JWQN',
      payments: [{ label: 'Balancing Payment', amountDue: -225000, dueOn: '2023-01-31' }],
    },
    {
      periodStartsOn: '2022-04-06',
      periodEndsOn: '2023-04-05',
      filingDueOn: '2024-01-31',
      filingStatus: 'unfiled',
      payments: [{ label: 'Balancing Payment', amountDue: 618182, dueOn: '2024-01-31', status: 'unpaid' }],
    },
    {
      periodStartsOn: '2023-04-06',
      periodEndsOn: '2024-04-05',
      filingDueOn: '2025-01-31',
      filingStatus: 'unfiled',
      payments: [
        { label: 'Payment on Account', amountDue: 300901, dueOn: '2024-01-31', status: 'unpaid' },
        { label: 'Payment on Account', amountDue: 300901, dueOn: '2024-07-31', status: 'unpaid' },
        { label: 'Balancing Payment', amountDue: -601802, dueOn: '2025-01-31' },
      ],
    },
  ];
}

/** Categories named in the reference (§5) and FreeAgent's trial balance and categories examples. Seeds may add more. */
export function standardCategories(): StoredCategory[] {
  return [
    { nominalCode: '001', description: 'Sales', group: 'income' },
    { nominalCode: '051', description: 'Interest Received', group: 'general' },
    { nominalCode: '101', description: 'Cost of Sales', group: 'cost_of_sales', allowableForTax: true, taxReportingName: 'Cost of goods' },
    { nominalCode: '102', description: 'Commission Paid', group: 'cost_of_sales', allowableForTax: true, taxReportingName: 'Commissions Payable' },
    { nominalCode: '285', description: 'Accommodation and Meals', group: 'admin_expenses', allowableForTax: true, taxReportingName: 'Travel and subsistence expenses' },
    { nominalCode: '750', description: 'Bank Account', group: 'general' },
  ];
}
