// Activities that keep the practice's records in step with the tax-year workflow: the client's profile it works from,
// and the projection of every change (steps, stage, payments, the client's businesses, audit) the console lists. All
// idempotent.
import { ApplicationFailure } from '@temporalio/activity';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { AuditEntry, ClientProfile } from '../workflows/taxYear/run';
import type { ClientTaxYearState, IncomeSource, StepState } from '../workflows/taxYear/model';

export interface TaxYearProjection {
  taxYearId: string;
  stage: ClientTaxYearState['stage'];
  nextDeadline: string | null;
  agentType: ClientTaxYearState['agentType'];
  itsaStatus: string | null;
  /** The client's businesses as HMRC lists them; absent from projections scheduled before they were carried. */
  incomeSources?: IncomeSource[];
  steps: StepState[];
  audit: AuditEntry[];
  payments: ClientTaxYearState['payments'];
  penaltyPoints: ClientTaxYearState['penaltyPoints'];
}

export function createTaxYearRecordActivities(db: Db) {
  return {
    /** What the year needs to know about the client and the practice; a missing NINO or ARN is for staff to fix. */
    async loadClientProfile(input: { clientId: string }): Promise<ClientProfile> {
      const client = await db.selectFrom('clients').selectAll().where('id', '=', input.clientId).executeTakeFirst();
      if (!client) throw missing(`client ${input.clientId}`);
      const practice = await db.selectFrom('practice').select(['arn']).executeTakeFirst();
      if (!client.nino) throw ApplicationFailure.nonRetryable(`Client ${client.name} has no National Insurance number`, 'ClientIncomplete', { field: 'nino', rule: 'required for MTD' });
      if (!practice?.arn) throw ApplicationFailure.nonRetryable("The practice's Agent Reference Number is not set", 'PracticeIncomplete', { field: 'arn', rule: 'required to act as an agent' });
      return {
        name: client.name,
        nino: client.nino,
        postcode: client.postcode,
        arn: practice.arn,
        freeagent: client.freeagent_subdomain && client.freeagent_user_id ? { subdomain: client.freeagent_subdomain, userId: client.freeagent_user_id } : null,
      };
    },

    /**
     * Writes the changed steps, the year's stage and payments, and the audit entries, in one transaction. Audit entries
     * carry ids made in the workflow, so a retried projection does not write them twice.
     */
    async projectTaxYear(input: TaxYearProjection): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const year = await trx
          .updateTable('tax_years')
          .set({
            stage: input.stage,
            next_deadline: input.nextDeadline,
            agent_type: input.agentType,
            itsa_status: input.itsaStatus,
            payments: JSON.stringify(input.payments),
            penalty_points: JSON.stringify(input.penaltyPoints),
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', input.taxYearId)
          .returning(['client_id'])
          .executeTakeFirst();
        if (!year) throw missing(`tax year ${input.taxYearId}`);

        // The client's businesses, kept as HMRC last listed them (a row changes only when HMRC's details do).
        for (const source of input.incomeSources ?? []) {
          const values = { type: source.kind, trading_name: source.name || null, commencement_date: source.commencementDate, cessation_date: source.cessationDate };
          await trx
            .insertInto('businesses')
            .values({ client_id: year.client_id, hmrc_business_id: source.businessId, ...values, updated_at: sql<Date>`now()` })
            .onConflict((oc) =>
              oc
                .columns(['client_id', 'hmrc_business_id'])
                .doUpdateSet({ ...values, updated_at: sql<Date>`now()` })
                .where(sql<boolean>`(businesses.type, businesses.trading_name, businesses.commencement_date, businesses.cessation_date) is distinct from (excluded.type, excluded.trading_name, excluded.commencement_date, excluded.cessation_date)`),
            )
            .execute();
        }
        const hmrcBusinessIds = [...new Set(input.steps.flatMap((s) => (s.businessId ? [s.businessId] : [])))];
        const businesses =
          hmrcBusinessIds.length === 0
            ? []
            : await trx.selectFrom('businesses').select(['id', 'hmrc_business_id']).where('client_id', '=', year.client_id).where('hmrc_business_id', 'in', hmrcBusinessIds).execute();
        const businessRowOf = new Map(businesses.map((b) => [b.hmrc_business_id, b.id]));

        for (const step of input.steps) {
          const detail = JSON.stringify({
            figures: step.figures,
            previousFigures: step.previousFigures,
            figuresSource: step.figuresSource,
            comments: step.comments,
            flags: step.flags,
            result: step.result,
          });
          const values = {
            kind: step.kind,
            milestone: step.milestone,
            title: step.title,
            status: step.status,
            next_action: step.nextAction,
            period_start: step.periodStart,
            period_end: step.periodEnd,
            opens_on: step.opensOn,
            due_date: step.dueDate,
            hmrc_business_id: step.businessId,
            business_id: step.businessId ? (businessRowOf.get(step.businessId) ?? null) : null,
            prepared_by: step.preparedBy,
            approved_by: step.approvedBy,
            last_error: step.problem ? JSON.stringify(step.problem) : null,
            detail,
            updated_at: sql<Date>`now()`,
          };
          await trx
            .insertInto('steps')
            .values({ tax_year_id: input.taxYearId, step_key: step.key, ...values })
            .onConflict((oc) => oc.columns(['tax_year_id', 'step_key']).doUpdateSet(values))
            .execute();
        }

        // A step escalated near its deadline is a practice alert until it is done.
        for (const step of input.steps.filter((s) => s.flags.includes('escalated'))) {
          const key = `${input.taxYearId}/${step.key}`;
          if (['done', 'skipped', 'cancelled'].includes(step.status)) {
            await trx.updateTable('alerts').set({ resolved_at: sql<Date>`now()` }).where('kind', '=', 'deadline-at-risk').where('key', '=', key).where('resolved_at', 'is', null).execute();
          } else {
            const message = `${step.title} is due on ${step.dueDate} and is still ${step.status}${step.nextAction ? `: ${step.nextAction}` : ''}`;
            await trx
              .insertInto('alerts')
              .values({ kind: 'deadline-at-risk', key, message, details: JSON.stringify({ taxYearId: input.taxYearId, stepKey: step.key, dueDate: step.dueDate, status: step.status }) })
              .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ message, resolved_at: null }))
              .execute();
          }
        }

        if (input.audit.length > 0) {
          await trx
            .insertInto('audit_events')
            .values(
              input.audit.map((entry) => ({
                event_key: entry.id,
                actor: entry.actor,
                action: entry.action,
                entity_type: entry.stepKey ? 'step' : 'tax_year',
                entity_id: entry.stepKey ? `${input.taxYearId}/${entry.stepKey}` : input.taxYearId,
                before: entry.before ? JSON.stringify(entry.before) : null,
                // What the entry says happened, with the state it left behind.
                after: JSON.stringify({ ...entry.detail, ...entry.after }),
              })),
            )
            .onConflict((oc) => oc.column('event_key').doNothing())
            .execute();
        }
      });
    },

    /** Marks the year cancelled and every step that had not finished as cancelled too. */
    async recordTaxYearCancelled(input: { taxYearId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('steps')
          .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
          .where('tax_year_id', '=', input.taxYearId)
          .where('status', 'not in', ['done', 'skipped'])
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
