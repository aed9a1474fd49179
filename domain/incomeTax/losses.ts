// Loss relief: brought-forward losses against the same source, and this year's trade losses sideways, capped.
import { applyRate, floorToPound, type Pence } from './money';
import type { TaxYearRates } from './rates';

/** Brought-forward losses of a source set against its own profit (trade: ITA 2007 s83; property: s118). */
export function setOffBroughtForward(netProfit: Pence, broughtForward: Pence): { used: Pence; taxableProfit: Pence; unused: Pence } {
  const used = Math.min(netProfit, broughtForward);
  return { used, taxableProfit: netProfit - used, unused: broughtForward - used };
}

/**
 * The s24A cap on relief against general income: the greater of £50,000 or 25% of adjusted total income. We take
 * adjusted total income as total income before any loss relief (ITA 2007 s23 step 1: before the s83/s118 deductions;
 * no pension contributions or payroll giving are in scope) and round 25% of it down to the pound, so the cap is never
 * exceeded.
 */
export function sidewaysLossReliefCap(rates: TaxYearRates, totalIncomeBeforeLossRelief: Pence): Pence {
  const { minimum, shareOfAdjustedTotalIncome } = rates.sidewaysLossReliefCap;
  return Math.max(minimum, floorToPound(applyRate(totalIncomeBeforeLossRelief, shareOfAdjustedTotalIncome)));
}

/**
 * Sets each claimed loss, in the order given, against general income up to the cap. A s64 claim cannot be partial:
 * each loss takes as much as income and the cap allow, even if that wastes the personal allowance.
 */
export function relieveSideways(claimedLosses: readonly Pence[], generalIncome: Pence, cap: Pence): Pence[] {
  let limit = Math.min(generalIncome, cap);
  return claimedLosses.map((loss) => {
    const used = Math.min(loss, limit);
    limit -= used;
    return used;
  });
}
