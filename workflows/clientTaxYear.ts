// One client's tax year as a durable workflow: opens each step when its date comes and keeps the practice's records in step.
// Issue 2 foundation: the steps open on schedule; the HMRC work inside each step arrives with the tax-year issue.
import {
  CancellationScope,
  defineQuery,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { ScheduledStep } from '../domain/schedule';
import type { createActivities } from '../activities';

export interface ClientTaxYearInput {
  taxYearId: string;
  clientId: string;
  taxYear: string;
  /** Every step with the instants it opens and falls due: real or compressed, the code is the same. */
  schedule: ScheduledStep[];
}

export type TaxYearStage = 'starting' | 'in-year' | 'awaiting-final-declaration' | 'cancelled';
export type StepStatus = 'scheduled' | 'open' | 'cancelled';

export interface ClientTaxYearState {
  stage: TaxYearStage;
  steps: { key: string; status: StepStatus; opensAt: string; dueAt: string | null }[];
}

export const getStateQuery = defineQuery<ClientTaxYearState>('getState');

const records = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export function clientTaxYearWorkflowId(clientId: string, taxYear: string): string {
  return `tax-year/${clientId}/${taxYear}`;
}

export async function clientTaxYear(input: ClientTaxYearInput): Promise<ClientTaxYearState> {
  const state: ClientTaxYearState = {
    stage: 'starting',
    steps: input.schedule.map((s) => ({ key: s.key, status: 'scheduled', opensAt: s.opensAt, dueAt: s.dueAt })),
  };
  setHandler(getStateQuery, () => state);

  try {
    state.stage = 'in-year';
    await records.recordYearPlan({ taxYearId: input.taxYearId, steps: input.schedule, stage: state.stage, nextDeadline: nextDeadline(input.schedule) });

    const order = [...input.schedule.keys()].sort((a, b) => input.schedule[a]!.opensAt.localeCompare(input.schedule[b]!.opensAt));
    for (const index of order) {
      const step = input.schedule[index]!;
      const wait = Date.parse(step.opensAt) - Date.now();
      if (wait > 0) await sleep(wait);
      await records.recordStepStatus({ taxYearId: input.taxYearId, stepKey: step.key, status: 'open' });
      state.steps[index]!.status = 'open';
      if (step.kind === 'final-declaration') {
        state.stage = 'awaiting-final-declaration';
        await records.recordTaxYearStage({ taxYearId: input.taxYearId, stage: state.stage });
      }
    }
    return state;
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Staff cancelled the year: record it even though this scope is cancelled, then end as cancelled.
    await CancellationScope.nonCancellable(async () => {
      state.stage = 'cancelled';
      for (const step of state.steps) if (step.status === 'scheduled') step.status = 'cancelled';
      await records.recordTaxYearCancelled({ taxYearId: input.taxYearId });
    });
    throw err;
  }
}

/** The earliest due date of the steps still to do (none is done until the steps do HMRC work). */
function nextDeadline(steps: ScheduledStep[]): string | null {
  const dates = steps.flatMap((s) => (s.dueDate ? [s.dueDate] : []));
  return dates.length > 0 ? dates.reduce((a, b) => (a < b ? a : b)) : null;
}
