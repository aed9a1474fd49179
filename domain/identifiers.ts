// Checks for the identifiers HMRC gives taxpayers: National Insurance number and Unique Taxpayer Reference.

/** HMRC's NINO pattern from the MTD APIs (FORMAT_NINO): two prefix letters, six digits, suffix A-D. */
const NINO = /^((?!(BG|GB|KN|NK|NT|TN|ZZ)|(D|F|I|Q|U|V)[A-Z]|[A-Z](D|F|I|O|Q|U|V))[A-Z]{2})[0-9]{6}[A-D]$/;

/** Upper-cases and removes spaces, as staff type NINOs in groups ('QQ 12 34 56 C'). */
export function normaliseNino(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function ninoProblem(value: string): string | null {
  return NINO.test(value) ? null : "expected a National Insurance number: two letters, six digits and A, B, C or D, e.g. 'AB123456C'";
}

export function normaliseUtr(value: string): string {
  return value.replace(/\s+/g, '');
}

/**
 * A UTR is ten digits whose first digit is a check digit over the other nine
 * (weights 6,7,8,9,10,5,4,3,2; check = 11 - sum mod 11, with 10 -> 1 and 11 -> 2).
 */
export function utrProblem(value: string): string | null {
  if (!/^\d{10}$/.test(value)) return 'expected a Unique Taxpayer Reference of ten digits';
  return value[0] === utrCheckDigit(value.slice(1)) ? null : 'expected a valid Unique Taxpayer Reference: its check digit does not match';
}

/** The check digit that goes in front of nine UTR digits. */
export function utrCheckDigit(nineDigits: string): string {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError('expected nine digits');
  const weights = [6, 7, 8, 9, 10, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(nineDigits[i]), 0);
  const check = 11 - (sum % 11);
  return String(check === 11 ? 2 : check === 10 ? 1 : check);
}
