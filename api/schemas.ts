// Request and response schemas shared by routes; the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi';
import { normaliseNino, ninoProblem, normaliseUtr, utrProblem } from '../domain/identifiers';
import { taxYearProblem } from '../domain/taxYear';
import type { TaxYearStage } from '../workflows/taxYear/model';

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

/** A string, normalised, then checked by a domain rule whose message becomes the field's rule. */
function checkedString(typeMessage: string, problem: (value: string) => string | null, example: string, normalise: (value: string) => string = (v) => v) {
  return z
    .string({ error: typeMessage })
    .transform(normalise)
    .superRefine((value, ctx) => {
      const message = problem(value);
      if (message) ctx.addIssue({ code: 'custom', message });
    })
    .openapi({ type: 'string', example });
}

export const TaxYearString = checkedString("expected a tax year as 'YYYY-YY'", taxYearProblem, '2026-27');
export const NinoString = checkedString('expected a National Insurance number as text', ninoProblem, 'AB123456C', normaliseNino);
export const UtrString = checkedString('expected a Unique Taxpayer Reference as text', utrProblem, '2234567890', normaliseUtr);

export const errorResponses = {
  400: { description: 'The request is malformed or a field breaks a rule', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const TAX_YEAR_STAGES = [
  'starting',
  'authorisation',
  'in-year',
  'year-end',
  'final-declaration',
  'payments',
  'complete',
  'not-in-mtd',
  'cancelled',
] as const satisfies readonly TaxYearStage[];

/** A calendar date, 'YYYY-MM-DD', that exists (and that PostgreSQL's date holds). */
export const IsoDateString = z
  .string({ error: "expected a date as 'YYYY-MM-DD'" })
  .regex(/^(19|2\d)\d{2}-\d{2}-\d{2}$/, "expected a date from 1900 to 2999 as 'YYYY-MM-DD'")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'expected a date that exists')
  .openapi({ type: 'string', format: 'date', example: '2026-08-07' });

/** Why text cannot be stored (PostgreSQL's text and jsonb refuse NUL and unpaired surrogates), or null. */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'expected text without NUL characters';
  if (/\p{Cs}/u.test(value)) return 'expected well-formed Unicode text';
  return null;
}

/** Text that PostgreSQL will store, trimmed, at most `max` characters. */
export function storableText(typeMessage: string, max: number) {
  return z
    .string({ error: typeMessage })
    .trim()
    .max(max, `expected at most ${max} characters`)
    .superRefine((value, ctx) => {
      const problem = unstorableText(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
