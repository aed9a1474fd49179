// The steps of every year as the console lists them: one query for a page (each step with its year and client), one for
// the count, over the same filters. Status filters use the (status, due_date) index; the rest read the steps table once.
import { sql, type ExpressionBuilder, type OrderByItemBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/schema';
import type { Milestone, StepState, StepStatus } from '../../workflows/taxYear/model';

export const STEP_STATUSES = [
  'needs-attention',
  'awaiting-review',
  'awaiting-preparer',
  'awaiting-figures',
  'awaiting-client',
  'in-progress',
  'waiting',
  'scheduled',
  'done',
  'skipped',
  'cancelled',
] as const satisfies readonly StepStatus[];
export const MILESTONES = ['setup', 'q1', 'q2', 'q3', 'q4', 'year-end', 'final-declaration', 'payments'] as const satisfies readonly Milestone[];
export const STEP_KINDS = [
  'authorisation',
  'income-sources',
  'other-income',
  'quarterly-update',
  'annual-submission',
  'adjustments',
  'losses',
  'calculation',
  'client-confirmation',
  'final-declaration',
  'payment',
] as const satisfies readonly StepState['kind'][];
export const FINISHED_STATUSES = ['done', 'skipped', 'cancelled'] as const;

/** Today's date in London, where HMRC's deadlines fall. */
export const LONDON_TODAY = sql<string>`(now() at time zone 'Europe/London')::date`;

/** A step that needs someone: parked (needs-attention), or still open after its due date. */
export function needsAttention(status: string, dueDate: string) {
  const s = sql.ref(status);
  // Never null (a step without a due date is simply not late), so the filter's `false` is its exact complement.
  return sql<boolean>`(${s} = 'needs-attention' or (${s} not in ('done', 'skipped', 'cancelled') and coalesce(${sql.ref(dueDate)} < ${LONDON_TODAY}, false)))`;
}

/** Sorts by a list's order (e.g. milestones in the year's order) rather than the alphabet. */
export function orderOf(column: string, values: readonly string[]) {
  return sql<number>`array_position(${sql.val(values)}::text[], ${sql.ref(column)})`;
}

export interface StepFilter {
  id?: string | string[];
  taxYearId?: string | string[];
  clientId?: string;
  stage?: string | string[];
  status?: string | string[];
  milestone?: string | string[];
  kind?: string | string[];
  dueBefore?: string;
  assigneeId?: string;
  needsAttention?: boolean;
  q?: string;
}

export const STEP_SORTS = ['dueDate', 'status', 'milestone', 'updatedAt', 'clientName'] as const;
export type StepSort = (typeof STEP_SORTS)[number];

type Joined = Database & { s: Database['steps']; ty: Database['tax_years']; c: Database['clients'] };
type Eb = ExpressionBuilder<Joined, 's' | 'ty' | 'c'>;

function oneOrMany(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** Matches `text` anywhere, with LIKE's own characters taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function conditions(eb: Eb, f: StepFilter) {
  const where = [];
  // getMany with no ids matches nothing (and `in ()` is not SQL).
  if (f.id !== undefined) where.push(oneOrMany(f.id).length === 0 ? sql<boolean>`false` : eb('s.id', 'in', oneOrMany(f.id)));
  if (f.taxYearId !== undefined) where.push(eb('s.tax_year_id', 'in', oneOrMany(f.taxYearId)));
  if (f.clientId) where.push(eb('ty.client_id', '=', f.clientId));
  if (f.stage !== undefined) where.push(eb('ty.stage', 'in', oneOrMany(f.stage)));
  if (f.status !== undefined) where.push(eb('s.status', 'in', oneOrMany(f.status)));
  if (f.milestone !== undefined) where.push(eb('s.milestone', 'in', oneOrMany(f.milestone)));
  if (f.kind !== undefined) where.push(eb('s.kind', 'in', oneOrMany(f.kind)));
  if (f.dueBefore) where.push(eb('s.due_date', '<', f.dueBefore));
  if (f.assigneeId) where.push(eb('c.assignee_id', '=', f.assigneeId));
  if (f.needsAttention !== undefined) {
    const test = needsAttention('s.status', 's.due_date');
    where.push(f.needsAttention ? test : eb.not(test));
  }
  if (f.q) where.push(eb('c.name', 'ilike', containing(f.q)));
  return eb.and(where);
}

type From = SelectQueryBuilder<Joined, 's' | 'ty' | 'c', object>;

function joined(db: Db): From {
  return db.selectFrom('steps as s').innerJoin('tax_years as ty', 'ty.id', 's.tax_year_id').innerJoin('clients as c', 'c.id', 'ty.client_id');
}

/**
 * The matching steps, joined to their year and client only when the filter or sort looks at them: every step has both
 * (foreign keys, not null), and joining 10,000 years and clients to every step costs more than the rest of the query.
 */
function matching(db: Db, filter: StepFilter, sortField?: StepSort): From {
  const needClient = Boolean(filter.assigneeId || filter.q || sortField === 'clientName');
  const needYear = needClient || Boolean(filter.clientId || filter.stage !== undefined);
  const from = needClient ? joined(db) : needYear ? db.selectFrom('steps as s').innerJoin('tax_years as ty', 'ty.id', 's.tax_year_id') : db.selectFrom('steps as s');
  return (from as From).where((eb) => conditions(eb, filter));
}

function withColumns(query: From) {
  return query.select([
    's.id',
    's.step_key',
    's.kind',
    's.milestone',
    's.title',
    's.status',
    's.next_action',
    's.due_date',
    's.opens_on',
    's.period_start',
    's.period_end',
    's.prepared_by',
    's.approved_by',
    's.attempts',
    's.last_error',
    's.hmrc_business_id',
    's.business_id',
    's.detail',
    's.updated_at',
    'ty.id as tax_year_id',
    'ty.tax_year',
    'ty.stage',
    'ty.workflow_id',
    'c.id as client_id',
    'c.name as client_name',
  ]);
}

export type StepRow = Awaited<ReturnType<ReturnType<typeof withColumns>['executeTakeFirstOrThrow']>>;

const SORT_EXPRESSIONS: Record<StepSort, ReturnType<typeof sql.ref> | ReturnType<typeof orderOf>> = {
  dueDate: sql.ref('s.due_date'),
  status: orderOf('s.status', STEP_STATUSES),
  milestone: orderOf('s.milestone', MILESTONES),
  updatedAt: sql.ref('s.updated_at'),
  clientName: sql.ref('c.name'),
};

/** A page of steps and the count of all that match. */
export async function listSteps(
  db: Db,
  params: { filter: StepFilter; sort: { field: StepSort; order: 'asc' | 'desc' }; range: { start: number; end: number } },
): Promise<{ rows: StepRow[]; total: number }> {
  const { filter, sort, range } = params;
  const order = SORT_EXPRESSIONS[sort.field];
  const direction = (ob: OrderByItemBuilder) => (sort.order === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast());
  // The page's ids are chosen over the narrow rows; only those are read whole, with their year and client.
  const page = matching(db, filter, sort.field).select('s.id').orderBy(order, direction).orderBy('s.id').offset(range.start).limit(range.end - range.start + 1);
  const [rows, count] = await Promise.all([
    withColumns(joined(db)).where('s.id', 'in', page).orderBy(order, direction).orderBy('s.id').execute(),
    matching(db, filter)
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function findStep(db: Db, id: string): Promise<StepRow | undefined> {
  return withColumns(joined(db)).where('s.id', '=', id).executeTakeFirst();
}

/** Every step of the given years, in the order of the year: undated first, then by due date. */
export async function stepsOfYears(db: Db, taxYearIds: string[]): Promise<StepRow[]> {
  if (taxYearIds.length === 0) return [];
  return withColumns(joined(db))
    .where('s.tax_year_id', 'in', taxYearIds)
    .orderBy('s.due_date', (ob) => ob.asc().nullsFirst())
    .orderBy('s.step_key')
    .execute();
}

export async function findSteps(db: Db, ids: string[]): Promise<StepRow[]> {
  return ids.length === 0 ? [] : withColumns(joined(db)).where('s.id', 'in', ids).execute();
}
