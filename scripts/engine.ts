// `npm run engine`: the worker and the API against a PostgreSQL and a Temporal you run (containers, production).
import { ConfigError, engineSettings, loadConfig } from '../config/config';
import { startEngine } from '../runtime/engine';
import { startHmrcEmulator } from '../runtime/hmrcEmulator';
import { createLogger } from '../runtime/log';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const settings = engineSettings(config);
  // Without HMRC_BASE_URL the engine talks to its own embedded emulator, as `npm start` does.
  const emulator = settings.hmrc.baseUrl ? null : await startHmrcEmulator(config);
  if (emulator) log.info('HMRC emulator embedded', { url: emulator.url });
  const engine = await startEngine({ ...settings, hmrc: { ...settings.hmrc, baseUrl: settings.hmrc.baseUrl ?? emulator!.url }, allowCompressedSchedules: config.NODE_ENV !== 'production' }, log);
  log.info('Engine running', { api: `${engine.apiUrl}/api` });
  const stop = () => void engine.stop().then(async () => {
    await emulator?.stop();
    process.exit(0);
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await engine.done;
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `engine failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
