// The worker dies (SIGKILL, no goodbye) in the middle of a client's year and a new one takes over: the year completes
// and HMRC received exactly one accepted write per obligation and one final declaration.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getStateQuery, type ClientTaxYearState } from '../workflows/clientTaxYear';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';
import { signedIn } from './helpers/staff';
import { startEmulator, type RunningEmulator } from './helpers/hmrcEmulator';
import { finishedYears, practiceWithClient, staffFor, syncEmulatorClock } from './helpers/taxYearDriver';

let hmrc: RunningEmulator;
let engine: TestEngine;
const workers: ChildProcess[] = [];
const MS_PER_DAY = 60;

beforeAll(async () => {
  hmrc = await startEmulator();
  engine = await startTestEngine({ inProcessWorkers: false, ownDatabase: true });
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await engine?.stop();
  await hmrc?.stop();
});

/** A worker process acting as the agent; resolves once it polls. */
async function startWorker(agentUserId: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/processes/worker.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env,
      HMRC_URL: hmrc.url,
      AGENT_USER_ID: agentUserId,
      DEVICE_ID: randomUUID(),
      DATABASE_URL: engine.databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TASK_QUEUE: engine.taskQueue,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('worker ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
  return child;
}

async function ledger(nino: string, operation: string): Promise<unknown[]> {
  const response = await fetch(`${hmrc.url}/emulator/ledger?nino=${nino}&operation=${encodeURIComponent(operation)}`);
  return ((await response.json()) as { entries: unknown[] }).entries;
}

describe('a worker killed mid-year', () => {
  it('loses nothing and writes nothing twice: a new worker finishes the year', async () => {
    const client = await practiceWithClient(hmrc, engine, [{ typeOfBusiness: 'self-employment' }]);
    let worker = await startWorker(client.agentUserId);
    const originAt = new Date(Date.now() + 300);
    syncEmulatorClock(hmrc, '2026-04-06', originAt, MS_PER_DAY);
    const started = await engine.app.request('/api/tax-years', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await signedIn(engine.app, engine.db, 'manager')).token}` },
      body: JSON.stringify({ clientId: client.clientId, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: MS_PER_DAY, startAt: originAt.toISOString() } }),
    });
    expect(started.status).toBe(201);
    const handle = engine.temporal.workflow.getHandle(((await started.json()) as { workflow: { id: string } }).workflow.id);
    const staff = staffFor(handle);

    // Kill it in the thick of the year: once Q2 has been approved, while its update and the estimate are under way.
    const q2 = `quarterly-update/${client.businessIds[0]}/q2`;
    await eventually(
      () => handle.query(getStateQuery),
      (s) => s.steps.find((x) => x.key === q2)?.approvedBy === 'reviewer',
      60_000,
    );
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    // The year waits (Temporal keeps its timers and tasks) while no worker runs...
    await new Promise((r) => setTimeout(r, 1_000));
    // ...and a new worker picks it up where it stood.
    worker = await startWorker(client.agentUserId);

    const [year] = (await finishedYears([handle], 150_000)) as [ClientTaxYearState];
    await staff.stop();
    expect(year.stage).toBe('complete');
    expect(year.steps.filter((s) => s.kind === 'quarterly-update').every((s) => s.status === 'done')).toBe(true);
    expect(await ledger(client.nino, 'PUT /individuals/business/self-employment/{nino}/{businessId}/cumulative/{taxYear}')).toHaveLength(4);
    expect(await ledger(client.nino, 'POST /individuals/calculations/{nino}/self-assessment/{taxYear}/{calculationId}/{calculationType}')).toHaveLength(1);
    worker.kill('SIGKILL');
  }, 240_000);
});
