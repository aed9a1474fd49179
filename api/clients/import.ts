// The CSV import: every row checked by the same rules as POST /api/clients, plus what only the whole file and the
// practice's records can tell (a NINO twice in the file, a NINO already a client, an assignee's email), then all the
// clients added in one transaction, each with its audit event, or none.
import { randomUUID } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect';
import type { Client } from '../../db/schema';
import { recordAudit, recordAudits } from '../audit';
import type { FieldProblem } from '../errors';
import type { CsvRow, ImportColumn } from './csv';
import { clientFields, toClientJson, type ImportRowSchema, type NewClientInput } from './schemas';
import { clientExists, toClientRow, violates } from './store';

export type ImportRow = z.infer<typeof ImportRowSchema>;
type ImportedClient = ImportRow['client'];

const EMAIL = /^[^\s@\p{Cc}]{1,200}@[^\s@\p{Cc}]{1,200}$/u;
const YES_NO: Record<string, boolean> = { true: true, false: false, yes: true, no: false, y: true, n: false, '1': true, '0': false };

/** Checks one cell by its field's rule: the normalised value, or the cell as given and a problem. */
function cell<T>(schema: z.ZodType<T>, field: ImportColumn, value: unknown, errors: FieldProblem[]): T | string | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push({ field, rule: result.error.issues[0]?.message ?? 'is not valid' });
  return typeof value === 'string' ? value : null;
}

function checkRow(row: CsvRow): { client: ImportedClient; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const { cells } = row;
  const approve = cells.approveAutomatically;
  const approveValue = approve === undefined ? false : YES_NO[approve.toLowerCase()];
  if (approveValue === undefined) errors.push({ field: 'approveAutomatically', rule: 'expected true or false (also yes/no, y/n, 1/0), or blank for false' });
  const client: ImportedClient = {
    name: cell(clientFields.name, 'name', cells.name, errors),
    nino: cell(clientFields.nino, 'nino', cells.nino ?? null, errors),
    utr: cell(clientFields.utr, 'utr', cells.utr ?? null, errors),
    agentType: cell(clientFields.agentType, 'agentType', cells.agentType?.toLowerCase() ?? 'main', errors),
    postcode: cell(clientFields.postcode, 'postcode', cells.postcode ?? null, errors),
    freeagentSubdomain: cell(clientFields.freeagentSubdomain, 'freeagentSubdomain', cells.freeagentSubdomain ?? null, errors),
    freeagentUserId: cell(clientFields.freeagentUserId, 'freeagentUserId', cells.freeagentUserId ?? null, errors),
    approveAutomatically: approveValue ?? approve ?? null,
    assigneeEmail: cells.assigneeEmail?.toLowerCase() ?? null,
    assigneeId: null,
  };
  for (const stray of row.strays) errors.push({ field: `(column ${stray.column})`, rule: 'has a value but the header names no column here' });
  return { client, errors };
}

function inChunks<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Every row checked; two queries whatever the file's size (existing NINOs, the assignees' emails). */
export async function checkImport(db: Db, rows: CsvRow[]): Promise<ImportRow[]> {
  const checked = rows.map((row) => ({ row: row.row, ...checkRow(row) }));

  const rowsByNino = new Map<string, number[]>();
  for (const { row, client, errors } of checked) {
    if (typeof client.nino === 'string' && !errors.some((e) => e.field === 'nino')) rowsByNino.set(client.nino, [...(rowsByNino.get(client.nino) ?? []), row]);
  }
  const emails = [...new Set(checked.flatMap(({ client }) => (client.assigneeEmail && EMAIL.test(client.assigneeEmail) ? [client.assigneeEmail] : [])))];
  const [existing, staff] = await Promise.all([
    rowsByNino.size ? db.selectFrom('clients').select(['nino', 'name']).where('nino', 'in', [...rowsByNino.keys()]).execute() : [],
    emails.length ? db.selectFrom('staff').select(['id', 'email', 'active']).where('email', 'in', emails).execute() : [],
  ]);
  const clientByNino = new Map(existing.map((c) => [c.nino, c.name]));
  const staffByEmail = new Map(staff.map((s) => [s.email, s]));

  return checked.map(({ row, client, errors }) => {
    if (typeof client.nino === 'string' && rowsByNino.has(client.nino)) {
      const others = rowsByNino.get(client.nino)!.filter((r) => r !== row);
      if (others.length) errors.push({ field: 'nino', rule: `must be unique in the file: row ${others.join(', row ')} has the same NINO` });
      const holder = clientByNino.get(client.nino);
      if (holder !== undefined) errors.push({ field: 'nino', rule: `must not already be a client: ${holder} has this NINO` });
    }
    if (client.assigneeEmail && !EMAIL.test(client.assigneeEmail)) {
      errors.push({ field: 'assigneeEmail', rule: 'expected the email of a member of staff, e.g. jo@practice.co.uk, or blank for no one' });
    } else if (client.assigneeEmail) {
      const assignee = staffByEmail.get(client.assigneeEmail);
      if (assignee?.active) client.assigneeId = assignee.id;
      else errors.push({ field: 'assigneeEmail', rule: assignee ? 'must be an active member of staff: this one has been deactivated' : 'must be the email of a member of staff' });
    }
    return { row, ok: errors.length === 0, errors, client };
  });
}

function toNewClient(client: ImportedClient): NewClientInput {
  // Only called for rows that passed every rule, so each value has its field's type.
  return {
    name: client.name as string,
    nino: client.nino,
    utr: client.utr,
    agentType: client.agentType as NewClientInput['agentType'],
    postcode: client.postcode,
    freeagentSubdomain: client.freeagentSubdomain,
    freeagentUserId: client.freeagentUserId,
    approveAutomatically: client.approveAutomatically === true,
    assigneeId: client.assigneeId,
  };
}

/** Adds every row's client in one transaction: an audit event each, and one for the import as a whole. */
export async function commitImport(db: Db, actor: string, rows: ImportRow[], file: { sha256: string; bytes: number }): Promise<Client[]> {
  const clients = rows.map((r) => toNewClient(r.client));
  try {
    return await db.transaction().execute(async (trx) => {
      const created: Client[] = [];
      // 1,000 rows of 10 values stay well under PostgreSQL's 65,535 parameters per statement.
      for (const chunk of inChunks(clients, 1000)) {
        created.push(...(await trx.insertInto('clients').values(chunk.map(toClientRow)).returningAll().execute()));
      }
      const importId = randomUUID();
      await recordAudits(trx, created.map((row) => ({ actor, action: 'client.imported', entityType: 'client', entityId: row.id, before: null, after: toClientJson(row) })));
      await recordAudit(trx, {
        actor,
        action: 'clients.imported',
        entityType: 'clients',
        entityId: importId,
        before: null,
        after: { created: created.length, file, clientIds: created.map((c) => c.id) },
      });
      return created;
    });
  } catch (err) {
    // A client with one of the file's NINOs was added after the check.
    if (violates(err, '23505', 'clients_nino_key')) throw clientExists('in the file');
    throw err;
  }
}
