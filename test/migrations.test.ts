// Every migration goes down as cleanly as it goes up, on a database of its own.
import { readdir } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../db/connect';
import { migrateAllDown, migrateToLatest } from '../db/migrate';
import { migrations } from '../migrations';
import { createScratchDatabase } from './helpers/database';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
beforeAll(async () => {
  scratch = await createScratchDatabase(inject('adminDatabaseUrl'), 'migrations');
  db = createDb(scratch.url, { max: 2 });
});
afterAll(async () => {
  await db?.destroy();
  await scratch?.drop();
});

async function schemaObjects(): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select 'table ' || table_name as name from information_schema.tables where table_schema = 'public'
    union all select 'function ' || routine_name from information_schema.routines where routine_schema = 'public'
    union all select 'sequence ' || sequence_name from information_schema.sequences where sequence_schema = 'public'
    union all select 'index ' || indexname from pg_indexes where schemaname = 'public'
    order by 1`.execute(db);
  return result.rows.map((r) => r.name).filter((name) => !name.includes('kysely_migration'));
}

describe('migrations', () => {
  it('lists every file in migrations/ in the index, in order', async () => {
    const files = (await readdir(new URL('../migrations/', import.meta.url))).filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(migrations)).toEqual(files.sort());
  });

  it('go up, down to nothing, and up again', async () => {
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    const up = await schemaObjects();
    for (const table of ['clients', 'businesses', 'tax_years', 'steps', 'audit_events', 'integration_credentials', 'category_mappings']) expect(up).toContain(`table ${table}`);

    expect(await migrateAllDown(db)).toEqual(Object.keys(migrations).reverse());
    expect(await schemaObjects()).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await schemaObjects()).toEqual(up);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('keep audit events append-only, whoever asks', async () => {
    await migrateToLatest(db);
    await db.insertInto('audit_events').values({ actor: 'test', action: 'client.create', entity_type: 'client', entity_id: 'x', before: null, after: JSON.stringify({ name: 'A' }) }).execute();
    await expect(sql`update audit_events set actor = 'someone else'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    const rows = await db.selectFrom('audit_events').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after).toEqual({ name: 'A' });
  });

  it('enforce the rules the application relies on', async () => {
    await migrateToLatest(db);
    await expect(db.insertInto('clients').values({ name: 'X', nino: null, utr: '123', updated_at: new Date() }).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('clients').values({ name: 'X', nino: null, utr: null, agent_type: 'boss' as never, updated_at: new Date() }).execute()).rejects.toThrow(/check constraint/);
    const client = await db.insertInto('clients').values({ name: 'Y', nino: 'AA000001A', utr: null, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('tax_years').values({ client_id: client.id, tax_year: '2026-27', workflow_id: 'w1', stage: 'starting', updated_at: new Date() }).execute();
    await expect(db.insertInto('tax_years').values({ client_id: client.id, tax_year: '2026-27', workflow_id: 'w2', stage: 'starting', updated_at: new Date() }).execute()).rejects.toThrow(/duplicate key/);
    await expect(db.insertInto('tax_years').values({ client_id: client.id, tax_year: '2026', workflow_id: 'w3', stage: 'starting', updated_at: new Date() }).execute()).rejects.toThrow(/check constraint/);
  });

  it('keep category mapping overrides to profit and loss codes, with a reason for every exclusion', async () => {
    await migrateToLatest(db);
    const row = { free_agent_name: 'Computer Software', self_employment_target: 'periodExpenses.adminCosts', uk_property_target: null, excluded_reason: null, updated_by: null, updated_at: new Date() };
    await db.insertInto('category_mappings').values({ nominal_code: '363', ...row }).execute();
    await db.insertInto('category_mappings').values({ nominal_code: '285-1', ...row, uk_property_target: 'excluded', excluded_reason: 'Personal' }).execute();
    await expect(db.insertInto('category_mappings').values({ nominal_code: '750', ...row }).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('category_mappings').values({ nominal_code: '36', ...row }).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('category_mappings').values({ nominal_code: '364', ...row, self_employment_target: 'excluded' }).execute()).rejects.toThrow(/check constraint/);
    await expect(db.insertInto('category_mappings').values({ nominal_code: '365', ...row, free_agent_name: ' ' }).execute()).rejects.toThrow(/check constraint/);
  });
});
