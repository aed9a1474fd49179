// A worker process for tests that kill it: the engine's main and HMRC workers against the test run's Temporal,
// PostgreSQL and an HMRC emulator, acting as one agent. Configured by environment; runs until killed.
import { NativeConnection } from '@temporalio/worker';
import { createDb } from '../../db/connect';
import { collectBatchDevice } from '../../integrations/hmrc/batchDevice';
import { createHmrcClient } from '../../integrations/hmrc/client';
import { fraudPreventionHeadersFor, type Vendor } from '../../integrations/hmrc/fraudPreventionHeaders';
import { createEngineWorker, createHmrcWorker } from '../../runtime/worker';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name}: required`);
  return value;
};

const vendor: Vendor = { productName: 'Practice Engine', versions: { 'practice-engine': '0.1.0' }, licenseIds: { 'practice-engine': 'worker-process' }, practiceUserId: 'practice-1' };
const hmrcUrl = env('HMRC_URL');
const deviceId = env('DEVICE_ID');

/** A fresh token per call: on a compressed calendar HMRC's tokens last milliseconds (the emulator issues them freely). */
async function agentToken(): Promise<string> {
  const response = await fetch(`${hmrcUrl}/emulator/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: env('AGENT_USER_ID') }) });
  return ((await response.json()) as { access_token: string }).access_token;
}

const db = createDb(env('DATABASE_URL'));
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const hmrc = createHmrcClient({ baseUrl: hmrcUrl, accessToken: agentToken, fraudPreventionHeaders: (c) => fraudPreventionHeadersFor(c, collectBatchDevice(deviceId), vendor, new Date()), timeoutMs: 5_000 });
const taskQueue = env('TASK_QUEUE');
const main = await createEngineWorker({
  connection,
  namespace: 'default',
  taskQueue,
  dependencies: {
    db,
    freeagentFor: () => {
      throw new Error('FreeAgent is not configured in this worker');
    },
  },
  workflowBundle: { codePath: env('WORKFLOW_BUNDLE') },
});
const hmrcWorker = await createHmrcWorker({ connection, namespace: 'default', taskQueue, dependencies: { db, hmrc }, ratePerSecond: 200 });
process.stdout.write('worker ready\n');
await Promise.all([main.run(), hmrcWorker.run()]);
