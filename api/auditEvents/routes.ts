// /api/audit-events: the audit trail, read-only (the table refuses updates and deletes). Newest first unless a sort is
// given; each event names its actor as staff see them (a member of staff's name, or 'engine' / 'automation' as is).
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { MAX_PAGE, contentRangeHeader, listQuerySchema, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { errorResponses } from '../schemas';

const MAX_BIGINT = 9223372036854775807n;

/** Audit event ids are bigserial numbers, sent as strings (JSON numbers lose precision past 2^53). */
const EventId = z
  .union([z.string(), z.number()], { error: 'expected an audit event id (a positive whole number)' })
  .transform(String)
  .refine((value) => /^[1-9][0-9]{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT, 'expected an audit event id (a positive whole number)');

const EventIdParam = z.object({ id: EventId.openapi({ type: 'string', param: { name: 'id', in: 'path' }, example: '1024' }) });

const DateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time, e.g. 2026-11-22T09:00:00Z' });

const AuditEventSchema = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    actor: z.string().openapi({ description: "A staff id, or 'engine', 'automation', 'cli'" }),
    actorName: z.string().openapi({ description: "The member of staff's name, or the actor itself when it is not a member of staff" }),
    action: z.string().openapi({ example: 'staff.role-changed' }),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .openapi('AuditEvent');

const text = (what: string) => z.string({ error: `expected ${what} as text` }).min(1, `expected ${what}`).max(500, 'expected at most 500 characters');

const AuditFilter = z.object({
  id: z.union([EventId, z.array(EventId).max(MAX_PAGE, `expected at most ${MAX_PAGE} ids`)]).optional(),
  entityType: text('an entity type').optional(),
  entityId: text('an entity id').optional(),
  actor: text('an actor (a staff id, or engine, automation, cli)').optional(),
  action: text("an action ('client.created'), or a prefix ending in '.' ('step.')").optional(),
  from: DateTime.optional().openapi({ description: 'Events at or after this instant' }),
  to: DateTime.optional().openapi({ description: 'Events before this instant' }),
});

const AuditListQuery = listQuerySchema(['occurredAt', 'actor', 'action', 'id'], AuditFilter);
const SORT_COLUMNS = { occurredAt: 'occurred_at', actor: 'actor', action: 'action', id: 'id' } as const;

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The events as JSON, with the names of the staff among their actors (one lookup for the page, not a join over the table). */
async function withActorNames(db: Db, rows: AuditRow[]) {
  const staffIds = [...new Set(rows.map((r) => r.actor).filter((actor) => UUID.test(actor)))];
  const staff = staffIds.length === 0 ? [] : await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute();
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at.toISOString(),
    actor: r.actor,
    actorName: names.get(r.actor.toLowerCase()) ?? r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
  }));
}

/** LIKE's wildcards taken literally, so 'step.' means the prefix 'step.' and nothing else. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export const auditEventsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Audit'],
      summary: 'List audit events',
      description:
        "Newest first unless sort says otherwise (occurredAt, actor, action or id). Filters: entityType and entityId, actor, action (exact, or a prefix ending in '.' such as 'step.'), from (inclusive) and to (exclusive) as ISO date-times, id (one or several).",
      request: { query: AuditListQuery },
      responses: {
        200: { description: 'A page of audit events', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(AuditEventSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { sort, range, filter } = c.req.valid('query');
      // listQuerySchema defaults to ascending on the first field; an audit trail is read from the latest event back.
      const order = c.req.query('sort') === undefined ? 'desc' : sort.order;
      let query = db.selectFrom('audit_events');
      const ids = filter.id === undefined ? undefined : Array.isArray(filter.id) ? filter.id : [filter.id];
      if (ids) query = ids.length > 0 ? query.where('id', 'in', ids) : query.where(sql<boolean>`false`);
      if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
      if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
      if (filter.actor) query = query.where('actor', '=', filter.actor);
      if (filter.action) {
        query = filter.action.endsWith('.') ? query.where('action', 'like', `${escapeLike(filter.action)}%`) : query.where('action', '=', filter.action);
      }
      if (filter.from) query = query.where('occurred_at', '>=', new Date(filter.from));
      if (filter.to) query = query.where('occurred_at', '<', new Date(filter.to));
      const [{ total }, rows] = await Promise.all([
        query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
        query
          .select(['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'before', 'after'])
          .orderBy(SORT_COLUMNS[sort.field], order)
          .$if(sort.field !== 'id', (q) => q.orderBy('id', order))
          .offset(range.start)
          .limit(range.end - range.start + 1)
          .execute(),
      ]);
      setContentRange(c, 'audit-events', range.start, rows.length, Number(total));
      return c.json(await withActorNames(db, rows), 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Audit'],
      summary: 'Read an audit event',
      request: { params: EventIdParam },
      responses: { 200: { description: 'The audit event', content: { 'application/json': { schema: AuditEventSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const row = await db
        .selectFrom('audit_events')
        .select(['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'before', 'after'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new ApiError(404, 'AUDIT_EVENT_NOT_FOUND', `No audit event with id ${id}`, [{ field: 'id', rule: 'must be an existing audit event' }]);
      const [json] = await withActorNames(db, [row]);
      return c.json(json!, 200);
    },
  );
