// Tokens of an OAuth connection (HMRC, FreeAgent), encrypted at rest and refreshed ahead of expiry, one refresh at a
// time across every worker (a row lock): providers refuse or spend refresh tokens, so two refreshes would lose the grant.
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { CredentialProvider } from '../db/schema';
import { openSecret, sealSecret } from '../security/encryption';

/** Refresh when less than this is left, so no call starts with a token about to lapse. */
export const REFRESH_AHEAD_MS = 10 * 60 * 1000;

export interface ConnectionTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scope: string;
}

/** Only the practice can mend this: it must connect again. Work that needs the connection waits, it does not fail. */
export class ReconnectNeeded extends Error {
  constructor(
    readonly provider: CredentialProvider,
    readonly reason: string,
  ) {
    super(`The practice must reconnect to ${provider === 'hmrc' ? 'HMRC' : provider === 'freeagent' ? 'FreeAgent' : provider}: ${reason}`);
    this.name = 'ReconnectNeeded';
  }
}

export interface TokenStore {
  save(tokens: ConnectionTokens): Promise<void>;
  /** A live access token, refreshed first when it is close to expiry. Throws ReconnectNeeded when only the practice can help. */
  accessToken(): Promise<string>;
  status(): Promise<'not-connected' | 'connected' | 'reconnect-needed'>;
}

export interface TokenStoreOptions {
  db: Db;
  key: Buffer;
  provider: CredentialProvider;
  label: string;
  refresh: (refreshToken: string, now: Date) => Promise<ConnectionTokens>;
  /** Why a refresh failure means the grant is gone for good (null: a passing failure, to retry). */
  permanentRefusal: (err: unknown) => string | null;
  /** Builds the error thrown when a reconnect is needed (providers may want their own subclass). */
  reconnectError?: (reason: string) => ReconnectNeeded;
  now?: () => Date;
}

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  scope: string;
}

export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { db, key, provider, label } = options;
  const context = `${provider}:${label}`;
  const now = options.now ?? (() => new Date());
  const reconnect = options.reconnectError ?? ((reason: string) => new ReconnectNeeded(provider, reason));
  const seal = (tokens: ConnectionTokens) =>
    sealSecret(key, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt.toISOString(), scope: tokens.scope } satisfies StoredTokens), context);
  const open = (row: { secret_ciphertext: Buffer; secret_iv: Buffer; secret_auth_tag: Buffer }): StoredTokens =>
    JSON.parse(openSecret(key, { ciphertext: row.secret_ciphertext, iv: row.secret_iv, authTag: row.secret_auth_tag }, context)) as StoredTokens;
  const fresh = (tokens: StoredTokens) => Date.parse(tokens.expiresAt) - now().getTime() > REFRESH_AHEAD_MS;

  return {
    async save(tokens) {
      const sealed = seal(tokens);
      const values = { secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_auth_tag: sealed.authTag, expires_at: tokens.expiresAt, status: 'connected' as const, status_reason: null, updated_at: sql<Date>`now()` };
      await db
        .insertInto('integration_credentials')
        .values({ provider, label, ...values })
        .onConflict((oc) => oc.columns(['provider', 'label']).doUpdateSet(values))
        .execute();
    },

    async accessToken() {
      const current = await db.selectFrom('integration_credentials').selectAll().where('provider', '=', provider).where('label', '=', label).executeTakeFirst();
      if (!current) throw reconnect('the practice has not connected yet');
      if (current.status === 'reconnect-needed') throw reconnect(current.status_reason ?? 'the grant was refused');
      const tokens = open(current);
      if (fresh(tokens)) return tokens.accessToken;

      const outcome = await db.transaction().execute(async (trx): Promise<{ token: string } | { refused: string }> => {
        // Whoever holds the lock refreshes; the others wait here and then find the new token.
        const locked = await trx.selectFrom('integration_credentials').selectAll().where('id', '=', current.id).forUpdate().executeTakeFirstOrThrow();
        const latest = open(locked);
        if (fresh(latest)) return { token: latest.accessToken };
        try {
          const refreshed = await options.refresh(latest.refreshToken, now());
          const sealed = seal(refreshed);
          await trx
            .updateTable('integration_credentials')
            .set({ secret_ciphertext: sealed.ciphertext, secret_iv: sealed.iv, secret_auth_tag: sealed.authTag, expires_at: refreshed.expiresAt, updated_at: sql<Date>`now()` })
            .where('id', '=', locked.id)
            .execute();
          return { token: refreshed.accessToken };
        } catch (err) {
          const refused = options.permanentRefusal(err);
          if (refused) return { refused };
          throw err;
        }
      });
      if ('token' in outcome) return outcome.token;
      // Recorded after the transaction, which ended without changes: the practice sees it until it reconnects.
      await db.updateTable('integration_credentials').set({ status: 'reconnect-needed', status_reason: outcome.refused, updated_at: sql<Date>`now()` }).where('id', '=', current.id).execute();
      throw reconnect(outcome.refused);
    },

    async status() {
      const row = await db.selectFrom('integration_credentials').select('status').where('provider', '=', provider).where('label', '=', label).executeTakeFirst();
      return row ? row.status : 'not-connected';
    },
  };
}
