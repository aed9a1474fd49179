// Tax years as the console lists them: each with its client's name and its steps counted, one query for a page and one
// for the count. The counts are a subquery per row of the page (the unique (tax_year_id, step_key) index serves it).
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/schema';
import { containing, needsAttention, orderOf } from '../steps/queries';
import { TAX_YEAR_STAGES } from '../schemas';
import type { TAX_YEAR_SORTS } from './schemas';

export interface TaxYearFilter {
  id?: string | string[];
  clientId?: string;
  taxYear?: string;
  stage?: string | string[];
  q?: string;
}

type Joined = Database & { ty: Database['tax_years']; c: Database['clients'] };
type From = SelectQueryBuilder<Joined, 'ty' | 'c', object>;

function conditions(eb: ExpressionBuilder<Joined, 'ty' | 'c'>, f: TaxYearFilter) {
  const where = [];
  const ids = f.id === undefined ? undefined : Array.isArray(f.id) ? f.id : [f.id];
  // getMany with no ids matches nothing (and `in ()` is not SQL).
  if (ids) where.push(ids.length === 0 ? sql<boolean>`false` : eb('ty.id', 'in', ids));
  if (f.clientId) where.push(eb('ty.client_id', '=', f.clientId));
  if (f.taxYear) where.push(eb('ty.tax_year', '=', f.taxYear));
  if (f.stage !== undefined) where.push(eb('ty.stage', 'in', Array.isArray(f.stage) ? f.stage : [f.stage]));
  if (f.q) where.push(eb('c.name', 'ilike', containing(f.q)));
  return eb.and(where);
}

function filtered(db: Db, filter: TaxYearFilter): From {
  return db
    .selectFrom('tax_years as ty')
    .innerJoin('clients as c', 'c.id', 'ty.client_id')
    .where((eb) => conditions(eb, filter));
}

export interface StepCounts {
  total: number;
  open: number;
  needsAttention: number;
  done: number;
}

function withColumns(query: From) {
  return query.selectAll('ty').select([
    'c.name as client_name',
    sql<StepCounts>`(
      select jsonb_build_object(
        'total', count(*),
        'open', count(*) filter (where s.status not in ('done', 'skipped', 'cancelled')),
        'needsAttention', count(*) filter (where ${needsAttention('s.status', 's.due_date')}),
        'done', count(*) filter (where s.status in ('done', 'skipped')))
      from steps s where s.tax_year_id = ty.id)`.as('step_counts'),
  ]);
}

export type TaxYearRow = Awaited<ReturnType<ReturnType<typeof withColumns>['executeTakeFirstOrThrow']>>;

const SORT_EXPRESSIONS = {
  taxYear: sql.ref('ty.tax_year'),
  stage: orderOf('ty.stage', TAX_YEAR_STAGES),
  nextDeadline: sql.ref('ty.next_deadline'),
  updatedAt: sql.ref('ty.updated_at'),
  clientName: sql.ref('c.name'),
} satisfies Record<(typeof TAX_YEAR_SORTS)[number], unknown>;

export async function listTaxYears(
  db: Db,
  params: { filter: TaxYearFilter; sort: { field: (typeof TAX_YEAR_SORTS)[number]; order: 'asc' | 'desc' }; range: { start: number; end: number } },
): Promise<{ rows: TaxYearRow[]; total: number }> {
  const { filter, sort, range } = params;
  const [rows, count] = await Promise.all([
    withColumns(filtered(db, filter))
      .orderBy(SORT_EXPRESSIONS[sort.field], (ob) => (sort.order === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast()))
      .orderBy('ty.id')
      .offset(range.start)
      .limit(range.end - range.start + 1)
      .execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function findTaxYearRow(db: Db, id: string): Promise<TaxYearRow | undefined> {
  return withColumns(filtered(db, { id })).executeTakeFirst();
}
