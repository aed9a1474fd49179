// Starting and cancelling years: one path each, taken by the single routes and, a few at a time, by the bulk ones.
// Every start and cancellation the API makes is audited with who asked.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { sql } from 'kysely';
import { taxYearStart } from '../../domain/taxYear';
import { REAL_TIMELINE, type Timeline } from '../../domain/timeline';
import { clientTaxYear, clientTaxYearWorkflowId } from '../../workflows/clientTaxYear';
import type { TaxYear } from '../../db/schema';
import { recordAudit } from '../audit';
import type { AppDependencies } from '../context';
import { ApiError } from '../errors';
import type { Schedule } from './schemas';

/** How many workflows a bulk request starts or cancels at once. */
export const BULK_CONCURRENCY = 8;

export async function workflowStatus(deps: AppDependencies, workflowId: string): Promise<string> {
  try {
    const description = await deps.temporal.workflow.getHandle(workflowId).describe();
    return description.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_STARTED';
    throw err;
  }
}

/** The schedule as the workflow's timeline; compressed ones are refused where they are not allowed (production). */
export function timelineOf(deps: AppDependencies, taxYear: string, schedule: Schedule): Timeline {
  if (schedule.mode === 'real') return REAL_TIMELINE;
  if (!deps.allowCompressedSchedules) {
    throw new ApiError(400, 'INVALID_REQUEST', 'Compressed schedules are for demos and tests, not production', [{ field: 'schedule.mode', rule: "must be 'real' in production" }]);
  }
  return { kind: 'compressed', origin: taxYearStart(taxYear), originAt: schedule.startAt ?? new Date().toISOString(), msPerDay: schedule.msPerDay };
}

export interface StartingClient {
  id: string;
  approve_automatically: boolean;
}

export async function findClientsToStart(deps: AppDependencies, ids: string[] | 'all'): Promise<StartingClient[]> {
  const query = deps.db.selectFrom('clients').select(['id', 'approve_automatically']);
  return ids === 'all' ? query.orderBy('name').orderBy('id').execute() : ids.length === 0 ? [] : query.where('id', 'in', ids).execute();
}

/**
 * Creates the year's row (once) and starts its workflow (id tax-year/<clientId>/<taxYear>). A year whose workflow is
 * running or complete is a 409; a cancelled or failed one, or one whose workflow never started, is started again.
 */
export async function startTaxYear(deps: AppDependencies, client: StartingClient, taxYear: string, timeline: Timeline, actor: string): Promise<TaxYear> {
  const workflowId = clientTaxYearWorkflowId(client.id, taxYear);
  await deps.db
    .insertInto('tax_years')
    .values({ client_id: client.id, tax_year: taxYear, workflow_id: workflowId, stage: 'starting', updated_at: sql<Date>`now()` })
    .onConflict((oc) => oc.columns(['client_id', 'tax_year']).doNothing())
    .execute();
  const row = await deps.db.selectFrom('tax_years').selectAll().where('workflow_id', '=', workflowId).executeTakeFirstOrThrow();
  try {
    await deps.temporal.workflow.start(clientTaxYear, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ taxYearId: row.id, clientId: client.id, taxYear, timeline, automation: { approve: client.approve_automatically } }],
      // A cancelled or failed year may be started again; a running or completed one may not.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ApiError(409, 'TAX_YEAR_ALREADY_STARTED', `Tax year ${taxYear} of this client is already running or complete (tax year id ${row.id})`, [
        { field: 'taxYear', rule: 'must not already be running or complete for this client' },
      ]);
    }
    throw err;
  }
  await recordAudit(deps.db, {
    actor,
    action: 'tax-year.started',
    entityType: 'tax_year',
    entityId: row.id,
    before: { stage: row.stage },
    after: { clientId: client.id, taxYear, workflowId, schedule: timeline.kind, approveAutomatically: client.approve_automatically },
  });
  deps.log.info('Tax year started', { taxYearId: row.id, workflowId, scheduleMode: timeline.kind, actor });
  return row;
}

/** Asks a running year's workflow to cancel (the stage becomes cancelled as it winds down); 409 when it is not running. */
export async function cancelTaxYear(deps: AppDependencies, row: TaxYear, actor: string): Promise<void> {
  const status = await workflowStatus(deps, row.workflow_id);
  if (status !== 'RUNNING') throw new ApiError(409, 'TAX_YEAR_NOT_RUNNING', `The tax year's workflow is ${status}, so there is nothing to cancel`);
  try {
    await deps.temporal.workflow.getHandle(row.workflow_id).cancel();
  } catch (err) {
    // It ended between the look and the request.
    if (err instanceof WorkflowNotFoundError) throw new ApiError(409, 'TAX_YEAR_NOT_RUNNING', "The tax year's workflow has ended, so there is nothing to cancel");
    throw err;
  }
  await recordAudit(deps.db, {
    actor,
    action: 'tax-year.cancel-requested',
    entityType: 'tax_year',
    entityId: row.id,
    before: { stage: row.stage, workflowStatus: status },
    after: { workflowStatus: 'CANCEL_REQUESTED' },
  });
  deps.log.info('Tax year cancellation requested', { taxYearId: row.id, workflowId: row.workflow_id, actor });
}
