// Every migration, in order. Add a new timestamped file and list it here; test/migrations.test.ts checks both.
import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-22T0100_foundation';
import * as connectionStatus from './2026-11-22T0200_connection_status';
import * as hmrcCallsAndAlerts from './2026-11-22T0300_hmrc_calls_and_alerts';
import * as categoryMappings from './2026-11-22T0400_category_mappings';
import * as taxYearProjection from './2026-11-22T0500_tax_year_projection';
import * as staffAndSessions from './2026-11-22T0600_staff_and_sessions';

export const migrations: Record<string, Migration> = {
  '2026-11-22T0100_foundation': foundation,
  '2026-11-22T0200_connection_status': connectionStatus,
  '2026-11-22T0300_hmrc_calls_and_alerts': hmrcCallsAndAlerts,
  '2026-11-22T0400_category_mappings': categoryMappings,
  '2026-11-22T0500_tax_year_projection': taxYearProjection,
  '2026-11-22T0600_staff_and_sessions': staffAndSessions,
};
