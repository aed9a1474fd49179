// Drives client tax years in tests: an HMRC emulator whose clock runs as fast as the compressed year, a practice and
// clients in PostgreSQL, and staff (a preparer and a different reviewer) who act on whatever a year waits for.
import type { WorkflowHandle } from '@temporalio/client';
import { londonStartOfDay } from '../../domain/timeline';
import { actUpdate, getStateQuery, type ClientTaxYearState, type StaffAction } from '../../workflows/clientTaxYear';
import type { TestEngine } from './engine';
import { agentWithClient, call, userToken, type RunningEmulator } from './hmrcEmulator';

/** Starts the emulator's clock at the tax year's first day, running as fast as a compressed year. */
export function syncEmulatorClock(hmrc: RunningEmulator, taxYearStart: string, originAt: Date, msPerDay: number): void {
  const rate = 86_400_000 / msPerDay;
  const elapsed = Date.now() - originAt.getTime();
  hmrc.emulator.clock.set(new Date(londonStartOfDay(taxYearStart).getTime() + elapsed * rate), rate);
}

export interface PracticeClient {
  clientId: string;
  nino: string;
  arn: string;
  agentUserId: string;
  agentToken: string;
  businessIds: string[];
}

/** An agent with an authorised MTD client in the emulator, and the same practice and client in PostgreSQL. */
export async function practiceWithClient(
  hmrc: RunningEmulator,
  engine: TestEngine,
  businesses: { typeOfBusiness: 'self-employment' | 'uk-property' | 'foreign-property'; tradingName?: string }[],
  options: { relationship?: 'main' | 'supporting' | 'none' } = {},
): Promise<PracticeClient> {
  // Set up in real time: a clock left racing by an earlier year would expire tokens as soon as they are issued.
  hmrc.emulator.clock.set(null);
  const c = await agentWithClient(hmrc, options.relationship === 'supporting' ? 'supporting' : 'main');
  if (options.relationship === 'none') {
    await call(hmrc, 'PUT', `/agents/${c.arn}/deauthorise-client`, {
      token: c.agentToken,
      version: '2.0',
      body: { service: 'MTD-IT', clientIdType: 'ni', clientId: c.nino, knownFact: c.client.individualDetails.address.postcode, agentType: 'main' },
    });
  }
  const businessIds: string[] = [];
  for (const b of businesses) {
    const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${c.nino}`, {
      token: options.relationship === 'none' ? await userToken(hmrc, c.client.userId) : c.agentToken,
      body: {
        typeOfBusiness: b.typeOfBusiness,
        ...(b.typeOfBusiness === 'self-employment' ? { tradingName: b.tradingName ?? 'Test Trade', businessAddressLineOne: '1 Road', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' } : {}),
        commencementDate: '2020-01-01',
      },
    });
    businessIds.push(created.body.businessId as string);
  }
  await engine.db
    .insertInto('practice')
    .values({ name: 'Test Practice', arn: c.arn, updated_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ arn: c.arn }))
    .execute();
  const client = await engine.db
    .insertInto('clients')
    .values({ name: `Client ${c.nino}`, nino: c.nino, postcode: c.client.individualDetails.address.postcode, updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { clientId: client.id, nino: c.nino, arn: c.arn, agentUserId: c.agent.userId, agentToken: c.agentToken, businessIds };
}

/** Year-to-date figures for a quarter, in pence, as a preparer would key them. */
export function quarterFigures(kind: string, quarter: number): Record<string, unknown> {
  if (kind === 'self-employment') return { periodIncome: { turnover: 1_000_000 * quarter, other: 0 }, periodExpenses: { consolidatedExpenses: 250_050 * quarter } };
  if (kind === 'uk-property') return { ukProperty: { income: { periodAmount: 600_000 * quarter }, expenses: { consolidatedExpenses: 100_000 * quarter } } };
  return {};
}

export interface Staff {
  stop(): Promise<ClientTaxYearState>;
  actions: string[];
}

/**
 * Staff working one year: the preparer keys figures and submits, a different reviewer approves, the client confirms,
 * payments are recorded as paid. Refused actions (the year moved on meanwhile) are simply tried on the next look.
 */
export function staffFor(handle: WorkflowHandle, options: { figures?: (step: ClientTaxYearState['steps'][number], state: ClientTaxYearState) => Record<string, unknown> | null } = {}): Staff {
  const actions: string[] = [];
  let running = true;
  let last: ClientTaxYearState | null = null;
  const act = async (action: StaffAction) => {
    try {
      last = await handle.executeUpdate(actUpdate, { args: [action] });
      actions.push(`${action.action} ${'stepKey' in action ? action.stepKey : action.paymentKey}`);
    } catch {
      // The year moved on between the look and the action: look again.
    }
  };
  const loop = (async () => {
    while (running) {
      let state: ClientTaxYearState;
      try {
        state = await handle.query(getStateQuery);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      last = state;
      for (const step of state.steps) {
        if (step.status === 'awaiting-figures') {
          const source = state.incomeSources.find((s) => s.businessId === step.businessId);
          const figures = options.figures ? options.figures(step, state) : quarterFigures(source?.kind ?? '', Number(step.key.slice(-1)));
          if (figures) await act({ action: 'enter-figures', stepKey: step.key, by: { staffId: 'preparer' }, figures: figures as never });
        } else if (step.status === 'awaiting-preparer') await act({ action: 'submit-for-review', stepKey: step.key, by: { staffId: 'preparer' } });
        else if (step.status === 'awaiting-review') await act({ action: 'approve', stepKey: step.key, by: { staffId: 'reviewer' } });
        else if (step.status === 'awaiting-client') await act({ action: 'confirm-for-client', stepKey: step.key, by: { staffId: 'preparer' }, confirmedBy: 'The client', confirmedAt: new Date().toISOString(), method: 'email' });
      }
      for (const payment of state.payments) {
        if (payment.status === 'due') await act({ action: 'record-payment', paymentKey: payment.key, by: { staffId: 'preparer' }, paidOn: payment.dueDate });
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  return {
    actions,
    async stop() {
      running = false;
      await loop;
      return last!;
    },
  };
}
