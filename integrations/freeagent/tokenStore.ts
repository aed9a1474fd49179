// A practice's FreeAgent tokens: the shared OAuth token store, refreshing through FreeAgent's token endpoint (each
// refresh returns a new refresh token and spends the old one, so only one may run at a time).
import type { Db } from '../../db/connect';
import { createTokenStore, type TokenStore } from '../oauthTokenStore';
import { FreeAgentError } from './errors';
import { refreshAccessToken, toConnectionTokens, type FreeAgentOAuthApp } from './oauth';

export type FreeAgentTokenStore = TokenStore;

export function createFreeAgentTokenStore(options: { db: Db; key: Buffer; app: FreeAgentOAuthApp; label?: string; now?: () => Date }): FreeAgentTokenStore {
  return createTokenStore({
    db: options.db,
    key: options.key,
    provider: 'freeagent',
    label: options.label ?? 'practice',
    refresh: async (refreshToken, now) => toConnectionTokens(await refreshAccessToken(options.app, refreshToken), now),
    // FreeAgent answers a spent or revoked refresh token with 400 or 401; anything else may pass.
    permanentRefusal: (err) => (err instanceof FreeAgentError && (err.status === 400 || err.status === 401) ? `FreeAgent refused the refresh (${err.status})` : null),
    ...(options.now ? { now: options.now } : {}),
  });
}
