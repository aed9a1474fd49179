// Read-side view of a customer's businesses and their per-year settings, shared by Business Details and Obligations.
import { businessSettingsByYear, type BusinessYearSettings } from '../../taxpayerData';
import type { EmulatorState } from '../../state';
import type { BusinessRecord } from '../testSupport';

/** The customer's businesses, without creating a taxpayer record on a read (taxpayerData's helpers create one). */
export function storedBusinesses(state: EmulatorState, nino: string): BusinessRecord[] {
  return Object.values((state.taxpayers[nino]?.businesses ?? {}) as Record<string, BusinessRecord>);
}

export function storedBusiness(state: EmulatorState, nino: string, businessId: string): BusinessRecord | undefined {
  return (state.taxpayers[nino]?.businesses as Record<string, BusinessRecord> | undefined)?.[businessId];
}

/** Accounting type for a tax year: set through Business Details (rolling forward), else as created; cash basis is the default since 2024-25. */
export function accountingTypeFor(state: EmulatorState, nino: string, business: BusinessRecord, taxYear: string): 'CASH' | 'ACCRUAL' {
  const set = businessSettingsByYear(state, nino, business.businessId).filter(([year, s]) => year <= taxYear && s.accountingType).at(-1);
  if (set) return set[1].accountingType!;
  // Test Support spells it ACCRUALS; Business Details says ACCRUAL.
  return business.accountingType === 'ACCRUALS' ? 'ACCRUAL' : 'CASH';
}

/** The late accounting date rule records of a business, oldest first (see lateAccountingDateRule.ts for their meaning). */
export function ladrRecords(state: EmulatorState, nino: string, businessId: string): [string, NonNullable<BusinessYearSettings['lateAccountingDateRule']>][] {
  return businessSettingsByYear(state, nino, businessId).flatMap(([taxYear, s]) => (s.lateAccountingDateRule ? [[taxYear, s.lateAccountingDateRule] as [string, typeof s.lateAccountingDateRule]] : []));
}
