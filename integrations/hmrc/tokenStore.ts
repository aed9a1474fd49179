// The practice's HMRC tokens: the shared OAuth token store, refreshing through HMRC's token endpoint.
import type { Db } from '../../db/connect';
import { ReconnectNeeded, createTokenStore, type TokenStore } from '../oauthTokenStore';
import { HmrcOAuthError, refreshTokens, type HmrcOAuthSettings } from './oauth';

export class HmrcReconnectNeeded extends ReconnectNeeded {
  constructor(reason: string) {
    super('hmrc', reason);
    this.name = 'HmrcReconnectNeeded';
  }
}

export type HmrcTokenStore = TokenStore;

export function createHmrcTokenStore(options: { db: Db; key: Buffer; oauth: HmrcOAuthSettings; label?: string; now?: () => Date }): HmrcTokenStore {
  return createTokenStore({
    db: options.db,
    key: options.key,
    provider: 'hmrc',
    label: options.label ?? 'practice',
    refresh: (refreshToken, now) => refreshTokens(options.oauth, refreshToken, now),
    // invalid_grant: the grant lapsed, was revoked, or its refresh token was spent.
    permanentRefusal: (err) => (err instanceof HmrcOAuthError && err.needsReconnect ? `HMRC refused the refresh (${err.error})` : null),
    reconnectError: (reason) => new HmrcReconnectNeeded(reason),
    ...(options.now ? { now: options.now } : {}),
  });
}
