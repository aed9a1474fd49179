// The activities a tax year calls, as the workflow sees them: timeouts and bounded retries on each proxy, HMRC work on
// its rate-limited queue with the priority of its deadline (nearest first).
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createHmrcActivities } from '../../activities/hmrc';
import { deadlinePriority } from '../../domain/deadlinePriority';
import type { IsoDate } from '../../domain/taxYear';

type Records = ReturnType<typeof createActivities>;
type Hmrc = ReturnType<typeof createHmrcActivities>;

/** The practice's own database and FreeAgent: retried until they answer (a database restart must not fail a year). */
export const records = proxyActivities<Records>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** FreeAgent: bounded, so a client whose books cannot be read is shown to staff rather than retried for ever. */
export const freeagent = proxyActivities<Records>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 },
});

/**
 * HMRC activities for work due on `dueDate`: on the HMRC task queue (its rate limit holds across workers), with a
 * priority key so the server hands out work nearest its deadline first. Retries are bounded (about a quarter of an
 * hour); after that the step is parked for staff and tried again by itself later.
 */
export function hmrcFor(taskQueue: string, dueDate: IsoDate | null, today: IsoDate): Hmrc {
  return proxyActivities<Hmrc>({
    taskQueue,
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
    priority: { priorityKey: deadlinePriority(dueDate, today) },
  });
}
