// Rates, bands, allowances and NIC limits per tax year, from /work/shared/reference/uk-income-tax-rules.md. Data only.
import { IncomeTaxInputError } from './errors';
import { pounds, type BasisPoints, type Pence } from './money';
import type { TaxBandName, TaxRegime } from './types';
import { taxYearProblem } from '../taxYear';

/** A band of taxable income: it runs from the previous band's limit up to `upperLimit` (null: no limit). */
export interface RateBand {
  name: TaxBandName;
  rate: BasisPoints;
  upperLimit: Pence | null;
}

export interface TaxYearRates {
  taxYear: string;
  personalAllowance: Pence;
  /** Adjusted net income above which the personal allowance falls by £1 for every £2. */
  personalAllowanceTaperThreshold: Pence;
  tradingAllowance: Pence;
  propertyAllowance: Pence;
  /** Bands on non-savings, non-dividend income, on taxable income (after the personal allowance). */
  nonSavingsBands: Record<TaxRegime, readonly RateBand[]>;
  /** Savings use UK bands everywhere in the UK, Scotland included. */
  savings: {
    startingRateLimit: Pence;
    personalSavingsAllowance: { basic: Pence; higher: Pence; additional: Pence };
    bands: readonly RateBand[];
  };
  dividends: { allowance: Pence; bands: readonly RateBand[] };
  residentialFinanceCostsReliefRate: BasisPoints;
  sidewaysLossReliefCap: { minimum: Pence; shareOfAdjustedTotalIncome: BasisPoints };
  class4: { lowerProfitsLimit: Pence; upperProfitsLimit: Pence; mainRate: BasisPoints; upperRate: BasisPoints };
  /**
   * Voluntary only from 2024-25 (compulsory Class 2 was abolished from 6 April 2024). `weeks` is 52: the reference's
   * yearly amounts (£179.40, £182.00, £189.80) are 52 weeks at the weekly rate.
   */
  class2: { smallProfitsThreshold: Pence; weeklyRate: Pence; weeks: number };
}

/** rUK and Wales: Welsh rates are 10p in each band on top of UK rates reduced by 10p, so 20/40/45 as in rUK. */
function ukBands(basic: BasisPoints, higher: BasisPoints, additional: BasisPoints): readonly RateBand[] {
  return [
    { name: 'basic-rate', rate: basic, upperLimit: pounds(37_700) },
    { name: 'higher-rate', rate: higher, upperLimit: pounds(125_140) },
    { name: 'additional-rate', rate: additional, upperLimit: null },
  ];
}

/** Scottish band tops on taxable income, as the reference says software must hold them (§1.4). */
function scottishBands(starterTop: number, basicTop: number, intermediateTop: number): readonly RateBand[] {
  return [
    { name: 'starter-rate', rate: 1900, upperLimit: pounds(starterTop) },
    { name: 'basic-rate', rate: 2000, upperLimit: pounds(basicTop) },
    { name: 'intermediate-rate', rate: 2100, upperLimit: pounds(intermediateTop) },
    { name: 'higher-rate', rate: 4200, upperLimit: pounds(62_430) },
    { name: 'advanced-rate', rate: 4500, upperLimit: pounds(125_140) },
    { name: 'additional-rate', rate: 4800, upperLimit: null },
  ];
}

const RATES: Readonly<Record<string, TaxYearRates>> = {
  '2024-25': {
    taxYear: '2024-25',
    personalAllowance: pounds(12_570),
    personalAllowanceTaperThreshold: pounds(100_000),
    tradingAllowance: pounds(1_000),
    propertyAllowance: pounds(1_000),
    nonSavingsBands: { uk: ukBands(2000, 4000, 4500), wales: ukBands(2000, 4000, 4500), scotland: scottishBands(2_306, 13_991, 31_092) },
    savings: {
      startingRateLimit: pounds(5_000),
      personalSavingsAllowance: { basic: pounds(1_000), higher: pounds(500), additional: 0 },
      bands: ukBands(2000, 4000, 4500),
    },
    dividends: { allowance: pounds(500), bands: ukBands(875, 3375, 3935) },
    residentialFinanceCostsReliefRate: 2000,
    sidewaysLossReliefCap: { minimum: pounds(50_000), shareOfAdjustedTotalIncome: 2500 },
    class4: { lowerProfitsLimit: pounds(12_570), upperProfitsLimit: pounds(50_270), mainRate: 600, upperRate: 200 },
    class2: { smallProfitsThreshold: pounds(6_725), weeklyRate: 345, weeks: 52 },
  },
  '2025-26': {
    taxYear: '2025-26',
    personalAllowance: pounds(12_570),
    personalAllowanceTaperThreshold: pounds(100_000),
    tradingAllowance: pounds(1_000),
    propertyAllowance: pounds(1_000),
    nonSavingsBands: { uk: ukBands(2000, 4000, 4500), wales: ukBands(2000, 4000, 4500), scotland: scottishBands(2_827, 14_921, 31_092) },
    savings: {
      startingRateLimit: pounds(5_000),
      personalSavingsAllowance: { basic: pounds(1_000), higher: pounds(500), additional: 0 },
      bands: ukBands(2000, 4000, 4500),
    },
    dividends: { allowance: pounds(500), bands: ukBands(875, 3375, 3935) },
    residentialFinanceCostsReliefRate: 2000,
    sidewaysLossReliefCap: { minimum: pounds(50_000), shareOfAdjustedTotalIncome: 2500 },
    class4: { lowerProfitsLimit: pounds(12_570), upperProfitsLimit: pounds(50_270), mainRate: 600, upperRate: 200 },
    class2: { smallProfitsThreshold: pounds(6_845), weeklyRate: 350, weeks: 52 },
  },
  '2026-27': {
    taxYear: '2026-27',
    personalAllowance: pounds(12_570),
    personalAllowanceTaperThreshold: pounds(100_000),
    tradingAllowance: pounds(1_000),
    propertyAllowance: pounds(1_000),
    nonSavingsBands: { uk: ukBands(2000, 4000, 4500), wales: ukBands(2000, 4000, 4500), scotland: scottishBands(3_967, 16_956, 31_092) },
    savings: {
      startingRateLimit: pounds(5_000),
      personalSavingsAllowance: { basic: pounds(1_000), higher: pounds(500), additional: 0 },
      bands: ukBands(2000, 4000, 4500),
    },
    // Dividend ordinary and upper rates rise 2 points from April 2026; the additional rate stays 39.35%.
    dividends: { allowance: pounds(500), bands: ukBands(1075, 3575, 3935) },
    residentialFinanceCostsReliefRate: 2000,
    sidewaysLossReliefCap: { minimum: pounds(50_000), shareOfAdjustedTotalIncome: 2500 },
    class4: { lowerProfitsLimit: pounds(12_570), upperProfitsLimit: pounds(50_270), mainRate: 600, upperRate: 200 },
    // [verify] in the reference: the 2026-27 Small Profits Threshold (£7,105) and weekly rate (£3.65) come from one
    // secondary source. They only matter for voluntary Class 2.
    class2: { smallProfitsThreshold: pounds(7_105), weeklyRate: 365, weeks: 52 },
  },
};

export const supportedTaxYears: readonly string[] = Object.keys(RATES);

/** The year's table. Throws an IncomeTaxInputError (a RangeError) on a malformed or unsupported tax year. */
export function ratesFor(taxYear: string): TaxYearRates {
  const problem = taxYearProblem(taxYear);
  if (problem) throw new IncomeTaxInputError('taxYear', `'${taxYear}': ${problem}`);
  const rates = RATES[taxYear];
  if (!rates) throw new IncomeTaxInputError('taxYear', `'${taxYear}' is not supported; supported tax years are ${supportedTaxYears.join(', ')}`);
  return rates;
}
