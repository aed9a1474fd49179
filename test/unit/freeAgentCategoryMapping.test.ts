// FreeAgent categories to HMRC cumulative update bodies: the mapping table, money in pence, and unmapped categories reported.
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_MAPPING,
  SELF_EMPLOYMENT_EXPENSE_FIELDS,
  disallowableCodesFrom,
  toSelfEmploymentCumulative,
  toUkPropertyCumulative,
  type CategoryMapping,
} from '../../integrations/freeagent/categoryMapping';
import {
  KNOWN_TAX_REPORTING_NAMES,
  applyOverrides,
  completeCategoryMapping,
  mappingFromTaxReportingName,
  taxReportingKey,
} from '../../integrations/freeagent/categoryMappingFromCategories';
import { decimalToPence, penceToDecimal } from '../../integrations/freeagent/decimal';
import type { Categories, Category, TrialBalanceRow } from '../../integrations/freeagent/types';

const row = (code: string, name: string, total: string, display = code): TrialBalanceRow => ({
  category: `https://api.freeagent.com/v2/categories/${code.split('-')[0]}`,
  nominal_code: code,
  display_nominal_code: display,
  name,
  total,
});

const quarter = { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' };

describe('FreeAgent decimals', () => {
  it('reads and writes money the way FreeAgent does, without floats', () => {
    expect(decimalToPence('2724.03')).toBe(272403);
    expect(decimalToPence('-2250.0')).toBe(-225000);
    expect(decimalToPence('3800')).toBe(380000);
    expect(decimalToPence('0.1')).toBe(10);
    expect(decimalToPence('-0.07')).toBe(-7);
    expect(() => decimalToPence('1.234')).toThrow(/two decimal places/);
    expect(() => decimalToPence('12,00')).toThrow(/decimal amount/);
    expect(penceToDecimal(-225000)).toBe('-2250.0');
    expect(penceToDecimal(300901)).toBe('3009.01');
    expect(penceToDecimal(12310)).toBe('123.1');
    expect(penceToDecimal(-7)).toBe('-0.07');
  });
});

describe('the category mapping table', () => {
  it('maps the categories FreeAgent documents to HMRC self-employment and UK property categories', () => {
    const byCode = Object.fromEntries(CATEGORY_MAPPING.map((m) => [m.nominalCode, m]));
    expect(byCode['001']).toEqual({ nominalCode: '001', freeAgentName: 'Sales', selfEmployment: 'periodIncome.turnover', ukProperty: 'income.periodAmount' });
    expect(byCode['101']?.selfEmployment).toBe('periodExpenses.costOfGoods');
    expect(byCode['102']?.selfEmployment).toBe('periodExpenses.costOfGoods');
    expect(byCode['102']?.ukProperty).toBe('expenses.professionalFees');
    expect(byCode['285']?.selfEmployment).toBe('periodExpenses.carVanTravelExpenses');
    expect(byCode['285']?.ukProperty).toBe('expenses.travelCosts');
    expect(byCode['051']?.selfEmployment).toEqual({ excluded: 'Bank interest is savings income for the SA100, not trading income' });
    expect(new Set(CATEGORY_MAPPING.map((m) => m.nominalCode)).size).toBe(CATEGORY_MAPPING.length);
  });
});

describe('toSelfEmploymentCumulative', () => {
  const rows = [
    row('001', 'Sales', '-12500.5'),
    row('051', 'Interest Received', '-12.34'),
    row('101', 'Cost of Sales', '275.0'),
    row('102', 'Commission Paid', '100.01'),
    row('285', 'Accommodation and Meals', '40.1'),
    row('285-1', 'Accommodation and Meals: client visits', '9.9', '285-1'),
    row('363', 'Computer Software', '59.99'),
    row('750', 'Bank Account Default bank account', '-12860.0', '750-1'),
    row('606', 'Other Capital Asset Depreciation', '-448.62', '606-4'),
  ];

  it('sums in pence and gives HMRC its decimal numbers only in the body', () => {
    const { body, pence } = toSelfEmploymentCumulative(rows, quarter);
    expect(pence.periodIncome).toEqual({ turnover: 1250050, other: 0 });
    expect(pence.periodExpenses).toEqual({ costOfGoods: 37501, carVanTravelExpenses: 5000 });
    expect(body).toEqual({
      periodDates: { periodStartDate: '2026-04-06', periodEndDate: '2026-07-05' },
      periodIncome: { turnover: 12500.5, other: 0 },
      periodExpenses: { costOfGoods: 375.01, carVanTravelExpenses: 50 },
    });
  });

  it('reports unmapped categories with their amounts, and keeps exclusions and balance-sheet rows apart', () => {
    const { report } = toSelfEmploymentCumulative(rows, quarter);
    expect(report.unmapped).toEqual([{ nominalCode: '363', name: 'Computer Software', amount: 5999 }]);
    expect(report.excluded).toEqual([{ nominalCode: '051', name: 'Interest Received', amount: -1234, reason: 'Bank interest is savings income for the SA100, not trading income' }]);
    expect(report.balanceSheet).toEqual([
      { nominalCode: '750-1', name: 'Bank Account Default bank account', amount: -1286000 },
      { nominalCode: '606-4', name: 'Other Capital Asset Depreciation', amount: -44862 },
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('takes an edited table, so a practice can map its own categories', () => {
    const mapping: CategoryMapping[] = [...CATEGORY_MAPPING, { nominalCode: '363', freeAgentName: 'Computer Software', selfEmployment: 'periodExpenses.adminCosts', ukProperty: 'expenses.other' }];
    const { body, report } = toSelfEmploymentCumulative(rows, quarter, { mapping });
    expect(body.periodExpenses).toEqual({ costOfGoods: 375.01, carVanTravelExpenses: 50, adminCosts: 59.99 });
    expect(report.unmapped).toEqual([]);
  });

  it('repeats costs not allowable for tax as disallowable expenses', () => {
    const disallowable = disallowableCodesFrom({
      admin_expenses_categories: [{ url: 'u', description: 'Accommodation and Meals', nominal_code: '285', allowable_for_tax: false }],
      cost_of_sales_categories: [{ url: 'u', description: 'Commission Paid', nominal_code: '102', allowable_for_tax: true }],
      income_categories: [],
      general_categories: [],
    });
    expect(disallowable).toEqual(['285']);
    const { body, pence } = toSelfEmploymentCumulative(rows, quarter, { disallowableCodes: disallowable });
    expect(pence.periodDisallowableExpenses).toEqual({ carVanTravelExpenses: 5000 });
    expect(body.periodDisallowableExpenses).toEqual({ carVanTravelExpensesDisallowable: 50 });
  });

  it('warns when refunds take income below zero, which HMRC refuses', () => {
    const { body, report } = toSelfEmploymentCumulative([row('001', 'Sales', '10.5')], quarter);
    expect(body.periodIncome).toEqual({ turnover: -10.5, other: 0 });
    expect(report.warnings).toEqual(['periodIncome.turnover is below zero (-10.5); HMRC accepts 0 to 99999999999.99']);
  });
});

describe('toUkPropertyCumulative', () => {
  it('maps a landlord trial balance and reports what has no property category', () => {
    const { body, pence, report } = toUkPropertyCumulative(
      [row('001', 'Sales', '-3600.0'), row('102', 'Commission Paid', '432.0'), row('285', 'Accommodation and Meals', '18.75'), row('101', 'Cost of Sales', '20.0')],
      { fromDate: '2026-04-06', toDate: '2026-07-05' },
    );
    expect(pence).toEqual({ income: { periodAmount: 360000 }, expenses: { professionalFees: 43200, travelCosts: 1875 } });
    expect(body).toEqual({ fromDate: '2026-04-06', toDate: '2026-07-05', ukProperty: { income: { periodAmount: 3600 }, expenses: { professionalFees: 432, travelCosts: 18.75 } } });
    expect(report.unmapped).toEqual([{ nominalCode: '101', name: 'Cost of Sales', amount: 2000 }]);
  });
});

describe('completeCategoryMapping: every category of GET /v2/categories gets a row, or is reported', () => {
  const category = (nominal_code: string, description: string, extra: Partial<Category> = {}): Category => ({ url: `https://api.freeagent.com/v2/categories/${nominal_code}`, description, nominal_code, ...extra });
  const categories: Categories = {
    income_categories: [category('001', 'Sales'), category('002', 'Consultancy'), category('060', 'Grants Received')],
    cost_of_sales_categories: [
      category('101', 'Cost of Sales', { allowable_for_tax: true, tax_reporting_name: 'Cost of goods' }),
      category('102', 'Commission Paid', { allowable_for_tax: true, tax_reporting_name: 'Commissions Payable' }),
      category('103', 'Materials', { allowable_for_tax: true, tax_reporting_name: 'Purchases' }),
      category('150', 'CIS Labour', { allowable_for_tax: true, tax_reporting_name: 'construction_industry_scheme_subcontractor_costs' }),
      category('160', 'Freight', { allowable_for_tax: true }),
    ],
    admin_expenses_categories: [
      category('250', 'Travel', { allowable_for_tax: true, tax_reporting_name: 'Car, van and travel expenses' }),
      category('285', 'Accommodation and Meals', { allowable_for_tax: true, tax_reporting_name: 'Travel and subsistence expenses' }),
      category('285-1', 'Accommodation and Meals: client visits', { allowable_for_tax: true, tax_reporting_name: 'Travel and subsistence expenses' }),
      category('290', 'Accountancy Fees', { allowable_for_tax: true, tax_reporting_name: 'Accountancy, legal and other professional fees' }),
      category('313', 'Entertaining', { allowable_for_tax: false, tax_reporting_name: 'Business entertainment costs' }),
      category('363', 'Computer Software', { allowable_for_tax: true, tax_reporting_name: 'Computer software costs' }),
      category('365', 'Interest Paid', { allowable_for_tax: true, tax_reporting_name: 'Interest on bank and other loans' }),
      category('371', 'Donations', { allowable_for_tax: false, tax_reporting_name: 'Charitable donations' }),
      category('380', 'Sundries', { allowable_for_tax: true }),
    ],
    general_categories: [category('051', 'Interest Received'), category('450', 'Drawings adjustment'), category('750', 'Bank Account'), category('606-4', 'Other Capital Asset Depreciation')],
  };
  const completed = completeCategoryMapping(categories);
  const row = (code: string) => completed.mapping.find((m) => m.nominalCode === code);

  it("keeps the table's rows, and derives the rest from FreeAgent's tax reporting names", () => {
    expect(completed.mapping.slice(0, CATEGORY_MAPPING.length).map((m) => m.nominalCode)).toEqual(CATEGORY_MAPPING.map((m) => m.nominalCode));
    expect(row('285')).toMatchObject({ selfEmployment: 'periodExpenses.carVanTravelExpenses', basis: 'table' });
    expect(row('250')).toMatchObject({ freeAgentName: 'Travel', selfEmployment: 'periodExpenses.carVanTravelExpenses', ukProperty: 'expenses.travelCosts', basis: 'tax-reporting-name' });
    expect(row('250')!.note).toBe("From FreeAgent's tax reporting name 'Car, van and travel expenses'");
    expect(row('290')).toMatchObject({ selfEmployment: 'periodExpenses.professionalFees', ukProperty: 'expenses.professionalFees' });
    expect(row('103')).toMatchObject({ selfEmployment: 'periodExpenses.costOfGoods', ukProperty: null });
    expect(row('150')).toMatchObject({ selfEmployment: 'periodExpenses.paymentsToSubcontractors' });
    expect(row('363')).toMatchObject({ selfEmployment: 'periodExpenses.adminCosts', ukProperty: 'expenses.other' });
    expect(row('313')).toMatchObject({ selfEmployment: 'periodExpenses.businessEntertainmentCosts' });
    expect(row('313')!.note).toContain('not allowable for tax, so also sent as disallowable');
    expect(row('365')).toMatchObject({ selfEmployment: 'periodExpenses.interestOnBankOtherLoans', ukProperty: null });
  });

  it("falls back on FreeAgent's group, with a note staff will see", () => {
    expect(row('002')).toMatchObject({ selfEmployment: 'periodIncome.turnover', ukProperty: 'income.periodAmount', basis: 'group' });
    expect(row('060')).toMatchObject({ selfEmployment: 'periodIncome.other', ukProperty: 'income.otherIncome', basis: 'group' });
    expect(row('160')).toMatchObject({ selfEmployment: 'periodExpenses.costOfGoods', ukProperty: null, basis: 'group' });
    expect(row('380')).toMatchObject({ selfEmployment: 'periodExpenses.otherExpenses', ukProperty: 'expenses.other', basis: 'group' });
    expect(row('380')!.note).toMatch(/^Filed as other expenses by FreeAgent's group 'admin_expenses' alone: check it/);
    // A tax reporting name we do not know is said so, and the group decides.
    expect(row('371')).toMatchObject({ selfEmployment: 'periodExpenses.otherExpenses', basis: 'group' });
    expect(row('371')!.note).toContain("its tax reporting name 'Charitable donations' is not one we know");
    expect(row('371')!.note).toContain('not allowable for tax');
  });

  it('lets a sub-account keep its parent row, and leaves the balance sheet out', () => {
    expect(row('285-1')).toBeUndefined();
    expect(row('750')).toBeUndefined();
    expect(row('606-4')).toBeUndefined();
    expect(completed.unmapped.map((u) => u.nominalCode)).not.toContain('750');
  });

  it('reports what stays unknown, side by side, and never drops it', () => {
    const unmapped = Object.fromEntries(completed.unmapped.map((u) => [u.nominalCode, u]));
    expect(unmapped['450']).toEqual({
      nominalCode: '450',
      name: 'Drawings adjustment',
      group: 'general',
      taxReportingName: null,
      sides: ['selfEmployment', 'ukProperty'],
      reason: "it has no tax reporting name and FreeAgent's group 'general' does not say where it goes: map it in /api/category-mappings",
    });
    expect(unmapped['365']).toMatchObject({ sides: ['ukProperty'], reason: "its tax reporting name 'Interest on bank and other loans' does not settle this side: map it in /api/category-mappings" });
    expect(unmapped['101']).toMatchObject({ sides: ['ukProperty'], reason: 'the mapping table gives this side no category' });
    expect(unmapped['051']).toBeUndefined(); // excluded on purpose by the table, with its reason
    expect(unmapped['250']).toBeUndefined();
  });

  it('puts the practice first: override, then table, then tax reporting name, then group', () => {
    const overrides: CategoryMapping[] = [
      { nominalCode: '285', freeAgentName: 'Accommodation and Meals', selfEmployment: 'periodExpenses.otherExpenses', ukProperty: null },
      { nominalCode: '250', freeAgentName: 'Travel', selfEmployment: { excluded: 'Personal travel, not the business' }, ukProperty: null },
    ];
    const withOverrides = completeCategoryMapping(categories, applyOverrides(CATEGORY_MAPPING, overrides));
    const find = (code: string) => withOverrides.mapping.find((m) => m.nominalCode === code);
    expect(find('285')).toMatchObject({ selfEmployment: 'periodExpenses.otherExpenses', basis: 'override' });
    expect(find('250')).toMatchObject({ selfEmployment: { excluded: 'Personal travel, not the business' }, basis: 'override' });
    expect(withOverrides.mapping.filter((m) => m.nominalCode === '250')).toHaveLength(1);
    expect(withOverrides.unmapped.find((u) => u.nominalCode === '285')).toMatchObject({ sides: ['ukProperty'], reason: 'the practice left this side without a category' });
  });

  it('feeds the conversion, so derived categories stop being unmapped', () => {
    const rows = [row2('001', 'Sales', '-1000.0'), row2('250', 'Travel', '40.0'), row2('380', 'Sundries', '5.5'), row2('450', 'Drawings adjustment', '1.0')];
    const { body, report } = toSelfEmploymentCumulative(rows, quarter, { mapping: completed.mapping });
    expect(body.periodExpenses).toEqual({ carVanTravelExpenses: 40, otherExpenses: 5.5 });
    expect(report.unmapped).toEqual([{ nominalCode: '450', name: 'Drawings adjustment', amount: 100 }]);
  });

  it("reads FreeAgent's keys and labels alike, and knows every SA103 expense box", () => {
    expect(taxReportingKey('Car, van and travel expenses')).toBe('car_van_and_travel_expenses');
    expect(taxReportingKey('Depreciation and loss/profit on sale of assets')).toBe('depreciation_and_loss_profit_on_sale_of_assets');
    const boxes = new Set(KNOWN_TAX_REPORTING_NAMES.map((name) => mappingFromTaxReportingName(category('200', 'x', { tax_reporting_name: name }))!.selfEmployment));
    for (const field of SELF_EMPLOYMENT_EXPENSE_FIELDS) expect([...boxes], field).toContain(`periodExpenses.${field}`);
  });
});

function row2(code: string, name: string, total: string): TrialBalanceRow {
  return { category: `https://api.freeagent.com/v2/categories/${code}`, nominal_code: code, display_nominal_code: code, name, total };
}
