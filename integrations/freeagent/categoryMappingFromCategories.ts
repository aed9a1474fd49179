// The whole category mapping for one FreeAgent company: override > table > FreeAgent's tax reporting name > group, from
// GET /v2/categories; a category none of them places stays unmapped and is reported with the reason, never dropped.
import { CATEGORY_MAPPING, type CategoryMapping, type SelfEmploymentField, type UkPropertyField } from './categoryMapping';
import type { Categories, Category } from './types';

export type CategoryGroup = 'income' | 'cost_of_sales' | 'admin_expenses' | 'general';

interface TaxReportingRule {
  /**
   * FreeAgent's names for one SA103 box: the keys it takes when a category is created (`car_van_and_travel_expenses`)
   * and the labels GET /v2/categories answers with ("Car, van and travel expenses"), for sole traders, partnerships and
   * the company names its documented examples use ("Travel and subsistence expenses"). Compared after taxReportingKey().
   */
  names: string[];
  selfEmployment: SelfEmploymentField;
  /** null: the name does not settle the property category (e.g. interest: residential finance costs or not). */
  ukProperty: UkPropertyField | null;
  note?: string;
}

const TAX_REPORTING_RULES: TaxReportingRule[] = [
  { names: ['cost_of_goods', 'Cost of goods bought for resale or goods used', 'purchases', 'material_costs', 'cost_of_sales'], selfEmployment: 'periodExpenses.costOfGoods', ukProperty: null },
  // Agents' commission: a landlord's letting agent is a professional fee (as the table's 102 row has it).
  { names: ['commissions_payable'], selfEmployment: 'periodExpenses.costOfGoods', ukProperty: 'expenses.professionalFees' },
  {
    names: ['subcontractor_costs'],
    selfEmployment: 'periodExpenses.costOfGoods',
    ukProperty: null,
    note: 'Subcontractors outside the Construction Industry Scheme, which FreeAgent keeps in cost of sales',
  },
  {
    names: ['construction_industry_scheme_subcontractor_costs', 'Construction industry - payments to subcontractors', 'CIS subcontractor costs'],
    selfEmployment: 'periodExpenses.paymentsToSubcontractors',
    ukProperty: null,
  },
  {
    names: ['wages_salaries_and_staff_costs', 'Wages, salaries and other staff costs', 'wages_and_salaries', 'employee_costs'],
    selfEmployment: 'periodExpenses.wagesAndStaffCosts',
    ukProperty: 'expenses.costOfServices',
  },
  {
    names: ['car_van_and_travel_expenses', 'travel_and_subsistence', 'Travel and subsistence expenses', 'motor_expenses', 'vehicle_running_costs'],
    selfEmployment: 'periodExpenses.carVanTravelExpenses',
    ukProperty: 'expenses.travelCosts',
  },
  {
    names: ['rent_and_other_property_costs', 'Rent, rates, power and insurance costs', 'premises_costs', 'rent_of_premises', 'rates_on_premises', 'insurance_on_premises', 'insurance'],
    selfEmployment: 'periodExpenses.premisesRunningCosts',
    ukProperty: 'expenses.premisesRunningCosts',
  },
  {
    names: ['repair_and_renewal_costs', 'Repairs and maintenance of property and equipment', 'repairs', 'general_maintenance', 'premises_repairs_and_maintenance', 'premises_repairs_and_renewals'],
    selfEmployment: 'periodExpenses.maintenanceCosts',
    ukProperty: 'expenses.repairsAndMaintenance',
  },
  {
    names: [
      'phone_and_other_office_costs',
      'Phone, fax, stationery and other office costs',
      'general_administrative_expenses',
      'telecommunication_costs',
      'stationery',
      'postage_costs',
      'printing_costs',
      'computer_software_costs',
      'it_and_computer_consumables',
    ],
    selfEmployment: 'periodExpenses.adminCosts',
    ukProperty: 'expenses.other',
  },
  { names: ['advertising_costs', 'advertising_etc', 'advertising_and_promotional_costs'], selfEmployment: 'periodExpenses.advertisingCosts', ukProperty: 'expenses.other' },
  // Entertaining is never allowable: HMRC wants it reported (and added back as disallowable) for a trade; property has no box.
  { names: ['entertainment_costs', 'business_entertaining', 'Business entertainment costs'], selfEmployment: 'periodExpenses.businessEntertainmentCosts', ukProperty: null },
  // Property interest depends on the let: residential finance costs get basic-rate relief only (residentialFinancialCost).
  { names: ['bank_and_loan_interest', 'Interest on bank and other loans', 'interest', 'interest_payable'], selfEmployment: 'periodExpenses.interestOnBankOtherLoans', ukProperty: null },
  {
    names: ['other_finance_charges', 'Bank, credit card and other financial charges', 'bank_charges', 'credit_card_charges', 'finance_charges'],
    selfEmployment: 'periodExpenses.financeCharges',
    ukProperty: null,
  },
  { names: ['debts_written_off', 'Irrecoverable debts written off', 'bad_debts', 'bad_debts_written_off'], selfEmployment: 'periodExpenses.irrecoverableDebts', ukProperty: null },
  {
    names: [
      'accountancy_and_legal_fees',
      'Accountancy, legal and other professional fees',
      'legal_and_professional_costs',
      'accountancy_fees',
      'legal_fees',
      'other_legal_and_professional_fees',
      'general_consultancy_fees',
    ],
    selfEmployment: 'periodExpenses.professionalFees',
    ukProperty: 'expenses.professionalFees',
  },
  // Depreciation is added back for tax; capital allowances (or replacement of domestic items relief) take its place.
  {
    names: ['depreciation_and_loss_profit_on_sale', 'Depreciation and loss/profit on sale of assets', 'depreciation_and_loss', 'depreciation_of_tangible_fixed_assets'],
    selfEmployment: 'periodExpenses.depreciation',
    ukProperty: null,
  },
  { names: ['other_business_expenses', 'other_expenses', 'sundry_expenses', 'other_direct_costs'], selfEmployment: 'periodExpenses.otherExpenses', ukProperty: 'expenses.other' },
];

/** One spelling for FreeAgent's keys and labels alike: "Car, van and travel expenses" is car_van_and_travel_expenses. */
export function taxReportingKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const RULES_BY_KEY = new Map<string, TaxReportingRule>();
for (const rule of TAX_REPORTING_RULES) {
  for (const name of rule.names) {
    const key = taxReportingKey(name);
    if (RULES_BY_KEY.has(key)) throw new Error(`tax reporting name '${name}' is listed twice`);
    RULES_BY_KEY.set(key, rule);
  }
}

/** Every tax reporting name (normalised) this module knows, for tests and the console. */
export const KNOWN_TAX_REPORTING_NAMES: readonly string[] = [...RULES_BY_KEY.keys()];

export interface UnmappedCategory {
  nominalCode: string;
  name: string;
  group: CategoryGroup;
  taxReportingName: string | null;
  /** The sides left without an HMRC category: a sole trader's books need selfEmployment, a landlord's ukProperty. */
  sides: ('selfEmployment' | 'ukProperty')[];
  reason: string;
}

export interface CompletedMapping {
  /** The table's rows (overrides applied) first, then a derived row for each other category, in nominal code order. */
  mapping: CategoryMapping[];
  unmapped: UnmappedCategory[];
}

const GROUP_KEYS: [CategoryGroup, keyof Categories][] = [
  ['income', 'income_categories'],
  ['cost_of_sales', 'cost_of_sales_categories'],
  ['admin_expenses', 'admin_expenses_categories'],
  ['general', 'general_categories'],
];

function baseCode(nominalCode: string): string {
  return nominalCode.split('-')[0]!;
}

/** The practice's overrides replace the table's rows with the same code; overrides of other codes are added. */
export function applyOverrides(table: readonly CategoryMapping[], overrides: readonly CategoryMapping[]): CategoryMapping[] {
  const byCode = new Map<string, CategoryMapping>(table.map((row) => [row.nominalCode, { ...row, basis: row.basis ?? 'table' }]));
  for (const row of overrides) byCode.set(row.nominalCode, { ...row, basis: 'override' });
  return [...byCode.values()].sort((a, b) => a.nominalCode.localeCompare(b.nominalCode));
}

function disallowableNote(category: Category, target: SelfEmploymentField | null): string {
  return category.allowable_for_tax === false && target?.startsWith('periodExpenses.') ? '; not allowable for tax, so also sent as disallowable' : '';
}

/** A row from the category's tax reporting name, or null when FreeAgent gave none or one this module does not know. */
export function mappingFromTaxReportingName(category: Category): CategoryMapping | null {
  const rule = category.tax_reporting_name ? RULES_BY_KEY.get(taxReportingKey(category.tax_reporting_name)) : undefined;
  if (!rule) return null;
  const why = `From FreeAgent's tax reporting name '${category.tax_reporting_name}'${rule.note ? ` (${rule.note})` : ''}`;
  return {
    nominalCode: category.nominal_code,
    freeAgentName: category.description,
    selfEmployment: rule.selfEmployment,
    ukProperty: rule.ukProperty,
    basis: 'tax-reporting-name',
    note: why + disallowableNote(category, rule.selfEmployment),
  };
}

/**
 * A row from the category's group alone, with a note staff will see: income 001-049 is turnover (rent, for a landlord)
 * and 050 on other income; cost of sales is cost of goods; admin expenses are other expenses. General categories: none.
 */
export function mappingFromGroup(category: Category, group: CategoryGroup): CategoryMapping | null {
  const unknownName = category.tax_reporting_name ? ` (its tax reporting name '${category.tax_reporting_name}' is not one we know)` : '';
  const row = (selfEmployment: SelfEmploymentField, ukProperty: UkPropertyField | null, filedAs: string): CategoryMapping => ({
    nominalCode: category.nominal_code,
    freeAgentName: category.description,
    selfEmployment,
    ukProperty,
    basis: 'group',
    note: `Filed as ${filedAs} by FreeAgent's group '${group}' alone${unknownName}: check it, and override it if it belongs elsewhere${disallowableNote(category, selfEmployment)}`,
  });
  if (group === 'income') return Number(baseCode(category.nominal_code)) < 50 ? row('periodIncome.turnover', 'income.periodAmount', 'turnover') : row('periodIncome.other', 'income.otherIncome', 'other income');
  if (group === 'cost_of_sales') return row('periodExpenses.costOfGoods', null, 'cost of goods');
  if (group === 'admin_expenses') return row('periodExpenses.otherExpenses', 'expenses.other', 'other expenses');
  return null;
}

function unmappedSides(row: CategoryMapping | null): UnmappedCategory['sides'] {
  const sides: UnmappedCategory['sides'] = [];
  if (!row || row.selfEmployment === null) sides.push('selfEmployment');
  if (!row || row.ukProperty === null) sides.push('ukProperty');
  return sides;
}

function unmappedReason(row: CategoryMapping | null, category: Category, group: CategoryGroup): string {
  if (!row) {
    const name = category.tax_reporting_name ? `its tax reporting name '${category.tax_reporting_name}' is not one we know and ` : 'it has no tax reporting name and ';
    return `${name}FreeAgent's group '${group}' does not say where it goes: map it in /api/category-mappings`;
  }
  if (row.basis === 'override') return 'the practice left this side without a category';
  if (row.basis === 'table' || row.basis === undefined) return 'the mapping table gives this side no category';
  return `${row.basis === 'group' ? `FreeAgent's group '${group}'` : `its tax reporting name '${category.tax_reporting_name}'`} does not settle this side: map it in /api/category-mappings`;
}

/**
 * Completes `table` (CATEGORY_MAPPING, or loadCategoryMapping's table with the practice's overrides) with a row for every
 * profit-and-loss category of GET /v2/categories it lacks. A sub-account ('285-1') whose parent has a table row keeps
 * the parent's row, as the conversion would. Balance-sheet categories (600 and above) are never income or expenses.
 */
export function completeCategoryMapping(categories: Categories, table: readonly CategoryMapping[] = CATEGORY_MAPPING): CompletedMapping {
  const tableRows = applyOverrides(table, []);
  const byCode = new Map(tableRows.map((row) => [row.nominalCode, row]));
  const derived: CategoryMapping[] = [];
  const unmapped: UnmappedCategory[] = [];
  for (const [group, key] of GROUP_KEYS) {
    for (const category of categories[key] ?? []) {
      const code = category.nominal_code;
      if (Number(baseCode(code)) >= 600) continue;
      let row = byCode.get(code) ?? byCode.get(baseCode(code)) ?? null;
      if (!row) {
        row = mappingFromTaxReportingName(category) ?? mappingFromGroup(category, group);
        if (row) {
          derived.push(row);
          byCode.set(code, row);
        }
      }
      const sides = unmappedSides(row);
      if (sides.length > 0) {
        unmapped.push({ nominalCode: code, name: category.description, group, taxReportingName: category.tax_reporting_name ?? null, sides, reason: unmappedReason(row, category, group) });
      }
    }
  }
  derived.sort((a, b) => a.nominalCode.localeCompare(b.nominalCode));
  return { mapping: [...tableRows, ...derived], unmapped };
}
