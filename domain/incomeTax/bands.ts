// Slicing income across rate bands: non-savings on the regime's bands, then savings and dividends on UK bands above it.
import { applyRate, type BasisPoints, type Pence } from './money';
import type { RateBand, TaxYearRates } from './rates';
import type { ChargedBand, IncomeTaxBand, NilRateBandName, TaxBandName } from './types';

interface Band<Name extends string> {
  name: Name;
  rate: BasisPoints;
  upperLimit: Pence | null;
}

/**
 * Charges `amount` of income that starts at position `start` in a ladder of bands (positions are taxable income, or
 * profits for Class 4). Only bands that receive income are returned.
 */
export function chargeBands<Name extends string>(bands: readonly Band<Name>[], start: Pence, amount: Pence): ChargedBand<Name>[] {
  const charged: ChargedBand<Name>[] = [];
  let bandStart = 0;
  let position = start;
  let left = amount;
  for (const band of bands) {
    const room = band.upperLimit === null ? left : Math.max(0, band.upperLimit - position);
    const income = Math.min(room, left);
    if (income > 0) {
      charged.push({ name: band.name, rate: band.rate, bandStart, bandLimit: band.upperLimit, income, amount: applyRate(income, band.rate) });
      position += income;
      left -= income;
    }
    if (band.upperLimit !== null) bandStart = band.upperLimit;
  }
  return charged;
}

const NIL_RATE_NAMES: Partial<Record<TaxBandName, NilRateBandName>> = {
  'basic-rate': 'allowance-awarded-at-basic-rate',
  'higher-rate': 'allowance-awarded-at-higher-rate',
  'additional-rate': 'allowance-awarded-at-additional-rate',
};

/** Like chargeBands, but the first `nilRate` of the income is taxed at 0% while still using up the band it sits in. */
function chargeWithNilRate(bands: readonly RateBand[], start: Pence, amount: Pence, nilRate: Pence): IncomeTaxBand[] {
  const charged: IncomeTaxBand[] = [];
  let nilLeft = nilRate;
  for (const slice of chargeBands(bands, start, amount)) {
    const nil = Math.min(nilLeft, slice.income);
    nilLeft -= nil;
    if (nil > 0) {
      const name = NIL_RATE_NAMES[slice.name];
      if (!name) throw new Error(`no nil-rate band name for ${slice.name}: savings and dividends use UK bands only`);
      charged.push({ ...slice, name, rate: 0, income: nil, amount: 0 });
    }
    const rest = slice.income - nil;
    if (rest > 0) charged.push({ ...slice, income: rest, amount: applyRate(rest, slice.rate) });
  }
  return charged;
}

export function chargeNonSavings(bands: readonly RateBand[], taxable: Pence): IncomeTaxBand[] {
  return chargeBands(bands, 0, taxable);
}

/**
 * The personal savings allowance by the highest UK band any taxable income reaches (savings and dividends sit on top
 * of non-savings income, nil-rated slices included). Scottish taxpayers are measured against the UK bands too: the
 * reference has them use UK bands for savings but is silent on the allowance itself, so this is our reading.
 */
export function personalSavingsAllowance(rates: TaxYearRates, totalTaxableIncome: Pence): Pence {
  const [basic, higher] = rates.savings.bands;
  const psa = rates.savings.personalSavingsAllowance;
  if (higher?.upperLimit != null && totalTaxableIncome > higher.upperLimit) return psa.additional;
  if (basic?.upperLimit != null && totalTaxableIncome > basic.upperLimit) return psa.higher;
  return psa.basic;
}

/** Savings: the starting-rate band left after taxable non-savings income, then the PSA, then 20/40/45. */
export function chargeSavings(
  rates: TaxYearRates,
  nonSavingsTaxable: Pence,
  savingsTaxable: Pence,
  psa: Pence,
): { bands: IncomeTaxBand[]; startingRateBandAvailable: Pence } {
  const startingRateBandAvailable = Math.max(0, rates.savings.startingRateLimit - nonSavingsTaxable);
  const atStartingRate = Math.min(startingRateBandAvailable, savingsTaxable);
  const bands: IncomeTaxBand[] = [];
  if (atStartingRate > 0) {
    bands.push({ name: 'savings-starter-rate', rate: 0, bandStart: 0, bandLimit: rates.savings.startingRateLimit, income: atStartingRate, amount: 0 });
  }
  bands.push(...chargeWithNilRate(rates.savings.bands, nonSavingsTaxable + atStartingRate, savingsTaxable - atStartingRate, psa));
  return { bands, startingRateBandAvailable };
}

/** Dividends are the top slice: above non-savings and savings income, the first £500 at 0%. */
export function chargeDividends(rates: TaxYearRates, belowDividends: Pence, dividendsTaxable: Pence): IncomeTaxBand[] {
  return chargeWithNilRate(rates.dividends.bands, belowDividends, dividendsTaxable, rates.dividends.allowance);
}
