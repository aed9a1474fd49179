// Step 3: one business's quarter. At the period end the figures are gathered (FreeAgent or staff), shown beside the
// previous quarter, prepared and approved by two people, sent as the cumulative update, confirmed against HMRC's
// obligation and followed by the in-year estimate. A week before the deadline the books are checked; a missed
// deadline records a late-submission point (TaxYearRun.watchDeadline).
import { addDays } from '../../domain/calendar';
import { figuresFromHmrc, figuresToHmrc, type FigureTree } from '../../domain/figures';
import { CancellationScope } from '@temporalio/workflow';
import { freeagent } from './proxies';
import type { IncomeSource } from './model';
import type { QuarterPlan } from './incomeSources';
import { quarterlyStepKey } from './incomeSources';
import type { TaxYearRun } from './run';
import { REAPPROVE } from './run';

export const ESTIMATE_DISCLAIMER =
  "This is an estimate from HMRC based on the figures sent so far this year. It is not a bill, and the tax due may change when the year's figures are complete.";

const BOOKS_CHECK_DAYS_BEFORE_DEADLINE = 7;

export async function quarterlyUpdate(run: TaxYearRun, source: IncomeSource, quarter: QuarterPlan): Promise<void> {
  const step = run.step(quarterlyStepKey(source.businessId, quarter.quarter));
  if (!step || step.status === 'skipped' || step.status === 'done') return;
  await run.until(step.opensOn);
  if (source.cessationDate && source.cessationDate < quarter.periodStart) {
    run.setStatus(step, 'skipped', `The business ceased on ${source.cessationDate}`);
    return;
  }
  run.setStatus(step, 'in-progress', null);
  const previous = quarter.quarter > 1 ? run.step(quarterlyStepKey(source.businessId, quarter.quarter - 1)) : undefined;
  step.previousFigures = previous?.figures ?? null;

  // The watchers run beside the work and stop when it is done.
  const watchers = new CancellationScope();
  const watching = watchers
    .run(() => Promise.all([checkBooksBeforeDeadline(run, step.key, quarter), run.watchDeadline(step, 'quarterly', () => step.result.submittedOn !== undefined)]))
    .catch(() => undefined);
  try {
    if (run.profile.freeagent && step.figures === null) await gatherFromFreeAgent(run, source, quarter);
    // From 2026-27 foreign property updates name each property by HMRC's propertyId: none registered, none to name.
    if (source.kind === 'foreign-property' && source.foreignProperties?.length === 0 && !step.flags.includes('foreign-properties-not-registered')) {
      step.flags.push('foreign-properties-not-registered');
      run.touch(step, { actor: 'engine', action: 'figures.foreign-properties-missing' });
    }
    for (;;) {
      const approver = await run.prepareAndApprove(step, { needsFigures: true, preparerAction: 'Check the figures against the previous quarter, then submit them for review' });
      const sent = await run.attemptFigures(step, () =>
        run.hmrc(quarter.dueDate).submitCumulativeUpdate({
          nino: run.profile.nino,
          businessId: source.businessId,
          taxYear: run.input.taxYear,
          kind: source.kind,
          body: cumulativeBody(source, quarter, step.figures ?? {}),
          ...(approver.session ? { session: approver.session } : {}),
        }),
      );
      if (sent === REAPPROVE) continue;
      step.result = { ...step.result, submitted: sent.submitted, submittedOn: run.today() };
      run.touch(step, { actor: approver.staffId, action: 'quarterly-update.sent', detail: { businessId: source.businessId, quarter: quarter.quarter, resent: !sent.submitted } });
      break;
    }
    await confirmObligationMet(run, source, quarter);
    await inYearEstimate(run, source, quarter);
    run.setStatus(step, 'done', null);
  } finally {
    watchers.cancel();
    await watching;
  }
}

/** HMRC's body: the period's dates (cumulative from the start of the year) and the figures in pounds. */
export function cumulativeBody(source: IncomeSource, quarter: QuarterPlan, figures: FigureTree): Record<string, unknown> {
  const start = source.commencementDate && source.commencementDate > quarter.periodStart ? source.commencementDate : quarter.periodStart;
  const end = source.cessationDate && source.cessationDate < quarter.periodEnd ? source.cessationDate : quarter.periodEnd;
  const money = figuresToHmrc(figures);
  return source.kind === 'self-employment' ? { periodDates: { periodStartDate: start, periodEndDate: end }, ...money } : { fromDate: start, toDate: end, ...money };
}

async function gatherFromFreeAgent(run: TaxYearRun, source: IncomeSource, quarter: QuarterPlan): Promise<void> {
  const step = run.step(quarterlyStepKey(source.businessId, quarter.quarter))!;
  const fa = run.profile.freeagent!;
  if (source.kind === 'foreign-property') {
    step.flags.push('freeagent-no-foreign-property');
    run.touch(step, { actor: 'engine', action: 'figures.not-from-freeagent', detail: { reason: 'FreeAgent does not split foreign property by property' } });
    return;
  }
  const gathered = await run.attemptFigures(step, async () => {
    if (source.kind === 'self-employment') {
      const r = await freeagent.selfEmploymentUpdateFromFreeAgent({ subdomain: fa.subdomain, periodStartDate: quarter.periodStart, periodEndDate: quarter.periodEnd });
      const { periodDates: _dates, ...money } = r.body;
      return { figures: figuresFromHmrc(money as FigureTree), report: r.report };
    }
    const r = await freeagent.ukPropertyUpdateFromFreeAgent({ subdomain: fa.subdomain, fromDate: quarter.periodStart, toDate: quarter.periodEnd });
    const { fromDate: _from, toDate: _to, ...money } = r.body;
    return { figures: figuresFromHmrc(money as FigureTree), report: r.report };
  });
  if (gathered === REAPPROVE) return;
  step.figures = gathered.figures;
  step.figuresSource = 'freeagent';
  const unmapped = gathered.report.unmapped.map((u) => `${u.nominalCode} ${u.name}`);
  step.result = { ...step.result, freeagentReport: { unmapped, warnings: gathered.report.warnings } };
  if (unmapped.length > 0) step.flags.push('unmapped-categories');
  run.touch(step, { actor: 'engine', action: 'figures.from-freeagent', detail: { unmapped: unmapped.length } });
}

/** Books not ready a week before the deadline flag the client, so staff chase them in time. */
async function checkBooksBeforeDeadline(run: TaxYearRun, stepKey: string, quarter: QuarterPlan): Promise<void> {
  const fa = run.profile.freeagent;
  if (!fa) return;
  await run.until(addDays(quarter.dueDate, -BOOKS_CHECK_DAYS_BEFORE_DEADLINE));
  const step = run.step(stepKey)!;
  if (step.status === 'done') return;
  const books = await freeagent.checkFreeAgentBooksReady({ subdomain: fa.subdomain, periodStartDate: quarter.periodStart, periodEndDate: quarter.periodEnd });
  step.result = { ...step.result, books };
  if (!books.ready && !step.flags.includes('books-not-ready')) step.flags.push('books-not-ready');
  run.touch(step, { actor: 'engine', action: books.ready ? 'books.ready' : 'books.not-ready', detail: { reasons: books.reasons } });
}

/** HMRC marks the obligation fulfilled shortly after the update (up to an hour in production): look until it does. */
async function confirmObligationMet(run: TaxYearRun, source: IncomeSource, quarter: QuarterPlan): Promise<void> {
  const step = run.step(quarterlyStepKey(source.businessId, quarter.quarter))!;
  for (let look = 0; look < 6; look += 1) {
    const found = await run.attempt(step, () => run.hmrc(quarter.dueDate).listQuarterlyObligations({ nino: run.profile.nino, taxYear: run.input.taxYear, businessId: source.businessId }));
    const period = found.find((o) => o.businessId === source.businessId)?.periods.find((p) => p.periodEndDate === quarter.periodEnd);
    if (period?.status === 'fulfilled') {
      step.result = { ...step.result, obligationFulfilled: true, receivedDate: period.receivedDate ?? null };
      run.touch(step, { actor: 'engine', action: 'obligation.fulfilled' });
      return;
    }
    await run.untilOrDuration(() => false, Math.min(10 * 60_000, run.days(0.25)));
  }
  step.flags.push('obligation-not-confirmed');
  run.touch(step, { actor: 'engine', action: 'obligation.not-yet-fulfilled' });
}

/** The in-year estimate after each update (main agents), with HMRC's caveat; a failure here never holds the quarter up. */
async function inYearEstimate(run: TaxYearRun, source: IncomeSource, quarter: QuarterPlan): Promise<void> {
  const step = run.step(quarterlyStepKey(source.businessId, quarter.quarter))!;
  // HMRC gives calculations to the main agent only.
  if (run.state.agentType !== 'main') return;
  const hmrc = run.hmrc(null);
  try {
    const requestedAfter = new Date().toISOString();
    const triggered = await hmrc.triggerCalculation({ nino: run.profile.nino, taxYear: run.input.taxYear, calculationType: 'in-year', requestedAfter });
    const summary = await hmrc.retrieveCalculationSummary({ nino: run.profile.nino, taxYear: run.input.taxYear, calculationId: triggered.calculationId });
    step.result = { ...step.result, estimate: { ...summary, disclaimer: ESTIMATE_DISCLAIMER } };
    run.touch(step, { actor: 'engine', action: 'estimate.received', detail: { calculationId: triggered.calculationId } });
  } catch (err) {
    if (CancellationScope.current().consideredCancelled) throw err;
    step.flags.push('estimate-unavailable');
    run.touch(step, { actor: 'engine', action: 'estimate.unavailable' });
  }
}
