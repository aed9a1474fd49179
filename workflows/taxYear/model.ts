// What a client's tax year looks like from outside the workflow: its input, its state (the Query's answer), the staff
// actions it takes (one Update) and the messages exchanged. Types and definitions only, so the API can import it.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WebSession } from '../../integrations/hmrc/fraudPreventionHeaders';
import type { IsoDate } from '../../domain/taxYear';
import type { Timeline } from '../../domain/timeline';
import type { PenaltyPoint } from '../../domain/penaltyPoints';

export type IncomeSourceKind = 'self-employment' | 'uk-property' | 'foreign-property';

export interface ClientTaxYearInput {
  taxYearId: string;
  clientId: string;
  taxYear: string;
  /** How the year's dates become instants: the real calendar, or a compressed one for demos and tests. */
  timeline: Timeline;
  /**
   * The practice's standing choices for this client. Automatic approval is the practice's policy (FreeAgent offers the
   * same); without it every submission waits for a preparer and a different reviewer.
   */
  automation?: { approve?: boolean };
}

export type TaxYearStage =
  | 'starting'
  | 'authorisation'
  | 'in-year'
  | 'year-end'
  | 'final-declaration'
  | 'payments'
  | 'complete'
  | 'not-in-mtd'
  | 'cancelled';

export type StepKind =
  | 'authorisation'
  | 'income-sources'
  | 'other-income'
  | 'quarterly-update'
  | 'annual-submission'
  | 'adjustments'
  | 'losses'
  | 'calculation'
  | 'client-confirmation'
  | 'final-declaration'
  | 'payment';

/** The milestone a step counts towards on the console's matrix. */
export type Milestone = 'setup' | 'q1' | 'q2' | 'q3' | 'q4' | 'year-end' | 'final-declaration' | 'payments';

export type StepStatus =
  | 'scheduled'
  | 'waiting'
  | 'awaiting-figures'
  | 'awaiting-preparer'
  | 'awaiting-review'
  | 'awaiting-client'
  | 'in-progress'
  | 'needs-attention'
  | 'done'
  | 'skipped'
  | 'cancelled';

/** Money figures in integer pence, shaped like HMRC's body without its dates (see domain/figures.ts). */
export type Figures = { [field: string]: number | boolean | string | Figures | Figures[] };

export interface StepProblem {
  /** HMRC's code (e.g. RULE_OBLIGATIONS_NOT_MET) or ours (e.g. SUPPORTING_AGENT, RETRIES_EXHAUSTED). */
  code: string;
  message: string;
  /** HMRC's individual errors with their paths, for staff to see what to fix. */
  errors?: { code: string; message: string; paths?: string[] }[];
  correlationId?: string | null;
  /** A machine problem (HMRC down, reconnect needed) is tried again by itself; a business one waits for staff. */
  retriesBySelf: boolean;
}

export interface StepComment {
  by: string;
  at: string;
  action: string;
  text: string;
}

export interface StepState {
  key: string;
  kind: StepKind;
  milestone: Milestone;
  title: string;
  status: StepStatus;
  businessId: string | null;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  opensOn: IsoDate;
  dueDate: IsoDate | null;
  /** What staff should do next, in words. */
  nextAction: string | null;
  figures: Figures | null;
  previousFigures: Figures | null;
  /** Where the figures came from. */
  figuresSource: 'freeagent' | 'staff' | 'none' | null;
  preparedBy: string | null;
  approvedBy: string | null;
  comments: StepComment[];
  problem: StepProblem | null;
  flags: string[];
  /** Results worth showing: HMRC ids, receipts, estimates, reports. Small values only. */
  result: Record<string, unknown>;
}

export interface IncomeSource {
  businessId: string;
  kind: IncomeSourceKind;
  name: string;
  commencementDate: IsoDate | null;
  cessationDate: IsoDate | null;
  /** Foreign property from 2026-27: the registered properties whose ids the updates carry (empty: none registered yet). */
  foreignProperties?: { propertyId: string; propertyName: string; countryCode: string }[];
}

export interface PaymentDue {
  key: string;
  kind: 'first-payment-on-account' | 'second-payment-on-account' | 'balancing-payment';
  taxYear: string;
  dueDate: IsoDate;
  amountPence: number;
  status: 'due' | 'paid' | 'overdue' | 'repayment';
  paidOn: IsoDate | null;
  projection: { asOf: IsoDate; interestPence: number; penaltyPence: number } | null;
}

export interface ClientTaxYearState {
  stage: TaxYearStage;
  taxYear: string;
  /** Main or supporting agent, as HMRC has it; null until checked. */
  agentType: 'main' | 'supporting' | null;
  itsaStatus: string | null;
  incomeSources: IncomeSource[];
  steps: StepState[];
  penaltyPoints: PenaltyPoint[];
  payments: PaymentDue[];
  nextDeadline: IsoDate | null;
}

/** Who acts, and (for anything that reaches HMRC) the browser session HMRC's fraud prevention headers describe. */
export interface Actor {
  staffId: string;
  session?: WebSession;
}

export type StaffAction =
  | { action: 'enter-figures'; stepKey: string; by: Actor; figures: Figures }
  | { action: 'submit-for-review'; stepKey: string; by: Actor; comment?: string }
  | { action: 'approve'; stepKey: string; by: Actor; comment?: string }
  | { action: 'reject'; stepKey: string; by: Actor; comment: string }
  | { action: 'retry'; stepKey: string; by: Actor; comment?: string }
  | { action: 'acknowledge'; stepKey: string; by: Actor; comment?: string }
  | { action: 'confirm-for-client'; stepKey: string; by: Actor; confirmedBy: string; confirmedAt: string; method: string }
  | { action: 'record-payment'; paymentKey: string; by: Actor; paidOn: IsoDate };

/** What an accepted action answers: the new state of what it acted on (the whole year is the `getState` Query). */
export interface StaffActionResult {
  stage: TaxYearStage;
  step: StepState | null;
  payment: PaymentDue | null;
}

/** Every staff action: validated before it is accepted into history, answered with the new state of what it touched. */
export const actUpdate = defineUpdate<StaffActionResult, [StaffAction]>('act');
export const getStateQuery = defineQuery<ClientTaxYearState>('getState');
/** The practice reconnected to HMRC or FreeAgent: steps waiting on a connection try again now. */
export const connectionRestoredSignal = defineSignal('connectionRestored');

export function clientTaxYearWorkflowId(clientId: string, taxYear: string): string {
  return `tax-year/${clientId}/${taxYear}`;
}
