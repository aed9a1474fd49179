// Class 4 NIC on trading profits (never property, savings or dividends), after trade losses, 0% / main / upper rate.
import { chargeBands } from './bands';
import { sum, takeInOrder, type Pence } from './money';
import type { TaxYearRates } from './rates';
import type { Class4BandName, Class4Result } from './types';

export interface Class4Trade {
  /** Profit after income tax losses brought forward, which count for Class 4 as well. */
  taxableProfit: Pence;
  class4LossesBroughtForward: Pence;
  /** This year's loss relieved sideways for income tax. */
  lossUsedSideways: Pence;
}

export interface Class4TradeLosses {
  class4LossesBroughtForwardUsed: Pence;
  class4LossesCarriedForward: Pence;
}

/**
 * A loss relieved sideways for income tax is relieved for Class 4 only against trading profits (of other trades this
 * year); the part that went against non-trading income stays a Class 4 loss to carry forward. That is why HMRC keeps a
 * separate `self-employment-class4` loss type (reference §3).
 */
export function calculateClass4(
  rates: TaxYearRates,
  trades: readonly Class4Trade[],
  exempt: boolean,
): { class4: Class4Result; trades: Class4TradeLosses[] } {
  const broughtForwardUsed = trades.map((trade) => Math.min(trade.class4LossesBroughtForward, trade.taxableProfit));
  const profitsAfterBroughtForward = sum(trades.map((trade, i) => trade.taxableProfit - broughtForwardUsed[i]!));
  const sidewaysUsed = takeInOrder(profitsAfterBroughtForward, trades.map((trade) => trade.lossUsedSideways));
  const totalIncomeLiableToClass4Charge = sum(trades.map((trade) => trade.taxableProfit));
  const adjustmentToProfitsForClass4 = sum(broughtForwardUsed) + sum(sidewaysUsed);
  const totalIncomeChargeableToClass4 = totalIncomeLiableToClass4Charge - adjustmentToProfitsForClass4;
  const { lowerProfitsLimit, upperProfitsLimit, mainRate, upperRate } = rates.class4;
  const bandLadder: { name: Class4BandName; rate: number; upperLimit: Pence | null }[] = [
    { name: 'zero-rate', rate: 0, upperLimit: lowerProfitsLimit },
    { name: 'basic-rate', rate: mainRate, upperLimit: upperProfitsLimit },
    { name: 'higher-rate', rate: upperRate, upperLimit: null },
  ];
  const bands = exempt ? [] : chargeBands(bandLadder, 0, totalIncomeChargeableToClass4);
  const tradeLosses = trades.map((trade, i) => ({
    class4LossesBroughtForwardUsed: broughtForwardUsed[i]!,
    class4LossesCarriedForward: trade.class4LossesBroughtForward - broughtForwardUsed[i]! + trade.lossUsedSideways - sidewaysUsed[i]!,
  }));
  return {
    class4: {
      exempt,
      totalIncomeLiableToClass4Charge,
      adjustmentToProfitsForClass4,
      totalIncomeChargeableToClass4,
      bands,
      totalAmount: sum(bands.map((band) => band.amount)),
      lossesCarriedForward: sum(tradeLosses.map((trade) => trade.class4LossesCarriedForward)),
    },
    trades: tradeLosses,
  };
}
