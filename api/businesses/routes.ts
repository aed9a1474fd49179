// /api/businesses: clients' businesses (income sources) as HMRC last listed them, read-only. Each year's workflow keeps
// them (activities/taxYearRecords.ts) and links its steps to them.
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { BusinessType } from '../../db/schema';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { IdsFilter, contentRangeHeader, idList, listQuerySchema, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { UuidParam, errorResponses } from '../schemas';

const BUSINESS_TYPES = ['self-employment', 'uk-property', 'foreign-property'] as const satisfies readonly BusinessType[];

const BusinessSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientName: z.string(),
    hmrcBusinessId: z.string(),
    type: z.enum(BUSINESS_TYPES),
    tradingName: z.string().nullable(),
    commencementDate: z.string().nullable(),
    cessationDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Business');

const SORTS = ['tradingName', 'type', 'commencementDate'] as const;

const BusinessListQuery = listQuerySchema(
  SORTS,
  z.object({
    id: IdsFilter.optional(),
    clientId: z.uuid('expected a UUID').optional(),
    type: z
      .union([
        z.enum(BUSINESS_TYPES, { error: `expected one of ${BUSINESS_TYPES.join(', ')}` }),
        z.array(z.enum(BUSINESS_TYPES, { error: `expected one of ${BUSINESS_TYPES.join(', ')}` })).min(1, 'expected at least one type').max(BUSINESS_TYPES.length),
      ])
      .optional(),
  }),
);

const SORT_COLUMNS = { tradingName: 'b.trading_name', type: 'b.type', commencementDate: 'b.commencement_date' } as const;

function businesses(db: Db, filter: { id?: string[]; clientId?: string; type?: BusinessType | BusinessType[] }) {
  return db
    .selectFrom('businesses as b')
    .innerJoin('clients as c', 'c.id', 'b.client_id')
    .where((eb) =>
      eb.and([
        // getMany with no ids matches nothing (and `in ()` is not SQL).
        ...(filter.id ? [filter.id.length === 0 ? sql<boolean>`false` : eb('b.id', 'in', filter.id)] : []),
        ...(filter.clientId ? [eb('b.client_id', '=', filter.clientId)] : []),
        ...(filter.type ? [eb('b.type', 'in', Array.isArray(filter.type) ? filter.type : [filter.type])] : []),
      ]),
    );
}

function withColumns(query: ReturnType<typeof businesses>) {
  return query.selectAll('b').select('c.name as client_name');
}

function toJson(row: Awaited<ReturnType<ReturnType<typeof withColumns>['executeTakeFirstOrThrow']>>): z.infer<typeof BusinessSchema> {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    hmrcBusinessId: row.hmrc_business_id,
    type: row.type,
    tradingName: row.trading_name,
    commencementDate: row.commencement_date,
    cessationDate: row.cessation_date,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const businessesRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Businesses'],
      summary: "List clients' businesses",
      description: "ra-data-simple-rest: sort over tradingName, type, commencementDate; filter by id, clientId, type (one or a list).",
      request: { query: BusinessListQuery },
      responses: {
        200: { description: 'A page of businesses; Content-Range gives the total', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(BusinessSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { filter, sort, range } = c.req.valid('query');
      const scoped = { ...filter, id: idList(filter.id) };
      const [rows, count] = await Promise.all([
        withColumns(businesses(db, scoped))
          .orderBy(sql.ref(SORT_COLUMNS[sort.field]), (ob) => (sort.order === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
          .orderBy('b.id')
          .offset(range.start)
          .limit(range.end - range.start + 1)
          .execute(),
        businesses(db, scoped)
          .select((eb) => eb.fn.countAll<string>().as('total'))
          .executeTakeFirstOrThrow(),
      ]);
      setContentRange(c, 'businesses', range.start, rows.length, Number(count.total));
      return c.json(rows.map(toJson), 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Businesses'],
      summary: 'Read a business',
      request: { params: UuidParam },
      responses: { 200: { description: 'The business', content: { 'application/json': { schema: BusinessSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await withColumns(businesses(c.get('deps').db, { id: [id] })).executeTakeFirst();
      if (!row) throw new ApiError(404, 'BUSINESS_NOT_FOUND', `No business with id ${id}`, [{ field: 'id', rule: 'must be an existing business' }]);
      return c.json(toJson(row), 200);
    },
  );
