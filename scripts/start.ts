// `npm start`: the whole product on one machine. PostgreSQL (yours or embedded), migrations, a Temporal dev server,
// the worker and the API, with a demo practice on first run. Ctrl-C stops everything in order.
import { join, resolve } from 'node:path';
import { ConfigError, engineSettings, loadConfig } from '../config/config';
import { createDb } from '../db/connect';
import { startEmbeddedPostgres } from '../runtime/embeddedPostgres';
import { startEngine } from '../runtime/engine';
import { startHmrcEmulator } from '../runtime/hmrcEmulator';
import { loadOrCreateLocalSecrets } from '../runtime/localSecrets';
import { createLogger } from '../runtime/log';
import { ensureTemporalCli } from '../runtime/temporalCli';
import { startTemporalDevServer } from '../runtime/temporalDevServer';
import { seedDemoPractice } from './demoPractice';

async function main(): Promise<void> {
  const config = loadConfig();
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
    lines.push(config.HMRC_BASE_URL ? `  HMRC:         ${config.HMRC_BASE_URL} (HMRC_BASE_URL); emulator also at ${hmrc.url}` : `  HMRC:         emulator at ${hmrc.url} (controls under ${hmrc.url}/emulator/)`);

    const settings = engineSettings({
      ...config,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_URL: temporalUiUrl,
      ENCRYPTION_KEY: config.ENCRYPTION_KEY ?? secrets.encryptionKey,
      HMRC_BASE_URL: config.HMRC_BASE_URL ?? hmrc.url,
    });
    const engine = await startEngine({ ...settings, allowCompressedSchedules: config.NODE_ENV !== 'production' }, log);
    stopAll.unshift(engine.stop);
    lines.unshift(`  API:          ${engine.apiUrl}/api  (OpenAPI: ${engine.apiUrl}/api/openapi.json)`);

    if (config.DEMO_PRACTICE && (await isEmpty(databaseUrl))) {
      const seeded = await seedDemoPractice(engine.apiUrl);
      lines.push(`  Demo:         ${seeded.clients} clients, their 2026-27 years running on a compressed schedule (a day a second)`);
    }
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

async function isEmpty(databaseUrl: string): Promise<boolean> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const row = await db.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count) === 0;
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `npm start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
