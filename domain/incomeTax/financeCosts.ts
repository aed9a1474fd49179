// Residential finance costs: never deducted from property profits, relieved instead as a 20% income tax reducer.
import { applyRate, takeInOrder, type Pence } from './money';
import type { TaxYearRates } from './rates';
import type { ResidentialFinanceCostsBusiness, ResidentialFinanceCostsRelief } from './types';

export interface FinanceCostsClaim {
  /** This year's and brought-forward finance costs, in whole pounds. */
  amountClaimed: Pence;
  /** The property business's profit after its brought-forward losses. */
  profit: Pence;
}

/**
 * 20% of the lowest of finance costs, property profits and adjusted total income (reference §2 step 2), limited to
 * the income tax charged, since a reducer cannot create a repayment. What the profit or ATI limits leave unrelieved is
 * carried forward; where ATI limits both businesses, UK property is relieved first (our choice: the reference is silent).
 */
export function residentialFinanceCostsRelief(
  rates: TaxYearRates,
  claims: { ukProperty: FinanceCostsClaim | null; foreignProperty: FinanceCostsClaim | null },
  adjustedTotalIncome: Pence,
  incomeTaxCharged: Pence,
): ResidentialFinanceCostsRelief {
  const allowable = (claim: FinanceCostsClaim | null): Pence => (claim ? Math.min(claim.amountClaimed, claim.profit) : 0);
  const allowableUk = allowable(claims.ukProperty);
  const allowableForeign = allowable(claims.foreignProperty);
  const totalAllowableAmount = allowableUk + allowableForeign;
  const relievableAmount = Math.min(totalAllowableAmount, adjustedTotalIncome);
  const [relievedUk = 0, relievedForeign = 0] = takeInOrder(relievableAmount, [allowableUk, allowableForeign]);
  const rate = rates.residentialFinanceCostsReliefRate;
  const business = (claim: FinanceCostsClaim | null, allowableAmount: Pence, relieved: Pence): ResidentialFinanceCostsBusiness | null =>
    claim && claim.amountClaimed > 0 ? { amountClaimed: claim.amountClaimed, allowableAmount, carryForwardAmount: claim.amountClaimed - relieved } : null;
  return {
    adjustedTotalIncome,
    totalAllowableAmount,
    relievableAmount,
    rate,
    relief: Math.min(applyRate(relievableAmount, rate), incomeTaxCharged),
    ukProperty: business(claims.ukProperty, allowableUk, relievedUk),
    foreignProperty: business(claims.foreignProperty, allowableForeign, relievedForeign),
  };
}
