// Sign-in throttling across every API process: failures are rows in PostgreSQL, counted per email and per address over
// a window. Past the limit, sign-in answers 429 (even for the right password) until the window has moved on.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 50;

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function loginRetryAfterSeconds(db: Db, email: string, ip: string): Promise<number> {
  const window = sql<Date>`now() - ${`${THROTTLE_WINDOW_MS} milliseconds`}::interval`;
  const counts = await db
    .selectFrom('login_failures')
    .select([
      sql<string>`count(*) filter (where email = ${email})`.as('email_failures'),
      sql<string>`count(*) filter (where ip = ${ip})`.as('ip_failures'),
      sql<Date | null>`min(at) filter (where email = ${email})`.as('email_oldest'),
      sql<Date | null>`min(at) filter (where ip = ${ip})`.as('ip_oldest'),
    ])
    .where('at', '>', window)
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  const waits: number[] = [];
  if (Number(counts.email_failures) >= MAX_FAILURES_PER_EMAIL && counts.email_oldest) waits.push(counts.email_oldest.getTime() + THROTTLE_WINDOW_MS - Date.now());
  if (Number(counts.ip_failures) >= MAX_FAILURES_PER_IP && counts.ip_oldest) waits.push(counts.ip_oldest.getTime() + THROTTLE_WINDOW_MS - Date.now());
  return waits.length === 0 ? 0 : Math.max(1, Math.ceil(Math.max(...waits) / 1000));
}

export async function recordLoginFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip }).execute();
}

/** A successful sign-in clears that email's failures (old rows of every email are pruned as we go). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where((eb) => eb.or([eb('email', '=', email), eb('at', '<', sql<Date>`now() - ${`${THROTTLE_WINDOW_MS} milliseconds`}::interval`)]))
    .execute();
}
