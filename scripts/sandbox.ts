// `npm run sandbox`: the HMRC MTD emulator on its own, with HMRC's paths at the root (SANDBOX_PORT, default 4010).
import { ConfigError, loadConfig } from '../config/config';
import { startHmrcEmulator } from '../runtime/hmrcEmulator';
import { createLogger } from '../runtime/log';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const running = await startHmrcEmulator(config);
  log.info('HMRC emulator listening', { url: running.url, rateLimitPerSecond: config.SANDBOX_RATE_LIMIT, stateFile: config.SANDBOX_STATE_FILE ?? 'in memory' });
  process.stdout.write(`HMRC emulator: ${running.url} (HMRC's paths at the root; controls under ${running.url}/emulator/)\n`);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `sandbox failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
