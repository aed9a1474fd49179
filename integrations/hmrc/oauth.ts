// HMRC's OAuth 2.0 for the practice's agent: the authorize URL, the code exchange and refresh (HMRC README §1.2).
import got from 'got';
import { HMRC_SCOPES } from '../../domain/hmrcScopes';

export interface HmrcOAuthSettings {
  /** Where the agent's browser goes to grant authority (HMRC's www host, or the emulator). */
  authorizeBaseUrl: string;
  /** HMRC's API host (or the emulator), where /oauth/token lives. */
  tokenBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scope: string;
}

/** `invalid_grant` means the grant is gone (expired, revoked, refresh token used): only the agent can reconnect. */
export class HmrcOAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`HMRC OAuth ${status} ${error}: ${description}`);
    this.name = 'HmrcOAuthError';
  }

  get needsReconnect(): boolean {
    return this.error === 'invalid_grant';
  }
}

/** The practice's agent asks for every scope the engine's work needs. */
export const AGENT_SCOPES: string[] = [...HMRC_SCOPES];

export function authorizationUrl(settings: HmrcOAuthSettings, state: string): string {
  const url = new URL('/oauth/authorize', settings.authorizeBaseUrl);
  url.search = new URLSearchParams({ response_type: 'code', client_id: settings.clientId, scope: settings.scopes.join(' '), redirect_uri: settings.redirectUri, state }).toString();
  return url.toString();
}

async function tokenRequest(settings: HmrcOAuthSettings, form: Record<string, string>, now: Date): Promise<TokenSet> {
  const response = await got.post(new URL('/oauth/token', settings.tokenBaseUrl), {
    form: { client_id: settings.clientId, client_secret: settings.clientSecret, ...form },
    retry: { limit: 0 },
    throwHttpErrors: false,
    timeout: { request: 30_000 },
    responseType: 'text',
  });
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // HMRC answers JSON; anything else is reported by status below.
  }
  if (response.statusCode !== 200) {
    throw new HmrcOAuthError(response.statusCode, String(body.error ?? `http_${response.statusCode}`), String(body.error_description ?? ''));
  }
  return {
    accessToken: String(body.access_token),
    refreshToken: String(body.refresh_token),
    expiresAt: new Date(now.getTime() + Number(body.expires_in) * 1000),
    scope: String(body.scope ?? ''),
  };
}

export function exchangeCode(settings: HmrcOAuthSettings, code: string, now: Date): Promise<TokenSet> {
  return tokenRequest(settings, { grant_type: 'authorization_code', redirect_uri: settings.redirectUri, code }, now);
}

export function refreshTokens(settings: HmrcOAuthSettings, refreshToken: string, now: Date): Promise<TokenSet> {
  return tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}
