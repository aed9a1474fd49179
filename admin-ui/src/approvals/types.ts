// A step as the approvals screens hold it (one shape with the client page's, taxYears/types.ts), and the names staff read
// for its codes.
import type { RaRecord } from 'react-admin';
import type { Step as BaseStep, StepProblem } from '../taxYears/types';

export type { FigureTree, StepComment, StepProblem } from '../taxYears/types';

/** The step of taxYears/types.ts, as a react-admin record. */
export interface Step extends RaRecord<string>, BaseStep {
  id: string;
}

/** The API's answer to POST /api/steps/bulk-approve. */
export interface BulkApproveResult {
  results: { id: string; outcome: 'approved' | 'refused' | 'not-found'; code?: string; message?: string; fields?: { field: string; rule: string }[]; step?: Step }[];
  totals: { approved: number; refused: number; notFound: number };
}

export const STEP_STATUSES = [
  'needs-attention',
  'awaiting-review',
  'awaiting-preparer',
  'awaiting-figures',
  'awaiting-client',
  'in-progress',
  'waiting',
  'scheduled',
  'done',
  'skipped',
  'cancelled',
] as const;

export const MILESTONES = ['setup', 'q1', 'q2', 'q3', 'q4', 'year-end', 'final-declaration', 'payments'] as const;

export const STEP_KINDS = [
  'authorisation',
  'income-sources',
  'other-income',
  'quarterly-update',
  'annual-submission',
  'adjustments',
  'losses',
  'calculation',
  'client-confirmation',
  'final-declaration',
  'payment',
] as const;

const MILESTONE_NAMES: Record<string, string> = {
  setup: 'Set-up',
  q1: 'Q1',
  q2: 'Q2',
  q3: 'Q3',
  q4: 'Q4',
  'year-end': 'Year end',
  'final-declaration': 'Final declaration',
  payments: 'Payments',
};

/** 'awaiting-review' → 'Awaiting review'. */
export function sentenceCase(code: string): string {
  const words = code.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const milestoneName = (m: string | null) => (m ? (MILESTONE_NAMES[m] ?? sentenceCase(m)) : '');

export const statusChoices = STEP_STATUSES.map((id) => ({ id, name: sentenceCase(id) }));
export const milestoneChoices = MILESTONES.map((id) => ({ id, name: milestoneName(id) }));
export const kindChoices = STEP_KINDS.map((id) => ({ id, name: sentenceCase(id) }));

/** Kinds whose figures staff may key (the workflow's TAKES_FIGURES). */
export const TAKES_FIGURES = new Set(['quarterly-update', 'annual-submission', 'adjustments', 'losses']);

/** A staff id, as opposed to 'automation', 'engine' or a test's stand-in: only these are looked up as staff. */
export const isStaffId = (value: string | null | undefined): value is string => !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/**
 * The reviewer's comment when the step came back rejected and is not yet resubmitted. The workflow words the rejection
 * as the next action, then sets the preparer's usual one at once; the comment stays, so the console reads it there.
 */
export function rejectionOf(step: Step): string | null {
  if (!['awaiting-preparer', 'awaiting-figures'].includes(step.status)) return null;
  const last = step.detail.comments[step.detail.comments.length - 1];
  return last?.action === 'reject' ? last.text : null;
}

/** What staff should do next: a rejection (with the reviewer's comment) first, else the workflow's next action. */
export function nextActionOf(step: Step): string | null {
  const rejection = rejectionOf(step);
  if (rejection !== null && !step.nextAction?.startsWith('Rejected:')) return `Rejected: ${rejection}`;
  return step.nextAction;
}

/**
 * The step's problem while it is parked. A step that moved on may still carry the last one (the authorisation step
 * keeps POSTCODE_MISSING once done), so the console shows a problem only on a step that needs attention.
 */
export function problemOf(step: Step): StepProblem | null {
  return step.status === 'needs-attention' ? step.problem : null;
}
