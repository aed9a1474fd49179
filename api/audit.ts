// The API's audit trail: every change made through it, with who made it, what it was, and the record before and after.
// audit_events is append-only (a trigger refuses updates and deletes).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface AuditEntry {
  /** The staff id, or 'engine' / 'automation' for the workflow's own changes. */
  actor: string;
  /** What happened, as resource.verb: 'client.created', 'staff.role-changed'. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

function toRow(entry: AuditEntry) {
  return {
    actor: entry.actor,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_events').values(toRow(entry)).execute();
}

/** Many entries at once (an import), in statements of 1,000 rows. */
export async function recordAudits(db: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) await db.insertInto('audit_events').values(entries.slice(i, i + 1000).map(toRow)).execute();
}
