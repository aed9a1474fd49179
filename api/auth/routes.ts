// /api/auth: sign in (a new session every time), sign out (the session ends for good), who am I, change my password.
import { z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { recordAudit } from '../audit';
import { createRouter } from '../context';
import { ApiError } from '../errors';
import { clientAddress } from '../requestInfo';
import { apiRoute } from '../route';
import { ErrorSchema, errorResponses } from '../schemas';
import { CSRF_COOKIE, SESSION_COOKIE, staffOf } from './middleware';
import { clearLoginFailures, loginRetryAfterSeconds, recordLoginFailure } from './loginThrottle';
import { PASSWORD_RULE, hashPassword, passwordProblem, verifyNobody, verifyPassword } from './passwords';
import { PERMISSIONS, roleHolds, type Permission } from './permissions';
import { endSession, endStaffSessions, findSession, startSession } from './sessions';

export const EmailString = z
  .string({ error: 'expected an email address as text' })
  .trim()
  .toLowerCase()
  .max(254, 'expected at most 254 characters')
  .pipe(z.email('expected an email address'))
  .openapi({ type: 'string', example: 'priya@practice.example' });

export const PasswordString = z
  .string({ error: 'expected the password as text' })
  .refine((value) => passwordProblem(value) === null, PASSWORD_RULE)
  .openapi({ type: 'string', format: 'password' });

export const StaffSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'manager', 'preparer', 'reviewer']),
  })
  .openapi('SignedInStaff');

const LoginSchema = z
  .object({
    email: EmailString,
    password: z.string({ error: 'expected the password as text' }).min(1, 'required').max(1000, 'expected at most 1000 characters'),
    mode: z.enum(['cookie', 'bearer'], { error: "expected 'cookie' (the console) or 'bearer' (a script)" }).default('cookie'),
  })
  .strict()
  .openapi('Login');

const SessionSchema = z
  .object({
    staff: StaffSchema,
    permissions: z.array(z.string()),
    expiresAt: z.string(),
    csrfToken: z.string().nullable().openapi({ description: 'Cookie sessions: send it back in X-CSRF-Token with every change' }),
    token: z.string().nullable().openapi({ description: 'Bearer sessions: send it as Authorization: Bearer <token>' }),
  })
  .openapi('Session');

const PasswordChangeSchema = z.object({ currentPassword: z.string({ error: 'expected the current password as text' }).max(1000), newPassword: PasswordString }).strict().openapi('PasswordChange');

function permissionsOf(role: Parameters<typeof roleHolds>[0]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHolds(role, p));
}

function secureRequest(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export const authRouter = createRouter()
  .openapi(
    apiRoute('public', {
      method: 'post',
      path: '/login',
      tags: ['Staff'],
      summary: 'Sign in',
      description:
        "mode 'cookie' (the console) sets an HttpOnly SameSite=Strict session cookie and answers a CSRF token; mode 'bearer' (scripts) answers a token valid for an hour. Five failures for one email within 15 minutes hold that email back.",
      request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
      responses: {
        200: { description: 'Signed in: a new session', content: { 'application/json': { schema: SessionSchema } } },
        400: errorResponses[400],
        401: { description: 'The email and password do not match an active member of staff', content: { 'application/json': { schema: ErrorSchema } } },
        429: { description: 'Too many failed sign-ins; Retry-After says when to try again', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const body = c.req.valid('json');
      const ip = clientAddress(c);
      const wait = await loginRetryAfterSeconds(db, body.email, ip);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(429, 'LOGIN_THROTTLED', `Too many failed sign-ins: try again in ${wait} seconds`);
      }
      const staff = await db.selectFrom('staff').selectAll().where('email', '=', body.email).where('active', '=', true).executeTakeFirst();
      const ok = staff ? await verifyPassword(body.password, staff.password_hash) : await verifyNobody(body.password);
      if (!staff || !ok) {
        await recordLoginFailure(db, body.email, ip);
        throw new ApiError(401, 'INVALID_CREDENTIALS', 'The email and password do not match an active member of staff', [
          { field: 'password', rule: 'must match the email of an active member of staff' },
        ]);
      }
      await clearLoginFailures(db, body.email);
      // No fixation: whatever session the browser came with ends, and the new one has a fresh token.
      const previous = getCookie(c, SESSION_COOKIE);
      const previousSession = previous ? await findSession(db, previous) : null;
      if (previousSession) await endSession(db, previousSession.id);
      const session = await startSession(db, staff.id, body.mode, { ip, userAgent: c.req.header('user-agent') ?? null });
      if (body.mode === 'cookie') {
        const secure = secureRequest(c);
        const maxAge = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
        setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge });
        setCookie(c, CSRF_COOKIE, session.csrfToken!, { httpOnly: false, sameSite: 'Strict', secure, path: '/', maxAge });
      }
      await recordAudit(db, { actor: staff.id, action: 'staff.signed-in', entityType: 'staff', entityId: staff.id, after: { session: session.id, mode: body.mode, ip } });
      return c.json(
        {
          staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role },
          permissions: permissionsOf(staff.role),
          expiresAt: session.expiresAt.toISOString(),
          csrfToken: session.csrfToken,
          token: body.mode === 'bearer' ? session.token : null,
        },
        200,
      );
    },
  )
  .openapi(
    apiRoute('signed-in', {
      method: 'post',
      path: '/logout',
      tags: ['Staff'],
      summary: 'Sign out: the session ends for good, whoever holds its token',
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const session = c.get('session')!;
      await endSession(db, session.id);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, CSRF_COOKIE, { path: '/' });
      await recordAudit(db, { actor: session.staff.id, action: 'staff.signed-out', entityType: 'staff', entityId: session.staff.id, before: { session: session.id } });
      return c.body(null, 204);
    },
  )
  .openapi(
    apiRoute('signed-in', {
      method: 'get',
      path: '/me',
      tags: ['Staff'],
      summary: 'Who is signed in, and what their role may do',
      responses: { 200: { description: 'The session', content: { 'application/json': { schema: SessionSchema } } } },
    }),
    (c) => {
      const session = c.get('session')!;
      return c.json({ staff: session.staff, permissions: permissionsOf(session.staff.role), expiresAt: session.expiresAt.toISOString(), csrfToken: null, token: null }, 200);
    },
  )
  .openapi(
    apiRoute('signed-in', {
      method: 'put',
      path: '/password',
      tags: ['Staff'],
      summary: 'Change my password: every other session of mine ends',
      request: { body: { required: true, content: { 'application/json': { schema: PasswordChangeSchema } } } },
      responses: { 204: { description: 'Changed' }, 400: errorResponses[400] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const me = staffOf(c);
      const body = c.req.valid('json');
      const row = await db.selectFrom('staff').select('password_hash').where('id', '=', me.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(body.currentPassword, row.password_hash))) {
        throw new ApiError(400, 'INVALID_REQUEST', 'The current password is wrong', [{ field: 'currentPassword', rule: 'must be your current password' }]);
      }
      await db.updateTable('staff').set({ password_hash: await hashPassword(body.newPassword), updated_at: new Date() }).where('id', '=', me.id).execute();
      await endStaffSessions(db, me.id, c.get('session')!.id);
      await recordAudit(db, { actor: me.id, action: 'staff.password-changed', entityType: 'staff', entityId: me.id, after: { otherSessionsEnded: true } });
      return c.body(null, 204);
    },
  );
