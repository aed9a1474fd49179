// Every migration, in order. Add a new timestamped file and list it here; test/migrations.test.ts checks both.
import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-22T0100_foundation';

export const migrations: Record<string, Migration> = {
  '2026-11-22T0100_foundation': foundation,
};
