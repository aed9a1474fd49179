// `npm run sandbox`: the HMRC MTD emulator on its own, with HMRC's paths at the root (SANDBOX_PORT, default 4010).
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from '../config/config';
import { createLogger } from '../runtime/log';
import { HmrcEmulator } from '../sandbox/hmrc/emulator';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const emulator = await HmrcEmulator.create({
    rateLimitPerSecond: config.SANDBOX_RATE_LIMIT || null,
    ...(config.SANDBOX_STATE_FILE ? { persistPath: config.SANDBOX_STATE_FILE } : {}),
    applications: [
      {
        clientId: config.HMRC_CLIENT_ID,
        clientSecrets: [config.HMRC_CLIENT_SECRET],
        redirectUris: [`http://localhost:${config.API_PORT}/api/connections/hmrc/callback`, `http://127.0.0.1:${config.API_PORT}/api/connections/hmrc/callback`],
        name: 'Practice Engine',
      },
    ],
  });
  const url = `http://127.0.0.1:${config.SANDBOX_PORT}`;
  emulator.publicBaseUrl = url;
  serve({ fetch: emulator.app.fetch, hostname: '127.0.0.1', port: config.SANDBOX_PORT }, () => {
    log.info('HMRC emulator listening', { url, rateLimitPerSecond: config.SANDBOX_RATE_LIMIT, stateFile: config.SANDBOX_STATE_FILE ?? 'in memory' });
    process.stdout.write(`HMRC emulator: ${url} (HMRC's paths at the root; controls under ${url}/emulator/)\n`);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `sandbox failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
