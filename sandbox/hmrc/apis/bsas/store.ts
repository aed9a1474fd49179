// The adjustable summaries HMRC holds for a taxpayer: what each was triggered on, its adjustments, and its status.
import type { Pence } from '../../../../domain/money';
import { taxpayer, type EmulatorState } from '../../state';
import { findSourceYear } from '../../taxpayerData';

/** typeOfBusiness as BSAS names it; the FHL types exist for accounting periods up to 2024-25 only. */
export type BsasTypeOfBusiness = 'self-employment' | 'uk-property' | 'uk-property-fhl' | 'foreign-property' | 'foreign-property-fhl-eea';

/** Which retrieve/adjust endpoints a summary belongs to. */
export type BsasKind = 'self-employment' | 'uk-property' | 'foreign-property';

export type SummaryStatus = 'valid' | 'superseded' | 'invalid';

/** Amounts keyed by HMRC's BSAS field names (turnover, costOfGoods, totalRentsReceived ...), in pence. */
export type Amounts = Record<string, Pence>;

/** The figures of a business, or of one country or property of a foreign property business. */
export interface Figures {
  income: Amounts;
  expenses: Amounts;
  additions: Amounts;
  deductions: Amounts;
  /** Self-employment only: basis, overlap, accounting and averaging adjustments from the annual submission. */
  accountingAdjustments: Amounts;
  /** Self-employment only. */
  outstandingBusinessIncome?: Pence;
}

/** A country (2025-26 and before) or a property (2026-27 on) of a foreign property business. */
export interface UnitFigures extends Figures {
  key: string;
}

export interface Units {
  kind: 'country' | 'property';
  list: UnitFigures[];
}

export interface SubmissionPeriod {
  submissionId?: string;
  periodId?: string;
  startDate: string;
  endDate: string;
  receivedDateTime: string;
}

/** Accounting adjustments as deltas, in pence, with the same field names as the figures they change. */
export interface Deltas {
  income: Amounts;
  expenses: Amounts;
  additions: Amounts;
}

export interface StoredAdjustment {
  adjustedDateTime: string;
  zeroAdjustments: boolean;
  /** The whole business: for a foreign property business, the sum over its countries or properties. */
  total: Deltas;
  units?: { kind: 'country' | 'property'; list: (Deltas & { key: string })[] };
}

export interface StoredSummary {
  calculationId: string;
  /** Order of triggering within this emulator: a later trigger for the same source supersedes this one. */
  seq: number;
  businessId: string;
  typeOfBusiness: BsasTypeOfBusiness;
  taxYear: string;
  accountingPeriod: { startDate: string; endDate: string };
  requestedDateTime: string;
  /** The source-year's lastChangedOn when triggered: any later quarterly or annual submission makes the summary invalid. */
  dataVersion: string | null;
  businessName?: string;
  submissionPeriods: SubmissionPeriod[];
  figures: Figures;
  units?: Units;
  adjustment?: StoredAdjustment;
}

export function kindOf(type: BsasTypeOfBusiness): BsasKind {
  if (type === 'self-employment') return 'self-employment';
  return type.startsWith('uk-') ? 'uk-property' : 'foreign-property';
}

/** The taxpayer's summaries by calculationId (kept in the taxpayer record, so checkpoints and resets include them). */
export function summariesOf(state: EmulatorState, nino: string): Record<string, StoredSummary> {
  const record = taxpayer(state, nino) as Record<string, unknown>;
  return (record.bsas ??= {}) as Record<string, StoredSummary>;
}

/** Reads without creating the taxpayer record. */
export function findSummaries(state: EmulatorState, nino: string): StoredSummary[] {
  return Object.values((state.taxpayers[nino]?.bsas as Record<string, StoredSummary> | undefined) ?? {});
}

function sameSource(a: StoredSummary, b: StoredSummary): boolean {
  return a.businessId === b.businessId && a.taxYear === b.taxYear && a.typeOfBusiness === b.typeOfBusiness;
}

/**
 * HMRC README §3.5: superseded once a newer summary exists for the same business and year; invalid once a quarterly or
 * annual submission changed the data it was built on; else valid. Superseded wins, as that is the newer summary's doing.
 */
export function statusOf(state: EmulatorState, nino: string, summary: StoredSummary): SummaryStatus {
  if (findSummaries(state, nino).some((other) => sameSource(other, summary) && other.seq > summary.seq)) return 'superseded';
  const current = findSourceYear(state, nino, summary.businessId, summary.taxYear)?.lastChangedOn ?? null;
  return current === summary.dataVersion ? 'valid' : 'invalid';
}
