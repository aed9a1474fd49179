// What Individual Losses keeps per taxpayer: 6.0 brought-forward losses and loss claims, 7.0 losses-and-claims per business and year.
import { randomBytes } from 'node:crypto';
import type { Pence } from '../../../../domain/money';
import { taxpayer, type EmulatorState } from '../../state';

export const BROUGHT_FORWARD_LOSS_TYPES = ['self-employment', 'self-employment-class4', 'uk-property-fhl', 'uk-property', 'foreign-property-fhl-eea', 'foreign-property'] as const;
export const CLAIM_LOSS_TYPES = ['self-employment', 'uk-property', 'foreign-property'] as const;
export const CLAIM_TYPES = ['carry-forward', 'carry-sideways', 'carry-sideways-fhl', 'carry-forward-to-carry-sideways'] as const;

export type BroughtForwardLossType = (typeof BROUGHT_FORWARD_LOSS_TYPES)[number];
export type ClaimLossType = (typeof CLAIM_LOSS_TYPES)[number];
export type TypeOfClaim = (typeof CLAIM_TYPES)[number];

/** A 6.0 brought-forward loss. */
export interface BroughtForwardLoss {
  lossId: string;
  businessId: string;
  typeOfLoss: BroughtForwardLossType;
  lossAmount: Pence;
  taxYearBroughtForwardFrom: string;
  /** The tax year in the URL it was created under (…/brought-forward-from/{taxYear}). */
  taxYear: string;
  lastModified: string;
}

/** A 6.0 loss claim. */
export interface LossClaim {
  claimId: string;
  businessId: string;
  typeOfLoss: ClaimLossType;
  typeOfClaim: TypeOfClaim;
  taxYearClaimedFor: string;
  /** Only carry-sideways claims have one: their place (1, 2, …) in the year's order of use. */
  sequence?: number;
  lastModified: string;
}

/** 7.0's body in pence, as accepted (fields absent stay absent). */
export interface LossesAndClaimsAmounts {
  claims?: {
    carryBack?: { previousYearGeneralIncome?: Pence; earlyYearLosses?: Pence; terminalLosses?: Pence };
    carrySideways?: { currentYearGeneralIncome?: Pence };
    preferenceOrder?: { applyFirst?: 'carry-sideways' | 'carry-back' };
    carryForward?: { currentYearLosses?: Pence; previousYearsLosses?: Pence };
  };
  losses?: { broughtForwardLosses?: Pence };
}

/** A 7.0 losses-and-claims resource: one per business per tax year, replaced whole by each PUT. */
export interface LossesAndClaimsRecord {
  businessId: string;
  taxYear: string;
  submittedOn: string;
  amounts: LossesAndClaimsAmounts;
}

export interface LossesStore {
  broughtForward: Record<string, BroughtForwardLoss>;
  claims: Record<string, LossClaim>;
  /** Keyed by `${businessId}|${taxYear}`. */
  lossesAndClaims: Record<string, LossesAndClaimsRecord>;
  /** When anything affecting a tax year's calculation last changed (deletions included), by tax year. */
  changedOn: Record<string, string>;
}

/** The taxpayer's store, created empty on first write. */
export function lossesStore(state: EmulatorState, nino: string): LossesStore {
  const t = taxpayer(state, nino) as Record<string, unknown>;
  return (t.losses ??= { broughtForward: {}, claims: {}, lossesAndClaims: {}, changedOn: {} }) as LossesStore;
}

/** The taxpayer's store if anything was ever written, without creating it (for reads). */
export function findLossesStore(state: EmulatorState, nino: string): LossesStore | undefined {
  return state.taxpayers[nino]?.losses as LossesStore | undefined;
}

export function lossesAndClaimsKey(businessId: string, taxYear: string): string {
  return `${businessId}|${taxYear}`;
}

export function recordChange(store: LossesStore, taxYear: string, now: Date): void {
  store.changedOn[taxYear] = now.toISOString();
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** HMRC's lossId / claimId shape, ^[A-Za-z0-9]{15}$, unique within the store. */
export function newLossOrClaimId(store: LossesStore): string {
  for (;;) {
    const id = [...randomBytes(15)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
    if (!store.broughtForward[id] && !store.claims[id]) return id;
  }
}
