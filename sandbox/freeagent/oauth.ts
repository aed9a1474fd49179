// OAuth 2.0 as FreeAgent does it: /v2/approve_app (authorisation code, 15 minutes) and /v2/token_endpoint with HTTP Basic
// client authentication; access tokens last an hour, and every refresh returns a new refresh token and retires the old one.
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { FreeAgentState, OAuthApp, TokenGrant } from './state';

export const AUTHORISATION_CODE_TTL_MS = 15 * 60_000;
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 631151957;

export interface OAuthDeps {
  state: FreeAgentState;
  now: () => number;
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('base64url')}`;
}

function oauthError(c: Context, status: 400 | 401, error: string, description: string): Response {
  return c.json({ error, error_description: description }, status);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The app and redirect URI a request names, or why they are refused. */
function checkApp(state: FreeAgentState, clientId: string | undefined, redirectUri: string | undefined): OAuthApp | string {
  const app = clientId ? state.apps.get(clientId) : undefined;
  if (!app) return `Unknown client_id '${clientId ?? ''}'`;
  if (redirectUri !== undefined && !app.redirectUris.includes(redirectUri)) return `redirect_uri '${redirectUri}' is not registered for this app`;
  return app;
}

function clientCredentials(c: Context, form: Record<string, string>): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  }
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

export function issueGrant(state: FreeAgentState, clientId: string, accountManagerId: number, nowMs: number): TokenGrant {
  const grant: TokenGrant = {
    clientId,
    accountManagerId,
    accessToken: token('fa_at_'),
    accessExpiresAt: nowMs + ACCESS_TOKEN_TTL_SECONDS * 1000,
    refreshToken: token('fa_rt_'),
  };
  state.grantsByAccessToken.set(grant.accessToken, grant);
  state.grantsByRefreshToken.set(grant.refreshToken, grant);
  return grant;
}

function tokenResponse(c: Context, grant: TokenGrant): Response {
  return c.json({
    access_token: grant.accessToken,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    refresh_token: grant.refreshToken,
    refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function createOAuthRoutes({ state, now }: OAuthDeps): Hono {
  return new Hono()
    .get('/approve_app', (c) => {
      const { client_id, redirect_uri, state: clientState = '', response_type } = c.req.query();
      const app = checkApp(state, client_id, redirect_uri);
      if (typeof app === 'string') return c.html(`<p>${escapeHtml(app)}</p>`, 400);
      if (response_type !== 'code') return c.html('<p>response_type must be code</p>', 400);
      const hidden = (name: string, value: string | undefined) => (value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`);
      const forms = [...state.accountManagers.values()]
        .map(
          (m) =>
            `<form method="post">${hidden('client_id', client_id)}${hidden('redirect_uri', redirect_uri)}${hidden('state', clientState)}` +
            `${hidden('account_manager_id', String(m.id))}<button>Approve as ${escapeHtml(m.name)} (${escapeHtml(m.email)})</button></form>`,
        )
        .join('');
      return c.html(`<h1>Approve ${escapeHtml(app.name)}</h1><p>${escapeHtml(state.practice.name)}</p>${forms}`);
    })
    .post('/approve_app', async (c) => {
      const form = (await c.req.parseBody()) as Record<string, string>;
      const app = checkApp(state, form.client_id, form.redirect_uri);
      if (typeof app === 'string') return c.html(`<p>${escapeHtml(app)}</p>`, 400);
      const redirectUri = form.redirect_uri ?? app.redirectUris[0];
      const manager = state.accountManagers.get(Number(form.account_manager_id));
      if (!manager || !redirectUri) return c.html('<p>Choose an account manager of the practice</p>', 400);
      const code = token('fa_code_');
      state.codes.set(code, { clientId: app.clientId, redirectUri: form.redirect_uri, accountManagerId: manager.id, expiresAt: now() + AUTHORISATION_CODE_TTL_MS });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (form.state) target.searchParams.set('state', form.state);
      return c.redirect(target.toString(), 302);
    })
    .post('/token_endpoint', async (c) => {
      const form = (await c.req.parseBody()) as Record<string, string>;
      const { clientId, clientSecret } = clientCredentials(c, form);
      const app = clientId ? state.apps.get(clientId) : undefined;
      if (!app || !clientSecret || !app.clientSecrets.includes(clientSecret)) return oauthError(c, 401, 'invalid_client', 'Client authentication failed: check client_id and client_secret');
      if (form.grant_type === 'authorization_code') {
        const code = form.code ? state.codes.get(form.code) : undefined;
        // Codes are single use: gone as soon as they are presented.
        if (form.code) state.codes.delete(form.code);
        if (!code || code.clientId !== app.clientId) return oauthError(c, 400, 'invalid_grant', 'The authorisation code is not valid or was already used');
        if (code.expiresAt <= now()) return oauthError(c, 400, 'invalid_grant', 'The authorisation code expired (codes last 15 minutes)');
        if (code.redirectUri !== undefined && form.redirect_uri !== code.redirectUri) return oauthError(c, 400, 'invalid_grant', 'redirect_uri does not match the one sent to approve_app');
        return tokenResponse(c, issueGrant(state, app.clientId, code.accountManagerId, now()));
      }
      if (form.grant_type === 'refresh_token') {
        const old = form.refresh_token ? state.grantsByRefreshToken.get(form.refresh_token) : undefined;
        if (!old || old.clientId !== app.clientId) return oauthError(c, 400, 'invalid_grant', 'The refresh token is not valid or was already used');
        state.grantsByRefreshToken.delete(old.refreshToken);
        state.grantsByAccessToken.delete(old.accessToken);
        return tokenResponse(c, issueGrant(state, app.clientId, old.accountManagerId, now()));
      }
      return oauthError(c, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    });
}
