// /api/alerts: what the practice must see (an HMRC API being retired, a connection to renew, a deadline at risk),
// read-only: the engine raises alerts and resolves them when the cause is gone. Newest first unless a sort is given.
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AlertKind } from '../../db/schema';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { IdsFilter, contentRangeHeader, idList, listQuerySchema, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { UuidParam, errorResponses } from '../schemas';

export const ALERT_KINDS = ['api-deprecation', 'reconnect', 'deadline-at-risk'] as const satisfies readonly AlertKind[];

const AlertSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(ALERT_KINDS),
    key: z.string().openapi({ description: "What the alert is about, unique per kind (e.g. 'business-details 2.0')" }),
    message: z.string(),
    details: z.unknown().nullable(),
    open: z.boolean().openapi({ description: 'Not yet resolved' }),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Alert');

const AlertFilter = z.object({
  id: IdsFilter.optional(),
  kind: z.enum(ALERT_KINDS, { error: `expected one of ${ALERT_KINDS.join(', ')}` }).optional(),
  open: z.boolean({ error: 'expected true (unresolved) or false (resolved)' }).optional(),
});

const AlertListQuery = listQuerySchema(['createdAt', 'kind'], AlertFilter);
const SORT_COLUMNS = { createdAt: 'created_at', kind: 'kind' } as const;

const COLUMNS = ['id', 'kind', 'key', 'message', 'details', 'created_at', 'resolved_at'] as const;

function alertJson(row: { id: string; kind: AlertKind; key: string; message: string; details: unknown; created_at: Date; resolved_at: Date | null }): z.infer<typeof AlertSchema> {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    message: row.message,
    details: row.details ?? null,
    open: row.resolved_at === null,
    createdAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}

export const alertsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Alerts'],
      summary: 'List alerts',
      description: 'Newest first unless sort says otherwise (createdAt or kind). Filters: kind, open (true: unresolved), id (one or several).',
      request: { query: AlertListQuery },
      responses: {
        200: { description: 'A page of alerts', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(AlertSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { sort, range, filter } = c.req.valid('query');
      const order = c.req.query('sort') === undefined ? 'desc' : sort.order;
      const ids = idList(filter.id);
      let query = db.selectFrom('alerts');
      if (ids) query = ids.length > 0 ? query.where('id', 'in', ids) : query.where(sql<boolean>`false`);
      if (filter.kind) query = query.where('kind', '=', filter.kind);
      if (filter.open !== undefined) query = query.where('resolved_at', filter.open ? 'is' : 'is not', null);
      const [{ total }, rows] = await Promise.all([
        query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
        query
          .select(COLUMNS)
          .orderBy(SORT_COLUMNS[sort.field], order)
          .orderBy('created_at', order)
          .orderBy('id', order)
          .offset(range.start)
          .limit(range.end - range.start + 1)
          .execute(),
      ]);
      setContentRange(c, 'alerts', range.start, rows.length, Number(total));
      return c.json(rows.map(alertJson), 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Alerts'],
      summary: 'Read an alert',
      request: { params: UuidParam },
      responses: { 200: { description: 'The alert', content: { 'application/json': { schema: AlertSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const row = await db.selectFrom('alerts').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!row) throw new ApiError(404, 'ALERT_NOT_FOUND', `No alert with id ${id}`, [{ field: 'id', rule: 'must be an existing alert' }]);
      return c.json(alertJson(row), 200);
    },
  );
