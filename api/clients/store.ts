// The clients table through the API: the list's filters and order, and each change made in one transaction with its
// audit event, so the trail never misses a change nor records one that was rolled back.
import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Db } from '../../db/connect';
import type { Client, Database } from '../../db/schema';
import { recordAudit } from '../audit';
import { ApiError } from '../errors';
import { idList } from '../lists';
import { toClientJson, type ClientChanges, type ClientFieldName, type ClientFilter, type ClientListParams, type NewClientInput } from './schemas';

type Executor = Db | Transaction<Database>;

export function clientNotFound(id: string): ApiError {
  return new ApiError(404, 'CLIENT_NOT_FOUND', `No client with id ${id}`, [{ field: 'id', rule: 'must be the id of an existing client' }]);
}

export function clientExists(nino: string | null | undefined): ApiError {
  return new ApiError(409, 'CLIENT_EXISTS', `A client with NINO ${nino ?? '(none)'} already exists`, [{ field: 'nino', rule: 'must be unique among clients: another client has this NINO' }]);
}

/** PostgreSQL's error for a broken constraint: unique (23505) or foreign key (23503). */
export function violates(err: unknown, code: '23505' | '23503', constraint: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === code && e.constraint === constraint;
}

export async function findClient(db: Executor, id: string): Promise<Client> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw clientNotFound(id);
  return row;
}

/** A client's assignee must be someone who can still sign in: a deactivated member of staff would look after no one. */
export async function checkAssignee(db: Executor, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const staff = await db.selectFrom('staff').select(['active']).where('id', '=', assigneeId).executeTakeFirst();
  if (!staff?.active) {
    const rule = staff ? 'must be an active member of staff: this one has been deactivated' : 'must be the id of an active member of staff';
    throw new ApiError(400, 'INVALID_REQUEST', `The request is not valid: assigneeId: ${rule}`, [{ field: 'assigneeId', rule }]);
  }
}

/** A LIKE pattern matching `text` anywhere, its own % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

export function clientWhere(filter: ClientFilter) {
  return (eb: ExpressionBuilder<Database, 'clients'>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    const ids = idList(filter.id);
    if (ids) conditions.push(ids.length ? eb('clients.id', 'in', ids) : sql<SqlBool>`false`);
    if (filter.q) {
      // NINOs, UTRs and postcodes are typed with spaces or without: compare them without.
      const compact = containing(filter.q.replace(/\s+/g, ''));
      conditions.push(
        eb.or([
          eb('clients.name', 'ilike', containing(filter.q)),
          eb('clients.nino', 'ilike', compact),
          eb('clients.utr', 'like', compact),
          eb(sql<string>`replace(clients.postcode, ' ', '')`, 'ilike', compact),
        ]),
      );
    }
    if (filter.agentType) conditions.push(eb('clients.agent_type', '=', filter.agentType));
    if (filter.assigneeId !== undefined) conditions.push(filter.assigneeId === null ? eb('clients.assignee_id', 'is', null) : eb('clients.assignee_id', '=', filter.assigneeId));
    if (filter.approveAutomatically !== undefined) conditions.push(eb('clients.approve_automatically', '=', filter.approveAutomatically));
    if (filter.freeagent !== undefined) conditions.push(filter.freeagent ? eb('clients.freeagent_subdomain', 'is not', null) : eb('clients.freeagent_subdomain', 'is', null));
    return eb.and(conditions);
  };
}

const SORT_COLUMNS = {
  name: sql`lower(clients.name)`,
  nino: sql`clients.nino`,
  createdAt: sql`clients.created_at`,
  updatedAt: sql`clients.updated_at`,
  agentType: sql`clients.agent_type`,
} as const;

/** The list's order, then the id so that pages never overlap or skip a row. */
export function clientOrder(sort: ClientListParams['sort']) {
  return sql`${SORT_COLUMNS[sort.field]} ${sql.raw(sort.order === 'desc' ? 'desc' : 'asc')} nulls last, clients.id asc`;
}

/** One page and the count of every match: two queries, whatever the page size. */
export async function listClients(db: Db, params: ClientListParams): Promise<{ rows: Client[]; total: number }> {
  const where = clientWhere(params.filter);
  const [rows, count] = await Promise.all([
    db
      .selectFrom('clients')
      .selectAll()
      .where(where)
      .orderBy(clientOrder(params.sort))
      .offset(params.range.start)
      .limit(params.range.end - params.range.start + 1)
      .execute(),
    db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

const COLUMNS = {
  name: 'name',
  nino: 'nino',
  utr: 'utr',
  agentType: 'agent_type',
  postcode: 'postcode',
  freeagentSubdomain: 'freeagent_subdomain',
  freeagentUserId: 'freeagent_user_id',
  approveAutomatically: 'approve_automatically',
  assigneeId: 'assignee_id',
} as const satisfies Record<ClientFieldName, keyof Client>;

export function toClientRow(input: NewClientInput) {
  return {
    name: input.name,
    nino: input.nino ?? null,
    utr: input.utr ?? null,
    agent_type: input.agentType,
    postcode: input.postcode ?? null,
    freeagent_subdomain: input.freeagentSubdomain ?? null,
    freeagent_user_id: input.freeagentUserId ?? null,
    approve_automatically: input.approveAutomatically,
    assignee_id: input.assigneeId ?? null,
    updated_at: sql<Date>`now()`,
  };
}

export async function createClient(db: Db, actor: string, input: NewClientInput): Promise<Client> {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkAssignee(trx, input.assigneeId);
      const row = await trx.insertInto('clients').values(toClientRow(input)).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: 'client.created', entityType: 'client', entityId: row.id, before: null, after: toClientJson(row) });
      return row;
    });
  } catch (err) {
    if (violates(err, '23505', 'clients_nino_key')) throw clientExists(input.nino);
    throw err;
  }
}

/** Changes the fields given; an unchanged record is left alone (no new updatedAt, no audit event). */
export async function updateClient(db: Db, actor: string, id: string, changes: ClientChanges): Promise<Client> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('clients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw clientNotFound(id);
      const set: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(COLUMNS) as [ClientFieldName, keyof Client][]) {
        const value = changes[field];
        if (value !== undefined && value !== before[column]) set[column] = value;
      }
      if (Object.keys(set).length === 0) return before;
      // Only a new assignee is checked: a record sent back whole must still save after its assignee left.
      if ('assignee_id' in set) await checkAssignee(trx, changes.assigneeId);
      if ('nino' in set) await checkNoYearInProgress(trx, before);
      const after = await trx
        .updateTable('clients')
        .set({ ...set, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actor, action: 'client.updated', entityType: 'client', entityId: id, before: toClientJson(before), after: toClientJson(after) });
      return after;
    });
  } catch (err) {
    if (violates(err, '23505', 'clients_nino_key')) throw clientExists(changes.nino);
    throw err;
  }
}

/** HMRC knows the client by NINO: a year under way keeps the one it started with. */
async function checkNoYearInProgress(db: Executor, client: Client): Promise<void> {
  const running = await db
    .selectFrom('tax_years')
    .select('tax_year')
    .where('client_id', '=', client.id)
    .where('stage', 'not in', ['complete', 'cancelled', 'not-in-mtd'])
    .orderBy('tax_year')
    .execute();
  if (running.length > 0) {
    throw new ApiError(409, 'NINO_IN_USE', `${client.name}'s ${running.map((y) => y.tax_year).join(', ')} ${running.length === 1 ? 'year is' : 'years are'} under way with NINO ${client.nino}: cancel or finish ${running.length === 1 ? 'it' : 'them'} before changing the NINO`, [
      { field: 'nino', rule: 'must not change while a tax year of this client is under way' },
    ]);
  }
}

function hasTaxYears(name: string, years: string[]): ApiError {
  return new ApiError(
    409,
    'CLIENT_HAS_TAX_YEARS',
    `${name} has ${years.length === 1 ? 'a tax year' : `${years.length} tax years`} (${years.join(', ')}): a client with tax years cannot be deleted, as the years and their audit trail are records the practice must keep`,
    [{ field: 'id', rule: 'must be a client with no tax years: a client whose years the engine has run cannot be deleted' }],
  );
}

export async function deleteClient(db: Db, actor: string, id: string): Promise<Client> {
  let name = id;
  try {
    return await db.transaction().execute(async (trx) => {
      // The row lock also holds off a tax year being started for this client meanwhile (its foreign key check waits).
      const before = await trx.selectFrom('clients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw clientNotFound(id);
      name = before.name;
      const years = await trx.selectFrom('tax_years').select('tax_year').where('client_id', '=', id).orderBy('tax_year').execute();
      if (years.length > 0) throw hasTaxYears(before.name, years.map((y) => y.tax_year));
      await trx.deleteFrom('clients').where('id', '=', id).execute();
      await recordAudit(trx, { actor, action: 'client.deleted', entityType: 'client', entityId: id, before: toClientJson(before), after: null });
      return before;
    });
  } catch (err) {
    if (violates(err, '23503', 'tax_years_client_id_fkey')) throw hasTaxYears(name, ['started meanwhile']);
    throw err;
  }
}
