// A real engine for integration tests: the API app, a worker on its own task queue, the run's Temporal and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp, type App } from '../../api/app';
import type { AppDependencies } from '../../api/context';
import { createDb, type Db } from '../../db/connect';
import { installTemporalRuntime } from '../../runtime/engine';
import { createLogger, type Logger } from '../../runtime/log';
import { createEngineWorker } from '../../runtime/worker';

export { eventually } from './eventually';

export interface TestEngine {
  app: App;
  db: Db;
  temporal: Client;
  taskQueue: string;
  logLines: string[];
  stop(): Promise<void>;
}

export async function startTestEngine(options: { allowCompressedSchedules?: boolean; hmrc?: AppDependencies['hmrc'] } = {}): Promise<TestEngine> {
  const logLines: string[] = [];
  const log: Logger = createLogger('info', (line) => logLines.push(line));
  installTemporalRuntime(createLogger('warn'));
  const address = inject('temporalAddress');
  const db = createDb(inject('databaseUrl'));
  const taskQueue = `test-${randomUUID()}`;

  const workerConnection = await NativeConnection.connect({ address });
  const worker = await createEngineWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    dependencies: { db },
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const running = worker.run();

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
  });

  return {
    app,
    db,
    temporal,
    taskQueue,
    logLines,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      await db.destroy();
    },
  };
}
