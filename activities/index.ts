// Every activity the main task queue offers (the practice's records and FreeAgent), built from injected dependencies
// so tests can hand in their own. HMRC activities have their own rate-limited queue (activities/hmrc.ts).
import type { Db } from '../db/connect';
import { createFreeAgentActivities, type FreeAgentActivityDependencies } from './freeagent';
import { createTaxYearRecordActivities } from './taxYearRecords';

export interface ActivityDependencies extends FreeAgentActivityDependencies {
  db: Db;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createTaxYearRecordActivities(deps.db),
    ...createFreeAgentActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
