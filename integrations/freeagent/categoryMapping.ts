// Which HMRC category each FreeAgent profit-and-loss category feeds, as an editable table, and the pure conversion of a
// FreeAgent trial balance into HMRC cumulative update bodies: pence inside, HMRC's decimal numbers only in the body.
// Categories with no row are reported as unmapped, never dropped; rows 600 and above (balance sheet) are listed apart.
import { penceToPounds, type Pence } from '../../domain/money';
import { decimalToPence } from './decimal';
import type { Categories, TrialBalanceRow } from './types';

export const SELF_EMPLOYMENT_EXPENSE_FIELDS = [
  'costOfGoods',
  'paymentsToSubcontractors',
  'wagesAndStaffCosts',
  'carVanTravelExpenses',
  'premisesRunningCosts',
  'maintenanceCosts',
  'adminCosts',
  'businessEntertainmentCosts',
  'advertisingCosts',
  'interestOnBankOtherLoans',
  'financeCharges',
  'irrecoverableDebts',
  'professionalFees',
  'depreciation',
  'otherExpenses',
] as const;
export type SelfEmploymentExpenseField = (typeof SELF_EMPLOYMENT_EXPENSE_FIELDS)[number];
export const SELF_EMPLOYMENT_INCOME_FIELDS = ['turnover', 'other'] as const;
export type SelfEmploymentIncomeField = (typeof SELF_EMPLOYMENT_INCOME_FIELDS)[number];

export const UK_PROPERTY_INCOME_FIELDS = ['premiumsOfLeaseGrant', 'reversePremiums', 'periodAmount', 'taxDeducted', 'otherIncome'] as const;
export type UkPropertyIncomeField = (typeof UK_PROPERTY_INCOME_FIELDS)[number];
export const UK_PROPERTY_EXPENSE_FIELDS = [
  'premisesRunningCosts',
  'repairsAndMaintenance',
  'financialCosts',
  'professionalFees',
  'costOfServices',
  'other',
  'residentialFinancialCost',
  'travelCosts',
] as const;
export type UkPropertyExpenseField = (typeof UK_PROPERTY_EXPENSE_FIELDS)[number];

/** Deliberately left out of the update, with the reason staff will see. */
export interface Excluded {
  excluded: string;
}

export type SelfEmploymentField = `periodIncome.${SelfEmploymentIncomeField}` | `periodExpenses.${SelfEmploymentExpenseField}`;
export type UkPropertyField = `income.${UkPropertyIncomeField}` | `expenses.${UkPropertyExpenseField}`;
export type SelfEmploymentTarget = SelfEmploymentField | Excluded;
export type UkPropertyTarget = UkPropertyField | Excluded;

/** Every HMRC field a category may feed, as written in a mapping (the API checks edits against these). */
export const SELF_EMPLOYMENT_FIELDS: readonly SelfEmploymentField[] = [
  ...SELF_EMPLOYMENT_INCOME_FIELDS.map((f) => `periodIncome.${f}` as const),
  ...SELF_EMPLOYMENT_EXPENSE_FIELDS.map((f) => `periodExpenses.${f}` as const),
];
export const UK_PROPERTY_FIELDS: readonly UkPropertyField[] = [
  ...UK_PROPERTY_INCOME_FIELDS.map((f) => `income.${f}` as const),
  ...UK_PROPERTY_EXPENSE_FIELDS.map((f) => `expenses.${f}` as const),
];

/** Where a row came from, most binding first: the practice's override, this table, FreeAgent's tax reporting name, its group. */
export type MappingBasis = 'override' | 'table' | 'tax-reporting-name' | 'group';

export interface CategoryMapping {
  /** FreeAgent's nominal code; sub-accounts ('285-1') fall back to their parent ('285'). */
  nominalCode: string;
  freeAgentName: string;
  /** null: no mapping yet, so the category is reported as unmapped. */
  selfEmployment: SelfEmploymentTarget | null;
  ukProperty: UkPropertyTarget | null;
  /** Absent on this table's own rows. */
  basis?: MappingBasis;
  /** What staff should know about a derived row, e.g. that it was filed under other expenses by its group alone. */
  note?: string;
}

/**
 * The categories FreeAgent's documentation names (reference §5 and the trial balance and categories examples).
 * A practice overrides rows through /api/category-mappings (loadCategoryMapping); every other category of a client's
 * GET /v2/categories gets a derived row from completeCategoryMapping (categoryMappingFromCategories.ts).
 */
export const CATEGORY_MAPPING: readonly CategoryMapping[] = [
  { nominalCode: '001', freeAgentName: 'Sales', selfEmployment: 'periodIncome.turnover', ukProperty: 'income.periodAmount' },
  {
    nominalCode: '051',
    freeAgentName: 'Interest Received',
    selfEmployment: { excluded: 'Bank interest is savings income for the SA100, not trading income' },
    ukProperty: { excluded: 'Bank interest is savings income for the SA100, not property income' },
  },
  // FreeAgent's sole-trader cost of sales report as "cost of goods" (SA103 box 17).
  { nominalCode: '101', freeAgentName: 'Cost of Sales', selfEmployment: 'periodExpenses.costOfGoods', ukProperty: null },
  { nominalCode: '102', freeAgentName: 'Commission Paid', selfEmployment: 'periodExpenses.costOfGoods', ukProperty: 'expenses.professionalFees' },
  // FreeAgent reports it as "Travel and subsistence expenses".
  { nominalCode: '285', freeAgentName: 'Accommodation and Meals', selfEmployment: 'periodExpenses.carVanTravelExpenses', ukProperty: 'expenses.travelCosts' },
];

export interface CategoryAmount {
  nominalCode: string;
  name: string;
  amount: Pence;
}

export interface ConversionReport {
  /** P&L categories with no mapping: staff must map them before the update is sent. */
  unmapped: CategoryAmount[];
  excluded: (CategoryAmount & { reason: string })[];
  /** Balance-sheet rows (600 and above) the trial balance also carries; not part of income or expenses. */
  balanceSheet: CategoryAmount[];
  /** Things HMRC would refuse or staff should see, e.g. income below zero. */
  warnings: string[];
}

export interface SelfEmploymentPence {
  periodIncome: Partial<Record<SelfEmploymentIncomeField, Pence>>;
  periodExpenses: Partial<Record<SelfEmploymentExpenseField, Pence>>;
  /** Part of periodExpenses that is not allowable for tax. */
  periodDisallowableExpenses: Partial<Record<SelfEmploymentExpenseField, Pence>>;
}

export interface SelfEmploymentCumulativeBody {
  periodDates: { periodStartDate: string; periodEndDate: string };
  periodIncome: Partial<Record<SelfEmploymentIncomeField, number>>;
  periodExpenses: Partial<Record<SelfEmploymentExpenseField, number>>;
  periodDisallowableExpenses?: Partial<Record<`${SelfEmploymentExpenseField}Disallowable`, number>>;
}

export interface UkPropertyCumulativeBody {
  fromDate: string;
  toDate: string;
  ukProperty: { income: Partial<Record<UkPropertyIncomeField, number>>; expenses: Partial<Record<UkPropertyExpenseField, number>> };
}

export interface ConversionOptions {
  mapping?: readonly CategoryMapping[];
  /** Nominal codes not allowable for tax (from disallowableCodesFrom(GET /v2/categories)). */
  disallowableCodes?: Iterable<string>;
}

/** Nominal codes FreeAgent marks allowable_for_tax: false. */
export function disallowableCodesFrom(categories: Categories): string[] {
  return [...categories.admin_expenses_categories, ...categories.cost_of_sales_categories].filter((c) => c.allowable_for_tax === false).map((c) => c.nominal_code);
}

function baseCode(nominalCode: string): string {
  return nominalCode.split('-')[0]!;
}

function findMapping(mapping: readonly CategoryMapping[], nominalCode: string): CategoryMapping | undefined {
  return mapping.find((m) => m.nominalCode === nominalCode) ?? mapping.find((m) => m.nominalCode === baseCode(nominalCode));
}

function rowCode(row: TrialBalanceRow): string {
  return row.display_nominal_code ?? row.nominal_code;
}

/** Walks the P&L rows, sending each mapped amount (income as a positive credit, costs as debits) to its target. */
function convert<T extends string>(
  rows: readonly TrialBalanceRow[],
  pick: (m: CategoryMapping) => T | Excluded | null,
  add: (target: T, amount: Pence, row: CategoryAmount) => void,
  mapping: readonly CategoryMapping[],
): ConversionReport {
  const report: ConversionReport = { unmapped: [], excluded: [], balanceSheet: [], warnings: [] };
  for (const row of rows) {
    const nominalCode = rowCode(row);
    const item = { nominalCode, name: row.name, amount: decimalToPence(row.total) };
    if (Number(baseCode(nominalCode)) >= 600) {
      report.balanceSheet.push(item);
      continue;
    }
    const found = findMapping(mapping, nominalCode);
    const target = found ? pick(found) : null;
    if (target === null) report.unmapped.push(item);
    else if (typeof target === 'object') report.excluded.push({ ...item, reason: target.excluded });
    else add(target, item.amount, item);
  }
  return report;
}

function toPounds<K extends string>(amounts: Partial<Record<K, Pence>>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(amounts).map(([key, pence]) => [key, penceToPounds(pence as Pence)])) as Partial<Record<K, number>>;
}

/** A FreeAgent trial balance for the year to date as HMRC's self-employment cumulative period summary (5.0). */
export function toSelfEmploymentCumulative(
  rows: readonly TrialBalanceRow[],
  period: { periodStartDate: string; periodEndDate: string },
  options: ConversionOptions = {},
): { body: SelfEmploymentCumulativeBody; pence: SelfEmploymentPence; report: ConversionReport } {
  const disallowable = new Set(options.disallowableCodes ?? []);
  const pence: SelfEmploymentPence = { periodIncome: { turnover: 0, other: 0 }, periodExpenses: {}, periodDisallowableExpenses: {} };
  const report = convert(
    rows,
    (m) => m.selfEmployment,
    (target, amount, row) => {
      const [section, field] = target.split('.') as ['periodIncome' | 'periodExpenses', string];
      if (section === 'periodIncome') {
        const key = field as SelfEmploymentIncomeField;
        pence.periodIncome[key] = (pence.periodIncome[key] ?? 0) - amount;
        return;
      }
      const key = field as SelfEmploymentExpenseField;
      pence.periodExpenses[key] = (pence.periodExpenses[key] ?? 0) + amount;
      if (disallowable.has(row.nominalCode) || disallowable.has(baseCode(row.nominalCode))) pence.periodDisallowableExpenses[key] = (pence.periodDisallowableExpenses[key] ?? 0) + amount;
    },
    options.mapping ?? CATEGORY_MAPPING,
  );
  for (const [field, amount] of Object.entries(pence.periodIncome)) {
    if ((amount ?? 0) < 0) report.warnings.push(`periodIncome.${field} is below zero (${penceToPounds(amount!)}); HMRC accepts 0 to 99999999999.99`);
  }
  const disallowed = Object.fromEntries(Object.entries(pence.periodDisallowableExpenses).map(([key, amount]) => [`${key}Disallowable`, penceToPounds(amount!)]));
  const body: SelfEmploymentCumulativeBody = {
    periodDates: { ...period },
    periodIncome: toPounds(pence.periodIncome),
    periodExpenses: toPounds(pence.periodExpenses),
    ...(Object.keys(disallowed).length ? { periodDisallowableExpenses: disallowed } : {}),
  };
  return { body, pence, report };
}

/** A FreeAgent trial balance for the year to date as HMRC's UK property cumulative summary (6.0). */
export function toUkPropertyCumulative(
  rows: readonly TrialBalanceRow[],
  period: { fromDate: string; toDate: string },
  options: Pick<ConversionOptions, 'mapping'> = {},
): { body: UkPropertyCumulativeBody; pence: { income: Partial<Record<UkPropertyIncomeField, Pence>>; expenses: Partial<Record<UkPropertyExpenseField, Pence>> }; report: ConversionReport } {
  const pence = { income: {} as Partial<Record<UkPropertyIncomeField, Pence>>, expenses: {} as Partial<Record<UkPropertyExpenseField, Pence>> };
  const report = convert(
    rows,
    (m) => m.ukProperty,
    (target, amount) => {
      const [section, field] = target.split('.') as ['income' | 'expenses', string];
      if (section === 'income') {
        const key = field as UkPropertyIncomeField;
        pence.income[key] = (pence.income[key] ?? 0) - amount;
      } else {
        const key = field as UkPropertyExpenseField;
        pence.expenses[key] = (pence.expenses[key] ?? 0) + amount;
      }
    },
    options.mapping ?? CATEGORY_MAPPING,
  );
  for (const [field, amount] of Object.entries(pence.income)) {
    if ((amount ?? 0) < 0) report.warnings.push(`ukProperty.income.${field} is below zero (${penceToPounds(amount!)}); HMRC accepts 0 to 99999999999.99`);
  }
  return { body: { ...period, ukProperty: { income: toPounds(pence.income), expenses: toPounds(pence.expenses) } }, pence, report };
}
