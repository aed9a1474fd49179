// Steps 6 and 7: the intent-to-finalise calculation and HMRC Assist's report for staff to review, the client's
// confirmation (who and when), then the final declaration on exactly that calculation. A supporting agent never
// declares; data that changed after the calculation means a new calculation, not a failed year.
import { condition } from '@temporalio/workflow';
import { finalDeclarationWindow } from '../../domain/calendar';
import type { StepState } from './model';
import type { TaxYearRun } from './run';
import { yearEndOpensOn } from './yearEnd';

const FINISHED = new Set(['done', 'skipped', 'cancelled']);
/** HMRC's answers that mean the calculation no longer matches the data: calculate again. */
const RECALCULATE = new Set(['RULE_RECENT_SUBMISSIONS_EXIST', 'RULE_INCOME_SOURCES_CHANGED', 'RULE_RESIDENCY_CHANGED']);

export interface DeclaredCalculation {
  calculationId: string;
  summary: Awaited<ReturnType<ReturnType<TaxYearRun['hmrc']>['retrieveCalculationSummary']>>;
}

export async function calculateAndDeclare(run: TaxYearRun): Promise<DeclaredCalculation> {
  const { taxYear } = run.input;
  const due = finalDeclarationWindow(taxYear).dueDate;
  const opensOn = yearEndOpensOn(taxYear);
  const calculation = run.addStep({ key: 'calculation', kind: 'calculation', milestone: 'final-declaration', title: 'Tax calculation and HMRC Assist review', opensOn, dueDate: due });
  const confirmation = run.addStep({ key: 'client-confirmation', kind: 'client-confirmation', milestone: 'final-declaration', title: 'Client confirms the declaration', opensOn, dueDate: due });
  const declaration = run.addStep({ key: 'final-declaration', kind: 'final-declaration', milestone: 'final-declaration', title: 'Final declaration', opensOn, dueDate: due });
  await condition(() => run.state.steps.filter((s) => s.key !== 'calculation' && s.key !== 'client-confirmation' && s.key !== 'final-declaration' && s.kind !== 'payment').every((s) => FINISHED.has(s.status)));
  run.setStage('final-declaration');
  // A declaration not made by 31 January is late: an annual point.
  run.watchDeadline(declaration, 'annual', () => declaration.status === 'done').catch(() => undefined);

  for (;;) {
    // HMRC lets only the main agent (or the client) calculate and declare: a supporting agent waits here.
    await untilMainAgent(run, declaration, due);
    const calculated = await calculate(run, due);
    // The client agrees to this calculation (always the client: no practice policy confirms for them); staff record
    // who confirmed, when and how.
    confirmation.result = { calculationId: calculated.calculationId, totalDuePence: calculated.summary.totalIncomeTaxAndNicsDuePence };
    run.setStatus(confirmation, 'awaiting-client', 'Send the calculation to the client and record their confirmation');
    await condition(() => confirmation.status === 'in-progress');
    run.setStatus(confirmation, 'done', null);

    run.setStatus(declaration, 'in-progress', null);
    const by = calculated.approver;
    const outcome = await run.attempt(declaration, async () => {
      try {
        return await run.hmrc(due).submitFinalDeclaration({ nino: run.profile.nino, taxYear, calculationId: calculated.calculationId, ...(by.session ? { session: by.session } : {}) });
      } catch (err) {
        const code = (err as { cause?: { details?: { code?: string }[] } }).cause?.details?.[0]?.code;
        if (code && RECALCULATE.has(code)) return { recalculate: code } as const;
        throw err;
      }
    });
    if ('recalculate' in outcome) {
      run.touch(declaration, { actor: 'engine', action: 'declaration.recalculate', detail: { code: outcome.recalculate } });
      run.setStatus(confirmation, 'scheduled', null);
      run.setStatus(calculation, 'in-progress', 'The data changed after the calculation: calculating again');
      continue;
    }
    declaration.result = { ...declaration.result, calculationId: calculated.calculationId, declaredOn: run.today(), declared: outcome.declared };
    run.setStatus(declaration, 'done', null, { actor: by.staffId, action: 'declaration.made', detail: { calculationId: calculated.calculationId } });
    return { calculationId: calculated.calculationId, summary: calculated.summary };
  }
}

async function calculate(run: TaxYearRun, due: string) {
  const { taxYear } = run.input;
  const step = run.step('calculation')!;
  run.setStatus(step, 'in-progress', null);
  for (;;) {
    const requestedAfter = new Date().toISOString();
    const triggered = await run.attempt(step, () => run.hmrc(due).triggerCalculation({ nino: run.profile.nino, taxYear, calculationType: 'intent-to-finalise', requestedAfter }));
    const summary = await run.attempt(step, () => run.hmrc(due).retrieveCalculationSummary({ nino: run.profile.nino, taxYear, calculationId: triggered.calculationId }));
    step.result = { calculationId: triggered.calculationId, summary };
    if (summary.errors.length > 0) {
      // HMRC would not finalise: the data must be fixed, then the calculation is asked for again.
      step.problem = { code: 'CALCULATION_ERRORS', message: summary.errors.map((e) => e.text).join(' '), errors: summary.errors.map((e) => ({ code: e.id, message: e.text })), retriesBySelf: false };
      run.setStatus(step, 'needs-attention', 'Correct the data HMRC lists, then press retry to calculate again');
      await run.waitForRetry(step.key);
      step.problem = null;
      continue;
    }
    // HMRC Assist (main agents only, as is the calculation): its messages are read by staff and acknowledged before the
    // client is asked.
    const report = await run.attempt(step, () => run.hmrc(due).produceAssistReport({ nino: run.profile.nino, taxYear, calculationId: triggered.calculationId }));
    step.result = { ...step.result, assist: report ? { reportId: report.reportId, messages: report.messages } : { messages: [] } };
    const approver = await run.review(step, report ? "Read HMRC Assist's messages and the calculation, then approve" : 'Review the calculation, then approve');
    if (report) {
      await run.attempt(step, () =>
        run.hmrc(due).acknowledgeAssistReport({ nino: run.profile.nino, reportId: report.reportId, correlationId: report.correlationId, ...(approver.session ? { session: approver.session } : {}) }),
      );
    }
    run.setStatus(step, 'done', null, { actor: approver.staffId, action: 'calculation.reviewed' });
    return { calculationId: triggered.calculationId, summary, approver };
  }
}

/** Parks the declaration while the practice is a supporting agent; staff press retry once it has become the main agent. */
async function untilMainAgent(run: TaxYearRun, declaration: StepState, due: string): Promise<void> {
  while (run.state.agentType === 'supporting') {
    declaration.problem = { code: 'SUPPORTING_AGENT', message: 'A supporting agent cannot calculate or make the final declaration: the main agent or the client must', retriesBySelf: false };
    run.setStatus(declaration, 'needs-attention', 'Ask the main agent or the client to declare, or press retry once the practice is the main agent');
    await run.waitForRetry(declaration.key);
    const profile = run.profile;
    const relationship = await run.attempt(declaration, () => run.hmrc(due).checkAgentRelationship({ arn: profile.arn, nino: profile.nino, postcode: profile.postcode ?? '' }));
    if (relationship.status !== 'none') run.state.agentType = relationship.status;
    declaration.problem = null;
    run.setStatus(declaration, 'scheduled', null);
  }
}
