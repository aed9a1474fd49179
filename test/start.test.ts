// `npm start` end to end, as a newcomer runs it: embedded PostgreSQL, its own Temporal dev server, the worker, the API
// and the demo practice; Ctrl-C stops it cleanly, and the next start finds the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually';
import { freePort } from './helpers/ports';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let apiUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'practice-engine-start-'));
  // As root, the embedded PostgreSQL runs as the postgres user, who must be able to reach the data folder.
  await chmod(dataDir, 0o755);
  const [api, temporal, ui, postgres, hmrc] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${api}`;
  env = {
    ...process.env,
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    DATA_DIR: dataDir,
    API_PORT: String(api),
    TEMPORAL_DEV_PORT: String(temporal),
    TEMPORAL_UI_PORT: String(ui),
    EMBEDDED_POSTGRES_PORT: String(postgres),
    SANDBOX_PORT: String(hmrc),
  };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function start(): { child: ChildProcess; output: () => string; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env, cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exit.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output, ready, exit };
}

async function get(path: string): Promise<any> {
  const response = await fetch(`${apiUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('npm start', () => {
  it('runs the whole product with a demo practice, stops cleanly on Ctrl-C, and keeps its data for the next start', async () => {
    const first = start();
    await first.ready;
    expect(first.output()).toContain(`API:          ${apiUrl}/api`);
    expect(first.output()).toMatch(/Temporal UI: +http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toContain('Demo:         3 clients');
    expect(first.output()).toContain(`HMRC:         emulator at http://127.0.0.1:${env.SANDBOX_PORT}`);
    const services = await fetch(`http://127.0.0.1:${env.SANDBOX_PORT}/emulator/clock`);
    expect(services.status).toBe(200);
    // FreeAgent's emulator shares the port under /freeagent, and wants a token like FreeAgent.
    expect((await fetch(`http://127.0.0.1:${env.SANDBOX_PORT}/freeagent/v2/company`)).status).toBe(401);
    expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok', database: true, temporal: true } });

    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain('Stopped.');

    const second = start();
    await second.ready;
    // Same data: no second demo practice, and the demo years' workflows are still running in the persisted dev server.
    expect(second.output()).not.toContain('Demo:');
    const secrets = JSON.parse(await readFile(join(dataDir, 'local-secrets.json'), 'utf8')) as { postgresPassword: string };
    const db = new pg.Client({ host: '127.0.0.1', port: Number(env.EMBEDDED_POSTGRES_PORT), user: 'postgres', password: secrets.postgresPassword, database: 'practice_engine' });
    await db.connect();
    const taxYears = await db.query<{ id: string }>('select id from tax_years');
    const clients = await db.query('select id from clients');
    await db.end();
    expect(clients.rowCount).toBe(3);
    expect(taxYears.rowCount).toBe(3);
    for (const { id } of taxYears.rows) {
      // The worker may still be catching up on work the first run left: wait for it.
      const taxYear = await eventually(() => get(`/api/tax-years/${id}`), (res) => res.body.stage === 'authorisation');
      expect(taxYear.body).toMatchObject({ taxYear: '2026-27', workflow: { status: 'RUNNING' } });
    }
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 240_000);
});
