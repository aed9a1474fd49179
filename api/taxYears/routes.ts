// /api/tax-years: start a client's tax year as a workflow, read where it stands, cancel it.
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { sql } from 'kysely';
import { taxYearStart } from '../../domain/taxYear';
import { REAL_TIMELINE, type Timeline } from '../../domain/timeline';
import { clientTaxYear, clientTaxYearWorkflowId } from '../../workflows/clientTaxYear';
import type { TaxYear } from '../../db/schema';
import { createRouter, type AppDependencies } from '../context';
import { ApiError } from '../errors';
import { ErrorSchema, TaxYearString, UuidParam, errorResponses } from '../schemas';

const ScheduleSchema = z
  .discriminatedUnion(
    'mode',
    [
      z.object({ mode: z.literal('real') }).strict(),
      z
        .object({
          mode: z.literal('compressed'),
          msPerDay: z
            .number({ error: 'expected milliseconds per calendar day as a number' })
            .int('expected a whole number of milliseconds')
            .min(10, 'expected at least 10 ms per day')
            .max(86_400_000, 'expected at most 86400000 ms (a real day) per day'),
          startAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time, e.g. 2026-11-22T09:00:00Z' }).optional(),
        })
        .strict(),
    ],
    { error: "expected mode 'real' or 'compressed'" },
  )
  .openapi('Schedule', {
    description: "When the year's steps open: 'real' follows the UK tax calendar; 'compressed' (demos and tests) runs a calendar day in msPerDay.",
  });

const StartTaxYearSchema = z
  .object({
    clientId: z.uuid('expected the id (a UUID) of an existing client'),
    taxYear: TaxYearString,
    schedule: ScheduleSchema.default({ mode: 'real' }),
  })
  .strict()
  .openapi('StartTaxYear');

const StepSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    kind: z.string(),
    status: z.string(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    dueDate: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.unknown().nullable(),
  })
  .openapi('Step');

const TaxYearSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    taxYear: z.string(),
    stage: z.string(),
    nextDeadline: z.string().nullable(),
    workflow: z.object({ id: z.string(), status: z.string(), url: z.string().nullable() }),
    steps: z.array(StepSchema),
  })
  .openapi('TaxYear');

async function workflowStatus(deps: AppDependencies, workflowId: string): Promise<string> {
  try {
    const description = await deps.temporal.workflow.getHandle(workflowId).describe();
    return description.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_STARTED';
    throw err;
  }
}

function workflowUrl(deps: AppDependencies, workflowId: string): string | null {
  return deps.temporalUiUrl ? `${deps.temporalUiUrl}/namespaces/${deps.namespace}/workflows/${encodeURIComponent(workflowId)}` : null;
}

async function taxYearJson(deps: AppDependencies, row: TaxYear): Promise<z.infer<typeof TaxYearSchema>> {
  const steps = await deps.db
    .selectFrom('steps')
    .selectAll()
    .where('tax_year_id', '=', row.id)
    .orderBy(sql`due_date nulls first`)
    .orderBy('step_key')
    .execute();
  return {
    id: row.id,
    clientId: row.client_id,
    taxYear: row.tax_year,
    stage: row.stage,
    nextDeadline: row.next_deadline,
    workflow: { id: row.workflow_id, status: await workflowStatus(deps, row.workflow_id), url: workflowUrl(deps, row.workflow_id) },
    steps: steps.map((s) => ({
      id: s.id,
      key: s.step_key,
      kind: s.kind,
      status: s.status,
      periodStart: s.period_start,
      periodEnd: s.period_end,
      dueDate: s.due_date,
      attempts: s.attempts,
      lastError: s.last_error ?? null,
    })),
  };
}

async function findTaxYear(deps: AppDependencies, id: string): Promise<TaxYear> {
  const row = await deps.db.selectFrom('tax_years').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError(404, 'TAX_YEAR_NOT_FOUND', `No tax year with id ${id}`, [{ field: 'id', rule: 'must be an existing tax year' }]);
  return row;
}

export const taxYearsRouter = createRouter()
  .openapi(
    createRoute({
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
        409: { description: "The client's year is already running", content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      if (body.schedule.mode === 'compressed' && !deps.allowCompressedSchedules) {
        throw new ApiError(400, 'INVALID_REQUEST', 'Compressed schedules are for demos and tests, not production', [
          { field: 'schedule.mode', rule: "must be 'real' in production" },
        ]);
      }
      const client = await deps.db.selectFrom('clients').select(['id', 'approve_automatically']).where('id', '=', body.clientId).executeTakeFirst();
      if (!client) throw new ApiError(404, 'CLIENT_NOT_FOUND', `No client with id ${body.clientId}`, [{ field: 'clientId', rule: 'must be an existing client' }]);

      const workflowId = clientTaxYearWorkflowId(body.clientId, body.taxYear);
      await deps.db
        .insertInto('tax_years')
        .values({ client_id: body.clientId, tax_year: body.taxYear, workflow_id: workflowId, stage: 'starting', updated_at: sql<Date>`now()` })
        .onConflict((oc) => oc.columns(['client_id', 'tax_year']).doNothing())
        .execute();
      const row = await deps.db.selectFrom('tax_years').selectAll().where('workflow_id', '=', workflowId).executeTakeFirstOrThrow();

      const timeline: Timeline =
        body.schedule.mode === 'compressed'
          ? { kind: 'compressed', origin: taxYearStart(body.taxYear), originAt: body.schedule.startAt ?? new Date().toISOString(), msPerDay: body.schedule.msPerDay }
          : REAL_TIMELINE;
      try {
        await deps.temporal.workflow.start(clientTaxYear, {
          workflowId,
          taskQueue: deps.taskQueue,
          args: [{ taxYearId: row.id, clientId: body.clientId, taxYear: body.taxYear, timeline, automation: { approve: client.approve_automatically } }],
          // A cancelled or failed year may be started again; a running or completed one may not.
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          throw new ApiError(409, 'TAX_YEAR_ALREADY_STARTED', `Tax year ${body.taxYear} of this client is already running or complete (tax year id ${row.id})`, [
            { field: 'taxYear', rule: 'must not already be running or complete for this client' },
          ]);
        }
        throw err;
      }
      deps.log.info('Tax year started', { taxYearId: row.id, workflowId, scheduleMode: body.schedule.mode });
      return c.json(await taxYearJson(deps, row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags: ['Tax years'],
      summary: 'Read a tax year: stage, next deadline, steps and workflow status',
      request: { params: UuidParam },
      responses: {
        200: { description: 'The tax year', content: { 'application/json': { schema: TaxYearSchema } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(await taxYearJson(deps, await findTaxYear(deps, c.req.valid('param').id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/cancel',
      tags: ['Tax years'],
      summary: "Cancel a tax year's workflow",
      request: { params: UuidParam },
      responses: {
        202: { description: 'Cancellation requested; the stage becomes cancelled shortly', content: { 'application/json': { schema: z.object({ id: z.uuid(), workflowId: z.string() }) } } },
        400: errorResponses[400],
        404: errorResponses[404],
        409: { description: 'The workflow is not running', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const row = await findTaxYear(deps, c.req.valid('param').id);
      const status = await workflowStatus(deps, row.workflow_id);
      if (status !== 'RUNNING') throw new ApiError(409, 'TAX_YEAR_NOT_RUNNING', `The tax year's workflow is ${status}, so there is nothing to cancel`);
      await deps.temporal.workflow.getHandle(row.workflow_id).cancel();
      return c.json({ id: row.id, workflowId: row.workflow_id }, 202);
    },
  );
