// The practice's overrides of the FreeAgent category mapping: one row per profit-and-loss nominal code it has changed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('category_mappings')
    // Profit and loss only (001 to 599, sub-accounts such as 285-1): 600 and above are the balance sheet.
    .addColumn('nominal_code', 'text', (c) => c.primaryKey().check(sql`nominal_code ~ '^[0-5][0-9]{2}(-[0-9]+)?$'`))
    .addColumn('free_agent_name', 'text', (c) => c.notNull().check(sql`length(trim(free_agent_name)) between 1 and 200`))
    .addColumn('self_employment_target', 'text')
    .addColumn('uk_property_target', 'text')
    .addColumn('excluded_reason', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text')
    // A side marked 'excluded' must say why: staff see the reason beside the amount left out.
    .addCheckConstraint(
      'category_mappings_excluded_has_reason',
      sql`length(trim(coalesce(excluded_reason, ''))) > 0 or 'excluded' not in (coalesce(self_employment_target, ''), coalesce(uk_property_target, ''))`,
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('category_mappings').execute();
}
