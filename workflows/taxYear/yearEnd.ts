// Steps 4 and 5: after the year, per business the annual submission and HMRC's adjustable summary (BSAS) with optional
// adjustments; then losses and claims as staff decide. Each goes to HMRC only after four eyes.
import { condition } from '@temporalio/workflow';
import { addDays } from '../../domain/calendar';
import { figuresToHmrc, type FigureTree } from '../../domain/figures';
import { taxYearEnd, taxYearStart } from '../../domain/taxYear';
import { finalDeclarationWindow } from '../../domain/calendar';
import type { IncomeSource } from './model';
import { quarterlyStepKey } from './incomeSources';
import type { TaxYearRun } from './run';
import { REAPPROVE } from './run';

const FINISHED = new Set(['done', 'skipped', 'cancelled']);

export function yearEndOpensOn(taxYear: string): string {
  return addDays(taxYearEnd(taxYear), 1);
}

/** Annual submission then BSAS for one business, once its four quarters are in. */
export async function businessYearEnd(run: TaxYearRun, source: IncomeSource): Promise<void> {
  const { taxYear } = run.input;
  const due = finalDeclarationWindow(taxYear).dueDate;
  const opensOn = yearEndOpensOn(taxYear);
  const label = `${source.kind}${source.name ? ` (${source.name})` : ''}`;
  const annual = run.addStep({ key: `annual-submission/${source.businessId}`, kind: 'annual-submission', milestone: 'year-end', title: `Annual submission: ${label}`, opensOn, dueDate: due, businessId: source.businessId });
  const adjustments = run.addStep({ key: `adjustments/${source.businessId}`, kind: 'adjustments', milestone: 'year-end', title: `End-of-year summary and adjustments: ${label}`, opensOn, dueDate: due, businessId: source.businessId });
  await run.until(opensOn);
  await condition(() => [1, 2, 3, 4].every((q) => FINISHED.has(run.step(quarterlyStepKey(source.businessId, q))?.status ?? 'done')));

  // Allowances and adjustments for the year: optional, but they must precede the summary (a later one invalidates it).
  run.setStatus(annual, 'in-progress', null);
  for (;;) {
    const approver = await run.prepareAndApprove(annual, { needsFigures: false, preparerAction: 'Enter the annual allowances and adjustments (or none), then submit for review' });
    if (!annual.figures || Object.keys(annual.figures).length === 0) {
      annual.result = { ...annual.result, submitted: false, reason: 'Nothing to submit' };
      break;
    }
    const sent = await run.attemptFigures(annual, () =>
      run.hmrc(due).submitAnnualSubmission({ nino: run.profile.nino, businessId: source.businessId, taxYear, kind: source.kind, body: figuresToHmrc(annual.figures!), ...(approver.session ? { session: approver.session } : {}) }),
    );
    if (sent === REAPPROVE) continue;
    annual.result = { ...annual.result, submitted: sent.submitted };
    break;
  }
  run.setStatus(annual, 'done', null);

  run.setStatus(adjustments, 'in-progress', null);
  for (;;) {
    const triggered = await run.attempt(adjustments, () =>
      run.hmrc(due).triggerBsas({ nino: run.profile.nino, businessId: source.businessId, typeOfBusiness: source.kind, taxYear, startDate: taxYearStart(taxYear), endDate: taxYearEnd(taxYear) }),
    );
    const summary = await run.attempt(adjustments, () => run.hmrc(due).retrieveBsas({ nino: run.profile.nino, calculationId: triggered.calculationId, kind: source.kind, taxYear }));
    adjustments.result = { ...adjustments.result, calculationId: triggered.calculationId, summary };
    run.touch(adjustments, { actor: 'engine', action: 'bsas.ready', detail: { calculationId: triggered.calculationId } });
    const approver = await run.prepareAndApprove(adjustments, { needsFigures: false, preparerAction: "Review HMRC's end-of-year summary; enter adjustments if any are needed, then submit for review" });
    if (!adjustments.figures || Object.keys(adjustments.figures).length === 0) break;
    const adjusted = await run.attemptFigures(adjustments, () =>
      run.hmrc(due).submitBsasAdjustments({
        nino: run.profile.nino,
        calculationId: triggered.calculationId,
        kind: source.kind,
        taxYear,
        adjustments: figuresToHmrc(adjustments.figures as FigureTree),
        ...(approver.session ? { session: approver.session } : {}),
      }),
    );
    if (adjusted === REAPPROVE) continue;
    adjustments.result = { ...adjustments.result, adjusted: true };
    break;
  }
  run.setStatus(adjustments, 'done', null);
}

/**
 * Losses and claims for the year as staff decide: figures are keyed by businessId, each the Losses 7.0 body in pence
 * (2026-27 on) or a 6.0 claim `{ typeOfLoss, typeOfClaim }`. No figures: nothing to claim.
 */
export async function lossesAndClaims(run: TaxYearRun): Promise<void> {
  const { taxYear } = run.input;
  const due = finalDeclarationWindow(taxYear).dueDate;
  const step = run.addStep({ key: 'losses', kind: 'losses', milestone: 'year-end', title: 'Losses and claims', opensOn: yearEndOpensOn(taxYear), dueDate: due });
  await condition(() => run.state.steps.filter((s) => s.kind === 'adjustments').every((s) => FINISHED.has(s.status)));
  run.setStatus(step, 'in-progress', null);
  for (;;) {
    const approver = await run.prepareAndApprove(step, { needsFigures: false, preparerAction: 'Decide losses to carry forward or sideways (or none), then submit for review' });
    const perBusiness = Object.entries(step.figures ?? {});
    let again = false;
    for (const [businessId, claim] of perBusiness) {
      const body = claim as FigureTree;
      const sent = await run.attemptFigures(step, () =>
        run.hmrc(due).submitLossClaim({
          nino: run.profile.nino,
          businessId,
          taxYear,
          ...(taxYear >= '2026-27' ? { claims: figuresToHmrc(body) } : { claim: { typeOfLoss: String(body.typeOfLoss), typeOfClaim: String(body.typeOfClaim) } }),
          ...(approver.session ? { session: approver.session } : {}),
        }),
      );
      if (sent === REAPPROVE) {
        again = true;
        break;
      }
      step.result = { ...step.result, [businessId]: sent };
    }
    if (!again) break;
  }
  run.setStatus(step, 'done', null);
}
