// /api/dashboard: where the practice stands on one page. Every number is counted by PostgreSQL (GROUP BY and FILTER),
// in one repeatable-read snapshot so the counts and the lists beside them agree.
import { z } from '@hono/zod-openapi';
import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { londonDate } from '../../domain/timeline';
import type { Milestone, StepStatus, TaxYearStage } from '../../workflows/taxYear/model';
import { ALERT_KINDS } from '../alerts/routes';
import { createRouter } from '../context';
import { apiRoute } from '../route';
import { TaxYearString, errorResponses } from '../schemas';

// Records over the model's unions, so a stage, status or milestone added there must be added here too (tsc says so).
const MILESTONES: Record<Milestone, true> = { setup: true, q1: true, q2: true, q3: true, q4: true, 'year-end': true, 'final-declaration': true, payments: true };
const STATUSES: Record<StepStatus, true> = {
  scheduled: true,
  waiting: true,
  'awaiting-figures': true,
  'awaiting-preparer': true,
  'awaiting-review': true,
  'awaiting-client': true,
  'in-progress': true,
  'needs-attention': true,
  done: true,
  skipped: true,
  cancelled: true,
};
const STAGES: Record<TaxYearStage, true> = {
  starting: true,
  authorisation: true,
  'in-year': true,
  'year-end': true,
  'final-declaration': true,
  payments: true,
  complete: true,
  'not-in-mtd': true,
  cancelled: true,
};
/** A step still to do: anything but these. */
const FINISHED: StepStatus[] = ['done', 'skipped', 'cancelled'];
const LIST_LIMIT = 20;

const DashboardQuery = z.object({
  asOf: z.iso.date({ error: 'expected a date as YYYY-MM-DD' }).optional().openapi({ description: 'The day to count deadlines from; default today in Europe/London', example: '2026-11-22' }),
  taxYear: TaxYearString.optional().openapi({ description: 'Only this tax year; default every year' }),
});

const Counts = z.record(z.string(), z.number().int());

const DashboardStepSchema = z
  .object({
    stepId: z.uuid(),
    taxYearId: z.uuid(),
    taxYear: z.string(),
    clientId: z.uuid(),
    clientName: z.string(),
    title: z.string().nullable(),
    milestone: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.string(),
  })
  .openapi('DashboardStep');

const StepList = z.object({ count: z.number().int(), steps: z.array(DashboardStepSchema).openapi({ description: `The ${LIST_LIMIT} soonest due` }) });

const DashboardSchema = z
  .object({
    asOf: z.string(),
    taxYear: z.string().nullable(),
    clients: z.object({ total: z.number().int() }),
    taxYears: z.object({ total: z.number().int(), byStage: Counts }),
    matrix: z.array(z.object({ milestone: z.string(), byStatus: Counts, total: z.number().int() })).openapi({ description: 'Steps by milestone (setup, q1 to q4, year-end, final-declaration, payments) and status' }),
    deadlines: z.object({
      overdue: StepList.openapi({ description: 'Open steps due before asOf' }),
      next14Days: StepList.openapi({ description: 'Open steps due from asOf to 13 days after it' }),
      next30Days: z.object({ count: z.number().int() }).openapi({ description: 'Open steps due from asOf to 29 days after it' }),
      next30DaysSteps: z.array(DashboardStepSchema).openapi({ description: `The ${LIST_LIMIT} soonest of next30Days (the console's 30-day list)` }),
    }),
    needsAttention: StepList,
    byDeadline: z
      .array(z.object({ dueDate: z.string(), byStatus: Counts, total: z.number().int() }))
      .openapi({ description: 'Open and done steps by due date (skipped and cancelled left out), earliest first' }),
    alerts: z.object({ open: Counts.openapi({ description: 'Unresolved alerts by kind' }) }),
  })
  .openapi('Dashboard');

type Scope = { taxYear: string | undefined };

/** Steps of the years in scope, with their year and client. */
function stepsIn(trx: Transaction<Database>, scope: Scope) {
  let query = trx.selectFrom('steps as s').innerJoin('tax_years as ty', 'ty.id', 's.tax_year_id');
  if (scope.taxYear) query = query.where('ty.tax_year', '=', scope.taxYear);
  return query;
}

type StepsEb = ExpressionBuilder<Database & { s: Database['steps']; ty: Database['tax_years'] }, 's' | 'ty'>;
const isOpen = (eb: StepsEb) => eb('s.status', 'not in', FINISHED);
const dueWithin = (eb: StepsEb, asOf: string, days: number) => eb.and([isOpen(eb), eb('s.due_date', '>=', asOf), eb('s.due_date', '<', sql<string>`${asOf}::date + ${days}::int`)]);
const overdue = (eb: StepsEb, asOf: string) => eb.and([isOpen(eb), eb('s.due_date', '<', asOf)]);

function listSteps(trx: Transaction<Database>, scope: Scope, where: (eb: StepsEb) => ReturnType<StepsEb['and']>) {
  return stepsIn(trx, scope)
    .innerJoin('clients as c', 'c.id', 'ty.client_id')
    .select(['s.id as stepId', 's.tax_year_id as taxYearId', 'ty.tax_year as taxYear', 'c.id as clientId', 'c.name as clientName', 's.title', 's.milestone', 's.due_date as dueDate', 's.status'])
    .where(where)
    .orderBy(sql`s.due_date asc nulls last`)
    .orderBy('c.name')
    .orderBy('s.title')
    .orderBy('s.id')
    .limit(LIST_LIMIT)
    .execute();
}

function zeroed(keys: Record<string, true>): Record<string, number> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, 0]));
}

async function dashboard(trx: Transaction<Database>, asOf: string, scope: Scope): Promise<z.infer<typeof DashboardSchema>> {
  const [clients, stages, cells, counts, overdueSteps, soonSteps, monthSteps, attentionSteps, deadlineCells, alerts] = await Promise.all([
    trx.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    trx
      .selectFrom('tax_years')
      .select(['stage', (eb) => eb.fn.countAll<string>().as('count')])
      .$if(scope.taxYear !== undefined, (q) => q.where('tax_year', '=', scope.taxYear!))
      .groupBy('stage')
      .execute(),
    stepsIn(trx, scope)
      .select(['s.milestone', 's.status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('s.milestone', 'is not', null)
      .groupBy(['s.milestone', 's.status'])
      .execute(),
    stepsIn(trx, scope)
      .select((eb) => [
        eb.fn.countAll<string>().filterWhere((f) => overdue(f, asOf)).as('overdue'),
        eb.fn.countAll<string>().filterWhere((f) => dueWithin(f, asOf, 14)).as('next14'),
        eb.fn.countAll<string>().filterWhere((f) => dueWithin(f, asOf, 30)).as('next30'),
        eb.fn.countAll<string>().filterWhere('s.status', '=', 'needs-attention').as('needsAttention'),
      ])
      .executeTakeFirstOrThrow(),
    listSteps(trx, scope, (eb) => overdue(eb, asOf)),
    listSteps(trx, scope, (eb) => dueWithin(eb, asOf, 14)),
    listSteps(trx, scope, (eb) => dueWithin(eb, asOf, 30)),
    listSteps(trx, scope, (eb) => eb.and([eb('s.status', '=', 'needs-attention')])),
    stepsIn(trx, scope)
      .select(['s.due_date', 's.status', (eb) => eb.fn.countAll<string>().as('count')])
      .where('s.due_date', 'is not', null)
      .where('s.status', 'not in', ['skipped', 'cancelled'])
      .groupBy(['s.due_date', 's.status'])
      .orderBy('s.due_date')
      .orderBy('s.status')
      .execute(),
    trx.selectFrom('alerts').select(['kind', (eb) => eb.fn.countAll<string>().as('count')]).where('resolved_at', 'is', null).groupBy('kind').execute(),
  ]);

  const byStage = zeroed(STAGES);
  for (const row of stages) byStage[row.stage] = Number(row.count);
  const matrix = Object.keys(MILESTONES).map((milestone) => ({ milestone, byStatus: zeroed(STATUSES), total: 0 }));
  for (const cell of cells) {
    const row = matrix.find((m) => m.milestone === cell.milestone);
    if (!row) continue; // A milestone the model no longer has: not a column of the matrix.
    row.byStatus[cell.status] = Number(cell.count);
    row.total += Number(cell.count);
  }
  const byDeadline: { dueDate: string; byStatus: Record<string, number>; total: number }[] = [];
  for (const cell of deadlineCells) {
    let day = byDeadline.at(-1);
    if (day?.dueDate !== cell.due_date) byDeadline.push((day = { dueDate: cell.due_date!, byStatus: {}, total: 0 }));
    day.byStatus[cell.status] = Number(cell.count);
    day.total += Number(cell.count);
  }
  const openAlerts = Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<string, number>;
  for (const row of alerts) openAlerts[row.kind] = Number(row.count);

  return {
    asOf,
    taxYear: scope.taxYear ?? null,
    clients: { total: Number(clients.total) },
    taxYears: { total: stages.reduce((sum, s) => sum + Number(s.count), 0), byStage },
    matrix,
    deadlines: {
      overdue: { count: Number(counts.overdue), steps: overdueSteps },
      next14Days: { count: Number(counts.next14), steps: soonSteps },
      next30Days: { count: Number(counts.next30) },
      next30DaysSteps: monthSteps,
    },
    needsAttention: { count: Number(counts.needsAttention), steps: attentionSteps },
    byDeadline,
    alerts: { open: openAlerts },
  };
}

export const dashboardRouter = createRouter().openapi(
  apiRoute('read', {
    method: 'get',
    path: '/',
    tags: ['Dashboard'],
    summary: 'Where the practice stands',
    description:
      "Clients, years by stage, the milestone-by-status matrix, open steps due soon (14 and 30 days from asOf, asOf included) or overdue, steps needing attention, steps by due date, and open alerts. A step is open until it is done, skipped or cancelled.",
    request: { query: DashboardQuery },
    responses: { 200: { description: 'The dashboard', content: { 'application/json': { schema: DashboardSchema } } }, 400: errorResponses[400] },
  }),
  async (c) => {
    const { db } = c.get('deps');
    const query = c.req.valid('query');
    const asOf = query.asOf ?? londonDate(new Date());
    const body = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => dashboard(trx, asOf, { taxYear: query.taxYear }));
    return c.json(body, 200);
  },
);
