// FreeAgent categories to HMRC cumulative update bodies: the mapping table, money in pence, and unmapped categories reported.
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_MAPPING,
  disallowableCodesFrom,
  toSelfEmploymentCumulative,
  toUkPropertyCumulative,
  type CategoryMapping,
} from '../../integrations/freeagent/categoryMapping';
import { decimalToPence, penceToDecimal } from '../../integrations/freeagent/decimal';
import type { TrialBalanceRow } from '../../integrations/freeagent/types';

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
