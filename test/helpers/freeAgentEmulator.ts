// A FreeAgent emulator on a loopback port for tests, and the practice's OAuth grant through its approve page.
import { serve, type ServerType } from '@hono/node-server';
import got from 'got';
import { exchangeAuthorisationCode, type FreeAgentOAuthApp } from '../../integrations/freeagent/oauth';
import type { TokenSet } from '../../integrations/freeagent/types';
import { FreeAgentEmulator, freeAgentRoutes } from '../../sandbox/freeagent/emulator';

export const FREEAGENT_APP = { clientId: 'engine', clientSecret: 'engine-secret', redirectUri: 'http://localhost:3000/api/connections/freeagent/callback' };

export interface RunningFreeAgent {
  emulator: FreeAgentEmulator;
  url: string;
  /** The OAuth app as the engine configures it (base URL includes /v2). */
  app: FreeAgentOAuthApp;
  stop(): Promise<void>;
}

export async function startFreeAgent(): Promise<RunningFreeAgent> {
  const emulator = await FreeAgentEmulator.create({
    rateLimitPerMinute: null,
    apps: [{ clientId: FREEAGENT_APP.clientId, clientSecrets: [FREEAGENT_APP.clientSecret], redirectUris: [FREEAGENT_APP.redirectUri], name: 'Practice Engine' }],
    accountManagers: [{ name: 'Ann Senior', email: 'ann@practice.example', senior: true }],
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: freeAgentRoutes(emulator).fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  emulator.publicBaseUrl = url;
  return {
    emulator,
    url,
    app: { baseUrl: `${url}/v2`, clientId: FREEAGENT_APP.clientId, clientSecret: FREEAGENT_APP.clientSecret },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The account manager approves the app and the code is exchanged, as the practice does once. */
export async function grantFreeAgent(running: RunningFreeAgent): Promise<TokenSet> {
  const manager = [...running.emulator.state.accountManagers.values()][0]!;
  const approved = await got.post(`${running.url}/v2/approve_app`, {
    form: { client_id: FREEAGENT_APP.clientId, redirect_uri: FREEAGENT_APP.redirectUri, state: 's', account_manager_id: String(manager.id) },
    followRedirect: false,
    throwHttpErrors: false,
  });
  return exchangeAuthorisationCode(running.app, new URL(approved.headers.location!).searchParams.get('code')!, FREEAGENT_APP.redirectUri);
}
