// `npm start`: the whole product on one machine. PostgreSQL (yours or embedded), migrations, a Temporal dev server,
// the worker and the API, with a demo practice on first run. Ctrl-C stops everything in order.
import { join, resolve } from 'node:path';
import { ConfigError, engineSettings, loadConfig, type Config } from '../config/config';
import { createDb, type Db } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { startEmbeddedPostgres } from '../runtime/embeddedPostgres';
import { startEngine } from '../runtime/engine';
import { ensureConsoleBuilt } from '../runtime/consoleBuild';
import { startHmrcEmulator } from '../runtime/hmrcEmulator';
import { loadOrCreateLocalSecrets } from '../runtime/localSecrets';
import { createLogger } from '../runtime/log';
import { ensureTemporalCli } from '../runtime/temporalCli';
import { startTemporalDevServer } from '../runtime/temporalDevServer';
import { demoStaffLines, demoStaffLogins } from './demoStaff';
import { DEMO_CLIENT_COUNT, demoToday, prepareDemoPractice, resumeDemoPractice, startDemoPractice, type PreparedDemo } from './demoPractice';

/**
 * The demo's calendar runs a day a second, so HMRC's production limit (3 calls a real second, about 260,000 a real day)
 * would give 25 clients three calls a demo day. Unless set, both limits rise to DEMO_HMRC_RATE for the demo.
 */
const DEMO_HMRC_RATE = 20;

function withDemoPace(config: Config, env: NodeJS.ProcessEnv): Config {
  const embedded = !config.HMRC_BASE_URL && !config.FREEAGENT_BASE_URL;
  if (!config.DEMO_PRACTICE || !embedded) return config;
  return {
    ...config,
    HMRC_RATE_LIMIT: env.HMRC_RATE_LIMIT ? config.HMRC_RATE_LIMIT : Math.max(config.HMRC_RATE_LIMIT, DEMO_HMRC_RATE),
    SANDBOX_RATE_LIMIT: env.SANDBOX_RATE_LIMIT ? config.SANDBOX_RATE_LIMIT : Math.max(config.SANDBOX_RATE_LIMIT, DEMO_HMRC_RATE),
  };
}

async function main(): Promise<void> {
  const config = withDemoPace(loadConfig(), process.env);
  const log = createLogger(config.LOG_LEVEL);
  const dataDir = resolve(config.DATA_DIR);
  const secrets = await loadOrCreateLocalSecrets(dataDir);
  const stopAll: (() => Promise<void>)[] = [];
  const lines: string[] = [];

  try {
    let databaseUrl = config.DATABASE_URL;
    if (databaseUrl) {
      lines.push(`  PostgreSQL:   ${new URL(databaseUrl).host} (DATABASE_URL)`);
    } else {
      const postgres = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_POSTGRES_PORT, password: secrets.postgresPassword, log });
      stopAll.unshift(postgres.stop);
      databaseUrl = postgres.url;
      lines.push(`  PostgreSQL:   embedded, 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT}, data in ${join(dataDir, 'postgres')}`);
    }

    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl = config.TEMPORAL_UI_URL;
    if (temporalAddress) {
      lines.push(`  Temporal:     ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      const cli = await ensureTemporalCli(process.env, (line) => process.stdout.write(line + '\n'));
      const server = await startTemporalDevServer({ cli, dbFilename: join(dataDir, 'temporal.sqlite'), port: config.TEMPORAL_DEV_PORT, uiPort: config.TEMPORAL_UI_PORT });
      stopAll.unshift(server.stop);
      temporalAddress = server.address;
      temporalUiUrl ??= server.uiUrl ?? undefined;
      lines.push(`  Temporal:     dev server at ${server.address}, data in ${join(dataDir, 'temporal.sqlite')}`);
    }
    if (temporalUiUrl) lines.push(`  Temporal UI:  ${temporalUiUrl}`);

    // The HMRC emulator is the embedded default: its state is kept with the rest of the practice's local data.
    const hmrc = await startHmrcEmulator(config, { persistPath: config.SANDBOX_STATE_FILE ?? join(dataDir, 'hmrc-emulator.json') });
    stopAll.unshift(hmrc.stop);
    lines.push(config.HMRC_BASE_URL ? `  HMRC:         ${config.HMRC_BASE_URL} (HMRC_BASE_URL); emulator also at ${hmrc.url}` : `  HMRC:         emulator at ${hmrc.url} (controls under ${hmrc.url}/emulator/), ${config.HMRC_RATE_LIMIT} calls a second`);

    const settings = engineSettings({
      ...config,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_URL: temporalUiUrl,
      ENCRYPTION_KEY: config.ENCRYPTION_KEY ?? secrets.encryptionKey,
      HMRC_BASE_URL: config.HMRC_BASE_URL ?? hmrc.url,
    });

    // Migrated here, before the engine, so the demo is in place (or put back) before the worker picks up any year.
    const db = createDb(databaseUrl, { max: 2 });
    stopAll.unshift(() => db.destroy());
    await migrateToLatest(db);
    const embedded = !config.HMRC_BASE_URL && !config.FREEAGENT_BASE_URL;
    let prepared: PreparedDemo | null = null;
    let demoLines: string[] = [];
    if (await isEmpty(db)) {
      if (config.DEMO_PRACTICE && embedded) prepared = await prepareDemoPractice({ hmrc, settings, db });
      else if (config.DEMO_PRACTICE) lines.push('  Demo:         none: the demo practice needs the embedded HMRC and FreeAgent emulators (HMRC_BASE_URL, FREEAGENT_BASE_URL unset)');
    } else if (embedded) {
      const resumed = await resumeDemoPractice({ hmrc, settings, db, dataDir });
      if (resumed?.warning) log.warn(`Demo practice: ${resumed.warning}`);
      if (resumed) demoLines = [`  Demo years:   at ${demoToday(resumed.calendar)} on the demo's calendar (a day lasts ${resumed.calendar.msPerDay} ms)`, ...resumed.years.map((y) => `    ${y.name}: /api/tax-years/${y.id}`)];
    }

    await ensureConsoleBuilt((line) => process.stdout.write(line + '\n'));
    const engine = await startEngine({ ...settings, allowCompressedSchedules: config.NODE_ENV !== 'production' }, log);
    stopAll.unshift(engine.stop);
    lines.unshift(`  Console:      ${engine.apiUrl}/`, `  API:          ${engine.apiUrl}/api  (reference: ${engine.apiUrl}/api/docs)`);

    if (prepared) {
      const started = await startDemoPractice({ apiUrl: engine.apiUrl, hmrc, settings, db, dataDir, msPerDay: config.DEMO_MS_PER_DAY, prepared });
      demoLines = [
        `  Demo:         ${DEMO_CLIENT_COUNT} clients of agent ${prepared.agent.arn}; their 2026-27 years run on a compressed calendar, a day every ${started.calendar.msPerDay} ms, and the HMRC emulator keeps pace`,
        ...started.years.map((y) => `    ${y.name}: /api/tax-years/${y.id}`),
      ];
    }
    lines.push(...demoLines);
    const logins = await demoStaffLogins(dataDir);
    if (logins) lines.push(...demoStaffLines(logins));
    process.stdout.write(['', 'Practice Engine is running', ...lines, '', 'Press Ctrl-C to stop.', ''].join('\n'));
  } catch (err) {
    for (const stop of stopAll) await stop().catch(() => undefined);
    throw err;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the API, the worker, Temporal and PostgreSQL...\n`);
    void (async () => {
      for (const stop of stopAll) await stop().catch((err: unknown) => log.error('Stopping', { error: err }));
      process.stdout.write('Stopped.\n');
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count) === 0;
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
