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
  /** HMRC checks the agent's relationship against it (the client's known fact). */
  postcode: ColumnType<string | null, string | null | undefined, string | null>;
  freeagent_subdomain: ColumnType<string | null, string | null | undefined, string | null>;
  freeagent_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The practice's policy for this client: submissions approved without a reviewer. */
  approve_automatically: ColumnType<boolean, boolean | undefined, boolean>;
  /** The member of staff who looks after this client. */
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type StaffRole = 'admin' | 'manager' | 'preparer' | 'reviewer';

export interface StaffTable {
  id: Generated<string>;
  /** Lower case: the sign-in name. */
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StaffSessionsTable {
  id: Generated<string>;
  token_hash: Buffer;
  csrf_token_hash: Buffer | null;
  staff_id: string;
  kind: 'cookie' | 'bearer';
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Date;
  ended_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  email: string;
  ip: string;
  at: Generated<Date>;
}

/** The one practice running this engine. */
export interface PracticeTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  name: string;
  arn: string | null;
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
  agent_type: ColumnType<string | null, string | null | undefined, string | null>;
  itsa_status: ColumnType<string | null, string | null | undefined, string | null>;
  /** The year's payments as the workflow worked them out (JSON written, parsed on read). */
  payments: ColumnType<unknown, string | undefined, string>;
  penalty_points: ColumnType<unknown, string | undefined, string>;
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
  /** The step's problem (HMRC's code, message and paths) while it needs attention. */
  last_error: ColumnType<unknown, string | null, string | null> | null;
  milestone: ColumnType<string | null, string | null | undefined, string | null>;
  title: ColumnType<string | null, string | null | undefined, string | null>;
  next_action: ColumnType<string | null, string | null | undefined, string | null>;
  opens_on: ColumnType<string | null, string | null | undefined, string | null>;
  hmrc_business_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Figures, previous figures, comments, flags and results, as the workflow holds them. */
  detail: ColumnType<unknown, string | undefined, string>;
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
  /** Set by the tax-year workflow: one entry however often its projection is retried. */
  event_key: ColumnType<string | null, string | null | undefined, never>;
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

/** The practice's override of one FreeAgent category's row in the mapping table (integrations/freeagent/categoryMappingStore.ts). */
export interface CategoryMappingsTable {
  nominal_code: string;
  free_agent_name: string;
  /** An HMRC field such as 'periodExpenses.adminCosts', 'excluded' (with excluded_reason), or null: unmapped. */
  self_employment_target: string | null;
  uk_property_target: string | null;
  excluded_reason: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
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
  category_mappings: CategoryMappingsTable;
  practice: PracticeTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  login_failures: LoginFailuresTable;
}

export type Client = Selectable<ClientsTable>;
export type NewClient = Insertable<ClientsTable>;
export type TaxYear = Selectable<TaxYearsTable>;
export type TaxYearUpdate = Updateable<TaxYearsTable>;
export type Step = Selectable<StepsTable>;
export type CategoryMappingRow = Selectable<CategoryMappingsTable>;
export type Staff = Selectable<StaffTable>;
