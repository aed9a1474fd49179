// HMRC's OAuth 2.0: the authorization-code grant with a sign-in page for test users, refresh tokens, client credentials.
// Lifetimes as HMRC's: access token 4 hours, code 10 minutes, grant (and its refresh tokens) 18 months.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { HMRC_SCOPES } from '../../../domain/hmrcScopes';
import { newToken } from '../identifiers';
import type { Application, EmulatorState, Grant, TestUser } from '../state';

export const ACCESS_TOKEN_SECONDS = 4 * 60 * 60;
export const CODE_SECONDS = 10 * 60;
const GRANT_MONTHS = 18;

export const KNOWN_SCOPES = HMRC_SCOPES;

export interface OAuthDependencies {
  state: EmulatorState;
  now: () => Date;
  /** How long a refresh takes; a second refresh of the same grant meanwhile is refused, as HMRC does. */
  refreshDelayMs: number;
  changed: () => void;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 500,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function secretMatches(app: Application, secret: string): boolean {
  const given = Buffer.from(secret);
  return app.clientSecrets.some((s) => {
    const known = Buffer.from(s);
    return known.length === given.length && timingSafeEqual(known, given);
  });
}

/** Issues a new grant for a user (or the application itself) and returns the token response. */
export function issueGrant(deps: OAuthDependencies, clientId: string, userId: string | null, scopes: string[]): TokenResponse {
  const now = deps.now();
  const grant: Grant = {
    grantId: newToken(),
    clientId,
    userId,
    scopes,
    expiresAt: addMonths(now, GRANT_MONTHS).toISOString(),
    refreshToken: userId === null ? null : newToken(),
    accessToken: newToken(),
    accessTokenExpiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000).toISOString(),
  };
  deps.state.grants[grant.grantId] = grant;
  deps.changed();
  return tokenResponse(grant);
}

function tokenResponse(grant: Grant): TokenResponse {
  return {
    access_token: grant.accessToken,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_SECONDS,
    ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
    scope: grant.scopes.join(' '),
  };
}

/** The grant an access token belongs to, if the token is the grant's live one and has not expired. */
export function grantForAccessToken(state: EmulatorState, token: string, now: Date): Grant | 'expired' | null {
  for (const grant of Object.values(state.grants)) {
    if (grant.accessToken !== token) continue;
    if (Date.parse(grant.accessTokenExpiresAt) <= now.getTime() || Date.parse(grant.expiresAt) <= now.getTime()) return 'expired';
    return grant;
  }
  return null;
}

function parseScopes(raw: string | undefined): string[] | OAuthError {
  const scopes = (raw ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0) return new OAuthError(400, 'invalid_request', 'scope is missing');
  const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return new OAuthError(400, 'invalid_scope', `scope is invalid: ${unknown.join(' ')}`);
  return scopes;
}

interface AuthorizeRequest {
  app: Application;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
}

function checkAuthorizeRequest(deps: OAuthDependencies, q: Record<string, string | undefined>): AuthorizeRequest {
  const app = q.client_id ? deps.state.applications[q.client_id] : undefined;
  if (!q.client_id || !app) throw new OAuthError(400, 'invalid_request', 'client_id is invalid');
  if (!q.redirect_uri || !app.redirectUris.includes(q.redirect_uri)) throw new OAuthError(400, 'invalid_request', 'redirect_uri is invalid');
  if (!q.response_type) throw new OAuthError(400, 'invalid_request', 'response_type is missing');
  if (q.response_type !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'response_type must be code');
  if (q.client_secret) throw new OAuthError(400, 'invalid_request', 'client_secret must not be sent to the authorize endpoint');
  if (Boolean(q.code_challenge) !== Boolean(q.code_challenge_method) || (q.code_challenge_method && q.code_challenge_method !== 'S256')) {
    throw new OAuthError(400, 'invalid_request', 'code_challenge and code_challenge_method=S256 go together');
  }
  const scopes = parseScopes(q.scope);
  if (scopes instanceof OAuthError) throw scopes;
  return { app, redirectUri: q.redirect_uri, scopes, state: q.state, codeChallenge: q.code_challenge };
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function grantPage(q: Record<string, string | undefined>, scopes: string[], appName: string, problem?: string) {
  const hidden = Object.entries(q)
    .filter(([k]) => !['user_id', 'password', 'decision'].includes(k))
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v ?? ''}" />`);
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Grant authority - HMRC emulator</title>
  <style>body{font-family:Arial,sans-serif;max-width:40rem;margin:2rem auto;color:#0b0c0c}label{display:block;margin:.8rem 0 .2rem}input[type=text],input[type=password]{width:20rem;padding:.3rem}button{margin:1rem .5rem 0 0;padding:.5rem 1rem}.error{color:#d4351c;font-weight:bold}</style></head>
  <body>
    <h1>Grant authority</h1>
    <p><strong>${appName}</strong> wants to access your HMRC information: ${scopes.join(', ')}.</p>
    <p>Sign in with the Government Gateway user ID and password of a test user (Create Test User API).</p>
    ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <label for="user_id">User ID</label><input type="text" id="user_id" name="user_id" autocomplete="username" />
      <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" />
      <div><button type="submit" name="decision" value="grant">Grant authority</button><button type="submit" name="decision" value="deny">Do not grant authority</button></div>
    </form>
  </body>
</html>`;
}

function oauthErrorResponse(c: Context, err: unknown) {
  if (err instanceof OAuthError) return c.json({ error: err.error, error_description: err.description }, err.status);
  throw err;
}

export function signIn(state: EmulatorState, userId: string | undefined, password: string | undefined): TestUser | null {
  const user = userId ? state.users[userId] : undefined;
  return user && password !== undefined && user.password === password ? user : null;
}

export function createOAuthRoutes(deps: OAuthDependencies) {
  const refreshing = new Set<string>();
  const routes = new Hono();

  routes.get('/oauth/authorize', (c) => {
    const q = c.req.query();
    try {
      const request = checkAuthorizeRequest(deps, q);
      return c.html(grantPage(q, request.scopes, request.app.name));
    } catch (err) {
      return oauthErrorResponse(c, err);
    }
  });

  routes.post('/oauth/authorize', async (c) => {
    const form = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    let request: AuthorizeRequest;
    try {
      request = checkAuthorizeRequest(deps, form);
    } catch (err) {
      return oauthErrorResponse(c, err);
    }
    if (form.decision === 'deny') {
      return c.redirect(
        redirectWith(request.redirectUri, { error: 'access_denied', error_description: 'user denied the authorization', error_code: 'USER_DENIED_AUTHORIZATION', state: request.state }),
        302,
      );
    }
    const user = signIn(deps.state, form.user_id, form.password);
    if (!user) return c.html(grantPage(form, request.scopes, request.app.name, 'The user ID or password is not right.'), 401);
    const code = newToken();
    deps.state.codes[code] = {
      code,
      clientId: request.app.clientId,
      userId: user.userId,
      scopes: request.scopes,
      redirectUri: request.redirectUri,
      ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
      expiresAt: new Date(deps.now().getTime() + CODE_SECONDS * 1000).toISOString(),
    };
    deps.changed();
    return c.redirect(redirectWith(request.redirectUri, { code, state: request.state }), 302);
  });

  routes.post('/oauth/token', async (c) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return c.json({ error: 'invalid_request', error_description: 'expected an application/x-www-form-urlencoded body' }, 400);
    }
    const body = Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    try {
      if (!body.client_id) throw new OAuthError(400, 'invalid_request', 'client_id is missing');
      if (!body.client_secret) throw new OAuthError(400, 'invalid_request', 'client_secret is missing');
      if (!body.grant_type) throw new OAuthError(400, 'invalid_request', 'grant_type is missing');
      const app = deps.state.applications[body.client_id];
      if (!app || !secretMatches(app, body.client_secret)) throw new OAuthError(401, 'invalid_client', 'invalid client id or secret');
      const now = deps.now();

      if (body.grant_type === 'client_credentials') {
        const scopes = body.scope ? parseScopes(body.scope) : [];
        if (scopes instanceof OAuthError) throw scopes;
        return c.json(issueGrant(deps, app.clientId, null, scopes));
      }

      if (body.grant_type === 'authorization_code') {
        if (!body.redirect_uri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is missing');
        if (!body.code) throw new OAuthError(400, 'invalid_request', 'code is missing');
        const code = deps.state.codes[body.code];
        if (!code || code.clientId !== app.clientId || Date.parse(code.expiresAt) <= now.getTime()) throw new OAuthError(400, 'invalid_request', 'code is invalid');
        if (code.redirectUri !== body.redirect_uri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is invalid');
        if (code.codeChallenge) {
          const verifier = body.code_verifier;
          if (!verifier || verifier.length < 43 || verifier.length > 128) throw new OAuthError(400, 'invalid_request', 'code_verifier is missing or malformed');
          if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'code_verifier does not match');
        } else if (body.code_verifier) {
          throw new OAuthError(400, 'invalid_request', 'code_verifier was not expected');
        }
        // Single use.
        delete deps.state.codes[body.code];
        return c.json(issueGrant(deps, app.clientId, code.userId, code.scopes));
      }

      if (body.grant_type === 'refresh_token') {
        if (!body.refresh_token) throw new OAuthError(400, 'invalid_request', 'refresh_token is missing');
        const grant = Object.values(deps.state.grants).find((g) => g.refreshToken === body.refresh_token && g.clientId === app.clientId);
        if (!grant || Date.parse(grant.expiresAt) <= now.getTime()) throw new OAuthError(400, 'invalid_grant', 'refresh_token is invalid');
        if (refreshing.has(grant.grantId)) throw new OAuthError(400, 'invalid_request', 'refresh operation already in progress');
        refreshing.add(grant.grantId);
        try {
          if (deps.refreshDelayMs > 0) await new Promise((r) => setTimeout(r, deps.refreshDelayMs));
          // A refresh token is single use, and refreshing invalidates the previous access token.
          grant.refreshToken = newToken();
          grant.accessToken = newToken();
          grant.accessTokenExpiresAt = new Date(deps.now().getTime() + ACCESS_TOKEN_SECONDS * 1000).toISOString();
          deps.changed();
          return c.json(tokenResponse(grant));
        } finally {
          refreshing.delete(grant.grantId);
        }
      }

      throw new OAuthError(400, 'invalid_request', `grant_type ${body.grant_type} is not supported`);
    } catch (err) {
      return oauthErrorResponse(c, err);
    }
  });

  return routes;
}
