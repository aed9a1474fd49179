// Every activity the worker offers, built from injected dependencies so tests can hand in their own.
import type { Db } from '../db/connect';
import { createTaxYearRecordActivities } from './taxYearRecords';

export interface ActivityDependencies {
  db: Db;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createTaxYearRecordActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
