// The practice's overrides of the category mapping, kept in category_mappings; every change leaves an audit event.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { CategoryMappingRow } from '../../db/schema';
import {
  CATEGORY_MAPPING,
  SELF_EMPLOYMENT_FIELDS,
  UK_PROPERTY_FIELDS,
  type CategoryMapping,
  type SelfEmploymentTarget,
  type UkPropertyTarget,
} from './categoryMapping';
import { applyOverrides } from './categoryMappingFromCategories';

/** Stored in a target column for a side left out on purpose; the row's excluded_reason says why. */
const EXCLUDED = 'excluded';

export interface CategoryMappingOverride extends CategoryMapping {
  basis: 'override';
  updatedAt: Date;
  updatedBy: string | null;
}

function target<T extends string>(stored: string | null, allowed: readonly T[], reason: string | null): T | { excluded: string } | null {
  if (stored === EXCLUDED && reason) return { excluded: reason };
  // A value the API would refuse (edited by hand in the database) counts as no mapping, so it is reported, never used.
  return allowed.includes(stored as T) ? (stored as T) : null;
}

function fromRow(row: CategoryMappingRow): CategoryMappingOverride {
  return {
    nominalCode: row.nominal_code,
    freeAgentName: row.free_agent_name,
    selfEmployment: target(row.self_employment_target, SELF_EMPLOYMENT_FIELDS, row.excluded_reason),
    ukProperty: target(row.uk_property_target, UK_PROPERTY_FIELDS, row.excluded_reason),
    basis: 'override',
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toColumn(value: SelfEmploymentTarget | UkPropertyTarget | null): string | null {
  return value !== null && typeof value === 'object' ? EXCLUDED : value;
}

function excludedReason(row: Pick<CategoryMapping, 'selfEmployment' | 'ukProperty'>): string | null {
  for (const side of [row.selfEmployment, row.ukProperty]) if (side !== null && typeof side === 'object') return side.excluded;
  return null;
}

export async function listCategoryMappingOverrides(db: Db): Promise<CategoryMappingOverride[]> {
  const rows = await db.selectFrom('category_mappings').selectAll().orderBy('nominal_code').execute();
  return rows.map(fromRow);
}

/**
 * The table activities convert with: CATEGORY_MAPPING with the practice's overrides in place (basis says which is which).
 * Plain rows, no dates, so they cross into workflow history unchanged. Complete it per client with completeCategoryMapping.
 */
export async function loadCategoryMapping(db: Db): Promise<CategoryMapping[]> {
  return applyOverrides(CATEGORY_MAPPING, (await listCategoryMappingOverrides(db)).map(plain));
}

export interface OverrideInput {
  nominalCode: string;
  freeAgentName: string;
  selfEmployment: SelfEmploymentTarget | null;
  ukProperty: UkPropertyTarget | null;
}

/**
 * Writes the override and its audit event in one transaction. Both excluded sides share one reason (one column): the
 * API refuses two different ones before this is called.
 */
export async function saveCategoryMappingOverride(db: Db, input: OverrideInput, actor: string | null): Promise<CategoryMappingOverride> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('category_mappings').selectAll().where('nominal_code', '=', input.nominalCode).forUpdate().executeTakeFirst();
    const values = {
      free_agent_name: input.freeAgentName,
      self_employment_target: toColumn(input.selfEmployment),
      uk_property_target: toColumn(input.ukProperty),
      excluded_reason: excludedReason(input),
      updated_at: sql<Date>`now()`,
      updated_by: actor,
    };
    const saved = await trx
      .insertInto('category_mappings')
      .values({ nominal_code: input.nominalCode, ...values })
      .onConflict((oc) => oc.column('nominal_code').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('audit_events')
      .values({
        actor: actor ?? 'api',
        action: before ? 'category-mapping.override.update' : 'category-mapping.override.create',
        entity_type: 'category_mapping',
        entity_id: input.nominalCode,
        before: before ? JSON.stringify(plain(fromRow(before))) : null,
        after: JSON.stringify(plain(fromRow(saved))),
      })
      .execute();
    return fromRow(saved);
  });
}

/** Removes the override (the table's row, if any, applies again); null when there was none. */
export async function deleteCategoryMappingOverride(db: Db, nominalCode: string, actor: string | null): Promise<CategoryMappingOverride | null> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('category_mappings').where('nominal_code', '=', nominalCode).returningAll().executeTakeFirst();
    if (!removed) return null;
    await trx
      .insertInto('audit_events')
      .values({
        actor: actor ?? 'api',
        action: 'category-mapping.override.delete',
        entity_type: 'category_mapping',
        entity_id: nominalCode,
        before: JSON.stringify(plain(fromRow(removed))),
        after: null,
      })
      .execute();
    return fromRow(removed);
  });
}

/** The row without when and by whom (kept in the table's own columns and the audit event's actor). */
function plain(row: CategoryMapping): CategoryMapping {
  return { nominalCode: row.nominalCode, freeAgentName: row.freeAgentName, selfEmployment: row.selfEmployment, ukProperty: row.ukProperty };
}
