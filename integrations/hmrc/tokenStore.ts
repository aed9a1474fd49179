// The practice's HMRC tokens, encrypted at rest and refreshed ahead of expiry, one refresh at a time across every
// worker (a row lock), so HMRC never sees two refreshes of one grant (it refuses the second and the grant is lost).
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { openSecret, sealSecret } from '../../security/encryption';
import { HmrcOAuthError, refreshTokens, type HmrcOAuthSettings, type TokenSet } from './oauth';

/** Refresh when less than this is left, so no call starts with a token about to lapse. */
const REFRESH_AHEAD_MS = 10 * 60 * 1000;

export class HmrcReconnectNeeded extends Error {
  constructor(readonly reason: string) {
    super(`The practice must reconnect to HMRC: ${reason}`);
    this.name = 'HmrcReconnectNeeded';
  }
}

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  scope: string;
}

export interface HmrcTokenStore {
  save(tokens: TokenSet): Promise<void>;
  /** A live access token, refreshed first when it is close to expiry. Throws HmrcReconnectNeeded when only the agent can help. */
  accessToken(): Promise<string>;
  status(): Promise<'not-connected' | 'connected' | 'reconnect-needed'>;
}

export function createHmrcTokenStore(options: { db: Db; key: Buffer; oauth: HmrcOAuthSettings; label?: string; now?: () => Date }): HmrcTokenStore {
  const label = options.label ?? 'practice';
  const context = `hmrc:${label}`;
  const now = options.now ?? (() => new Date());
  const seal = (tokens: TokenSet) => {
    const stored: StoredTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt.toISOString(), scope: tokens.scope };
    return sealSecret(options.key, JSON.stringify(stored), context);
  };
  const open = (row: { secret_ciphertext: Buffer; secret_iv: Buffer; secret_auth_tag: Buffer }): StoredTokens =>
    JSON.parse(openSecret(options.key, { ciphertext: row.secret_ciphertext, iv: row.secret_iv, authTag: row.secret_auth_tag }, context)) as StoredTokens;
  const fresh = (tokens: StoredTokens) => Date.parse(tokens.expiresAt) - now().getTime() > REFRESH_AHEAD_MS;

  return {
    async save(tokens) {
      const sealed = seal(tokens);
      await options.db
        .insertInto('integration_credentials')
        .values({ provider: 'hmrc', label, secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_auth_tag: sealed.authTag, expires_at: tokens.expiresAt, status: 'connected', status_reason: null, updated_at: sql<Date>`now()` })
        .onConflict((oc) =>
          oc.columns(['provider', 'label']).doUpdateSet({ secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_auth_tag: sealed.authTag, expires_at: tokens.expiresAt, status: 'connected', status_reason: null, updated_at: sql<Date>`now()` }),
        )
        .execute();
    },

    async accessToken() {
      const current = await options.db.selectFrom('integration_credentials').selectAll().where('provider', '=', 'hmrc').where('label', '=', label).executeTakeFirst();
      if (!current) throw new HmrcReconnectNeeded('the practice has not connected to HMRC yet');
      if (current.status === 'reconnect-needed') throw new HmrcReconnectNeeded(current.status_reason ?? 'HMRC refused the grant');
      const tokens = open(current);
      if (fresh(tokens)) return tokens.accessToken;

      const outcome = await options.db.transaction().execute(async (trx): Promise<{ token: string } | { reconnect: string }> => {
        // Whoever holds the lock refreshes; the others wait here and then find the new token.
        const locked = await trx.selectFrom('integration_credentials').selectAll().where('id', '=', current.id).forUpdate().executeTakeFirstOrThrow();
        const latest = open(locked);
        if (fresh(latest)) return { token: latest.accessToken };
        try {
          const refreshed = await refreshTokens(options.oauth, latest.refreshToken, now());
          const sealed = seal(refreshed);
          await trx
            .updateTable('integration_credentials')
            .set({ secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_auth_tag: sealed.authTag, expires_at: refreshed.expiresAt, updated_at: sql<Date>`now()` })
            .where('id', '=', locked.id)
            .execute();
          return { token: refreshed.accessToken };
        } catch (err) {
          if (err instanceof HmrcOAuthError && err.needsReconnect) return { reconnect: `HMRC refused the refresh (${err.error})` };
          throw err;
        }
      });
      if ('token' in outcome) return outcome.token;
      // Recorded after the transaction, which ends without changes: the practice sees it until it reconnects.
      await options.db.updateTable('integration_credentials').set({ status: 'reconnect-needed', status_reason: outcome.reconnect, updated_at: sql<Date>`now()` }).where('id', '=', current.id).execute();
      throw new HmrcReconnectNeeded(outcome.reconnect);
    },

    async status() {
      const row = await options.db.selectFrom('integration_credentials').select('status').where('provider', '=', 'hmrc').where('label', '=', label).executeTakeFirst();
      return row ? row.status : 'not-connected';
    },
  };
}
