// The personal allowance after the taper: £1 less for every £2 of adjusted net income over £100,000.
import { floorToPound, type Pence } from './money';
import type { TaxYearRates } from './rates';

export function personalAllowanceFor(
  rates: TaxYearRates,
  adjustedNetIncome: Pence,
): { standard: Pence; taperReduction: Pence; given: Pence } {
  const standard = rates.personalAllowance;
  const excess = Math.max(0, adjustedNetIncome - rates.personalAllowanceTaperThreshold);
  // "£1 for every £2": only whole £2 steps count, so £100,001 keeps the full allowance (the allowance, a relief,
  // rounds up to the pound). Nil from £125,140 with the £12,570 allowance.
  const taperReduction = Math.min(standard, floorToPound(Math.floor(excess / 2)));
  return { standard, taperReduction, given: standard - taperReduction };
}
