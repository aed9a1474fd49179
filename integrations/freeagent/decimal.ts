// FreeAgent's money: decimal strings ("2724.03", "-2250.0", "3800") read into integer pence and written back, never via floats.
import type { Pence } from '../../domain/money';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "-2250.0" -> -225000. Throws on anything that is not a decimal, or on fractions of a penny. */
export function decimalToPence(value: string): Pence {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`expected a decimal amount such as "2724.03", got ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > 2) throw new RangeError(`expected at most two decimal places, got ${JSON.stringify(value)}`);
  const pence = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  return sign && pence !== 0 ? -pence : pence;
}

/** -225000 -> "-2250.0", 300901 -> "3009.01": the way FreeAgent (Rails' BigDecimal) writes amounts. */
export function penceToDecimal(pence: Pence): string {
  if (!Number.isInteger(pence)) throw new RangeError(`expected whole pence, got ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const rest = abs % 100;
  const fraction = rest === 0 ? '0' : rest % 10 === 0 ? String(rest / 10) : String(rest).padStart(2, '0');
  return `${sign}${pounds}.${fraction}`;
}
