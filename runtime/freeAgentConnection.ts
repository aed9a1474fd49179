// The engine's connection to FreeAgent: the practice app's OAuth settings, the practice's token store, and a client per
// client company (X-Subdomain) for the activities that read a client's books.
import type { EngineSettings } from '../config/config';
import type { Db } from '../db/connect';
import { createFreeAgentClient, type FreeAgentClient } from '../integrations/freeagent/client';
import type { FreeAgentOAuthSettings } from '../integrations/freeagent/oauth';
import { createFreeAgentTokenStore, type FreeAgentTokenStore } from '../integrations/freeagent/tokenStore';

export interface FreeAgentConnection {
  oauth: FreeAgentOAuthSettings;
  tokens: FreeAgentTokenStore;
  /** A client acting for one of the practice's clients; without a subdomain, for the practice itself. */
  freeagentFor: (subdomain?: string) => FreeAgentClient;
}

export function createFreeAgentConnection(settings: EngineSettings, db: Db): FreeAgentConnection {
  // FreeAgent sends the account manager back to the URL registered for the app, so it must name the API as browsers reach it.
  const apiUrl = `http://${settings.apiHost === '0.0.0.0' ? 'localhost' : settings.apiHost}:${settings.apiPort}`;
  const oauth: FreeAgentOAuthSettings = {
    baseUrl: settings.freeagent.baseUrl,
    clientId: settings.freeagent.clientId,
    clientSecret: settings.freeagent.clientSecret,
    redirectUri: `${apiUrl}/api/connections/freeagent/callback`,
  };
  const tokens = createFreeAgentTokenStore({ db, key: settings.encryptionKey, app: oauth });
  const freeagentFor = (subdomain?: string) =>
    createFreeAgentClient({ baseUrl: oauth.baseUrl, getAccessToken: () => tokens.accessToken(), ...(subdomain ? { subdomain } : {}) });
  return { oauth, tokens, freeagentFor };
}
