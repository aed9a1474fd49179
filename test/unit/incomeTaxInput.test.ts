// The income tax calculation's input rules, rounding of submitted pence, and the per-year rates tables.
import { describe, expect, it } from 'vitest';
import {
  calculateIncomeTax,
  ceilToPound,
  floorToPound,
  IncomeTaxInputError,
  pounds,
  ratesFor,
  supportedTaxYears,
  type IncomeTaxInput,
} from '../../domain/incomeTax';

function base(extra: Partial<IncomeTaxInput> = {}): IncomeTaxInput {
  return { taxYear: '2026-27', residency: 'england', ...extra };
}

/** The error calculateIncomeTax throws for `input`, so a test can look at its field and message. */
function errorFor(input: IncomeTaxInput): IncomeTaxInputError {
  try {
    calculateIncomeTax(input);
  } catch (error) {
    if (error instanceof IncomeTaxInputError) return error;
    throw error;
  }
  throw new Error('expected calculateIncomeTax to throw');
}

describe('tax years', () => {
  it('supports 2024-25 to 2026-27', () => {
    expect(supportedTaxYears).toEqual(['2024-25', '2025-26', '2026-27']);
  });

  it.each(['2023-24', '2027-28'])('refuses %s with a RangeError naming the year', (taxYear) => {
    expect(() => calculateIncomeTax(base({ taxYear }))).toThrow(RangeError);
    const error = errorFor(base({ taxYear }));
    expect(error.field).toBe('taxYear');
    expect(error.message).toMatch(new RegExp(`'${taxYear}' is not supported; supported tax years are 2024-25, 2025-26, 2026-27`));
  });

  it('refuses a malformed tax year', () => {
    expect(errorFor(base({ taxYear: '2026-2027' })).message).toMatch(/^taxYear: '2026-2027': expected a tax year as 'YYYY-YY'/);
  });
});

describe('amounts and claims', () => {
  it.each([
    ['a negative income', base({ selfEmployments: [{ id: 'A', income: -1 }] }), 'selfEmployments[0].income', /not a negative amount/],
    ['fractional pence', base({ selfEmployments: [{ id: 'A', income: 100.5 }] }), 'selfEmployments[0].income', /whole number of pence/],
    ['negative expenses', base({ ukProperty: { income: 0, expenses: -100 } }), 'ukProperty.expenses', /not a negative amount/],
    ['negative losses brought forward', base({ foreignProperty: { income: 0, lossesBroughtForward: -1 } }), 'foreignProperty.lossesBroughtForward', /negative/],
    ['negative interest', base({ savingsInterest: -5 }), 'savingsInterest', /negative/],
    ['an income left out', base({ selfEmployments: [{ id: 'A' } as never] }), 'selfEmployments[0].income', /required/],
    ['a duplicate business id', base({ selfEmployments: [{ id: 'A', income: 0 }, { id: 'A', income: 0 }] }), 'selfEmployments[1].id', /more than once/],
    ['an unknown residency', base({ residency: 'france' as never }), 'residency', /england, northern-ireland, wales, scotland/],
    [
      'trading allowance with expenses',
      base({ selfEmployments: [{ id: 'A', income: pounds(5_000), expenses: pounds(10), tradingAllowance: pounds(1_000) }] }),
      'selfEmployments[0].tradingAllowance',
      /together with expenses/,
    ],
    [
      'more than £1,000 of trading allowance across trades',
      base({ selfEmployments: [{ id: 'A', income: pounds(5_000), tradingAllowance: pounds(600) }, { id: 'B', income: pounds(5_000), tradingAllowance: pounds(600) }] }),
      'selfEmployments[1].tradingAllowance',
      /at most 100000 pence \(£1,000\) in all/,
    ],
    [
      'property allowance with finance costs',
      base({ ukProperty: { income: pounds(5_000), propertyAllowance: pounds(1_000), residentialFinanceCosts: pounds(1) } }),
      'ukProperty.propertyAllowance',
      /residential finance costs/,
    ],
    ['voluntary Class 2 without a trade', base({ payVoluntaryClass2: true }), 'payVoluntaryClass2', /no self-employment/],
  ])('refuses %s', (_what, input, field, rule) => {
    const error = errorFor(input);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(rule);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('accepts negative adjustments, such as capital allowances', () => {
    // 20,000 income - 5,000 capital allowances = 15,000 profit
    const calc = calculateIncomeTax(base({ selfEmployments: [{ id: 'A', income: pounds(20_000), adjustments: -pounds(5_000) }] }));
    expect(calc.selfEmployments[0]?.netProfit).toBe(1_500_000);
  });

  it('applies the trading allowance instead of expenses', () => {
    // 5,000 income - 1,000 trading allowance = 4,000 profit
    const calc = calculateIncomeTax(base({ selfEmployments: [{ id: 'A', income: pounds(5_000), tradingAllowance: pounds(1_000) }] }));
    expect(calc.selfEmployments[0]).toMatchObject({ tradingAllowance: 100_000, netProfit: 400_000 });
  });
});

describe('rounding as HMRC does: income down, reliefs up, to whole pounds', () => {
  it('rounds a profit down and a loss up', () => {
    const profit = (income: number, expenses: number) => calculateIncomeTax(base({ selfEmployments: [{ id: 'A', income, expenses }] })).selfEmployments[0];
    expect(profit(3_000_099, 0)?.netProfit).toBe(3_000_000); // 30,000.99 -> 30,000
    expect(profit(4_000_000, 1_000_001)?.netProfit).toBe(2_999_900); // 29,999.99 -> 29,999
    expect(profit(0, 10_050)?.netLoss).toBe(10_100); // loss 100.50 -> 101
  });

  it('rounds savings and dividends down, brought-forward losses up', () => {
    const calc = calculateIncomeTax(
      base({ savingsInterest: 123_456, dividends: 99, ukProperty: { income: pounds(2_000), lossesBroughtForward: 50_001 } }),
    );
    expect(calc.totals).toMatchObject({ savingsInterest: 123_400, dividends: 0 });
    expect(calc.ukProperty?.lossesBroughtForwardUsed).toBe(50_100);
    expect(floorToPound(-1)).toBe(-100);
    expect(ceilToPound(101)).toBe(200);
  });
});

describe('rates tables', () => {
  it('hold the 2026-27 figures from the reference', () => {
    const rates = ratesFor('2026-27');
    expect(rates.personalAllowance).toBe(1_257_000);
    expect(rates.nonSavingsBands.scotland.map((band) => [band.rate, band.upperLimit])).toEqual([
      [1900, 396_700],
      [2000, 1_695_600],
      [2100, 3_109_200],
      [4200, 6_243_000],
      [4500, 12_514_000],
      [4800, null],
    ]);
    expect(rates.dividends.bands.map((band) => band.rate)).toEqual([1075, 3575, 3935]);
    expect(rates.class4).toEqual({ lowerProfitsLimit: 1_257_000, upperProfitsLimit: 5_027_000, mainRate: 600, upperRate: 200 });
  });

  it('change only what changed between years', () => {
    expect(ratesFor('2025-26').dividends.bands.map((band) => band.rate)).toEqual([875, 3375, 3935]);
    expect(ratesFor('2024-25').nonSavingsBands.scotland[0]?.upperLimit).toBe(230_600);
    expect(ratesFor('2025-26').class2.smallProfitsThreshold).toBe(684_500);
  });
});
