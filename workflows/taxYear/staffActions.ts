// Staff actions on a running year: each is checked (step, status, four eyes, figures) before it is accepted into
// history, so a refused action leaves no trace; an accepted one changes the state and is audited.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import { figureProblems } from '../../domain/figures';
import type { StaffAction, StepState } from './model';
import type { TaxYearRun } from './run';

const REVIEWABLE = new Set<StepState['kind']>(['quarterly-update', 'annual-submission', 'adjustments', 'losses', 'calculation', 'income-sources', 'other-income', 'authorisation']);
const TAKES_FIGURES = new Set<StepState['kind']>(['quarterly-update', 'annual-submission', 'adjustments', 'losses']);

function refuse(message: string, field: string, rule: string): never {
  throw ApplicationFailure.create({ message, type: 'ActionRefused', nonRetryable: true, details: [{ field, rule }] });
}

function stepOf(run: TaxYearRun, key: string): StepState {
  const step = run.step(key);
  if (!step) refuse(`This year has no step '${key}'`, 'stepKey', 'must be a step of this tax year');
  return step;
}

function requireStatus(step: StepState, allowed: StepState['status'][], what: string): void {
  if (!allowed.includes(step.status)) refuse(`Cannot ${what} step '${step.key}' while it is ${step.status}`, 'stepKey', `step must be ${allowed.join(' or ')}`);
}

/** Throws ActionRefused (with the field and rule) when the action cannot be taken now. */
export function validateStaffAction(run: TaxYearRun, action: StaffAction): void {
  if (!action.by?.staffId) refuse('Every action names who took it', 'by.staffId', 'required');
  if (action.action === 'record-payment') {
    const payment = run.state.payments.find((p) => p.key === action.paymentKey);
    if (!payment) refuse(`This year has no payment '${action.paymentKey}'`, 'paymentKey', 'must be a payment of this tax year');
    if (payment.status === 'paid') refuse(`Payment '${action.paymentKey}' is already recorded as paid`, 'paymentKey', 'must not be paid already');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(action.paidOn)) refuse('paidOn must be a date', 'paidOn', "expected 'YYYY-MM-DD'");
    return;
  }
  const step = stepOf(run, action.stepKey);
  switch (action.action) {
    case 'enter-figures': {
      if (!TAKES_FIGURES.has(step.kind)) refuse(`Step '${step.key}' takes no figures`, 'stepKey', 'must be a step that takes figures');
      if (step.status === 'needs-attention' && !run.takesFiguresWhileParked(step.key)) refuse(`Step '${step.key}' is waiting for a retry, not for figures`, 'stepKey', 'step must be awaiting-figures or awaiting-preparer');
      else requireStatus(step, ['awaiting-figures', 'awaiting-preparer', 'needs-attention'], 'enter figures for');
      const problems = figureProblems(action.figures);
      if (problems.length > 0) refuse(`Figures refused: ${problems.map((p) => `${p.path}: ${p.rule}`).join('; ')}`, `figures.${problems[0]!.path}`, problems[0]!.rule);
      return;
    }
    case 'submit-for-review':
      requireStatus(step, ['awaiting-preparer'], 'submit for review');
      return;
    case 'approve':
      if (!REVIEWABLE.has(step.kind)) refuse(`Step '${step.key}' is not approved by staff`, 'stepKey', 'must be a step that staff approve');
      requireStatus(step, ['awaiting-review'], 'approve');
      if (step.preparedBy && step.preparedBy === action.by.staffId) refuse('The reviewer must not be the preparer (four eyes)', 'by.staffId', 'must differ from the preparer');
      return;
    case 'reject':
      requireStatus(step, ['awaiting-review'], 'reject');
      if (!action.comment?.trim()) refuse('A rejection says why', 'comment', 'required when rejecting');
      return;
    case 'retry':
      requireStatus(step, ['needs-attention'], 'retry');
      return;
    case 'confirm-for-client':
      if (step.kind !== 'client-confirmation') refuse(`Step '${step.key}' is not the client's confirmation`, 'stepKey', 'must be the client-confirmation step');
      requireStatus(step, ['awaiting-client'], 'record the confirmation of');
      if (!action.confirmedBy?.trim()) refuse('Say who confirmed', 'confirmedBy', 'required');
      if (Number.isNaN(Date.parse(action.confirmedAt))) refuse('Say when the client confirmed', 'confirmedAt', 'expected an ISO 8601 date-time');
      return;
  }
}

/** Applies an accepted action. The year's own code waits on the state this changes. */
export function applyStaffAction(run: TaxYearRun, action: StaffAction): void {
  const by = action.by.staffId;
  if (action.action === 'record-payment') {
    const payment = run.state.payments.find((p) => p.key === action.paymentKey)!;
    const before = { status: payment.status, paidOn: payment.paidOn };
    payment.status = 'paid';
    payment.paidOn = action.paidOn;
    run.yearChanged({ actor: by, action: 'payment.recorded', detail: { paymentKey: payment.key, paidOn: action.paidOn }, before, after: { status: payment.status, paidOn: payment.paidOn } });
    return;
  }
  const step = run.step(action.stepKey)!;
  const comment = 'comment' in action && action.comment ? [{ by, at: new Date().toISOString(), action: action.action, text: action.comment }] : [];
  step.comments.push(...comment);
  switch (action.action) {
    case 'enter-figures': {
      const figures = { before: { figures: step.figures, figuresSource: step.figuresSource }, after: { figures: action.figures, figuresSource: 'staff' } };
      step.figures = action.figures;
      step.figuresSource = 'staff';
      if (step.status === 'needs-attention') {
        // Figures changed after approval: they go to a reviewer again before anything is sent.
        step.preparedBy = by;
        step.approvedBy = null;
        run.setStatus(step, 'awaiting-review', 'Review the corrected figures', { actor: by, action: 'step.figures-corrected', ...figures });
      } else {
        run.setStatus(step, 'awaiting-preparer', 'Submit the figures for review', { actor: by, action: 'step.figures-entered', ...figures });
      }
      return;
    }
    case 'submit-for-review': {
      const before = { preparedBy: step.preparedBy };
      step.preparedBy = by;
      run.setStatus(step, 'awaiting-review', 'Review and approve, or reject with a comment', { actor: by, action: 'step.submitted-for-review', before, after: { preparedBy: by } });
      return;
    }
    case 'approve': {
      const before = { approvedBy: step.approvedBy };
      step.approvedBy = by;
      run.approvers.set(step.key, action.by);
      run.setStatus(step, 'in-progress', null, { actor: by, action: 'step.approved', before, after: { approvedBy: by } });
      return;
    }
    case 'reject': {
      const before = { preparedBy: step.preparedBy };
      step.preparedBy = null;
      run.setStatus(step, 'awaiting-preparer', `Rejected: ${action.comment}`, { actor: by, action: 'step.rejected', detail: { comment: action.comment }, before, after: { preparedBy: null } });
      return;
    }
    case 'retry':
      run.retryRequested.add(step.key);
      run.approvers.set(step.key, action.by);
      run.touch(step, { actor: by, action: 'step.retry-requested' });
      return;
    case 'acknowledge':
      // Noted by staff: projected (with its comment) and audited. Years acknowledged before this replay as they ran.
      if (patched('audit-acknowledge')) run.touch(step, { actor: by, action: 'step.acknowledged' });
      return;
    case 'confirm-for-client':
      step.result = { ...step.result, confirmedBy: action.confirmedBy, confirmedAt: action.confirmedAt, method: action.method, recordedBy: by };
      run.setStatus(step, 'in-progress', null, { actor: by, action: 'step.client-confirmed', detail: { confirmedBy: action.confirmedBy, confirmedAt: action.confirmedAt, method: action.method } });
      return;
  }
}
