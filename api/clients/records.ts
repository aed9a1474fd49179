// A client's digital records, gathered for the client to take away: the client, its businesses, every tax year with its
// payments and penalty points, every step with its figures, comments, results and problem, and the audit trail of all of
// them. A fixed number of queries, however long the client's history.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { toClientJson, type ClientRecords } from './schemas';
import { findClient } from './store';
import { stepsOfYears } from '../steps/queries';
import { toStepJson } from '../steps/schemas';

export const RECORDS_UNITS =
  'Money in steps[].detail (figures, previousFigures, result), taxYears[].payments and taxYears[].penaltyPoints is integer pence, as the engine stores it (12345 is £123.45). Dates are YYYY-MM-DD (UK tax calendar days); times are ISO 8601 in UTC.';

export async function clientRecords(db: Db, id: string, now: Date): Promise<ClientRecords> {
  const client = await findClient(db, id);
  const [practice, assignee, businesses, years] = await Promise.all([
    db.selectFrom('practice').select(['name', 'arn']).executeTakeFirst(),
    client.assignee_id ? db.selectFrom('staff').select(['id', 'name', 'email']).where('id', '=', client.assignee_id).executeTakeFirst() : undefined,
    db.selectFrom('businesses').selectAll().where('client_id', '=', id).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('tax_years').selectAll().where('client_id', '=', id).orderBy('tax_year').execute(),
  ]);
  const yearIds = years.map((y) => y.id);
  const steps = await stepsOfYears(db, yearIds);
  const stepIds = steps.map((s) => `${s.tax_year_id}/${s.step_key}`);
  const audit = await db
    .selectFrom('audit_events')
    .leftJoin('staff', (join) => join.on(sql`staff.id::text`, '=', sql.ref('audit_events.actor')))
    .select(['audit_events.id', 'audit_events.occurred_at', 'audit_events.actor', 'staff.name as actor_name', 'audit_events.action', 'audit_events.entity_type', 'audit_events.entity_id', 'audit_events.before', 'audit_events.after'])
    .where((eb) =>
      eb.or([
        eb.and([eb('audit_events.entity_type', '=', 'client'), eb('audit_events.entity_id', '=', id)]),
        ...(yearIds.length
          ? [
              eb.and([eb('audit_events.entity_type', '=', 'tax_year'), eb('audit_events.entity_id', 'in', yearIds)]),
            ]
          : []),
        // A step's events are keyed `${taxYearId}/${stepKey}`; every step the workflow wrote one for has its row.
        ...(stepIds.length ? [eb.and([eb('audit_events.entity_type', '=', 'step'), eb('audit_events.entity_id', 'in', stepIds)])] : []),
      ]),
    )
    .orderBy('audit_events.occurred_at')
    .orderBy(sql`audit_events.id::bigint`)
    .execute();

  return {
    exportedAt: now.toISOString(),
    practice: practice ? { name: practice.name, arn: practice.arn } : null,
    units: RECORDS_UNITS,
    client: { ...toClientJson(client), assignee: assignee ?? null },
    businesses: businesses.map((b) => ({
      id: b.id,
      hmrcBusinessId: b.hmrc_business_id,
      type: b.type,
      tradingName: b.trading_name,
      commencementDate: b.commencement_date,
      cessationDate: b.cessation_date,
      createdAt: b.created_at.toISOString(),
      updatedAt: b.updated_at.toISOString(),
    })),
    taxYears: years.map((y) => ({
      id: y.id,
      taxYear: y.tax_year,
      workflowId: y.workflow_id,
      stage: y.stage,
      nextDeadline: y.next_deadline,
      agentType: y.agent_type,
      itsaStatus: y.itsa_status,
      payments: y.payments,
      penaltyPoints: y.penalty_points,
      createdAt: y.created_at.toISOString(),
      updatedAt: y.updated_at.toISOString(),
      steps: steps
        .filter((s) => s.tax_year_id === y.id)
        .map(toStepJson),
    })),
    auditEvents: audit.map((e) => ({
      id: e.id,
      occurredAt: e.occurred_at.toISOString(),
      actor: e.actor,
      actorName: e.actor_name,
      action: e.action,
      entityType: e.entity_type,
      entityId: e.entity_id,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  };
}

/** The download's name: the client's name as a slug and the day, e.g. jane-smith-records-2026-11-22.json. */
export function recordsFilename(name: string, now: Date): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'client'}-records-${now.toISOString().slice(0, 10)}.json`;
}
