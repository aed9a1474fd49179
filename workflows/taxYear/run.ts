// One running tax year's working parts: its state, the projection of every change to PostgreSQL, waiting on dates,
// parking a step that HMRC refused until staff fix it, and the four-eyes wait before anything is sent.
import { ActivityFailure, ApplicationFailure, condition, isCancellation, patched, sleep, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import { nextDeadlineKey, taxYearStageKey } from './searchAttributes';
import { addDays } from '../../domain/calendar';
import { assessLateSubmission, type SubmissionObligation } from '../../domain/penaltyPoints';
import { dateAt, durationOfDays, endOfDate, startOfDate } from '../../domain/timeline';
import type { IsoDate } from '../../domain/taxYear';
import { hmrcFor, records } from './proxies';
import type { Actor, ClientTaxYearInput, ClientTaxYearState, StepKind, StepProblem, StepState, Milestone } from './model';

/** A step still open this many days before its deadline escalates. */
const ESCALATE_DAYS_BEFORE = 3;

/** What attempt() returns when staff changed the figures of a parked step: they must be approved again. */
export const REAPPROVE = Symbol('reapprove');

export interface AuditEntry {
  /** Made in the workflow, so a projection retried after a lost answer does not record the entry twice. */
  id: string;
  actor: string;
  action: string;
  stepKey: string | null;
  detail: Record<string, unknown>;
  /** What changed, as it was and as it became (a step's status and next action, figures keyed over earlier ones). */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** Who did what, as a caller of touch/setStatus/yearChanged gives it. */
export interface AuditNote {
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

function auditEntry(id: string, stepKey: string | null, note: AuditNote): AuditEntry {
  return {
    id,
    actor: note.actor,
    action: note.action,
    stepKey,
    detail: note.detail ?? {},
    ...(note.before ? { before: note.before } : {}),
    ...(note.after ? { after: note.after } : {}),
  };
}

export interface ClientProfile {
  name: string;
  nino: string;
  postcode: string | null;
  arn: string;
  freeagent: { subdomain: string; userId: string } | null;
}

export class TaxYearRun {
  readonly state: ClientTaxYearState;
  private readonly dirty = new Set<string>();
  private audit: AuditEntry[] = [];
  private yearDirty = true;
  /** Steps staff asked to try again, and the approver (with their browser session) of each approved step. */
  readonly retryRequested = new Set<string>();
  readonly approvers = new Map<string, Actor>();
  connectionRestored = 0;
  profile!: ClientProfile;

  constructor(readonly input: ClientTaxYearInput) {
    this.state = {
      stage: 'starting',
      taxYear: input.taxYear,
      agentType: null,
      itsaStatus: null,
      incomeSources: [],
      steps: [],
      penaltyPoints: [],
      payments: [],
      nextDeadline: null,
    };
  }

  get automation() {
    return { approve: this.input.automation?.approve === true };
  }

  today(): IsoDate {
    return dateAt(Date.now(), this.input.timeline);
  }

  /** HMRC activities for work due on `dueDate`, nearest deadline first. */
  hmrc(dueDate: IsoDate | null) {
    return hmrcFor(`${workflowInfo().taskQueue}-hmrc`, dueDate, this.today());
  }

  step(key: string): StepState | undefined {
    return this.state.steps.find((s) => s.key === key);
  }

  /** Adds a step (once: a step that exists is returned as it is). */
  addStep(fields: { key: string; kind: StepKind; milestone: Milestone; title: string; opensOn: IsoDate; dueDate: IsoDate | null; businessId?: string | null; periodStart?: IsoDate | null; periodEnd?: IsoDate | null }): StepState {
    const existing = this.step(fields.key);
    if (existing) return existing;
    const step: StepState = {
      key: fields.key,
      kind: fields.kind,
      milestone: fields.milestone,
      title: fields.title,
      status: 'scheduled',
      businessId: fields.businessId ?? null,
      periodStart: fields.periodStart ?? null,
      periodEnd: fields.periodEnd ?? null,
      opensOn: fields.opensOn,
      dueDate: fields.dueDate,
      nextAction: null,
      figures: null,
      previousFigures: null,
      figuresSource: null,
      preparedBy: null,
      approvedBy: null,
      comments: [],
      problem: null,
      flags: [],
      result: {},
    };
    this.state.steps.push(step);
    this.touch(step);
    return step;
  }

  /** Marks a step changed (projected by the next flush) and records who did what. */
  touch(step: StepState, audit?: AuditNote): void {
    this.dirty.add(step.key);
    if (audit) this.audit.push(auditEntry(uuid4(), step.key, audit));
  }

  /** Moves a step on; the audit entry records its status and next action before and after (with whatever else the note adds). */
  setStatus(step: StepState, status: StepState['status'], nextAction: string | null, audit?: AuditNote): void {
    const note = audit ?? { actor: 'engine', action: `step.${status}` };
    const before = { status: step.status, nextAction: step.nextAction, ...note.before };
    step.status = status;
    step.nextAction = nextAction;
    this.touch(step, { ...note, before, after: { status, nextAction, ...note.after } });
  }

  /** The year's own fields changed (payments, penalty points): projected with the year. */
  yearChanged(audit: AuditNote): void {
    this.yearDirty = true;
    this.audit.push(auditEntry(uuid4(), null, audit));
  }

  setStage(stage: ClientTaxYearState['stage']): void {
    if (this.state.stage === stage) return;
    const before = this.state.stage;
    this.state.stage = stage;
    this.yearDirty = true;
    this.audit.push(auditEntry(uuid4(), null, { actor: 'engine', action: `stage.${stage}`, before: { stage: before }, after: { stage } }));
  }

  private hasChanges(): boolean {
    return this.dirty.size > 0 || this.audit.length > 0 || this.yearDirty;
  }

  private flushing: Promise<void> = Promise.resolve();

  /**
   * Writes every changed step and the audit entries since the last flush to the practice's database. Flushes run one
   * after another, so the year's last flush also waits for one already under way.
   */
  flush(): Promise<void> {
    const next = this.flushing.then(() => this.flushChanges());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async flushChanges(): Promise<void> {
    if (!this.hasChanges()) return;
    this.state.nextDeadline = this.nextDeadline();
    this.publishSearchAttributes();
    const steps = this.state.steps.filter((s) => this.dirty.has(s.key));
    const audit = this.audit;
    this.dirty.clear();
    this.audit = [];
    this.yearDirty = false;
    await records.projectTaxYear({
      taxYearId: this.input.taxYearId,
      stage: this.state.stage,
      nextDeadline: this.state.nextDeadline,
      agentType: this.state.agentType,
      itsaStatus: this.state.itsaStatus,
      incomeSources: this.state.incomeSources,
      steps,
      audit,
      payments: this.state.payments,
      penaltyPoints: this.state.penaltyPoints,
    });
  }

  private published: { stage: string | null; nextDeadline: string | null } = { stage: null, nextDeadline: null };

  /** Stage and next deadline as search attributes (what Temporal's UI and visibility filter years by), when they change. */
  private publishSearchAttributes(): void {
    const { stage, nextDeadline } = this.state;
    if (this.published.stage === stage && this.published.nextDeadline === nextDeadline) return;
    this.published = { stage, nextDeadline };
    upsertSearchAttributes([
      { key: taxYearStageKey, value: stage },
      { key: nextDeadlineKey, value: nextDeadline ? new Date(endOfDate(nextDeadline, this.input.timeline)) : null },
    ]);
  }

  /** Keeps the projection up to date while the year runs: any change, from the year's own work or from staff. */
  async projectContinuously(): Promise<never> {
    for (;;) {
      await condition(() => this.hasChanges());
      await this.flush();
    }
  }

  private nextDeadline(): IsoDate | null {
    const open = this.state.steps.filter((s) => s.dueDate && !['done', 'skipped', 'cancelled'].includes(s.status)).map((s) => s.dueDate!);
    const payments = this.state.payments.filter((p) => p.status === 'due' || p.status === 'overdue').map((p) => p.dueDate);
    const all = [...open, ...payments].sort();
    return all[0] ?? null;
  }

  /** Waits until a date begins on the year's timeline. */
  async until(date: IsoDate): Promise<void> {
    const wait = startOfDate(date, this.input.timeline) - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /** Waits for `test` to hold, or for the end of `date`; true when it held. */
  async untilOr(test: () => boolean, date: IsoDate): Promise<boolean> {
    const wait = endOfDate(date, this.input.timeline) - Date.now();
    if (wait <= 0) return test();
    return condition(test, wait);
  }

  /**
   * At the end of a step's due date, a step not yet `sent` is late: a point under the MTD regime (or the reason there
   * is none, e.g. the 2026-27 soft landing), with the distance to the threshold, on the step for staff.
   */
  async watchDeadline(step: StepState, obligation: SubmissionObligation, sent: () => boolean): Promise<void> {
    if (!step.dueDate) return;
    // Escalation came after the first recorded years: behind patched() so those replay as they ran.
    if (patched('escalate-near-deadline')) {
      // Still open a few days before the deadline: flagged, and the practice is alerted (resolved once it is sent).
      if (await this.untilOr(sent, addDays(step.dueDate, -ESCALATE_DAYS_BEFORE - 1))) return;
      step.flags.push('escalated');
      this.touch(step, { actor: 'engine', action: 'step.escalated', detail: { dueDate: step.dueDate } });
    }
    if (await this.untilOr(sent, step.dueDate)) return;
    const assessed = assessLateSubmission({ obligation, taxYear: this.input.taxYear, dueDate: step.dueDate, asOf: addDays(step.dueDate, 1) }, this.state.penaltyPoints);
    if (assessed.point) this.state.penaltyPoints.push(assessed.point);
    step.flags.push('late');
    const { reason, activePoints, threshold, distanceToThreshold, penaltyPence } = assessed;
    step.result = { ...step.result, late: { reason, activePoints, threshold, distanceToThreshold, penaltyPence, expiresOn: assessed.point?.expiresOn ?? null } };
    this.touch(step);
    this.yearChanged({ actor: 'engine', action: 'deadline.missed', detail: { stepKey: step.key, dueDate: step.dueDate, point: assessed.point !== null } });
  }

  /** Waits for `test` to hold, for at most `ms` when given; true when it held. */
  async untilOrDuration(test: () => boolean, ms?: number): Promise<boolean> {
    if (ms === undefined) {
      await condition(test);
      return true;
    }
    return condition(test, ms);
  }

  days(n: number): number {
    return durationOfDays(n, this.input.timeline);
  }

  /**
   * Runs HMRC or FreeAgent work for a step. A business refusal parks the step as needs-attention with HMRC's code and
   * message until staff press retry; a machine problem that outlasted its retries parks it too, and it is tried again
   * by itself (or at once when the practice reconnects).
   */
  async attempt<T>(step: StepState, work: () => Promise<T>): Promise<T> {
    return (await this.retrying(step, work, false)) as T;
  }

  /**
   * attempt() for work on figures staff may key instead (gathering them, sending approved ones): while the step is
   * parked, new figures end the attempt with REAPPROVE, and they go through four eyes before anything is sent.
   */
  attemptFigures<T>(step: StepState, work: () => Promise<T>): Promise<T | typeof REAPPROVE> {
    return this.retrying(step, work, true);
  }

  /** Whether staff may key figures into this parked step (see attemptFigures). */
  takesFiguresWhileParked(stepKey: string): boolean {
    return this.refigurable.has(stepKey);
  }

  private readonly refigurable = new Set<string>();

  private async retrying<T>(step: StepState, work: () => Promise<T>, refigurable: boolean): Promise<T | typeof REAPPROVE> {
    for (;;) {
      try {
        return await work();
      } catch (err) {
        if (isCancellation(err)) throw err;
        const problem = problemOf(err);
        if (!problem) throw err;
        const previousStatus = step.status;
        step.problem = problem;
        this.setStatus(
          step,
          'needs-attention',
          problem.retriesBySelf ? 'Waiting for HMRC or the connection to recover; it is tried again by itself, or press retry' : 'Correct what HMRC refused, then press retry',
          { actor: 'engine', action: 'step.needs-attention', detail: { code: problem.code, message: problem.message } },
        );
        const restored = this.connectionRestored;
        const retryBySelfAfter = Math.min(15 * 60_000, this.days(1));
        if (refigurable) this.refigurable.add(step.key);
        await this.untilOrDuration(
          () => this.retryRequested.has(step.key) || this.connectionRestored !== restored || step.status === 'awaiting-review',
          problem.retriesBySelf ? retryBySelfAfter : undefined,
        );
        this.refigurable.delete(step.key);
        this.retryRequested.delete(step.key);
        step.problem = null;
        if (step.status === 'awaiting-review') return REAPPROVE;
        this.setStatus(step, previousStatus === 'needs-attention' ? 'in-progress' : previousStatus, null);
      }
    }
  }

  /** Parks until staff press retry on the step. */
  async waitForRetry(stepKey: string): Promise<void> {
    await this.untilOrDuration(() => this.retryRequested.has(stepKey));
    this.retryRequested.delete(stepKey);
  }

  /**
   * Four eyes before anything goes to HMRC: a preparer submits, a different reviewer approves. A rejection goes back
   * to the preparer with the reviewer's comment. Returns the approver, whose browser session the submission carries.
   */
  async prepareAndApprove(step: StepState, options: { needsFigures: boolean; preparerAction: string }): Promise<Actor> {
    if (this.automation.approve) {
      step.preparedBy = 'automation';
      step.approvedBy = 'automation';
      this.touch(step, { actor: 'automation', action: 'step.approved', detail: { policy: 'the practice approves this client automatically' } });
      return { staffId: 'automation' };
    }
    for (;;) {
      if (step.status !== 'awaiting-review') {
        const hasFigures = step.figures !== null || !options.needsFigures;
        this.setStatus(step, hasFigures ? 'awaiting-preparer' : 'awaiting-figures', hasFigures ? options.preparerAction : 'Enter the figures for this period');
      }
      await condition(() => step.status === 'awaiting-review');
      await condition(() => step.status === 'in-progress' || step.status === 'awaiting-preparer');
      if (step.status === 'in-progress') return this.approvers.get(step.key) ?? { staffId: step.approvedBy ?? 'unknown' };
    }
  }

  /** Staff must see something and say they have (an Assist report, a BSAS summary): any one member of staff. */
  async review(step: StepState, nextAction: string): Promise<Actor> {
    if (this.automation.approve) {
      step.approvedBy = 'automation';
      this.touch(step, { actor: 'automation', action: 'step.reviewed' });
      return { staffId: 'automation' };
    }
    this.setStatus(step, 'awaiting-review', nextAction);
    await condition(() => step.status === 'in-progress' || step.status === 'awaiting-preparer');
    return this.approvers.get(step.key) ?? { staffId: step.approvedBy ?? 'unknown' };
  }
}

/** HMRC's (or FreeAgent's) answer as a parked step's problem; null for failures that are not the outside world's. */
export function problemOf(err: unknown): StepProblem | null {
  if (!(err instanceof ActivityFailure)) return null;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) {
    return { code: 'RETRIES_EXHAUSTED', message: `${err.activityType ?? 'An activity'} did not finish: ${cause?.message ?? err.message}`, retriesBySelf: true };
  }
  const details = (cause.details?.[0] ?? {}) as { code?: string; message?: string; errors?: StepProblem['errors']; correlationId?: string | null };
  const bySelf = !cause.nonRetryable;
  return {
    code: details.code ?? (cause.type === 'ReconnectNeeded' ? 'RECONNECT_NEEDED' : (cause.type ?? 'ERROR')),
    message: details.message ?? cause.message,
    ...(details.errors ? { errors: details.errors } : {}),
    ...(details.correlationId !== undefined ? { correlationId: details.correlationId } : {}),
    retriesBySelf: bySelf,
  };
}
