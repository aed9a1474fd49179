// /api/tax-years: list the practice's years, start a client's year as a workflow (one or many), read where it stands,
// cancel it (one or many), and record a payment the client made.
import { z } from '@hono/zod-openapi';
import type { PaymentDue } from '../../workflows/taxYear/model';
import type { TaxYear } from '../../db/schema';
import { staffOf } from '../auth/middleware';
import { createRouter, type AppDependencies } from '../context';
import { ApiError } from '../errors';
import { contentRangeHeader, idList, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { actorOf } from '../webSession';
import { stepsOfYears } from '../steps/queries';
import { toStepJson } from '../steps/schemas';
import { ErrorSchema, UuidParam, errorResponses } from '../schemas';
import { act, mapBounded } from './act';
import { BULK_CONCURRENCY, cancelTaxYear, findClientsToStart, startTaxYear, timelineOf, workflowStatus } from './control';
import { findTaxYearRow, listTaxYears, type TaxYearRow } from './queries';
import {
  BulkCancelResultSchema,
  BulkCancelSchema,
  BulkStartResultSchema,
  BulkStartSchema,
  PaymentParams,
  PaymentPaidSchema,
  PaymentRecordedSchema,
  StartTaxYearSchema,
  TaxYearListQuery,
  TaxYearRowSchema,
  TaxYearSchema,
} from './schemas';

const conflict = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } }) as const;

function workflowUrl(deps: AppDependencies, workflowId: string): string | null {
  return deps.temporalUiUrl ? `${deps.temporalUiUrl}/namespaces/${deps.namespace}/workflows/${encodeURIComponent(workflowId)}` : null;
}

function toRowJson(row: TaxYearRow): z.infer<typeof TaxYearRowSchema> {
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    taxYear: row.tax_year,
    stage: row.stage,
    nextDeadline: row.next_deadline,
    agentType: row.agent_type,
    itsaStatus: row.itsa_status,
    workflowId: row.workflow_id,
    stepCounts: row.step_counts ?? { total: 0, open: 0, needsAttention: 0, done: 0 },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function taxYearJson(deps: AppDependencies, id: string): Promise<z.infer<typeof TaxYearSchema>> {
  const row = await findTaxYearRow(deps.db, id);
  if (!row) throw notFound(id);
  const [steps, status] = await Promise.all([stepsOfYears(deps.db, [row.id]), workflowStatus(deps, row.workflow_id)]);
  return {
    ...toRowJson(row),
    workflow: { id: row.workflow_id, status, url: workflowUrl(deps, row.workflow_id) },
    payments: (row.payments ?? []) as PaymentDue[],
    penaltyPoints: (row.penalty_points ?? []) as unknown[],
    steps: steps.map(toStepJson),
  };
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'TAX_YEAR_NOT_FOUND', `No tax year with id ${id}`, [{ field: 'id', rule: 'must be an existing tax year' }]);
}

async function findTaxYear(deps: AppDependencies, id: string): Promise<TaxYear> {
  const row = await deps.db.selectFrom('tax_years').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

export const taxYearsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Tax years'],
      summary: "List the practice's tax years",
      description:
        "ra-data-simple-rest: sort ([field, 'ASC'|'DESC'] over taxYear, stage, nextDeadline, updatedAt, clientName), range ([start, end]) and filter (id, clientId, taxYear, stage (one or a list), q: part of the client's name). Each row counts its steps.",
      request: { query: TaxYearListQuery },
      responses: {
        200: { description: 'A page of tax years; Content-Range gives the total', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(TaxYearRowSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { filter, sort, range } = c.req.valid('query');
      const { rows, total } = await listTaxYears(db, { filter: { ...filter, id: idList(filter.id) }, sort, range });
      setContentRange(c, 'tax-years', range.start, rows.length, total);
      return c.json(rows.map(toRowJson), 200);
    },
  )
  .openapi(
    apiRoute('years:control', {
      method: 'post',
      path: '/',
      tags: ['Tax years'],
      summary: "Start a client's tax year",
      description: 'Creates the tax year and starts its workflow (id tax-year/<clientId>/<taxYear>). Safe to repeat after a failure: a year whose workflow never started is started.',
      request: { body: { required: true, content: { 'application/json': { schema: StartTaxYearSchema } } } },
      responses: {
        201: { description: 'The tax year, its workflow started', content: { 'application/json': { schema: TaxYearSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict("The client's year is already running or complete"),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const timeline = timelineOf(deps, body.taxYear, body.schedule);
      const [client] = await findClientsToStart(deps, [body.clientId]);
      if (!client) throw new ApiError(404, 'CLIENT_NOT_FOUND', `No client with id ${body.clientId}`, [{ field: 'clientId', rule: 'must be an existing client' }]);
      const row = await startTaxYear(deps, client, body.taxYear, timeline, staffOf(c).id);
      return c.json(await taxYearJson(deps, row.id), 201);
    },
  )
  .openapi(
    apiRoute('years:control', {
      method: 'post',
      path: '/bulk-start',
      tags: ['Tax years'],
      summary: 'Start a tax year for many clients (or every client)',
      description: `Starts each client's year as POST /api/tax-years does, ${BULK_CONCURRENCY} at a time, and answers with each client's outcome: started, already-running (running or complete) or failed (e.g. no such client).`,
      request: { body: { required: true, content: { 'application/json': { schema: BulkStartSchema } } } },
      responses: {
        200: { description: "Each client's outcome, and the totals", content: { 'application/json': { schema: BulkStartResultSchema } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const actor = staffOf(c).id;
      const timeline = timelineOf(deps, body.taxYear, body.schedule);
      const wanted = body.all ? 'all' : [...new Set(body.clientIds)];
      const clients = await findClientsToStart(deps, wanted);
      const known = new Map(clients.map((client) => [client.id, client]));
      const ids = wanted === 'all' ? clients.map((client) => client.id) : wanted;
      const results = await mapBounded(ids, BULK_CONCURRENCY, async (clientId): Promise<z.infer<typeof BulkStartResultSchema>['results'][number]> => {
        const client = known.get(clientId);
        if (!client) return { clientId, outcome: 'failed', message: `No client with id ${clientId}` };
        try {
          const row = await startTaxYear(deps, client, body.taxYear, timeline, actor);
          return { clientId, taxYearId: row.id, outcome: 'started' };
        } catch (err) {
          if (err instanceof ApiError && err.code === 'TAX_YEAR_ALREADY_STARTED') {
            const row = await deps.db.selectFrom('tax_years').select('id').where('client_id', '=', clientId).where('tax_year', '=', body.taxYear).executeTakeFirst();
            return { clientId, ...(row ? { taxYearId: row.id } : {}), outcome: 'already-running', message: err.message };
          }
          deps.log.error('Tax year not started in bulk', { clientId, taxYear: body.taxYear, error: err });
          return { clientId, outcome: 'failed', message: err instanceof Error ? err.message : String(err) };
        }
      });
      const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
      return c.json({ taxYear: body.taxYear, results, totals: { started: count('started'), alreadyRunning: count('already-running'), failed: count('failed') } }, 200);
    },
  )
  .openapi(
    apiRoute('years:control', {
      method: 'post',
      path: '/bulk-cancel',
      tags: ['Tax years'],
      summary: 'Cancel many tax years',
      description: `Cancels each year as POST /api/tax-years/{id}/cancel does, ${BULK_CONCURRENCY} at a time, and answers with each year's outcome.`,
      request: { body: { required: true, content: { 'application/json': { schema: BulkCancelSchema } } } },
      responses: {
        200: { description: "Each year's outcome, and the totals", content: { 'application/json': { schema: BulkCancelResultSchema } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const actor = staffOf(c).id;
      const ids = [...new Set(c.req.valid('json').ids)];
      const rows = await deps.db.selectFrom('tax_years').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      const results = await mapBounded(ids, BULK_CONCURRENCY, async (id): Promise<z.infer<typeof BulkCancelResultSchema>['results'][number]> => {
        const row = byId.get(id);
        if (!row) return { id, outcome: 'not-found', message: `No tax year with id ${id}` };
        try {
          await cancelTaxYear(deps, row, actor);
          return { id, outcome: 'cancelled' };
        } catch (err) {
          if (err instanceof ApiError && err.code === 'TAX_YEAR_NOT_RUNNING') return { id, outcome: 'not-running', message: err.message };
          deps.log.error('Tax year not cancelled in bulk', { taxYearId: id, error: err });
          return { id, outcome: 'failed', message: err instanceof Error ? err.message : String(err) };
        }
      });
      const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
      return c.json({ results, totals: { cancelled: count('cancelled'), notRunning: count('not-running'), notFound: count('not-found'), failed: count('failed') } }, 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Tax years'],
      summary: 'Read a tax year: stage, next deadline, payments, steps and workflow status',
      request: { params: UuidParam },
      responses: {
        200: { description: 'The tax year', content: { 'application/json': { schema: TaxYearSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(await taxYearJson(deps, c.req.valid('param').id), 200);
    },
  )
  .openapi(
    apiRoute('years:control', {
      method: 'post',
      path: '/{id}/cancel',
      tags: ['Tax years'],
      summary: "Cancel a tax year's workflow",
      request: { params: UuidParam },
      responses: {
        202: { description: 'Cancellation requested; the stage becomes cancelled shortly', content: { 'application/json': { schema: z.object({ id: z.uuid(), workflowId: z.string() }) } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('The workflow is not running'),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const row = await findTaxYear(deps, c.req.valid('param').id);
      await cancelTaxYear(deps, row, staffOf(c).id);
      return c.json({ id: row.id, workflowId: row.workflow_id }, 202);
    },
  )
  .openapi(
    apiRoute('steps:prepare', {
      method: 'post',
      path: '/{id}/payments/{paymentKey}/paid',
      tags: ['Tax years'],
      summary: 'Record that the client paid a payment',
      description: "Sent to the year's workflow (which audits it); refused with 409 when the year has no such payment, or it is already paid.",
      request: { params: PaymentParams, body: { required: true, content: { 'application/json': { schema: PaymentPaidSchema } } } },
      responses: {
        200: { description: 'The payment, now paid', content: { 'application/json': { schema: PaymentRecordedSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: conflict('Refused by the year (ACTION_REFUSED, naming the field), or the year is not running (TAX_YEAR_NOT_RUNNING)'),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { id, paymentKey } = c.req.valid('param');
      const row = await findTaxYear(deps, id);
      const result = await act(deps, row.workflow_id, { action: 'record-payment', paymentKey, by: actorOf(c), paidOn: c.req.valid('json').paidOn });
      return c.json({ taxYearId: row.id, stage: result.stage, payment: result.payment! }, 200);
    },
  );
