// Money at the HMRC boundary: HMRC's JSON numbers with up to two decimals, integer pence everywhere inside.
import type { Pence } from './incomeTax/money';

export type { Pence } from './incomeTax/money';

/** 1234.56 -> 123456. Throws on more than two decimal places or a non-finite number: HMRC refuses those too. */
export function poundsToPence(amount: number): Pence {
  if (!Number.isFinite(amount)) throw new RangeError(`expected a finite amount, got ${amount}`);
  const pence = Math.round(amount * 100);
  if (Math.abs(pence / 100 - amount) > 1e-9) throw new RangeError(`expected at most two decimal places, got ${amount}`);
  return pence;
}

/** 123456 -> 1234.56, the number HMRC's JSON carries. */
export function penceToPounds(pence: Pence): number {
  if (!Number.isInteger(pence)) throw new RangeError(`expected whole pence, got ${pence}`);
  return pence / 100;
}

/** Sums the numeric leaves of an HMRC money object ({ turnover: 10.5, other: 2 } -> 1250), ignoring other fields. */
export function sumPence(amounts: Record<string, unknown> | undefined, only?: readonly string[]): Pence {
  if (!amounts) return 0;
  return Object.entries(amounts).reduce((total, [key, value]) => (typeof value === 'number' && (!only || only.includes(key)) ? total + poundsToPence(value) : total), 0);
}
