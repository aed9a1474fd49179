// A business's profit or loss for the year: income less expenses (or the allowance) plus adjustments, in whole pounds.
import { floorToPound, type Pence } from './money';

export interface BusinessProfit {
  /** The trading or property allowance actually deducted: never more than the income, so it cannot make a loss. */
  allowance: Pence;
  netProfit: Pence;
  netLoss: Pence;
}

/** Rounded as HMRC does (reference §2): a profit down to the pound, a loss (a relief) up. */
export function businessProfit(income: Pence, expenses: Pence, allowanceClaimed: Pence, adjustments: Pence): BusinessProfit {
  const allowance = Math.min(allowanceClaimed, income);
  const net = floorToPound(income - expenses - allowance + adjustments);
  return { allowance, netProfit: Math.max(0, net), netLoss: Math.max(0, -net) };
}
