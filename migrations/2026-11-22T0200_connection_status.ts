// Integration connections say whether they work: a grant that HMRC or FreeAgent refused needs the practice to reconnect.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('integration_credentials')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('connected').check(sql`status in ('connected', 'reconnect-needed')`))
    .addColumn('status_reason', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('integration_credentials').dropColumn('status_reason').dropColumn('status').execute();
}
