// Request and response schemas shared by routes; the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi';
import { normaliseNino, ninoProblem, normaliseUtr, utrProblem } from '../domain/identifiers';
import { taxYearProblem } from '../domain/taxYear';

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'INVALID_REQUEST' }),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
  })
  .openapi('Error');

export const UuidParam = z.object({
  id: z.uuid('expected a UUID').openapi({ param: { name: 'id', in: 'path' }, example: '3f1c1f3e-6f4e-4a53-9c1b-2f0e6a1d2b3c' }),
});

export const TaxYearString = z
  .string({ error: "expected a tax year as 'YYYY-YY'" })
  .superRefine((value, ctx) => {
    const problem = taxYearProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ example: '2026-27' });

export const NinoString = z
  .string({ error: 'expected a National Insurance number as text' })
  .transform(normaliseNino)
  .superRefine((value, ctx) => {
    const problem = ninoProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ type: 'string', example: 'AB123456C' });

export const UtrString = z
  .string({ error: 'expected a Unique Taxpayer Reference as text' })
  .transform(normaliseUtr)
  .superRefine((value, ctx) => {
    const problem = utrProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({ type: 'string', example: '2234567890' });

export const errorResponses = {
  400: { description: 'The request is malformed or a field breaks a rule', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
