// What the API knows of the caller's connection: its address (for sign-in throttling and the session record).
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** The peer's address as the socket saw it; 'unknown' when there is no socket (requests made in-process). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
