// /api/health: whether the API can reach PostgreSQL and Temporal.
import { z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { createRouter } from '../context';
import { apiRoute } from '../route';

const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), database: z.boolean(), temporal: z.boolean() }).openapi('Health');

export const healthRouter = createRouter().openapi(
  apiRoute('public', {
    method: 'get',
    path: '/',
    tags: ['Health'],
    summary: 'Is the engine reachable end to end?',
    responses: {
      200: { description: 'All dependencies answer', content: { 'application/json': { schema: HealthSchema } } },
      503: { description: 'A dependency does not answer', content: { 'application/json': { schema: HealthSchema } } },
    },
  }),
  async (c) => {
    const { db, temporal, namespace } = c.get('deps');
    const database = await sql`select 1`.execute(db).then(() => true, () => false);
    const temporalOk = await temporal.workflowService.describeNamespace({ namespace }).then(() => true, () => false);
    const ok = database && temporalOk;
    return c.json({ status: ok ? ('ok' as const) : ('degraded' as const), database, temporal: temporalOk }, ok ? 200 : 503);
  },
);
