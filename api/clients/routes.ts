// /api/clients: the practice's clients (create and read here; the full CRUD and CSV import come with the control API issue).
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Client } from '../../db/schema';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { ErrorSchema, NinoString, UtrString, UuidParam, errorResponses } from '../schemas';


const ClientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nino: z.string().nullable(),
    utr: z.string().nullable(),
    agentType: z.enum(['main', 'supporting']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Client');

const NewClientSchema = z
  .object({
    name: z
      .string({ error: 'expected the client name as text' })
      .trim()
      .min(1, 'expected a name of 1 to 200 characters')
      .max(200, 'expected a name of 1 to 200 characters'),
    nino: NinoString.optional(),
    utr: UtrString.optional(),
    agentType: z.enum(['main', 'supporting'], { error: "expected 'main' or 'supporting'" }).default('main'),
  })
  .strict()
  .openapi('NewClient');

export function toClientJson(row: Client): z.infer<typeof ClientSchema> {
  return {
    id: row.id,
    name: row.name,
    nino: row.nino,
    utr: row.utr,
    agentType: row.agent_type,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const clientsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags: ['Clients'],
      summary: 'Add a client',
      request: { body: { required: true, content: { 'application/json': { schema: NewClientSchema } } } },
      responses: {
        201: { description: 'The client', content: { 'application/json': { schema: ClientSchema } } },
        400: errorResponses[400],
        409: { description: 'A client with this NINO exists', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const body = c.req.valid('json');
      const row = await db
        .insertInto('clients')
        .values({ name: body.name, nino: body.nino ?? null, utr: body.utr ?? null, agent_type: body.agentType, updated_at: sql<Date>`now()` })
        .onConflict((oc) => oc.column('nino').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new ApiError(409, 'CLIENT_EXISTS', `A client with NINO ${body.nino} already exists`, [{ field: 'nino', rule: 'must be unique among clients' }]);
      return c.json(toClientJson(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['Clients'],
      summary: 'Read a client',
      request: { params: UuidParam },
      responses: {
        200: { description: 'The client', content: { 'application/json': { schema: ClientSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { id } = c.req.valid('param');
      const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new ApiError(404, 'CLIENT_NOT_FOUND', `No client with id ${id}`, [{ field: 'id', rule: 'must be an existing client' }]);
      return c.json(toClientJson(row), 200);
    },
  );
