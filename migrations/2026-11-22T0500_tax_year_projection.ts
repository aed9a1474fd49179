// What the tax-year workflow projects for the console (a step's milestone, next action and details; a year's agent
// type, ITSA status, payments and penalty points) and what it needs to know about a client and the practice.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('practice')
    // One row: the practice running this engine.
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.check(sql`arn ~ '^[A-Z]ARN[0-9]{7}$'`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('clients')
    .addColumn('postcode', 'text')
    .addColumn('freeagent_subdomain', 'text')
    .addColumn('freeagent_user_id', 'text')
    .addColumn('approve_automatically', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .alterTable('tax_years')
    .addColumn('agent_type', 'text')
    .addColumn('itsa_status', 'text')
    .addColumn('payments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('penalty_points', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();

  await db.schema
    .alterTable('steps')
    .addColumn('milestone', 'text')
    .addColumn('title', 'text')
    .addColumn('next_action', 'text')
    .addColumn('opens_on', 'date')
    .addColumn('hmrc_business_id', 'text')
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  // The workflow names each audit entry, so a projection retried after a lost answer does not record it twice.
  await db.schema.alterTable('audit_events').addColumn('event_key', 'text').execute();
  await db.schema.createIndex('audit_events_event_key_key').on('audit_events').column('event_key').unique().execute();
  await db.schema.createIndex('steps_milestone_status_idx').on('steps').columns(['milestone', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('steps_milestone_status_idx').execute();
  await db.schema.dropIndex('audit_events_event_key_key').execute();
  await db.schema.alterTable('audit_events').dropColumn('event_key').execute();
  await db.schema.alterTable('steps').dropColumn('milestone').dropColumn('title').dropColumn('next_action').dropColumn('opens_on').dropColumn('hmrc_business_id').dropColumn('detail').execute();
  await db.schema.alterTable('tax_years').dropColumn('agent_type').dropColumn('itsa_status').dropColumn('payments').dropColumn('penalty_points').execute();
  await db.schema.alterTable('clients').dropColumn('postcode').dropColumn('freeagent_subdomain').dropColumn('freeagent_user_id').dropColumn('approve_automatically').execute();
  await db.schema.dropTable('practice').execute();
}
