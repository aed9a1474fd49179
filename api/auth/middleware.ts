// Who is calling: the session from the HttpOnly cookie (console) or the bearer token (scripts), checked on every request.
// A cookie-authenticated request that changes state must echo the session's CSRF token: requireAccess (each route's
// first middleware, see api/route.ts) refuses it otherwise, with the role check.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';
import { roleHolds, type Permission } from './permissions';
import { csrfTokenMatches, findSession } from './sessions';

export const SESSION_COOKIE = 'pe_session';
export const CSRF_COOKIE = 'pe_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header && /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match ? match[1] : undefined;
}

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get('deps');
  const bearer = bearerToken(c);
  const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
  const token = bearer ?? cookie;
  const found = token ? await findSession(db, token) : null;
  // A cookie's token sent as a bearer (or the reverse) would skip the CSRF check it was issued under: it signs no one in.
  const session = found && found.kind === (bearer ? 'bearer' : 'cookie') ? found : null;
  // Checked by every guarded route (requireAccess); a public route such as sign-in does not rely on the session.
  c.set('csrfRejected', Boolean(session && cookie && !SAFE_METHODS.has(c.req.method) && !csrfTokenMatches(session, c.req.header(CSRF_HEADER))));
  c.set('session', session);
  await next();
};

/** Who may call a route: anyone, any signed-in member of staff, or the roles holding a permission. */
export type Access = 'public' | 'signed-in' | Permission;

export function requireAccess(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const session = c.get('session');
      if (!session) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: POST /api/auth/login');
      if (c.get('csrfRejected')) {
        throw new ApiError(403, 'CSRF_TOKEN_INVALID', `A change made with a session cookie must carry the session's CSRF token in ${CSRF_HEADER}`, [
          { field: CSRF_HEADER, rule: 'must equal the csrfToken given at sign-in (also in the pe_csrf cookie)' },
        ]);
      }
      if (access !== 'signed-in' && !roleHolds(session.staff.role, access)) {
        throw new ApiError(403, 'FORBIDDEN', `The ${session.staff.role} role may not do this: it needs the '${access}' permission`);
      }
    }
    await next();
  };
}

/** The signed-in member of staff (for routes whose access is not public). */
export function staffOf(c: Context<AppEnv>) {
  const session = c.get('session');
  if (!session) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: POST /api/auth/login');
  return session.staff;
}
