// One client's tax year as a durable workflow, from the agent's authorisation to the last payment. Staff act through
// the `act` Update; the `getState` Query answers with everything; every change is projected to PostgreSQL.
import { CancellationScope, isCancellation, setHandler } from '@temporalio/workflow';
import { addDays, quarterlyPeriods } from '../domain/calendar';
import { records } from './taxYear/proxies';
import { authorise } from './taxYear/authorisation';
import { calculateAndDeclare } from './taxYear/declaration';
import { discoverIncomeSources, signpostOtherIncome, type QuarterPlan } from './taxYear/incomeSources';
import { actUpdate, connectionRestoredSignal, getStateQuery, type ClientTaxYearInput, type ClientTaxYearState } from './taxYear/model';
import { trackPayments } from './taxYear/payments';
import { quarterlyUpdate } from './taxYear/quarterly';
import { TaxYearRun } from './taxYear/run';
import { applyStaffAction, validateStaffAction } from './taxYear/staffActions';
import { businessYearEnd, lossesAndClaims, yearEndOpensOn } from './taxYear/yearEnd';

export { actUpdate, clientTaxYearWorkflowId, connectionRestoredSignal, getStateQuery } from './taxYear/model';
export type { ClientTaxYearInput, ClientTaxYearState, StaffAction, StaffActionResult } from './taxYear/model';

export async function clientTaxYear(input: ClientTaxYearInput): Promise<ClientTaxYearState> {
  const run = new TaxYearRun(input);
  setHandler(getStateQuery, () => run.state);
  setHandler(
    actUpdate,
    (action) => {
      applyStaffAction(run, action);
      return {
        stage: run.state.stage,
        step: 'stepKey' in action ? (run.step(action.stepKey) ?? null) : null,
        payment: 'paymentKey' in action ? (run.state.payments.find((p) => p.key === action.paymentKey) ?? null) : null,
      };
    },
    { validator: (action) => validateStaffAction(run, action) },
  );
  setHandler(connectionRestoredSignal, () => {
    run.connectionRestored += 1;
  });
  // Never finishes: it keeps PostgreSQL in step with every change until the year ends (or is cancelled).
  run.projectContinuously().catch(() => undefined);

  try {
    if ((await authorise(run)) === 'not-in-mtd') {
      run.setStage('not-in-mtd');
      await run.flush();
      return run.state;
    }
    run.setStage('in-year');
    const otherIncome = background(signpostOtherIncome(run));
    const quarters = await runQuarters(run);

    await run.until(yearEndOpensOn(input.taxYear));
    await quarters.started;
    run.setStage('year-end');
    const yearEnds = run.state.incomeSources.map((source) => businessYearEnd(run, source));
    await Promise.all([quarters.done(), ...yearEnds, lossesAndClaims(run), otherIncome]);

    const declared = await calculateAndDeclare(run);
    await trackPayments(run, declared);
    run.setStage('complete');
    await run.flush();
    return run.state;
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Staff cancelled the year: record it although this scope is cancelled, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      run.setStage('cancelled');
      for (const step of run.state.steps) if (!['done', 'skipped'].includes(step.status)) run.setStatus(step, 'cancelled', null);
      await run.flush();
      await records.recordTaxYearCancelled({ taxYearId: input.taxYearId });
    });
    throw err;
  }
}

/**
 * Starts each business's quarters as one chain (a quarter waits for the one before), and looks for new or ceased
 * businesses as each quarter opens, so one that starts mid-year joins from its first quarter.
 */
async function runQuarters(run: TaxYearRun): Promise<{ started: Promise<void>; done: () => Promise<void> }> {
  const chains = new Map<string, { next: number; chain: Promise<void> }>();
  const extend = (plans: Map<string, QuarterPlan[]>, upTo: number) => {
    for (const source of run.state.incomeSources) {
      const plan = plans.get(source.businessId);
      if (!plan) continue;
      const entry = chains.get(source.businessId) ?? { next: 1, chain: Promise.resolve() };
      chains.set(source.businessId, entry);
      while (entry.next <= upTo) {
        const quarter = plan[entry.next - 1]!;
        entry.chain = background(entry.chain.then(() => quarterlyUpdate(run, source, quarter)));
        entry.next += 1;
      }
    }
  };
  extend(await discoverIncomeSources(run), 1);
  const periods = quarterlyPeriods(run.input.taxYear);
  const started = background((async () => {
    for (const period of periods.slice(1)) {
      // Look again when the quarter before has ended, before this quarter's work is due.
      await run.until(addDays(periods[period.quarter - 2]!.periodEnd, 1));
      extend(await discoverIncomeSources(run), period.quarter);
    }
  })());
  return { started, done: async () => void (await Promise.all([...chains.values()].map((c) => c.chain))) };
}

/**
 * Work that runs beside the year and is awaited later: marked handled now, so a cancellation that reaches it before
 * it is awaited is not an unhandled rejection (awaiting it still throws).
 */
function background<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}
