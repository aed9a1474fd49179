// Serves the HMRC emulator on a loopback port: standalone (`npm run sandbox`) or embedded in `npm start`.
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/config';
import { HmrcEmulator } from '../sandbox/hmrc/emulator';

export interface RunningHmrcEmulator {
  emulator: HmrcEmulator;
  url: string;
  stop(): Promise<void>;
}

export async function startHmrcEmulator(config: Config, options: { persistPath?: string } = {}): Promise<RunningHmrcEmulator> {
  const persistPath = options.persistPath ?? config.SANDBOX_STATE_FILE;
  const emulator = await HmrcEmulator.create({
    rateLimitPerSecond: config.SANDBOX_RATE_LIMIT || null,
    ...(persistPath ? { persistPath } : {}),
    applications: [
      {
        clientId: config.HMRC_CLIENT_ID,
        clientSecrets: [config.HMRC_CLIENT_SECRET],
        redirectUris: [`http://localhost:${config.API_PORT}/api/connections/hmrc/callback`, `http://127.0.0.1:${config.API_PORT}/api/connections/hmrc/callback`],
        name: 'Practice Engine',
      },
    ],
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: emulator.app.fetch, hostname: '127.0.0.1', port: config.SANDBOX_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://127.0.0.1:${config.SANDBOX_PORT}`;
  emulator.publicBaseUrl = url;
  return { emulator, url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
