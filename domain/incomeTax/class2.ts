// Class 2 NIC: no longer compulsory from 2024-25; payable voluntarily only when profits are under the threshold.
import type { Pence } from './money';
import type { TaxYearRates } from './rates';
import type { Class2Result } from './types';

/** At or above the Small Profits Threshold the year is credited without payment, so nothing is due either way. */
export function calculateClass2(rates: TaxYearRates, profits: Pence, payVoluntarily: boolean): Class2Result {
  const { smallProfitsThreshold, weeklyRate, weeks } = rates.class2;
  const underSmallProfitsThreshold = profits < smallProfitsThreshold;
  const voluntary = payVoluntarily && underSmallProfitsThreshold;
  return { smallProfitsThreshold, weeklyRate, weeks, profits, underSmallProfitsThreshold, voluntary, amount: voluntary ? weeklyRate * weeks : 0 };
}
