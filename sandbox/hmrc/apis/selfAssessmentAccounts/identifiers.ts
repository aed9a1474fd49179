// Stable identifiers in HMRC's formats, derived from what the item is (NINO + tax year + charge type), so a charge
// derived afresh on every read keeps its transaction id and charge reference.
import { createHash } from 'node:crypto';

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').toUpperCase();
}

/** documentId / transactionId: 12 alphanumerics (`^[0-9A-Za-z]{1,12}$`). */
export function documentIdFor(...parts: string[]): string {
  return digest(['document', ...parts]).slice(0, 12);
}

/** chargeReference: two letters and twelve digits (`^[A-Za-z]{2}[0-9]{12}$`), like ETMP's XM002610011594. */
export function chargeReferenceFor(...parts: string[]): string {
  const number = BigInt(`0x${digest(['charge-reference', ...parts]).slice(0, 15)}`) % 10n ** 12n;
  return `XM${number.toString().padStart(12, '0')}`;
}
