// Identifiers the emulator hands out: NINOs, UTRs, MTD IT ids, ARNs, business ids, user ids, tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import { utrCheckDigit } from '../../domain/identifiers';
import { nextCounter, type EmulatorState } from './state';

const NINO_PREFIXES = ['AA', 'AB', 'AE', 'AH', 'AK', 'AL', 'AM', 'AP', 'AR', 'AS', 'AT', 'AW', 'AX', 'AY', 'AZ', 'BA', 'BB', 'BE', 'BH', 'BK', 'BL', 'BM', 'BT'];

/** A NINO no other user of this emulator has (prefixes HMRC issues; six digits from a counter; suffix A-D). */
export function newNino(state: EmulatorState): string {
  const n = nextCounter(state, 'nino');
  const prefix = NINO_PREFIXES[Math.floor(n / 1_000_000) % NINO_PREFIXES.length]!;
  return `${prefix}${String(n % 1_000_000).padStart(6, '0')}${'ABCD'[n % 4]}`;
}

export function newUtr(state: EmulatorState): string {
  const body = String(100_000_000 + nextCounter(state, 'utr')).slice(-9);
  return utrCheckDigit(body) + body;
}

/** MTD Income Tax id, e.g. XJIT00000328268. */
export function newMtdItId(state: EmulatorState): string {
  return `XJIT${String(nextCounter(state, 'mtdItId')).padStart(11, '0')}`;
}

/** Agent Reference Number, e.g. NARN0396245 (^[A-Z]ARN[0-9]{7}$). */
export function newArn(state: EmulatorState): string {
  return `NARN${String(nextCounter(state, 'arn')).padStart(7, '0')}`;
}

/** Business id, ^X[A-Z0-9]IS[0-9]{11}$: XB self-employment, XP UK property, XF foreign property (HMRC's sandbox habit). */
export function newBusinessId(state: EmulatorState, type: 'self-employment' | 'uk-property' | 'foreign-property' | 'property-unspecified'): string {
  const letter = { 'self-employment': 'B', 'uk-property': 'P', 'foreign-property': 'F', 'property-unspecified': 'A' }[type];
  return `X${letter}IS${String(nextCounter(state, 'businessId')).padStart(11, '0')}`;
}

export function newUserId(state: EmulatorState): string {
  return String(900_000_000_000 + nextCounter(state, 'userId'));
}

export function newPassword(): string {
  return randomBytes(9).toString('base64url');
}

/** An opaque bearer token or code: 32 hex characters, as HMRC's look. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

export function newCorrelationId(): string {
  return randomUUID();
}
