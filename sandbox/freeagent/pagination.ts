// FreeAgent's list pagination: page and per_page (25 by default, at most 100), a Link header with prev, next, first and
// last, and X-Total-Count. Shared by every list endpoint the emulator serves.
import type { Context } from 'hono';
import { badRequest } from './errors';

const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 100;

/**
 * The requested page of items, with the Link and X-Total-Count headers set on the answer. resourceUrl is the list's
 * public URL (the emulator may be mounted under a prefix); the other query parameters are kept in every link.
 */
export function paginate<T>(c: Context, items: readonly T[], resourceUrl: string): T[] {
  const page = Number(c.req.query('page') ?? '1');
  const perPage = Number(c.req.query('per_page') ?? String(DEFAULT_PER_PAGE));
  if (!Number.isInteger(page) || page < 1) throw badRequest('page must be a whole number from 1');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw badRequest(`per_page must be a whole number from 1 to ${MAX_PER_PAGE}`);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const search = new URL(c.req.url).searchParams;
    search.set('page', String(n));
    search.set('per_page', String(perPage));
    return `<${resourceUrl}?${search.toString()}>; rel="${rel}"`;
  };
  const links = [page > 1 ? link(page - 1, 'prev') : '', page < last ? link(page + 1, 'next') : '', link(1, 'first'), link(last, 'last')].filter(Boolean);
  c.header('Link', links.join(', '));
  c.header('X-Total-Count', String(items.length));
  return items.slice((page - 1) * perPage, page * perPage);
}
