// Money as staff read and type it: integer pence inside (as the API keeps it), pounds and pence on screen. Parsing works
// on the text, never through floating point, so "0.29" is 29 pence and not 28.999….

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123456 → "£1,234.56"; -5 → "-£0.05". */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  return sign + POUNDS.format(Math.abs(pence) / 100);
}

/** A signed difference: "+£12.00", "-£3.50", "£0.00". */
export function formatPenceChange(pence: number): string {
  return pence > 0 ? `+${formatPence(pence)}` : formatPence(pence);
}

/** 123456 → "1234.56" (what a pounds input shows for a stored amount). */
export function penceToPoundsText(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The largest amount HMRC takes: £99,999,999,999.99. */
const MAX_PENCE = 9_999_999_999_999;

/**
 * "1,234.56", "£1234.5", "-12" → integer pence; "" → null; anything else → an error message for the input.
 */
export function parsePounds(text: string): { pence: number | null } | { error: string } {
  const cleaned = text.trim().replace(/[\s,£]/g, '').replace(/^−/, '-');
  if (cleaned === '') return { pence: null };
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return { error: 'Enter pounds and pence, e.g. 1234.56' };
  const [, sign, whole, fraction = ''] = match;
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (pence > MAX_PENCE) return { error: 'HMRC takes at most £99,999,999,999.99' };
  return { pence: sign === '-' ? -pence : pence };
}
