// A real engine for integration tests: the API app, a worker on its own task queue, the run's Temporal and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp, type App } from '../../api/app';
import type { AppDependencies } from '../../api/context';
import { createDb, type Db } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { createScratchDatabase } from './database';
import { installTemporalRuntime } from '../../runtime/engine';
import { createLogger, type Logger } from '../../runtime/log';
import { createEngineWorker, createHmrcWorker } from '../../runtime/worker';
import type { ActivityDependencies } from '../../activities';
import type { HmrcClient } from '../../integrations/hmrc/client';
import { CONSOLE_DIST } from '../../runtime/consoleBuild';

export { eventually } from './eventually';

export interface TestEngine {
  app: App;
  db: Db;
  databaseUrl: string;
  temporal: Client;
  taskQueue: string;
  logLines: string[];
  stop(): Promise<void>;
}

export interface TestEngineOptions {
  allowCompressedSchedules?: boolean;
  hmrc?: AppDependencies['hmrc'];
  /** FreeAgent for the activities (a client per subdomain); without it a FreeAgent activity fails as unconfigured. */
  freeagentFor?: ActivityDependencies['freeagentFor'];
  /** An HMRC client for the HMRC worker; without one no HMRC worker runs. */
  hmrcClient?: HmrcClient;
  /** False: no worker in this process (a test runs its workers in processes it can kill). */
  inProcessWorkers?: boolean;
  /** Serve the built staff console (admin-ui/dist) too, for browser tests. */
  console?: boolean;
  /**
   * A database of its own (migrated, dropped at stop): the engine serves one practice, so test files that each set up
   * a practice (its ARN, its clients) must not share the run's database while they run side by side.
   */
  ownDatabase?: boolean;
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const logLines: string[] = [];
  const log: Logger = createLogger('info', (line) => logLines.push(line));
  installTemporalRuntime(createLogger('warn'));
  const address = inject('temporalAddress');
  const scratch = options.ownDatabase ? await createScratchDatabase(inject('adminDatabaseUrl'), 'engine') : null;
  const databaseUrl = scratch?.url ?? inject('databaseUrl');
  const db = createDb(databaseUrl);
  if (scratch) await migrateToLatest(db);
  const taskQueue = `test-${randomUUID()}`;

  const workerConnection = await NativeConnection.connect({ address });
  const inProcess = options.inProcessWorkers !== false;
  const worker = !inProcess
    ? null
    : await createEngineWorker({
        connection: workerConnection,
        namespace: 'default',
        taskQueue,
        dependencies: {
          db,
          freeagentFor:
            options.freeagentFor ??
            (() => {
              throw new Error('FreeAgent is not configured in this test');
            }),
        },
        workflowBundle: { codePath: inject('workflowBundlePath') },
      });
  const hmrcWorker = inProcess && options.hmrcClient
    ? await createHmrcWorker({ connection: workerConnection, namespace: 'default', taskQueue, dependencies: { db, hmrc: options.hmrcClient }, ratePerSecond: 200 })
    : null;
  const running = Promise.all([worker?.run(), hmrcWorker?.run()]);

  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default' });
  const app = createApp({
    db,
    temporal,
    taskQueue,
    temporalUiUrl: 'http://temporal-ui.test',
    namespace: 'default',
    allowCompressedSchedules: options.allowCompressedSchedules ?? true,
    log,
    ...(options.hmrc ? { hmrc: options.hmrc } : {}),
    ...(options.console ? { consoleDir: CONSOLE_DIST } : {}),
  });

  return {
    app,
    db,
    databaseUrl,
    temporal,
    taskQueue,
    logLines,
    async stop() {
      worker?.shutdown();
      hmrcWorker?.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      await db.destroy();
      await scratch?.drop();
    },
  };
}
