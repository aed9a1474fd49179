// Serves the emulators on one loopback port, standalone (`npm run sandbox`) or embedded in `npm start`: HMRC's paths at
// the root, as on HMRC's own host, and FreeAgent's API under /freeagent.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { FreeAgentEmulator, freeAgentRoutes } from '../sandbox/freeagent/emulator';
import type { Config } from '../config/config';
import { HmrcEmulator } from '../sandbox/hmrc/emulator';

export interface RunningHmrcEmulator {
  emulator: HmrcEmulator;
  freeAgent: FreeAgentEmulator;
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
  const url = `http://127.0.0.1:${config.SANDBOX_PORT}`;
  // The practice's FreeAgent app and one senior account manager, so the practice can connect as it would to FreeAgent.
  const freeAgent = await FreeAgentEmulator.create({
    publicBaseUrl: `${url}/freeagent`,
    apps: [
      {
        clientId: config.FREEAGENT_CLIENT_ID,
        clientSecrets: [config.FREEAGENT_CLIENT_SECRET],
        redirectUris: [`http://localhost:${config.API_PORT}/api/connections/freeagent/callback`, `http://127.0.0.1:${config.API_PORT}/api/connections/freeagent/callback`],
        name: 'Practice Engine',
      },
    ],
    accountManagers: [{ name: 'Practice Manager', email: 'manager@practice.example', senior: true }],
  });
  const root = new Hono();
  root.route('/freeagent', freeAgentRoutes(freeAgent));
  root.route('/', emulator.app);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: config.SANDBOX_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  emulator.publicBaseUrl = url;
  return { emulator, freeAgent, url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
