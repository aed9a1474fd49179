// /api/steps: the steps of every year, listed with filters (what needs attention, what is due, whose clients), and the
// staff actions on one step. Each action is the year's `act` Update: the workflow decides (four eyes among its rules),
// audits what it accepted, and answers with the step as it now stands.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { StaffAction } from '../../workflows/taxYear/model';
import { createRouter, type AppEnv } from '../context';
import { ApiError } from '../errors';
import { contentRangeHeader, idList, setContentRange } from '../lists';
import { apiRoute } from '../route';
import { actorOf } from '../webSession';
import type { Access } from '../auth/middleware';
import { ErrorSchema, UuidParam, errorResponses } from '../schemas';
import { act, actionError, mapBounded } from '../taxYears/act';
import { findStep, findSteps, listSteps, type StepRow } from './queries';
import {
  BulkApproveBody,
  BulkApproveResult,
  CommentBody,
  ConfirmForClientBody,
  FiguresBody,
  RejectBody,
  StepJsonSchema,
  StepListQuery,
  toStepJson,
  withWorkflowState,
  type StepJson,
} from './schemas';

/** How many approvals a bulk request sends at once. */
const BULK_APPROVE_CONCURRENCY = 8;

const actionResponses = {
  200: { description: 'The step as the workflow now has it', content: { 'application/json': { schema: StepJsonSchema } } },
  400: errorResponses[400],
  404: errorResponses[404],
  409: {
    description: "Refused by the year's workflow (ACTION_REFUSED, naming the field and rule, e.g. by.staffId for four eyes), or the year is not running (TAX_YEAR_NOT_RUNNING)",
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: { description: "The year's workflow did not answer in time (ENGINE_UNAVAILABLE)", content: { 'application/json': { schema: ErrorSchema } } },
} as const;

function stepNotFound(id: string): ApiError {
  return new ApiError(404, 'STEP_NOT_FOUND', `No step with id ${id}`, [{ field: 'id', rule: 'must be an existing step' }]);
}

async function existingStep(c: Context<AppEnv>, id: string): Promise<StepRow> {
  const row = await findStep(c.get('deps').db, id);
  if (!row) throw stepNotFound(id);
  return row;
}

/** Sends `action` (for the step `id`, by the caller) to the step's year and answers with the step it changed. */
async function actOnStep(c: Context<AppEnv>, id: string, build: (stepKey: string, by: StaffAction['by']) => StaffAction): Promise<StepJson> {
  const row = await existingStep(c, id);
  const result = await act(c.get('deps'), row.workflow_id, build(row.step_key, actorOf(c)));
  return withWorkflowState(toStepJson(row), result.step, result.stage);
}

/** One action route: POST /{id}/<path> (PUT for figures), the body checked by `body`. */
function actionRoute<B extends z.ZodType>(access: Access, method: 'post' | 'put', path: string, summary: string, description: string, body: B) {
  return apiRoute(access, {
    method,
    path: `/{id}/${path}`,
    tags: ['Steps'],
    summary,
    description,
    request: { params: UuidParam, body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: actionResponses,
  });
}

export const stepsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Steps'],
      summary: 'List the steps of every year',
      description:
        "ra-data-simple-rest: sort ([field, 'ASC'|'DESC'] over dueDate, status (most urgent first), milestone (the year's order), updatedAt, clientName), range ([start, end]) and filter: id and taxYearId (one or a list), clientId, stage (the year's), status, milestone, kind (each one or a list), dueBefore ('YYYY-MM-DD', due before that day), assigneeId (the clients a member of staff looks after), needsAttention (parked, or open after its due date in London), q (part of the client's name).",
      request: { query: StepListQuery },
      responses: {
        200: { description: 'A page of steps; Content-Range gives the total', headers: contentRangeHeader, content: { 'application/json': { schema: z.array(StepJsonSchema) } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { filter, sort, range } = c.req.valid('query');
      const { rows, total } = await listSteps(db, { filter: { ...filter, id: idList(filter.id) }, sort, range });
      setContentRange(c, 'steps', range.start, rows.length, total);
      return c.json(rows.map(toStepJson), 200);
    },
  )
  .openapi(
    apiRoute('steps:review', {
      method: 'post',
      path: '/bulk-approve',
      tags: ['Steps'],
      summary: 'Approve many steps',
      description: `Approves each step as POST /api/steps/{id}/approve does (${BULK_APPROVE_CONCURRENCY} at a time); each is approved, refused (with the workflow's code, message and fields, e.g. four eyes) or not found.`,
      request: { body: { required: true, content: { 'application/json': { schema: BulkApproveBody } } } },
      responses: {
        200: { description: "Each step's outcome, and the totals", content: { 'application/json': { schema: BulkApproveResult } } },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { ids, comment } = c.req.valid('json');
      const by = actorOf(c);
      const unique = [...new Set(ids)];
      const rows = new Map((await findSteps(deps.db, unique)).map((row) => [row.id, row]));
      const results = await mapBounded(unique, BULK_APPROVE_CONCURRENCY, async (id): Promise<z.infer<typeof BulkApproveResult>['results'][number]> => {
        const row = rows.get(id);
        if (!row) return { id, outcome: 'not-found', code: 'STEP_NOT_FOUND', message: `No step with id ${id}` };
        try {
          const result = await act(deps, row.workflow_id, { action: 'approve', stepKey: row.step_key, by, ...(comment ? { comment } : {}) });
          return { id, outcome: 'approved', step: withWorkflowState(toStepJson(row), result.step, result.stage) };
        } catch (err) {
          const refusal = err instanceof ApiError ? err : actionError(err);
          if (!refusal) {
            deps.log.error('Step not approved in bulk', { stepId: id, error: err });
            return { id, outcome: 'refused', code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; it has been logged.' };
          }
          return { id, outcome: 'refused', code: refusal.code, message: refusal.message, ...(refusal.fields ? { fields: refusal.fields } : {}) };
        }
      });
      const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
      return c.json({ results, totals: { approved: count('approved'), refused: count('refused'), notFound: count('not-found') } }, 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{id}',
      tags: ['Steps'],
      summary: 'Read a step',
      request: { params: UuidParam },
      responses: { 200: { description: 'The step', content: { 'application/json': { schema: StepJsonSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => c.json(toStepJson(await existingStep(c, c.req.valid('param').id)), 200),
  )
  .openapi(
    actionRoute('steps:prepare', 'put', 'figures', 'Enter the figures of a step', "Integer pence in HMRC's shape; the workflow checks each amount and refuses (409, naming the field) what HMRC would.", FiguresBody),
    async (c) => {
      const { figures } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'enter-figures', stepKey, by, figures: figures as never })), 200);
    },
  )
  .openapi(
    actionRoute('steps:prepare', 'post', 'submit-for-review', 'Submit a step for review', 'The caller becomes its preparer: a different member of staff must approve it.', CommentBody),
    async (c) => {
      const { comment } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'submit-for-review', stepKey, by, ...(comment ? { comment } : {}) })), 200);
    },
  )
  .openapi(
    actionRoute('steps:review', 'post', 'approve', 'Approve a step', "Four eyes: refused (409 ACTION_REFUSED, field by.staffId) when the caller prepared it. The year then sends it to HMRC.", CommentBody),
    async (c) => {
      const { comment } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'approve', stepKey, by, ...(comment ? { comment } : {}) })), 200);
    },
  )
  .openapi(
    actionRoute('steps:review', 'post', 'reject', 'Reject a step back to its preparer', 'The comment says what to fix; it becomes the next action.', RejectBody),
    async (c) => {
      const { comment } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'reject', stepKey, by, comment })), 200);
    },
  )
  .openapi(
    actionRoute('steps:retry', 'post', 'retry', 'Try a parked step again', 'For a step that needs attention once what HMRC refused is fixed.', CommentBody),
    async (c) => {
      const { comment } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'retry', stepKey, by, ...(comment ? { comment } : {}) })), 200);
    },
  )
  .openapi(
    actionRoute('steps:retry', 'post', 'acknowledge', 'Note a step', 'Records that staff have seen it (with an optional comment).', CommentBody),
    async (c) => {
      const { comment } = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'acknowledge', stepKey, by, ...(comment ? { comment } : {}) })), 200);
    },
  )
  .openapi(
    actionRoute('steps:prepare', 'post', 'confirm-for-client', "Record the client's confirmation", 'Who confirmed, when and how; the year then makes the final declaration.', ConfirmForClientBody),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await actOnStep(c, c.req.valid('param').id, (stepKey, by) => ({ action: 'confirm-for-client', stepKey, by, ...body })), 200);
    },
  );
