// Charges derived from final declarations: the balancing charge of a declared year and the payments on account it sets
// for the next year (HMRC README §6.2). Derived on every read, never stored, so an amended declaration (confirm-amendment)
// or a declaration made through Individual Calculations is always reflected, with no second copy to fall out of step.
import { paymentDates } from '../../../../domain/calendar';
import type { Pence } from '../../../../domain/money';
import { taxYearFromStartYear, taxYearStartYear, type IsoDate } from '../../../../domain/taxYear';
import type { EmulatorState } from '../../state';
import type { StoredCalculation } from '../individualCalculations/store';
import type { FinalDeclaration } from '../../taxpayerData';
import { chargeReferenceFor, documentIdFor } from './identifiers';

export type ChargeType = 'BCD' | 'POA1' | 'POA2';

/** How each charge reads in HMRC's documents; descriptions from HMRC's enum, chargeType codes from ETMP's main transactions. */
export const CHARGE_KINDS: Record<ChargeType, { description: 'ITSA- Bal Charge' | 'ITSA- POA 1' | 'ITSA - POA 2'; chargeType: string; chargeTypeDescription: string; documentTypeDescription: string; order: number }> = {
  BCD: { description: 'ITSA- Bal Charge', chargeType: '4910', chargeTypeDescription: 'ITSABalancingCharge', documentTypeDescription: 'ITSA Balancing Charge', order: 0 },
  POA1: { description: 'ITSA- POA 1', chargeType: '4920', chargeTypeDescription: 'ITSAPOA1', documentTypeDescription: 'ITSA Payment on Account 1', order: 1 },
  POA2: { description: 'ITSA - POA 2', chargeType: '4930', chargeTypeDescription: 'ITSAPOA2', documentTypeDescription: 'ITSA Payment on Account 2', order: 2 },
};

/** No payments on account when the previous year's bill was under £1,000 (taxpayers here have no tax deducted at source). */
export const POA_THRESHOLD: Pence = 100_000;

export interface ChargeVersion {
  amount: Pence;
  /** When this amount took effect (the declaration or amendment that set it). */
  at: string;
}

export interface Charge {
  type: ChargeType;
  /** The tax year the charge is for (a payment on account is for the year after the declared one). */
  taxYear: string;
  documentId: string;
  chargeReference: string;
  amount: Pence;
  raisedOn: IsoDate;
  dueDate: IsoDate;
  /** Payments on account: the previous year's liability they are half of. */
  relevantAmount?: Pence;
  /** Every amount the charge has had, oldest first (charge history). */
  versions: ChargeVersion[];
}

/** A declared liability below the payments on account already charged: the excess is a credit on the account. */
export interface ReturnCredit {
  taxYear: string;
  documentId: string;
  amount: Pence;
  raisedOn: IsoDate;
}

interface DeclarationVersion {
  at: string;
  liability: Pence;
}

function shiftYear(taxYear: string, by: number): string {
  return taxYearFromStartYear(taxYearStartYear(taxYear) + by);
}

function poaAmount(liability: Pence): Pence {
  // Each payment on account is half the liability, rounded down to the penny; the balancing charge takes the odd penny.
  return liability >= POA_THRESHOLD ? Math.floor(liability / 2) : 0;
}

/**
 * Every declared liability of each tax year, oldest first: the final declaration and any confirmed amendments, read
 * from the calculations Individual Calculations keeps (the declaration names the latest one).
 */
function declarationVersions(state: EmulatorState, nino: string, today: IsoDate): Map<string, DeclarationVersion[]> {
  const record = state.taxpayers[nino] as Record<string, unknown> | undefined;
  const declarations = (record?.finalDeclarations ?? {}) as Record<string, FinalDeclaration>;
  const calculations = (record?.calculations ?? {}) as Record<string, StoredCalculation>;
  const byYear = new Map<string, DeclarationVersion[]>();
  for (const [taxYear, declaration] of Object.entries(declarations)) {
    const versions: DeclarationVersion[] = [];
    for (const calc of Object.values(calculations)) {
      if (calc.taxYear !== taxYear || !calc.result) continue;
      const at = calc.calculationType === 'declare-finalisation' ? calc.finalisationTimestamp : calc.calculationType === 'confirm-amendment' ? calc.confirmationTimestamp : undefined;
      if (at && calc.calculationId !== declaration.calculationId) versions.push({ at, liability: calc.result.incomeTaxAndNicsDue });
    }
    const latest = calculations[declaration.calculationId]?.result;
    if (latest) versions.push({ at: declaration.submittedOn, liability: latest.incomeTaxAndNicsDue });
    const visible = versions.filter((v) => v.at.slice(0, 10) <= today && v.at <= declaration.submittedOn).sort((a, b) => a.at.localeCompare(b.at));
    if (visible.length > 0) byYear.set(taxYear, visible);
  }
  return byYear;
}

function liabilityAt(versions: DeclarationVersion[] | undefined, at: string): Pence | undefined {
  return versions?.filter((v) => v.at <= at).pop()?.liability;
}

/** Keeps only the versions where the amount changed. */
function changes(versions: ChargeVersion[]): ChargeVersion[] {
  return versions.filter((v, i) => i === 0 || v.amount !== versions[i - 1]!.amount);
}

/** The taxpayer's charges and return credits as HMRC holds them on `today`. */
export function chargesOf(state: EmulatorState, nino: string, today: IsoDate): { charges: Charge[]; credits: ReturnCredit[] } {
  const byYear = declarationVersions(state, nino, today);
  const charges: Charge[] = [];
  const credits: ReturnCredit[] = [];
  const make = (type: ChargeType, taxYear: string, dueDate: IsoDate, versions: ChargeVersion[], relevantAmount?: Pence): Charge => ({
    type,
    taxYear,
    documentId: documentIdFor(nino, taxYear, type),
    chargeReference: chargeReferenceFor(nino, taxYear, type),
    amount: Math.max(versions[versions.length - 1]!.amount, 0),
    raisedOn: versions[0]!.at.slice(0, 10),
    dueDate,
    ...(relevantAmount !== undefined ? { relevantAmount } : {}),
    versions,
  });

  for (const [taxYear, versions] of byYear) {
    const next = shiftYear(taxYear, 1);
    const poaVersions = changes(versions.map((v) => ({ at: v.at, amount: poaAmount(v.liability) })));
    const firstPositive = poaVersions.findIndex((v) => v.amount > 0);
    if (firstPositive >= 0) {
      const relevant = versions[versions.length - 1]!.liability;
      const dates = paymentDates(next);
      charges.push(make('POA1', next, dates.firstPaymentOnAccount, poaVersions.slice(firstPositive), relevant));
      charges.push(make('POA2', next, dates.secondPaymentOnAccount, poaVersions.slice(firstPositive), relevant));
    }

    // The balancing charge changes when this year's liability changes or when an amendment of the previous year
    // changes the payments on account already charged for this one.
    const previous = byYear.get(shiftYear(taxYear, -1));
    const first = versions[0]!.at;
    const moments = [...new Set([...versions.map((v) => v.at), ...(previous ?? []).map((v) => v.at).filter((at) => at > first)])].sort();
    const bcdVersions = changes(
      moments.map((at) => {
        const prior = liabilityAt(previous, at);
        return { at, amount: liabilityAt(versions, at)! - (prior === undefined ? 0 : 2 * poaAmount(prior)) };
      }),
    );
    const latest = bcdVersions[bcdVersions.length - 1]!.amount;
    const positiveFrom = bcdVersions.findIndex((v) => v.amount > 0);
    if (positiveFrom >= 0) charges.push(make('BCD', taxYear, paymentDates(taxYear).balancingPayment, bcdVersions.slice(positiveFrom)));
    if (latest < 0) {
      credits.push({ taxYear, documentId: documentIdFor(nino, taxYear, 'BCD-CREDIT'), amount: -latest, raisedOn: bcdVersions[bcdVersions.length - 1]!.at.slice(0, 10) });
    }
  }
  return { charges, credits };
}
