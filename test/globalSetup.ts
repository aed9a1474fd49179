// Once per test run: a Temporal dev server (headless, WAL), a fresh PostgreSQL database, and the workflow bundle.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { ensureSearchAttributes } from '../runtime/searchAttributes';
import { ensureTemporalCli } from '../runtime/temporalCli';
import { ensureConsoleBuilt } from '../runtime/consoleBuild';
import { startTemporalDevServer } from '../runtime/temporalDevServer';
import { workflowsPath } from '../runtime/worker';
import { createScratchDatabase } from './helpers/database';
import { freePort } from './helpers/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    adminDatabaseUrl: string;
    workflowBundlePath: string;
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'practice-engine-test-'));
  const adminDatabaseUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;

  const cli = await ensureTemporalCli(process.env, (line) => process.stderr.write(line + '\n'));
  // The console as the code stands, for the browser tests.
  await ensureConsoleBuilt((line) => process.stderr.write(line + '\n'));
  const [server, bundle] = await Promise.all([
    freePort().then((port) => startTemporalDevServer({ cli, dbFilename: join(dir, 'temporal.sqlite'), port, uiPort: null, readyTimeoutMs: 180_000 })),
    bundleWorkflowCode({ workflowsPath, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error } as never }),
  ]);
  // As the engine does at start; the dev server registered them at launch, so this should add nothing.
  const connection = await Connection.connect({ address: server.address });
  try {
    const added = await ensureSearchAttributes(connection, 'default');
    if (added.length > 0) process.stderr.write(`The dev server started without search attributes ${added.join(', ')}: registered them now\n`);
  } finally {
    await connection.close();
  }

  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  await writeFile(workflowBundlePath, bundle.code);

  const database = await createScratchDatabase(adminDatabaseUrl, 'test');
  const databaseUrl = database.url;
  const db = createDb(databaseUrl, { max: 1 });
  await migrateToLatest(db);
  await db.destroy();

  project.provide('temporalAddress', server.address);
  project.provide('databaseUrl', databaseUrl);
  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await server.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  };
}
