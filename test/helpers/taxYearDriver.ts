// Drives client tax years in tests: an HMRC emulator whose clock runs as fast as the compressed year, a practice and
// clients in PostgreSQL, and staff (a preparer and a different reviewer) who act on whatever a year waits for.
import type { WorkflowHandle } from '@temporalio/client';
import { londonStartOfDay } from '../../domain/timeline';
import { actUpdate, getStateQuery, type ClientTaxYearState, type StaffAction } from '../../workflows/clientTaxYear';
import type { TestEngine } from './engine';
import { appToken, call, userToken, type RunningEmulator } from './hmrcEmulator';

/** Starts the emulator's clock at the tax year's first day, running as fast as a compressed year. */
export function syncEmulatorClock(hmrc: RunningEmulator, taxYearStart: string, originAt: Date, msPerDay: number): void {
  const rate = 86_400_000 / msPerDay;
  const elapsed = Date.now() - originAt.getTime();
  hmrc.emulator.clock.set(new Date(londonStartOfDay(taxYearStart).getTime() + elapsed * rate), rate);
}

export interface PracticeAgent {
  arn: string;
  agentUserId: string;
  agentToken: string;
}

export interface PracticeClient extends PracticeAgent {
  clientId: string;
  nino: string;
  businessIds: string[];
}

/** The practice as an agent in the emulator (its ARN in PostgreSQL): every client of a test shares it. */
export async function practiceAgent(hmrc: RunningEmulator, engine: TestEngine): Promise<PracticeAgent> {
  // Set up in real time: a clock left racing by an earlier year would expire tokens as soon as they are issued.
  hmrc.emulator.clock.set(null);
  const app = await appToken(hmrc);
  const agent = (await call(hmrc, 'POST', '/create-test-user/agents', { token: app, body: { serviceNames: ['agent-services'] } })).body;
  const arn = agent.agentServicesAccountNumber as string;
  await engine.db
    .insertInto('practice')
    .values({ name: 'Test Practice', arn, updated_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ arn }))
    .execute();
  return { arn, agentUserId: agent.userId as string, agentToken: await userToken(hmrc, agent.userId) };
}

/** An MTD individual with businesses, authorised for the agent (main or supporting) or not at all, and its client row. */
export async function clientOf(
  hmrc: RunningEmulator,
  engine: TestEngine,
  agent: PracticeAgent,
  businesses: { typeOfBusiness: 'self-employment' | 'uk-property' | 'foreign-property'; tradingName?: string }[],
  options: { relationship?: 'main' | 'supporting' | 'none' } = {},
): Promise<PracticeClient> {
  hmrc.emulator.clock.set(null);
  const app = await appToken(hmrc);
  const individual = (await call(hmrc, 'POST', '/create-test-user/individuals', { token: app, body: { serviceNames: ['mtd-income-tax', 'self-assessment'] } })).body;
  const nino = individual.nino as string;
  const postcode = individual.individualDetails.address.postcode as string;
  const relationship = options.relationship ?? 'main';
  if (relationship !== 'none') {
    const invite = await call(hmrc, 'POST', `/agents/${agent.arn}/invitations`, {
      token: agent.agentToken,
      version: '2.0',
      body: { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: nino, knownFact: postcode, agentType: relationship },
    });
    await acceptInvitation(hmrc, invite.headers.get('location')!.split('/').pop()!);
  }
  const businessIds: string[] = [];
  for (const b of businesses) {
    const created = await call(hmrc, 'POST', `/individuals/self-assessment-test-support/business/${nino}`, {
      token: await userToken(hmrc, individual.userId),
      body: {
        typeOfBusiness: b.typeOfBusiness,
        ...(b.typeOfBusiness === 'self-employment' ? { tradingName: b.tradingName ?? 'Test Trade', businessAddressLineOne: '1 Road', businessAddressCountryCode: 'GB', businessAddressPostcode: 'LS1 4AP' } : {}),
        commencementDate: '2020-01-01',
      },
    });
    businessIds.push(created.body.businessId as string);
  }
  const client = await engine.db.insertInto('clients').values({ name: `Client ${nino}`, nino, postcode, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  return { ...agent, clientId: client.id, nino, businessIds };
}

/** The client accepts the practice's invitation (the emulator's stand-in for the client's own HMRC account). */
export async function acceptInvitation(hmrc: RunningEmulator, invitationId: string): Promise<void> {
  const accepted = await fetch(`${hmrc.url}/emulator/invitations/${invitationId}/accept`, { method: 'POST' });
  if (accepted.status !== 200) throw new Error(`invitation ${invitationId} not accepted: ${accepted.status} ${await accepted.text()}`);
}

/** A practice with one client: the common case. */
export async function practiceWithClient(
  hmrc: RunningEmulator,
  engine: TestEngine,
  businesses: Parameters<typeof clientOf>[3],
  options: Parameters<typeof clientOf>[4] = {},
): Promise<PracticeClient> {
  return clientOf(hmrc, engine, await practiceAgent(hmrc, engine), businesses, options);
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
export interface StaffOptions {
  /** The figures the preparer keys for a step; `keyed` counts earlier keyings of it (a correction is the second). */
  figures?: (step: ClientTaxYearState['steps'][number], state: ClientTaxYearState, keyed: number) => Record<string, unknown> | null;
  /** The client, when the year waits for them to accept the practice's invitation. */
  onInvitation?: (invitationId: string) => Promise<void>;
}

export function staffFor(handle: WorkflowHandle, options: StaffOptions = {}): Staff {
  const actions: string[] = [];
  const keyings = new Map<string, number>();
  const invited = new Set<string>();
  let running = true;
  let last: ClientTaxYearState | null = null;
  const act = async (action: StaffAction): Promise<boolean> => {
    try {
      await handle.executeUpdate(actUpdate, { args: [action] });
      actions.push(`${action.action} ${'stepKey' in action ? action.stepKey : action.paymentKey}`);
      return true;
    } catch {
      // The year moved on between the look and the action: look again.
      return false;
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
        // HMRC refused the figures: the preparer keys corrected ones (they go to the reviewer again).
        const refused = step.status === 'needs-attention' && step.problem && !step.problem.retriesBySelf && step.figuresSource === 'staff';
        // Optional figures (annual submission, adjustments, losses): keyed before submitting, when the test has some.
        const optional = step.status === 'awaiting-preparer' && step.figures === null && !!options.figures?.(step, state, 0);
        if (step.status === 'awaiting-figures' || refused || optional) {
          const source = state.incomeSources.find((s) => s.businessId === step.businessId);
          const keyed = keyings.get(step.key) ?? 0;
          const figures = options.figures ? options.figures(step, state, keyed) : quarterFigures(source?.kind ?? '', Number(step.key.slice(-1)));
          if (figures && (await act({ action: 'enter-figures', stepKey: step.key, by: { staffId: 'preparer' }, figures: figures as never }))) keyings.set(step.key, keyed + 1);
        } else if (step.status === 'awaiting-client' && step.kind === 'authorisation' && typeof step.result.invitationId === 'string' && !invited.has(step.result.invitationId)) {
          invited.add(step.result.invitationId);
          await options.onInvitation?.(step.result.invitationId);
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

/** The years' results; if they have not all finished in time, fails naming every step still open in each. */
export async function finishedYears(handles: WorkflowHandle[], timeoutMs: number): Promise<ClientTaxYearState[]> {
  const results = Promise.all(handles.map((h) => h.result() as Promise<ClientTaxYearState>));
  const late = Symbol('late');
  const first = await Promise.race([results, new Promise<typeof late>((r) => setTimeout(() => r(late), timeoutMs))]);
  if (first !== late) return first;
  const open = await Promise.all(
    handles.map(async (h) => {
      const state = await h.query(getStateQuery);
      const steps = state.steps.filter((x) => !['done', 'skipped'].includes(x.status)).map((x) => `${x.key} ${x.status}${x.problem ? ` (${x.problem.code})` : ''}`);
      return `${h.workflowId} at ${state.stage}: ${steps.join(', ')}`;
    }),
  );
  throw new Error(`Years not finished within ${timeoutMs} ms:\n${open.join('\n')}`);
}
