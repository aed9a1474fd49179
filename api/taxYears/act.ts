// Staff actions reach a running year as its `act` Update: the workflow's validator decides (status, four eyes, figures)
// and its refusal comes back as a 409 naming the field and rule. The API holds no rule of its own about them.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { actUpdate, type StaffAction, type StaffActionResult } from '../../workflows/clientTaxYear';
import type { AppDependencies } from '../context';
import { ApiError, type FieldProblem } from '../errors';

/** How long the API waits for a year's workflow to take an action before answering 503 (its worker may be down). */
export const ACTION_TIMEOUT_MS = 30_000;

function fieldsOf(details: unknown[] | null | undefined): FieldProblem[] {
  return (details ?? []).flatMap((d) => {
    const { field, rule } = (d ?? {}) as { field?: unknown; rule?: unknown };
    return typeof field === 'string' && typeof rule === 'string' ? [{ field, rule }] : [];
  });
}

/** The API's answer to a failed action: refused by the year, the year not running, or the engine not answering. */
export function actionError(err: unknown): ApiError | null {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'ActionRefused') {
    return new ApiError(409, 'ACTION_REFUSED', err.cause.message, fieldsOf(err.cause.details));
  }
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError(409, 'TAX_YEAR_NOT_RUNNING', "The tax year's workflow is not running (not started, complete or cancelled), so it takes no actions", [
      { field: 'id', rule: 'must belong to a running tax year' },
    ]);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ApiError(503, 'ENGINE_UNAVAILABLE', `The tax year's workflow did not answer within ${ACTION_TIMEOUT_MS / 1000} s; the action may still be taken, so look again before repeating it`);
  }
  return null;
}

/** Sends one action to the year's workflow and answers with what it changed; failures become ApiErrors (see actionError). */
export async function act(deps: AppDependencies, workflowId: string, action: StaffAction): Promise<StaffActionResult> {
  try {
    return await deps.temporal.withDeadline(Date.now() + ACTION_TIMEOUT_MS, () => deps.temporal.workflow.getHandle(workflowId).executeUpdate(actUpdate, { args: [action] }));
  } catch (err) {
    throw actionError(err) ?? err;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, answering in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
