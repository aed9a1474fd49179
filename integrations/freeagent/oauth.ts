// FreeAgent's OAuth 2.0 authorisation-code grant: the approve_app URL, the code exchange and the refresh (which returns a new
// refresh token: store it, the old one is spent). Client credentials go as HTTP Basic auth, as FreeAgent asks.
import type { ConnectionTokens } from '../oauthTokenStore';
import { FreeAgentError } from './errors';
import { sendRequest } from './http';
import type { TokenSet } from './types';

export interface FreeAgentOAuthApp {
  /** The API base, e.g. https://api.sandbox.freeagent.com/v2 */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

/** The practice's app as the engine runs it: where FreeAgent sends the account manager back after approving. */
export interface FreeAgentOAuthSettings extends FreeAgentOAuthApp {
  redirectUri: string;
}

const trim = (url: string) => url.replace(/\/+$/, '');

export function authorisationUrl(app: Pick<FreeAgentOAuthApp, 'baseUrl' | 'clientId'>, redirectUri: string, state: string): string {
  const url = new URL(`${trim(app.baseUrl)}/approve_app`);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

async function tokenRequest(app: FreeAgentOAuthApp, form: Record<string, string>): Promise<TokenSet> {
  const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
  const response = await sendRequest<TokenSet>({
    method: 'POST',
    url: `${trim(app.baseUrl)}/token_endpoint`,
    headers: { Authorization: `Basic ${basic}` },
    form,
    timeoutMs: app.timeoutMs ?? 10_000,
  });
  return response.body;
}

export function exchangeAuthorisationCode(app: FreeAgentOAuthApp, code: string, redirectUri?: string): Promise<TokenSet> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, ...(redirectUri ? { redirect_uri: redirectUri } : {}) });
}

export function refreshAccessToken(app: FreeAgentOAuthApp, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** FreeAgent's token answer as the token store keeps it. FreeAgent grants no scopes: access follows the user's level. */
export function toConnectionTokens(tokens: TokenSet, now: Date): ConnectionTokens {
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresAt: new Date(now.getTime() + tokens.expires_in * 1000), scope: '' };
}

/**
 * FreeAgent's OAuth error when it refused a code or refresh token (400 with {error: 'invalid_grant', ...}); null for
 * anything else (401 is a wrong client secret: our configuration, not the practice's grant; 5xx and timeouts pass).
 */
export function grantRefusal(err: unknown): string | null {
  if (!(err instanceof FreeAgentError) || err.status !== 400) return null;
  const body = err.body as { error?: unknown } | undefined;
  return typeof body?.error === 'string' ? body.error : (err.messages[0] ?? 'invalid_grant');
}
