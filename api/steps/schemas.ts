// A step as the API shows it (list row, one step, and the answer to every action), and the bodies of staff actions.
import { z } from '@hono/zod-openapi';
import type { StepState, TaxYearStage } from '../../workflows/taxYear/model';
import { IdsFilter, listQuerySchema } from '../lists';
import { IsoDateString, TAX_YEAR_STAGES, storableText, unstorableText } from '../schemas';
import { MILESTONES, STEP_KINDS, STEP_SORTS, STEP_STATUSES, type StepRow } from './queries';

export function oneOrMany<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1, 'expected at least one value').max(50, 'expected at most 50 values')]);
}

const ProblemSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    errors: z.array(z.object({ code: z.string(), message: z.string(), paths: z.array(z.string()).optional() })).optional(),
    correlationId: z.string().nullable().optional(),
    retriesBySelf: z.boolean(),
  })
  .openapi('StepProblem', { description: "HMRC's code, message and paths (or ours) while the step needs attention" });

const FiguresOut = z.record(z.string(), z.unknown()).openapi({ description: "Integer pence, shaped like HMRC's body without its dates" });

export const StepJsonSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientName: z.string(),
    taxYearId: z.uuid(),
    taxYear: z.string(),
    stage: z.string().openapi({ description: "The year's stage" }),
    stepKey: z.string(),
    kind: z.string(),
    milestone: z.string().nullable(),
    title: z.string().nullable(),
    status: z.string(),
    nextAction: z.string().nullable(),
    dueDate: z.string().nullable(),
    opensOn: z.string().nullable(),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    preparedBy: z.string().nullable().openapi({ description: "A staff id, or 'automation' under the practice's automatic approval" }),
    approvedBy: z.string().nullable(),
    attempts: z.number().int(),
    problem: ProblemSchema.nullable(),
    hmrcBusinessId: z.string().nullable(),
    businessId: z.uuid().nullable().openapi({ description: 'The businesses row (GET /api/businesses/{id}) the step reports for' }),
    detail: z.object({
      figures: FiguresOut.nullable(),
      previousFigures: FiguresOut.nullable(),
      figuresSource: z.enum(['freeagent', 'staff', 'none']).nullable(),
      comments: z.array(z.object({ by: z.string(), at: z.string(), action: z.string(), text: z.string() })),
      flags: z.array(z.string()),
      result: z.record(z.string(), z.unknown()),
    }),
    updatedAt: z.string(),
  })
  .openapi('Step');

export type StepJson = z.infer<typeof StepJsonSchema>;

interface StoredDetail {
  figures?: StepState['figures'];
  previousFigures?: StepState['previousFigures'];
  figuresSource?: StepState['figuresSource'];
  comments?: StepState['comments'];
  flags?: string[];
  result?: Record<string, unknown>;
}

export function toStepJson(row: StepRow): StepJson {
  const detail = (row.detail ?? {}) as StoredDetail;
  return {
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    taxYearId: row.tax_year_id,
    taxYear: row.tax_year,
    stage: row.stage,
    stepKey: row.step_key,
    kind: row.kind,
    milestone: row.milestone,
    title: row.title,
    status: row.status,
    nextAction: row.next_action,
    dueDate: row.due_date,
    opensOn: row.opens_on,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    preparedBy: row.prepared_by,
    approvedBy: row.approved_by,
    attempts: row.attempts,
    problem: (row.last_error ?? null) as StepJson['problem'],
    hmrcBusinessId: row.hmrc_business_id,
    businessId: row.business_id,
    detail: {
      figures: detail.figures ?? null,
      previousFigures: detail.previousFigures ?? null,
      figuresSource: detail.figuresSource ?? null,
      comments: detail.comments ?? [],
      flags: detail.flags ?? [],
      result: detail.result ?? {},
    },
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The step as the workflow answered an action, over its projection row (which the workflow updates moments later). */
export function withWorkflowState(json: StepJson, step: StepState | null, stage: TaxYearStage): StepJson {
  if (!step) return { ...json, stage };
  return {
    ...json,
    stage,
    kind: step.kind,
    milestone: step.milestone,
    title: step.title,
    status: step.status,
    nextAction: step.nextAction,
    dueDate: step.dueDate,
    opensOn: step.opensOn,
    periodStart: step.periodStart,
    periodEnd: step.periodEnd,
    preparedBy: step.preparedBy,
    approvedBy: step.approvedBy,
    problem: step.problem,
    hmrcBusinessId: step.businessId,
    detail: { figures: step.figures, previousFigures: step.previousFigures, figuresSource: step.figuresSource, comments: step.comments, flags: step.flags, result: step.result },
  };
}

export const StepListQuery = listQuerySchema(
  STEP_SORTS,
  z.object({
    id: IdsFilter.optional(),
    taxYearId: oneOrMany(z.uuid('expected a UUID')).optional().openapi({ description: 'One year, or several (a page of years, e.g. for their authorisation steps)' }),
    clientId: z.uuid('expected a UUID').optional(),
    stage: oneOrMany(z.enum(TAX_YEAR_STAGES, { error: `expected one of ${TAX_YEAR_STAGES.join(', ')}` })).optional(),
    status: oneOrMany(z.enum(STEP_STATUSES, { error: `expected one of ${STEP_STATUSES.join(', ')}` })).optional(),
    milestone: oneOrMany(z.enum(MILESTONES, { error: `expected one of ${MILESTONES.join(', ')}` })).optional(),
    kind: oneOrMany(z.enum(STEP_KINDS, { error: `expected one of ${STEP_KINDS.join(', ')}` })).optional(),
    dueBefore: IsoDateString.optional().openapi({ description: 'Steps due before this date' }),
    assigneeId: z.uuid('expected a UUID').optional().openapi({ description: 'Steps of the clients this member of staff looks after' }),
    needsAttention: z.boolean({ error: 'expected true or false' }).optional().openapi({
      description: 'true: parked (needs-attention), or still open after its due date (London time); false: the rest',
    }),
    q: storableText('expected text', 200).optional().openapi({ description: "Part of the client's name" }),
  }),
);

const Comment = storableText('expected the comment as text', 2000);

export const CommentBody = z.object({ comment: Comment.optional() }).strict().openapi('StepComment');
export const RejectBody = z.object({ comment: Comment.pipe(z.string().min(1, 'required when rejecting: say what to fix')) }).strict().openapi('StepRejection');

export const ConfirmForClientBody = z
  .object({
    confirmedBy: storableText('expected who confirmed, as text', 200).pipe(z.string().min(1, 'required: who confirmed')),
    confirmedAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time, e.g. 2028-01-20T10:30:00Z' }),
    method: storableText('expected how the client confirmed, as text', 100).pipe(z.string().min(1, "required: how the client confirmed, e.g. 'email'")),
  })
  .strict()
  .openapi('ClientConfirmation');

const MAX_FIGURE_DEPTH = 8;
const MAX_FIGURE_VALUES = 2000;

/** Why a figures tree is the wrong shape (the workflow's figureProblems then checks each amount). */
function figureShapeProblems(value: unknown): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  let values = 0;
  const walk = (v: unknown, path: (string | number)[], depth: number, inArray: boolean): void => {
    values += 1;
    if (problems.length >= 20) return;
    if (values > MAX_FIGURE_VALUES) {
      if (values === MAX_FIGURE_VALUES + 1) problems.push({ path: [], message: `expected at most ${MAX_FIGURE_VALUES} values` });
      return;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return;
    if (typeof v === 'string') {
      const unstorable = unstorableText(v);
      if (v.length > 500) problems.push({ path, message: 'expected at most 500 characters' });
      else if (unstorable) problems.push({ path, message: unstorable });
      return;
    }
    if (depth >= MAX_FIGURE_DEPTH) {
      problems.push({ path, message: `expected figures nested at most ${MAX_FIGURE_DEPTH} deep` });
      return;
    }
    if (Array.isArray(v) && !inArray) {
      v.forEach((item, i) => walk(item, [...path, i], depth + 1, true));
      return;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [key, item] of Object.entries(v)) {
        const unstorable = key.length > 100 ? 'expected field names of at most 100 characters' : unstorableText(key);
        // The parent is named: the field's own name is what cannot be shown.
        if (unstorable) problems.push({ path, message: unstorable });
        else walk(item, [...path, key], depth + 1, false);
      }
      return;
    }
    problems.push({ path, message: 'expected amounts in integer pence, booleans, text, or objects (and lists of objects) of them' });
  };
  walk(value, [], 0, false);
  return problems;
}

export const FiguresBody = z
  .object({
    figures: z
      .record(z.string(), z.unknown(), { error: 'expected an object of figures' })
      .superRefine((figures, ctx) => {
        for (const p of figureShapeProblems(figures)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
      })
      .openapi({
        description: "Integer pence, shaped like HMRC's body without its dates, e.g. { periodIncome: { turnover: 1000000 } }",
        example: { periodIncome: { turnover: 1_000_000, other: 0 }, periodExpenses: { consolidatedExpenses: 250_050 } },
      }),
  })
  .strict()
  .openapi('StepFigures');

export const BulkApproveBody = z
  .object({
    ids: z.array(z.uuid('expected a UUID'), { error: 'expected a list of step ids' }).min(1, 'expected at least one id').max(500, 'expected at most 500 ids'),
    comment: Comment.optional(),
  })
  .strict()
  .openapi('BulkApprove');

export const BulkApproveResult = z
  .object({
    results: z.array(
      z.object({
        id: z.uuid(),
        outcome: z.enum(['approved', 'refused', 'not-found']),
        code: z.string().optional(),
        message: z.string().optional(),
        fields: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
        step: StepJsonSchema.optional(),
      }),
    ),
    totals: z.object({ approved: z.number().int(), refused: z.number().int(), notFound: z.number().int() }),
  })
  .openapi('BulkApproveResult');
