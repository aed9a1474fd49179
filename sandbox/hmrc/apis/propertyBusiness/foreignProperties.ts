// The foreign properties registered through Foreign Property Details (2026-27 onwards), each with its propertyId:
// the ids later foreign cumulative and annual submissions must use.
import { taxYearStart } from '../../../../domain/taxYear';
import { taxpayer, type EmulatorState } from '../../state';

export interface ForeignPropertyRecord {
  propertyId: string;
  businessId: string;
  propertyName: string;
  countryCode: string;
  /** The tax year the property was first reported for; it belongs to that year and the ones after. */
  fromTaxYear: string;
  endDate?: string;
  endReason?: string;
  /** When the details were last created or updated (ISO instant). */
  submittedOn: string;
}

const PART = 'foreignPropertyDetails';

/** The NINO's registered foreign properties by propertyId, created empty on first write. */
export function foreignProperties(state: EmulatorState, nino: string): Record<string, ForeignPropertyRecord> {
  const t = taxpayer(state, nino) as Record<string, unknown>;
  return (t[PART] ??= {}) as Record<string, ForeignPropertyRecord>;
}

export function findForeignProperty(state: EmulatorState, nino: string, propertyId: string): ForeignPropertyRecord | undefined {
  return (state.taxpayers[nino]?.[PART] as Record<string, ForeignPropertyRecord> | undefined)?.[propertyId];
}

/** A property belongs to a year from the one it was reported for until the year its end date falls in. */
export function inTaxYear(property: ForeignPropertyRecord, taxYear: string): boolean {
  return property.fromTaxYear <= taxYear && !(property.endDate !== undefined && property.endDate < taxYearStart(taxYear));
}

/** The business's properties that belong to the tax year, in the order they were registered. */
export function propertiesInYear(state: EmulatorState, nino: string, businessId: string, taxYear: string): ForeignPropertyRecord[] {
  const all = Object.values((state.taxpayers[nino]?.[PART] as Record<string, ForeignPropertyRecord> | undefined) ?? {});
  return all.filter((p) => p.businessId === businessId && inTaxYear(p, taxYear));
}
