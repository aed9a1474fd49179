// Lists in ra-data-simple-rest's shape, so the console uses a standard data provider:
//   GET /api/clients?sort=["name","ASC"]&range=[0,24]&filter={"q":"smith"}  ->  rows, and Content-Range: clients 0-24/319
// Each resource says which fields sort and which filters it takes; anything else is a 400 naming the field.
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';

export const MAX_PAGE = 1000;

export interface ListParams<S extends string, F> {
  sort: { field: S; order: 'asc' | 'desc' };
  range: { start: number; end: number };
  filter: F;
}

/** A JSON-encoded query parameter: parsed, then checked by `schema` (its problems keep their paths under the parameter). */
function jsonParam<T extends z.ZodType>(name: string, example: string, schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected JSON, e.g. ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema)
    .optional()
    .openapi({ type: 'string', example, param: { name, in: 'query' } });
}

/**
 * The query schema of a list: `sort` over the given fields (default first, ascending), `range` (default the first 25
 * rows, at most MAX_PAGE), and `filter` as the resource defines it (unknown filter fields are refused).
 */
export function listQuerySchema<const S extends readonly [string, ...string[]], F extends z.ZodObject>(sortable: S, filter: F) {
  const sort = z.tuple([z.enum(sortable, { error: `expected one of ${sortable.join(', ')}` }), z.enum(['ASC', 'DESC', 'asc', 'desc'], { error: "expected 'ASC' or 'DESC'" })], {
    error: `expected ["field","ASC|DESC"], the field one of ${sortable.join(', ')}`,
  });
  const range = z
    .tuple([z.number().int().min(0, 'expected 0 or more'), z.number().int().min(0, 'expected 0 or more')], { error: 'expected [start, end], e.g. [0,24]' })
    .refine(([start, end]) => end >= start, 'expected end at or after start')
    .refine(([start, end]) => end - start < MAX_PAGE, `expected at most ${MAX_PAGE} rows per page`);
  return z
    .object({
      sort: jsonParam('sort', `["${sortable[0]}","ASC"]`, sort),
      range: jsonParam('range', '[0,24]', range),
      filter: jsonParam('filter', '{}', filter.strict()),
    })
    .transform(({ sort: s, range: r, filter: f }) => ({
      sort: { field: (s?.[0] ?? sortable[0]) as S[number], order: (s?.[1]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' },
      range: { start: r?.[0] ?? 0, end: r?.[1] ?? 24 },
      filter: (f ?? {}) as z.output<F>,
    }));
}

/** Sets Content-Range for a page of `rows` out of `total`. */
export function setContentRange(c: Context, resource: string, start: number, rows: number, total: number): void {
  c.header('Content-Range', rows === 0 ? `${resource} */${total}` : `${resource} ${start}-${start + rows - 1}/${total}`);
}

/** A filter's `id` (getMany): one id or several. */
export const IdsFilter = z.union([z.uuid('expected a UUID'), z.array(z.uuid('expected a UUID')).max(MAX_PAGE, `expected at most ${MAX_PAGE} ids`)]);
export function idList(value: string | string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}

/** A list's response headers in the OpenAPI document. */
export const contentRangeHeader = { 'Content-Range': { description: 'ra-data-simple-rest paging: resource start-end/total', schema: { type: 'string' as const } } };
