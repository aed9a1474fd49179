// Read-side view of a customer's businesses and their per-year settings, shared by Business Details and Obligations.
import type { QuarterlyPeriodType } from '../../../../domain/calendar';
import { findBusinessYearSettings, type BusinessYearSettings } from '../../taxpayerData';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';

/** The customer's businesses, without creating a taxpayer record on a read (taxpayerData's helpers create one). */
export function storedBusinesses(state: EmulatorState, nino: string): BusinessRecord[] {
  return Object.values((state.taxpayers[nino]?.businesses ?? {}) as Record<string, BusinessRecord>);
}

export function storedBusiness(state: EmulatorState, nino: string, businessId: string): BusinessRecord | undefined {
  return (state.taxpayers[nino]?.businesses as Record<string, BusinessRecord> | undefined)?.[businessId];
}

/** Every tax year with settings for this business, oldest first: the settings roll forward from year to year. */
function settingsByYear(state: EmulatorState, nino: string, businessId: string): [taxYear: string, settings: BusinessYearSettings][] {
  const all = (state.taxpayers[nino]?.businessSettings ?? {}) as Record<string, BusinessYearSettings>;
  return Object.keys(all)
    .filter((key) => key.startsWith(`${businessId}|`))
    .map((key) => key.slice(businessId.length + 1))
    .sort()
    .map((taxYear) => [taxYear, findBusinessYearSettings(state, nino, businessId, taxYear)!]);
}

/**
 * The elections of quarterly period type, by the tax year they were made for: those made through Business Details,
 * and the one the business was created with (Test Support's quarterlyTypeChoice) where no later call replaced it.
 */
function quarterlyElections(state: EmulatorState, nino: string, business: BusinessRecord): [string, QuarterlyPeriodType][] {
  const elections = new Map<string, QuarterlyPeriodType>();
  const created = business.quarterlyTypeChoice;
  if (created) elections.set(created.taxYearOfChoice, created.quarterlyPeriodType);
  for (const [taxYear, settings] of settingsByYear(state, nino, business.businessId)) {
    if (settings.quarterlyPeriodType) elections.set(taxYear, settings.quarterlyPeriodType);
  }
  return [...elections.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The latest election, as Retrieve Business Details reports it in quarterlyTypeChoice. */
export function latestQuarterlyElection(state: EmulatorState, nino: string, business: BusinessRecord): { quarterlyPeriodType: QuarterlyPeriodType; taxYearOfChoice: string } | undefined {
  const last = quarterlyElections(state, nino, business).at(-1);
  return last ? { quarterlyPeriodType: last[1], taxYearOfChoice: last[0] } : undefined;
}

/** The quarterly period type in force for a tax year: an election rolls forward until changed (HMRC README §6.1). */
export function quarterlyPeriodTypeFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): QuarterlyPeriodType {
  const inForce = quarterlyElections(state, nino, business).filter(([year]) => year <= taxYear).at(-1);
  return inForce?.[1] ?? 'standard';
}

/** Accounting type for a tax year: set through Business Details (rolling forward), else as created; cash basis is the default since 2024-25. */
export function accountingTypeFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): 'CASH' | 'ACCRUAL' {
  const set = settingsByYear(state, nino, business.businessId).filter(([year, s]) => year <= taxYear && s.accountingType).at(-1);
  if (set) return set[1].accountingType!;
  // Test Support spells it ACCRUALS; Business Details says ACCRUAL.
  return business.accountingType === 'ACCRUALS' ? 'ACCRUAL' : 'CASH';
}

/** The late accounting date rule records of a business, oldest first (see lateAccountingDateRule.ts for their meaning). */
export function ladrRecords(state: EmulatorState, nino: string, businessId: string): [string, NonNullable<BusinessYearSettings['lateAccountingDateRule']>][] {
  return settingsByYear(state, nino, businessId).flatMap(([taxYear, s]) => (s.lateAccountingDateRule ? [[taxYear, s.lateAccountingDateRule] as [string, typeof s.lateAccountingDateRule]] : []));
}
