// The category mapping's request and response schemas: targets are checked against HMRC's field names, typos named.
import { z } from '@hono/zod-openapi';
import { SELF_EMPLOYMENT_FIELDS, UK_PROPERTY_FIELDS, type CategoryMapping, type SelfEmploymentField, type UkPropertyField } from '../../integrations/freeagent/categoryMapping';

/** Edit distance, to suggest the field a typo meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

function closest(input: string, fields: readonly string[]): string | null {
  const ranked = fields.map((field) => ({ field, d: distance(input.toLowerCase(), field.toLowerCase()) })).sort((x, y) => x.d - y.d);
  return ranked[0] && ranked[0].d <= Math.max(3, Math.floor(input.length / 4)) ? ranked[0].field : null;
}

/** A target: one of HMRC's fields, { excluded: reason } to leave the category out on purpose, or null for no mapping. */
function targetSchema<T extends string>(fields: readonly [T, ...T[]], kind: string, example: T) {
  const expected = `expected one of ${fields.join(', ')}; or {"excluded": "<why>"}; or null for no mapping`;
  return z
    .union([z.enum(fields), z.object({ excluded: z.string({ error: 'expected the reason as text' }).trim().min(1, 'expected a reason staff will see').max(500, 'expected at most 500 characters') }).strict(), z.null()], {
      error: (issue) => {
        if (issue.input === undefined) return `required: ${expected}`;
        if (typeof issue.input !== 'string') return expected;
        const guess = closest(issue.input, fields);
        return `'${issue.input}' is not an HMRC ${kind} field${guess ? ` (did you mean '${guess}'?)` : ''}: ${expected}`;
      },
    })
    .openapi({ example });
}

const selfEmploymentFields = SELF_EMPLOYMENT_FIELDS as readonly [SelfEmploymentField, ...SelfEmploymentField[]];
const ukPropertyFields = UK_PROPERTY_FIELDS as readonly [UkPropertyField, ...UkPropertyField[]];

export const SelfEmploymentTargetInput = targetSchema(selfEmploymentFields, 'self-employment', 'periodExpenses.adminCosts');
export const UkPropertyTargetInput = targetSchema(ukPropertyFields, 'UK property', 'expenses.other');

export const NominalCodeParam = z.object({
  nominalCode: z
    .string()
    .regex(/^\d{3}(-\d+)?$/, "expected a FreeAgent nominal code: three digits, or a sub-account such as '285-1'")
    .refine((code) => Number(code.slice(0, 3)) < 600, 'expected a profit and loss category (001 to 599): 600 and above are the balance sheet, never income or expenses')
    .openapi({ param: { name: 'nominalCode', in: 'path' }, example: '363' }),
});

export const OverrideInputSchema = z
  .object({
    freeAgentName: z
      .string({ error: 'expected the category name as text' })
      .trim()
      .min(1, 'expected a name of 1 to 200 characters')
      .max(200, 'expected a name of 1 to 200 characters')
      .optional()
      .openapi({ description: "FreeAgent's name for the category; needed only for a category the table does not list." }),
    selfEmployment: SelfEmploymentTargetInput,
    ukProperty: UkPropertyTargetInput,
  })
  .strict()
  .superRefine((body, ctx) => {
    // One reason is kept per category (excluded_reason), so two sides left out must say the same.
    const se = body.selfEmployment;
    const up = body.ukProperty;
    if (se && typeof se === 'object' && up && typeof up === 'object' && se.excluded !== up.excluded) {
      ctx.addIssue({ code: 'custom', path: ['ukProperty', 'excluded'], message: 'expected the same reason as selfEmployment.excluded: one reason is kept per category' });
    }
  })
  .openapi('CategoryMappingOverride');

const TargetOutput = z.union([z.string(), z.object({ excluded: z.string() }), z.null()]);

export const CategoryMappingSchema = z
  .object({
    /** react-admin's record id: the nominal code. */
    id: z.string(),
    nominalCode: z.string(),
    freeAgentName: z.string(),
    selfEmployment: TargetOutput,
    ukProperty: TargetOutput,
    source: z.enum(['default', 'override']).openapi({ description: "'override': the practice's own row, in place of the table's (if it has one)." }),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('CategoryMapping');

export type CategoryMappingJson = z.infer<typeof CategoryMappingSchema>;

export function toCategoryMappingJson(row: CategoryMapping & { updatedAt?: Date; updatedBy?: string | null }): CategoryMappingJson {
  return {
    id: row.nominalCode,
    nominalCode: row.nominalCode,
    freeAgentName: row.freeAgentName,
    selfEmployment: row.selfEmployment,
    ukProperty: row.ukProperty,
    source: row.basis === 'override' ? 'override' : 'default',
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
    updatedBy: row.updatedBy ?? null,
  };
}
