// Runs the engine against known PostgreSQL and Temporal: migrations, then a worker and the API, until stopped.
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import { createApp } from '../api/app';
import type { EngineSettings } from '../config/config';
import { createDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import type { Logger } from './log';
import { createEngineWorker, createHmrcWorker } from './worker';
import { createFreeAgentConnection } from './freeAgentConnection';
import { createHmrcConnection } from './hmrcConnection';
import { ensureSearchAttributes } from './searchAttributes';
import { loadCategoryMapping } from '../integrations/freeagent/categoryMappingStore';
import { CONSOLE_DIST } from './consoleBuild';

export interface RunningEngine {
  apiUrl: string;
  /** Resolves when the worker stops (after stop(), or on a fatal worker error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** The Temporal SDK logs through ours, warnings and worse only. Installable once per process. */
export function installTemporalRuntime(log: Logger, level: TemporalLogLevel = 'WARN'): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const fields = { ...(entry.meta ?? {}) };
      if (entry.level === 'ERROR') log.error(entry.message, fields);
      else log.warn(entry.message, fields);
    }),
  });
}

export async function startEngine(settings: EngineSettings & { allowCompressedSchedules: boolean }, log: Logger): Promise<RunningEngine> {
  installTemporalRuntime(log);
  const db = createDb(settings.databaseUrl, { onIdleError: (err) => log.warn('PostgreSQL closed an idle connection', { error: err }) });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log.info('Migrations applied', { applied });

  // The workflows upsert typed search attributes: the namespace must know them before the first workflow task runs.
  const clientConnection = await Connection.connect({ address: settings.temporalAddress });
  const added = await ensureSearchAttributes(clientConnection, settings.temporalNamespace);
  if (added.length > 0) log.info('Search attributes registered', { namespace: settings.temporalNamespace, added });

  const freeagent = createFreeAgentConnection(settings, db);
  const workerConnection = await NativeConnection.connect({ address: settings.temporalAddress });
  const worker = await createEngineWorker({
    connection: workerConnection,
    namespace: settings.temporalNamespace,
    taskQueue: settings.taskQueue,
    dependencies: { db, freeagentFor: freeagent.freeagentFor, practiceMapping: () => loadCategoryMapping(db) },
  });
  const hmrc = createHmrcConnection(settings, db);
  const hmrcWorker = await createHmrcWorker({
    connection: workerConnection,
    namespace: settings.temporalNamespace,
    taskQueue: settings.taskQueue,
    dependencies: { db, hmrc: hmrc.client },
    ratePerSecond: settings.hmrc.ratePerSecond,
  });
  const done = Promise.all([worker.run(), hmrcWorker.run()]).then(() => undefined);

  const temporal = new Client({ connection: clientConnection, namespace: settings.temporalNamespace });
  const app = createApp({
    db,
    temporal,
    taskQueue: settings.taskQueue,
    temporalUiUrl: settings.temporalUiUrl,
    namespace: settings.temporalNamespace,
    allowCompressedSchedules: settings.allowCompressedSchedules,
    log,
    hmrc: { oauth: hmrc.oauth, tokens: hmrc.tokens, stateKey: settings.encryptionKey },
    freeagent: { oauth: freeagent.oauth, tokens: freeagent.tokens, stateKey: settings.encryptionKey },
    consoleDir: CONSOLE_DIST,
    ...(settings.vendorPublicIp ? { vendorPublicIp: settings.vendorPublicIp } : {}),
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: settings.apiHost, port: settings.apiPort }, () => resolve(s));
  });
  const apiUrl = `http://${settings.apiHost === '0.0.0.0' ? '127.0.0.1' : settings.apiHost}:${settings.apiPort}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (worker.getState() === 'RUNNING') worker.shutdown();
      if (hmrcWorker.getState() === 'RUNNING') hmrcWorker.shutdown();
      await done.catch((err: unknown) => log.error('Worker stopped with an error', { error: err }));
      await clientConnection.close();
      await workerConnection.close();
      await db.destroy();
    })());
  return { apiUrl, done, stop };
}
