// The Temporal worker: the workflow bundle plus the activities built over the engine's dependencies.
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { createHmrcActivities, type HmrcActivityDependencies } from '../activities/hmrc';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: ActivityDependencies;
  /** A prebuilt bundle (bundleWorkflowCode) starts faster; without one the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundleOption;
}

export function createEngineWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.dependencies),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
  });
}

/** The task queue of every HMRC activity: HMRC's rate limit is enforced per queue by the Temporal server, for all workers. */
export function hmrcTaskQueue(taskQueue: string): string {
  return `${taskQueue}-hmrc`;
}

export function createHmrcWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dependencies: HmrcActivityDependencies;
  /** HMRC calls per second across every worker polling the queue; every worker must set the same value. */
  ratePerSecond: number;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: hmrcTaskQueue(options.taskQueue),
    activities: createHmrcActivities(options.dependencies),
    maxTaskQueueActivitiesPerSecond: options.ratePerSecond,
  });
}
