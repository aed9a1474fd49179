// Which tax years a customer is in MTD for, from their ITSA statuses and when they signed up.
import { taxYearOf } from '../../../../domain/taxYear';
import type { EmulatorState } from '../../state';

interface StatusDetail {
  submittedOn: string;
  status: string;
}

/** The statuses that bring quarterly updates and an MTD final declaration; Annual, exempt, dormant and "No Status" do not. */
const MTD_STATUSES = new Set(['MTD Mandated', 'MTD Voluntary']);

/**
 * The tax year the customer signed up to MTD: when their test user was enrolled for mtd-income-tax (the first write the
 * ledger holds for the NINO, from Create Test User), or the first year given an MTD status through Test Support if
 * earlier. HMRC keeps obligations only from sign-up ("you will only be able to retrieve obligations which have been
 * created since joining MTD"). Null when neither is known (state made by hand): then only the businesses' own dates
 * bound the years.
 */
export function signUpTaxYear(state: EmulatorState, nino: string): string | null {
  const enrolled = state.ledger.find((entry) => entry.nino === nino && entry.api === 'api-platform-test-user');
  const stored = storedStatuses(state, nino);
  const years = [
    ...(enrolled ? [taxYearOf(enrolled.emulatorTime.slice(0, 10))] : []),
    ...Object.keys(stored).filter((y) => MTD_STATUSES.has(latest(stored[y]!)?.status ?? '')),
  ].sort();
  return years[0] ?? null;
}

function storedStatuses(state: EmulatorState, nino: string): Record<string, StatusDetail[]> {
  return (state.taxpayers[nino]?.itsaStatuses ?? {}) as Record<string, StatusDetail[]>;
}

function latest(details: StatusDetail[]): StatusDetail | undefined {
  return [...details].sort((a, b) => a.submittedOn.localeCompare(b.submittedOn)).at(-1);
}

/**
 * The customer's ITSA status for a tax year: the latest one set for that year; else, from sign-up on, 'MTD Mandated',
 * which is what Individual Details (and the Self-Employment API) take for a signed-up customer with no status set for
 * the year. Null before sign-up.
 */
export function itsaStatusFor(state: EmulatorState, nino: string, taxYear: string): string | null {
  const set = latest(storedStatuses(state, nino)[taxYear] ?? []);
  if (set) return set.status;
  const signedUp = signUpTaxYear(state, nino);
  return signedUp !== null && taxYear < signedUp ? null : 'MTD Mandated';
}

export function inMtdFor(state: EmulatorState, nino: string, taxYear: string): boolean {
  return MTD_STATUSES.has(itsaStatusFor(state, nino, taxYear) ?? '');
}
