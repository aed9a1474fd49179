// What HMRC holds for a taxpayer across the year, shared by the APIs that write it and the ones that read it
// (Obligations reads submissions, BSAS reads periods and annual data, Calculations reads everything).
import type { Pence } from '../../domain/money';
import type { BusinessRecord } from './apis/testSupport';
import { taxpayer, type EmulatorState, type Taxpayer } from './state';

/** A body HMRC accepted, kept as received (HMRC's JSON, decimals and all), with when it arrived. */
export interface StoredSubmission<T = Record<string, unknown>> {
  body: T;
  /** The emulator clock's instant when HMRC accepted it (ISO). */
  submittedOn: string;
}

/** A cumulative (year-to-date) period summary, 2025-26 onwards: SE, UK property or foreign property. */
export interface CumulativeSubmission extends StoredSubmission {
  /** Absent for an Annual ITSA status or a latent business, which send no period dates. */
  periodStartDate?: string;
  periodEndDate?: string;
}

/** A non-cumulative period, 2024-25 and before (SE periodId or property submissionId). */
export interface PeriodSubmission extends StoredSubmission {
  id: string;
  fromDate: string;
  toDate: string;
}

/** Everything submitted for one income source in one tax year. */
export interface SourceYear {
  businessId: string;
  taxYear: string;
  /** The latest cumulative summary: each one replaces the one before (HMRC keeps only the latest totals). */
  cumulative?: CumulativeSubmission;
  /** Every cumulative summary accepted, oldest first: what fulfilled which obligation, and when. */
  cumulativeHistory: CumulativeSubmission[];
  periods: PeriodSubmission[];
  annual?: StoredSubmission;
  /** When anything for this source and year was last written (BSAS and calculations compare against it). */
  lastChangedOn?: string;
}

/** Per business and tax year settings from Business Details (accounting type, periods of account, LADR, quarter type). */
export interface BusinessYearSettings {
  accountingType?: 'CASH' | 'ACCRUAL';
  periodsOfAccount?: { submittedOn: string; periodsOfAccount: boolean; periodsOfAccountDates?: { startDate: string; endDate: string }[] };
  lateAccountingDateRule?: { disapply: boolean; taxYearOfElection?: string };
  quarterlyPeriodType?: 'standard' | 'calendar';
}

/** The figures of one source for a tax year, in pence, as the calculation needs them. */
export interface SourceFigures {
  businessId: string;
  typeOfBusiness: 'self-employment' | 'uk-property' | 'foreign-property';
  income: Pence;
  expenses: Pence;
  /** Signed year-end adjustments (annual submission adjustments, allowances as negative, BSAS adjustments). */
  adjustments: Pence;
  tradingAllowance?: Pence;
  propertyAllowance?: Pence;
  residentialFinanceCosts?: Pence;
}

export function sourceKey(businessId: string, taxYear: string): string {
  return `${businessId}|${taxYear}`;
}

function part<T>(t: Taxpayer, name: string, empty: () => T): T {
  return ((t as Record<string, unknown>)[name] ??= empty()) as T;
}

export function businessesOf(state: EmulatorState, nino: string): Record<string, BusinessRecord> {
  return taxpayer(state, nino).businesses as Record<string, BusinessRecord>;
}

/** The source-year record, created empty on first write. */
export function sourceYear(state: EmulatorState, nino: string, businessId: string, taxYear: string): SourceYear {
  const all = part<Record<string, SourceYear>>(taxpayer(state, nino), 'sources', () => ({}));
  return (all[sourceKey(businessId, taxYear)] ??= { businessId, taxYear, cumulativeHistory: [], periods: [] });
}

/** The source-year record if anything was ever written, without creating it (for reads). */
export function findSourceYear(state: EmulatorState, nino: string, businessId: string, taxYear: string): SourceYear | undefined {
  return (state.taxpayers[nino]?.sources as Record<string, SourceYear> | undefined)?.[sourceKey(businessId, taxYear)];
}

export function sourceYearsOf(state: EmulatorState, nino: string, taxYear?: string): SourceYear[] {
  const all = Object.values((state.taxpayers[nino]?.sources as Record<string, SourceYear> | undefined) ?? {});
  return taxYear ? all.filter((s) => s.taxYear === taxYear) : all;
}

export function businessYearSettings(state: EmulatorState, nino: string, businessId: string, taxYear: string): BusinessYearSettings {
  const all = part<Record<string, BusinessYearSettings>>(taxpayer(state, nino), 'businessSettings', () => ({}));
  return (all[sourceKey(businessId, taxYear)] ??= {});
}

export function findBusinessYearSettings(state: EmulatorState, nino: string, businessId: string, taxYear: string): BusinessYearSettings | undefined {
  return (state.taxpayers[nino]?.businessSettings as Record<string, BusinessYearSettings> | undefined)?.[sourceKey(businessId, taxYear)];
}

/** Every tax year with settings for this business, oldest first (settings roll forward from year to year), without creating any record. */
export function businessSettingsByYear(state: EmulatorState, nino: string, businessId: string): [taxYear: string, settings: BusinessYearSettings][] {
  const all = (state.taxpayers[nino]?.businessSettings ?? {}) as Record<string, BusinessYearSettings>;
  const prefix = sourceKey(businessId, '');
  return Object.keys(all)
    .filter((key) => key.startsWith(prefix))
    .sort()
    .map((key) => [key.slice(prefix.length), all[key]!]);
}

/** The final declaration of a tax year, once made (Individual Calculations writes it; Obligations reads it). */
export interface FinalDeclaration {
  taxYear: string;
  calculationId: string;
  submittedOn: string;
  calculationType: 'final-declaration' | 'confirm-amendment';
}

/** The year's final declaration, if made, without creating any record (for reads). */
export function findFinalDeclaration(state: EmulatorState, nino: string, taxYear: string): FinalDeclaration | undefined {
  return (state.taxpayers[nino]?.finalDeclarations as Record<string, FinalDeclaration> | undefined)?.[taxYear];
}

export function finalDeclarations(state: EmulatorState, nino: string): Record<string, FinalDeclaration> {
  return part<Record<string, FinalDeclaration>>(taxpayer(state, nino), 'finalDeclarations', () => ({}));
}

/**
 * Figure providers: each income-source API registers how to turn what it stored into the calculation's figures, so
 * Individual Calculations does not need to know HMRC's request shapes.
 */
export type FigureProvider = (state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string) => SourceFigures | null;

const figureProviders: FigureProvider[] = [];

export function registerFigureProvider(provider: FigureProvider): void {
  figureProviders.push(provider);
}

export function figuresFor(state: EmulatorState, nino: string, taxYear: string): SourceFigures[] {
  const result: SourceFigures[] = [];
  for (const business of Object.values(businessesOf(state, nino))) {
    for (const provider of figureProviders) {
      const figures = provider(state, nino, business, taxYear);
      if (figures) result.push(figures);
    }
  }
  return result;
}
