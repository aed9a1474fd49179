// The practice's database as TypeScript types: one interface per table, kept by hand beside the migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A date column: read as 'YYYY-MM-DD' (see db/connect.ts), written as the same. */
type DateColumn = ColumnType<string, string, string>;

export type AgentType = 'main' | 'supporting';
export type BusinessType = 'self-employment' | 'uk-property' | 'foreign-property';
export type CredentialProvider = 'hmrc' | 'freeagent' | 'government-gateway';

export interface ClientsTable {
  id: Generated<string>;
  name: string;
  nino: string | null;
  utr: string | null;
  agent_type: ColumnType<AgentType, AgentType | undefined, AgentType>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface BusinessesTable {
  id: Generated<string>;
  client_id: string;
  hmrc_business_id: string;
  type: BusinessType;
  trading_name: string | null;
  commencement_date: DateColumn | null;
  cessation_date: DateColumn | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface TaxYearsTable {
  id: Generated<string>;
  client_id: string;
  tax_year: string;
  workflow_id: string;
  stage: string;
  next_deadline: DateColumn | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StepsTable {
  id: Generated<string>;
  tax_year_id: string;
  step_key: string;
  kind: string;
  business_id: string | null;
  period_start: DateColumn | null;
  period_end: DateColumn | null;
  status: string;
  due_date: DateColumn | null;
  prepared_by: string | null;
  approved_by: string | null;
  attempts: Generated<number>;
  last_error: ColumnType<unknown, string | null, string | null> | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  occurred_at: Generated<Date>;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: ColumnType<unknown, string | null, never> | null;
  after: ColumnType<unknown, string | null, never> | null;
}

export interface IntegrationCredentialsTable {
  id: Generated<string>;
  provider: CredentialProvider;
  label: string;
  secret_ciphertext: Buffer;
  secret_iv: Buffer;
  secret_auth_tag: Buffer;
  expires_at: Date | null;
  status: ColumnType<'connected' | 'reconnect-needed', 'connected' | 'reconnect-needed' | undefined, 'connected' | 'reconnect-needed'>;
  status_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface HmrcCallsTable {
  id: Generated<string>;
  at: Generated<Date>;
  api: string;
  version: string;
  method: string;
  path: string;
  status: number | null;
  correlation_id: string | null;
  error_code: string | null;
}

export type AlertKind = 'api-deprecation' | 'reconnect' | 'deadline-at-risk';

export interface AlertsTable {
  id: Generated<string>;
  kind: AlertKind;
  /** What the alert is about, unique per kind (e.g. 'business-details 2.0'): raising it again does not repeat it. */
  key: string;
  message: string;
  details: ColumnType<unknown, string | null, string | null> | null;
  created_at: Generated<Date>;
  resolved_at: Date | null;
}

export interface Database {
  clients: ClientsTable;
  businesses: BusinessesTable;
  tax_years: TaxYearsTable;
  steps: StepsTable;
  audit_events: AuditEventsTable;
  integration_credentials: IntegrationCredentialsTable;
  hmrc_calls: HmrcCallsTable;
  alerts: AlertsTable;
}

export type Client = Selectable<ClientsTable>;
export type NewClient = Insertable<ClientsTable>;
export type TaxYear = Selectable<TaxYearsTable>;
export type TaxYearUpdate = Updateable<TaxYearsTable>;
export type Step = Selectable<StepsTable>;
