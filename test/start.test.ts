// `npm start` end to end, as a newcomer runs it: embedded PostgreSQL, its own Temporal dev server, the worker, the API
// and the demo practice, whose years move on their compressed calendar against the emulators; Ctrl-C stops it cleanly,
// and the next start finds the same data and the years carry on.
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

/** A demo day lasts this long here: the first quarter opens about 18 s after the years start, the second about 37 s. */
const MS_PER_DAY = 200;

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
    DEMO_MS_PER_DAY: String(MS_PER_DAY),
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

/** The demo admin's bearer token, from the logins `npm start` prints. */
let token: string | undefined;
async function signIn(output: string): Promise<void> {
  const admin = /^ {4}admin +(\S+@demo\.practice) +password (\S+)$/m.exec(output);
  expect(admin, output).not.toBeNull();
  const response = await fetch(`${apiUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin![1], password: admin![2], mode: 'bearer' }) });
  expect(response.status).toBe(200);
  token = ((await response.json()) as { token: string }).token;
}

async function get(path: string): Promise<any> {
  const response = await fetch(`${apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: await response.json() };
}

interface TaxYearView {
  stage: string;
  workflow: { status: string };
  steps: { stepKey: string; kind: string; status: string }[];
}

async function taxYear(id: string): Promise<TaxYearView> {
  const { status, body } = await get(`/api/tax-years/${id}`);
  expect(status).toBe(200);
  return body as TaxYearView;
}

const quarter = (year: TaxYearView, q: number) => year.steps.filter((s) => s.kind === 'quarterly-update' && s.stepKey.endsWith(`/q${q}`));

/** The demo years `npm start` lists, by client name. */
function demoYears(output: string): Map<string, string> {
  return new Map([...output.matchAll(/^ {4}(\w+ \w+) \(.*\): \/api\/tax-years\/([0-9a-f-]{36})$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('npm start', () => {
  it('runs the whole product with a demo practice whose years move, stops cleanly on Ctrl-C, and carries on at the next start', async () => {
    const first = start();
    await first.ready;
    expect(first.output()).toContain(`API:          ${apiUrl}/api`);
    expect(first.output()).toMatch(/Temporal UI: +http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/Demo: +25 clients of agent [A-Z]ARN\d{7}/);
    expect((await get('/api/auth/me')).status).toBe(401);
    await signIn(first.output());
    expect(first.output()).toContain(`HMRC:         emulator at http://127.0.0.1:${env.SANDBOX_PORT}`);
    // FreeAgent's emulator shares the port under /freeagent, and wants a token like FreeAgent.
    expect((await fetch(`http://127.0.0.1:${env.SANDBOX_PORT}/freeagent/v2/company`)).status).toBe(401);
    expect(await get('/api/health')).toEqual({ status: 200, body: { status: 'ok', database: true, temporal: true } });
    // The practice is connected to both, as if it had been through their OAuth pages.
    expect((await get('/api/connections/hmrc')).body).toEqual({ status: 'connected' });
    expect((await get('/api/connections/freeagent')).body).toEqual({ status: 'connected' });

    const years = demoYears(first.output());
    expect([...years.keys()].slice(0, 4)).toEqual(['Amira Okafor', 'Ben Hartley', 'Chloe Nguyen', 'Dev Patel']);
    expect(years.size).toBe(25);
    const [amira, ben, chloe, dev] = [...years.values()] as [string, string, string, string];
    // The HMRC emulator's clock follows the demo's calendar: the year has begun there too.
    const clock = (await (await fetch(`http://127.0.0.1:${env.SANDBOX_PORT}/emulator/clock`)).json()) as { now: string; rate: number };
    expect(clock).toMatchObject({ now: expect.stringMatching(/^2026-0[45]-/), rate: 86_400_000 / MS_PER_DAY });

    // Authorised clients are in MTD and in year at once; the new client is invited and reminded instead.
    for (const id of [amira, ben, chloe]) await eventually(() => taxYear(id), (y) => y.stage === 'in-year');
    const invited = await eventually(
      () => taxYear(dev),
      (y) => ['awaiting-client', 'needs-attention'].includes(y.steps.find((s) => s.stepKey === 'authorisation')?.status ?? ''),
    );
    expect(invited.stage).toBe('authorisation');
    // At the end of the first quarter, books in FreeAgent go to HMRC by themselves; without books, staff are asked for figures.
    await eventually(
      () => taxYear(amira),
      (y) => quarter(y, 1)[0]?.status === 'done',
      40_000,
    );
    await eventually(
      () => taxYear(ben),
      (y) => quarter(y, 1)[0]?.status === 'done',
      20_000,
    );
    const waiting = await eventually(
      () => taxYear(chloe),
      (y) => quarter(y, 1).length === 2 && quarter(y, 1).every((s) => s.status === 'awaiting-figures'),
      20_000,
    );
    expect(quarter(waiting, 1)).toHaveLength(2);

    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain('Stopped.');

    const second = start();
    await second.ready;
    // Same data: no second demo practice, and the demo years' workflows are still running in the persisted dev server.
    expect(second.output()).not.toMatch(/Demo: +25 clients/);
    expect(second.output()).toMatch(/Demo years: +at 2026-\d\d-\d\d on the demo's calendar/);
    expect(demoYears(second.output())).toEqual(years);
    // The same logins, printed again; the first session still signs in (the engine restarted, the session is in PostgreSQL).
    expect(second.output()).toContain(/^ {4}admin .*$/m.exec(first.output())![0]);
    expect((await get('/api/auth/me')).status).toBe(200);
    const secrets = JSON.parse(await readFile(join(dataDir, 'local-secrets.json'), 'utf8')) as { postgresPassword: string };
    const db = new pg.Client({ host: '127.0.0.1', port: Number(env.EMBEDDED_POSTGRES_PORT), user: 'postgres', password: secrets.postgresPassword, database: 'practice_engine' });
    await db.connect();
    const taxYears = await db.query<{ id: string }>('select id from tax_years');
    const clients = await db.query('select id from clients');
    const practice = await db.query<{ arn: string }>('select arn from practice');
    await db.end();
    expect(clients.rowCount).toBe(25);
    expect(taxYears.rowCount).toBe(25);
    // The practice's ARN is the emulator agent's that the first start named.
    expect(first.output()).toContain(`25 clients of agent ${practice.rows[0]!.arn};`);
    for (const { id } of taxYears.rows) expect((await taxYear(id)).workflow.status).toBe('RUNNING');
    // The years carry on: the second quarter goes to HMRC after the restart, on the emulator's clock and the books put back.
    await eventually(
      () => taxYear(amira),
      (y) => quarter(y, 2)[0]?.status === 'done',
      40_000,
    );
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  }, 120_000);
});
