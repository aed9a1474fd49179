// Money in integer pence: whole-pound rounding and percentage rates applied without floating point.

/** An amount of money in whole pence. Never pounds, never fractional. */
export type Pence = number;

/** A percentage rate in hundredths of a percent: 20% is 2000, 8.75% is 875. */
export type BasisPoints = number;

export function pounds(wholePounds: number): Pence {
  return wholePounds * 100;
}

/** Towards minus infinity, so income rounds down and a loss (a relief) rounds up in size, as HMRC rounds. */
export function floorToPound(amount: Pence): Pence {
  return amount - (((amount % 100) + 100) % 100);
}

export function ceilToPound(amount: Pence): Pence {
  return -floorToPound(-amount);
}

/**
 * amount x rate, rounded down to the penny. The reference says HMRC computes tax "to the penny" without saying which
 * way; rounding each band down is our choice (it only bites on dividend rates such as 8.75%, since taxable amounts are
 * whole pounds). BigInt because pence x basis points can pass 2^53 for large incomes.
 */
export function applyRate(amount: Pence, rate: BasisPoints): Pence {
  if (amount < 0) throw new RangeError(`applyRate: expected a non-negative amount, got ${amount}`);
  return Number((BigInt(amount) * BigInt(rate)) / 10_000n);
}

export function sum(amounts: readonly Pence[]): Pence {
  return amounts.reduce((total, amount) => total + amount, 0);
}

/** Takes `amount` from each pot in turn until it is used up or the pots run dry; returns what came from each pot. */
export function takeInOrder(amount: Pence, pots: readonly Pence[]): Pence[] {
  let left = amount;
  return pots.map((pot) => {
    const taken = Math.min(left, pot);
    left -= taken;
    return taken;
  });
}
