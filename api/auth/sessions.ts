// Staff sessions in PostgreSQL: a random token the browser holds in an HttpOnly cookie (or a script holds as a bearer
// token), of which only a hash is stored. A new session at every sign-in (no fixation), ended for good at sign-out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import type { Staff } from '../../db/schema';

export type SessionKind = 'cookie' | 'bearer';

/** A console session lasts a working day, and ends after two idle hours; a script's bearer token lasts an hour. */
export const SESSION_LIFETIME_MS: Record<SessionKind, number> = { cookie: 12 * 3600_000, bearer: 3600_000 };
export const SESSION_IDLE_MS = 2 * 3600_000;
const TOUCH_EVERY_MS = 60_000;

export interface IssuedSession {
  id: string;
  token: string;
  /** Cookie sessions only: the value state-changing requests echo in X-CSRF-Token. */
  csrfToken: string | null;
  expiresAt: Date;
}

export interface ActiveSession {
  id: string;
  kind: SessionKind;
  staff: Pick<Staff, 'id' | 'email' | 'name' | 'role'>;
  csrfTokenHash: Buffer | null;
  expiresAt: Date;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const newToken = () => randomBytes(32).toString('base64url');

export async function startSession(db: Db, staffId: string, kind: SessionKind, seen: { ip: string | null; userAgent: string | null }): Promise<IssuedSession> {
  const token = newToken();
  const csrfToken = kind === 'cookie' ? newToken() : null;
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS[kind]);
  const row = await db
    .insertInto('staff_sessions')
    .values({
      token_hash: digest(token),
      csrf_token_hash: csrfToken ? digest(csrfToken) : null,
      staff_id: staffId,
      kind,
      expires_at: expiresAt,
      ended_at: null,
      ip: seen.ip,
      user_agent: seen.userAgent?.slice(0, 500) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, csrfToken, expiresAt };
}

/** The live session a token belongs to, or null (unknown, ended, expired, idle too long, or its staff deactivated). */
export async function findSession(db: Db, token: string): Promise<ActiveSession | null> {
  if (token.length > 200) return null;
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff as st', 'st.id', 's.staff_id')
    .select(['s.id', 's.kind', 's.csrf_token_hash', 's.expires_at', 's.last_seen_at', 'st.id as staff_id', 'st.email', 'st.name', 'st.role'])
    .where('s.token_hash', '=', digest(token))
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - ${`${SESSION_IDLE_MS} milliseconds`}::interval`)
    .where('st.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('staff_sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', row.id).execute();
  }
  return {
    id: row.id,
    kind: row.kind,
    staff: { id: row.staff_id, email: row.email, name: row.name, role: row.role },
    csrfTokenHash: row.csrf_token_hash,
    expiresAt: row.expires_at,
  };
}

export function csrfTokenMatches(session: ActiveSession, presented: string | undefined): boolean {
  if (!session.csrfTokenHash || !presented) return false;
  const presentedHash = digest(presented);
  return presentedHash.length === session.csrfTokenHash.length && timingSafeEqual(presentedHash, session.csrfTokenHash);
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('staff_sessions').set({ ended_at: sql<Date>`now()` }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}

/** Ends every session of a member of staff (deactivated, password changed), except optionally the one in use. */
export async function endStaffSessions(db: Db, staffId: string, except?: string): Promise<void> {
  let query = db.updateTable('staff_sessions').set({ ended_at: sql<Date>`now()` }).where('staff_id', '=', staffId).where('ended_at', 'is', null);
  if (except) query = query.where('id', '!=', except);
  await query.execute();
}
