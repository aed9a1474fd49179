// Activities that keep the practice's records (tax_years, steps) in step with the workflow. All idempotent: Temporal may retry them.
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { ScheduledStep } from '../domain/schedule';

export function createTaxYearRecordActivities(db: Db) {
  return {
    /** Writes the year's steps (once: a retry finds them there) and moves the tax year to its first stage. */
    async recordYearPlan(input: { taxYearId: string; steps: ScheduledStep[]; stage: string; nextDeadline: string | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (input.steps.length > 0) {
          await trx
            .insertInto('steps')
            .values(
              input.steps.map((step) => ({
                tax_year_id: input.taxYearId,
                step_key: step.key,
                kind: step.kind,
                period_start: step.periodStart,
                period_end: step.periodEnd,
                due_date: step.dueDate,
                status: 'scheduled',
                updated_at: sql<Date>`now()`,
              })),
            )
            .onConflict((oc) => oc.columns(['tax_year_id', 'step_key']).doNothing())
            .execute();
        }
        const updated = await trx
          .updateTable('tax_years')
          .set({ stage: input.stage, next_deadline: input.nextDeadline, updated_at: sql<Date>`now()` })
          .where('id', '=', input.taxYearId)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw missing(`tax year ${input.taxYearId}`);
      });
    },

    async recordStepStatus(input: { taxYearId: string; stepKey: string; status: string }): Promise<void> {
      const result = await db
        .updateTable('steps')
        .set({ status: input.status, updated_at: sql<Date>`now()` })
        .where('tax_year_id', '=', input.taxYearId)
        .where('step_key', '=', input.stepKey)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw missing(`step '${input.stepKey}' of tax year ${input.taxYearId}`);
    },

    async recordTaxYearStage(input: { taxYearId: string; stage: string }): Promise<void> {
      await db.updateTable('tax_years').set({ stage: input.stage, updated_at: sql<Date>`now()` }).where('id', '=', input.taxYearId).execute();
    },

    /** Marks the year cancelled and every step that had not opened as cancelled too. */
    async recordTaxYearCancelled(input: { taxYearId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('steps')
          .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
          .where('tax_year_id', '=', input.taxYearId)
          .where('status', '=', 'scheduled')
          .execute();
        await trx
          .updateTable('tax_years')
          .set({ stage: 'cancelled', next_deadline: null, updated_at: sql<Date>`now()` })
          .where('id', '=', input.taxYearId)
          .execute();
      });
    },
  };
}

/** A record the workflow relies on is gone: retrying cannot bring it back. */
function missing(what: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`No ${what} in the practice database`, 'RecordMissing');
}
