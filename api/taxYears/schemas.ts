// A tax year as the API shows it (list row, and the whole year with its steps and workflow), and the bodies that start,
// cancel and record payments.
import { z } from '@hono/zod-openapi';
import { StepJsonSchema } from '../steps/schemas';
import { IdsFilter, listQuerySchema } from '../lists';
import { IsoDateString, TAX_YEAR_STAGES, TaxYearString, storableText } from '../schemas';

export const ScheduleSchema = z
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
export type Schedule = z.infer<typeof ScheduleSchema>;

export const StartTaxYearSchema = z
  .object({
    clientId: z.uuid('expected the id (a UUID) of an existing client'),
    taxYear: TaxYearString,
    schedule: ScheduleSchema.default({ mode: 'real' }),
  })
  .strict()
  .openapi('StartTaxYear');

export const MAX_BULK_YEARS = 10_000;

export const BulkStartSchema = z
  .object({
    taxYear: TaxYearString,
    clientIds: z
      .array(z.uuid('expected a UUID'), { error: 'expected a list of client ids' })
      .min(1, 'expected at least one client id')
      .max(MAX_BULK_YEARS, `expected at most ${MAX_BULK_YEARS} client ids`)
      .optional(),
    all: z.literal(true, { error: 'expected true (every client), or give clientIds instead' }).optional(),
    schedule: ScheduleSchema.default({ mode: 'real' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.clientIds === undefined) === (body.all === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['clientIds'], message: 'give either clientIds or all: true, not both or neither' });
    }
  })
  .openapi('BulkStartTaxYears');

export const BulkStartResultSchema = z
  .object({
    taxYear: z.string(),
    results: z.array(
      z.object({
        clientId: z.uuid(),
        taxYearId: z.uuid().optional(),
        outcome: z.enum(['started', 'already-running', 'failed']),
        message: z.string().optional(),
      }),
    ),
    totals: z.object({ started: z.number().int(), alreadyRunning: z.number().int(), failed: z.number().int() }),
  })
  .openapi('BulkStartResult');

export const BulkCancelSchema = z
  .object({
    ids: z
      .array(z.uuid('expected a UUID'), { error: 'expected a list of tax year ids' })
      .min(1, 'expected at least one tax year id')
      .max(MAX_BULK_YEARS, `expected at most ${MAX_BULK_YEARS} tax year ids`),
  })
  .strict()
  .openapi('BulkCancelTaxYears');

export const BulkCancelResultSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.uuid(),
        outcome: z.enum(['cancelled', 'not-running', 'not-found', 'failed']),
        message: z.string().optional(),
      }),
    ),
    totals: z.object({ cancelled: z.number().int(), notRunning: z.number().int(), notFound: z.number().int(), failed: z.number().int() }),
  })
  .openapi('BulkCancelResult');

export const PaymentParams = z.object({
  id: z.uuid('expected a UUID').openapi({ param: { name: 'id', in: 'path' }, example: '3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c' }),
  paymentKey: z
    .string()
    .min(1)
    .max(100, 'expected at most 100 characters')
    .openapi({ param: { name: 'paymentKey', in: 'path', description: "The payment's key, URL-encoded: balancing-payment%2F2026-27" }, example: 'balancing-payment%2F2026-27' }),
});

export const PaymentPaidSchema = z
  .object({ paidOn: IsoDateString.openapi({ description: 'The day the client paid' }) })
  .strict()
  .openapi('PaymentPaid');

export const PaymentSchema = z
  .object({
    key: z.string(),
    kind: z.enum(['first-payment-on-account', 'second-payment-on-account', 'balancing-payment']),
    taxYear: z.string(),
    dueDate: z.string(),
    amountPence: z.number().int(),
    status: z.enum(['due', 'paid', 'overdue', 'repayment']),
    paidOn: z.string().nullable(),
    projection: z.object({ asOf: z.string(), interestPence: z.number().int(), penaltyPence: z.number().int() }).nullable(),
  })
  .openapi('Payment');

export const PaymentRecordedSchema = z.object({ taxYearId: z.uuid(), stage: z.string(), payment: PaymentSchema }).openapi('PaymentRecorded');

const StepCountsSchema = z
  .object({
    total: z.number().int(),
    open: z.number().int().openapi({ description: 'Not yet done, skipped or cancelled' }),
    needsAttention: z.number().int().openapi({ description: 'Parked for staff, or open after its due date' }),
    done: z.number().int().openapi({ description: 'Done or skipped' }),
  })
  .openapi('StepCounts');

export const TaxYearRowSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientName: z.string(),
    taxYear: z.string(),
    stage: z.string(),
    nextDeadline: z.string().nullable(),
    agentType: z.string().nullable(),
    itsaStatus: z.string().nullable(),
    workflowId: z.string(),
    stepCounts: StepCountsSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TaxYearRow');

export const TaxYearSchema = TaxYearRowSchema.extend({
  workflow: z.object({ id: z.string(), status: z.string(), url: z.string().nullable() }),
  payments: z.array(PaymentSchema),
  penaltyPoints: z.array(z.unknown()),
  steps: z.array(StepJsonSchema),
}).openapi('TaxYear');

export const TAX_YEAR_SORTS = ['taxYear', 'stage', 'nextDeadline', 'updatedAt', 'clientName'] as const;

export const TaxYearListQuery = listQuerySchema(
  TAX_YEAR_SORTS,
  z.object({
    id: IdsFilter.optional(),
    clientId: z.uuid('expected a UUID').optional(),
    taxYear: TaxYearString.optional(),
    stage: z
      .union([
        z.enum(TAX_YEAR_STAGES, { error: `expected one of ${TAX_YEAR_STAGES.join(', ')}` }),
        z.array(z.enum(TAX_YEAR_STAGES, { error: `expected one of ${TAX_YEAR_STAGES.join(', ')}` })).min(1, 'expected at least one stage').max(TAX_YEAR_STAGES.length),
      ])
      .optional(),
    q: storableText('expected text', 200).optional().openapi({ description: "Part of the client's name" }),
  }),
);
