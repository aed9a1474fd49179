// Everything the emulator remembers, as one plain serialisable object, so it can be kept in memory or in a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Application {
  clientId: string;
  clientSecrets: string[];
  redirectUris: string[];
  name: string;
}

export interface IndividualDetails {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  address: { line1: string; line2: string; postcode: string };
}

export interface TestIndividual {
  kind: 'individual';
  userId: string;
  password: string;
  userFullName: string;
  emailAddress: string;
  serviceNames: string[];
  individualDetails: IndividualDetails;
  nino?: string;
  saUtr?: string;
  mtdItId?: string;
}

export interface TestAgent {
  kind: 'agent';
  userId: string;
  password: string;
  userFullName: string;
  emailAddress: string;
  serviceNames: string[];
  agentServicesAccountNumber: string;
}

export type TestUser = TestIndividual | TestAgent;

export interface AuthorizationCode {
  code: string;
  clientId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: string;
}

export interface Grant {
  grantId: string;
  clientId: string;
  /** null for an application (client-credentials) token. */
  userId: string | null;
  scopes: string[];
  expiresAt: string;
  /** The live refresh token of the grant; refreshing replaces it (single use). */
  refreshToken: string | null;
  /** The live access token of the grant; refreshing invalidates the previous one. */
  accessToken: string;
  accessTokenExpiresAt: string;
}

export interface Relationship {
  arn: string;
  nino: string;
  agentType: 'main' | 'supporting';
  since: string;
}

export type InvitationStatus = 'Pending' | 'Accepted' | 'Rejected' | 'Cancelled' | 'Deauthorised' | 'Expired' | 'Partialauth';

export interface Invitation {
  invitationId: string;
  arn: string;
  service: string;
  clientType: string;
  clientIdType: string;
  clientId: string;
  knownFact: string;
  agentType: 'main' | 'supporting';
  status: InvitationStatus;
  created: string;
  updated?: string;
  expiresOn: string;
}

export interface LedgerEntry {
  seq: number;
  at: string;
  /** The emulator's clock when the write was accepted (may differ from `at` when the clock is set). */
  emulatorTime: string;
  api: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  correlationId: string;
  clientId: string | null;
  nino?: string;
  taxYear?: string;
  businessId?: string;
}

export interface FraudVerdictRecord {
  at: string;
  correlationId: string;
  method: string;
  path: string;
  api: string;
  clientId: string | null;
  connectionMethod: string | null;
  code: string;
  errors: { code: string; message: string; headers: string[] }[];
  warnings: { code: string; message: string; headers: string[] }[];
}

/** What HMRC holds per taxpayer (NINO). APIs add their own parts as they are built. */
export interface Taxpayer {
  nino: string;
  /** ITSA status history by tax year (Self Assessment Individual Details / Test Support). */
  itsaStatuses: Record<string, unknown[]>;
  businesses: Record<string, unknown>;
  [part: string]: unknown;
}

export interface EmulatorState {
  version: 1;
  applications: Record<string, Application>;
  users: Record<string, TestUser>;
  codes: Record<string, AuthorizationCode>;
  grants: Record<string, Grant>;
  relationships: Relationship[];
  invitations: Record<string, Invitation>;
  taxpayers: Record<string, Taxpayer>;
  ledger: LedgerEntry[];
  fraudVerdicts: FraudVerdictRecord[];
  counters: Record<string, number>;
}

export function emptyState(): EmulatorState {
  return {
    version: 1,
    applications: {},
    users: {},
    codes: {},
    grants: {},
    relationships: [],
    invitations: {},
    taxpayers: {},
    ledger: [],
    fraudVerdicts: [],
    counters: {},
  };
}

/** Next value of a named counter (used for identifiers that must be unique within this emulator). */
export function nextCounter(state: EmulatorState, name: string): number {
  state.counters[name] = (state.counters[name] ?? 0) + 1;
  return state.counters[name];
}

export function taxpayer(state: EmulatorState, nino: string): Taxpayer {
  return (state.taxpayers[nino] ??= { nino, itsaStatuses: {}, businesses: {} });
}

/** Writes the state atomically (temp file, then rename), so a crash never leaves half a file. */
export async function saveState(path: string, state: EmulatorState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state), { mode: 0o600 });
  await rename(temp, path);
}

export async function loadState(path: string): Promise<EmulatorState | null> {
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as EmulatorState;
    if (state.version !== 1) throw new Error(`${path}: unknown emulator state version ${String(state.version)}`);
    return state;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
