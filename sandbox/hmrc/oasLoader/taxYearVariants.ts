// Picks the tax year's definition out of HMRC's `oneOf: [def1 .. defN]` schemas, using each definition's title.
import { type JsonSchema } from './types';

export interface TaxYearRange {
  /** First tax year covered, as its starting calendar year (2025 for 2025-26); undefined when open-ended. */
  from?: number;
  to?: number;
}

const year = String.raw`(\d{4})-\d{2}`;

/**
 * Reads titles such as "TY 2023-24 or before", "Before TY 2023-24", "For TY 2025-26", "TY 2023-24 and 2024-25",
 * "Tax Years 2025-26 Onwards" or "[Test only] For TY 2026-27 and after". Undefined when the title names no tax year.
 */
export function taxYearRange(title: string): TaxYearRange | undefined {
  const text = title.replace(/\[Test only\]/gi, '').trim();
  let found: RegExpExecArray | null;
  if ((found = new RegExp(String.raw`before\s+(?:TY\s+)?${year}`, 'i').exec(text))) return { to: Number(found[1]) - 1 };
  if ((found = new RegExp(String.raw`${year}\s+(?:and|or)\s+before`, 'i').exec(text))) return { to: Number(found[1]) };
  if ((found = new RegExp(String.raw`${year}\s+(?:and\s+)?(?:after|onwards)`, 'i').exec(text))) return { from: Number(found[1]) };
  if ((found = new RegExp(String.raw`${year}\s+and\s+${year}`, 'i').exec(text))) return { from: Number(found[1]), to: Number(found[2]) };
  if ((found = new RegExp(String.raw`\b${year}\b`, 'i').exec(text))) return { from: Number(found[1]), to: Number(found[1]) };
  return undefined;
}

/** The `oneOf` branches of a tax-year-dependent schema with their ranges; empty when the schema is not one. */
export function taxYearVariants(schema: JsonSchema): Array<{ range: TaxYearRange; schema: JsonSchema }> {
  if (!Array.isArray(schema.oneOf)) return [];
  const variants = (schema.oneOf as JsonSchema[]).map((branch) => ({
    range: typeof branch.title === 'string' ? taxYearRange(branch.title) : undefined,
    schema: branch,
  }));
  return variants.every((v) => v.range) ? (variants as Array<{ range: TaxYearRange; schema: JsonSchema }>) : [];
}

/**
 * The definition HMRC applies for `taxYear` ('2025-26'). The schema itself when it does not vary by tax year or no
 * definition covers that year (HMRC rejects such years before looking at the body).
 */
export function schemaForTaxYear(schema: JsonSchema, taxYear: string): JsonSchema {
  const start = Number(taxYear.slice(0, 4));
  const match = taxYearVariants(schema).find(({ range }) => (range.from ?? -Infinity) <= start && start <= (range.to ?? Infinity));
  return match?.schema ?? schema;
}
