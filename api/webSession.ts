// Who is acting, for the workflow: the member of staff and, when the console sent its browser's details, the web
// session HMRC's fraud prevention headers (WEB_APP_VIA_SERVER) describe: the browser's own report (X-Client-Device) and
// what our edge saw of the connection (its public address and port, when public).
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { nonPublicReason, parseIp } from '../domain/fraudPrevention';
import type { WebSession } from '../integrations/hmrc/fraudPreventionHeaders';
import type { Actor } from '../workflows/taxYear/model';
import { staffOf } from './auth/middleware';
import type { AppEnv } from './context';
import { fieldProblems, invalidRequest } from './errors';

export const CLIENT_DEVICE_HEADER = 'x-client-device';

const Dimension = z.number().int().min(1).max(100_000);
const ClientDeviceSchema = z
  .object({
    deviceId: z.uuid('expected the browser\'s device id, a UUID'),
    browserJsUserAgent: z.string().min(1).max(1000),
    screens: z.array(z.object({ width: Dimension, height: Dimension, scalingFactor: z.number().positive().max(20), colourDepth: z.number().int().min(1).max(64) }).strict()).min(1).max(16),
    windowSize: z.object({ width: Dimension, height: Dimension }).strict(),
    timezoneOffsetMinutes: z.number().int().min(-720).max(840),
  })
  .strict();

function peer(c: Context): { address: string | null; port: number | null } {
  try {
    const { remote } = getConnInfo(c);
    return { address: remote.address ?? null, port: remote.port ?? null };
  } catch {
    return { address: null, port: null };
  }
}

/** The browser session of a console request, or undefined when the caller sent none (a script). */
export function webSessionOf(c: Context<AppEnv>, staffId: string, now: Date): WebSession | undefined {
  const header = c.req.header(CLIENT_DEVICE_HEADER);
  if (!header) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(header);
  } catch {
    throw invalidRequest([{ field: CLIENT_DEVICE_HEADER, rule: 'expected JSON describing the browser (deviceId, browserJsUserAgent, screens, windowSize, timezoneOffsetMinutes)' }]);
  }
  const parsed = ClientDeviceSchema.safeParse(json);
  if (!parsed.success) throw invalidRequest(fieldProblems(parsed.error).map((f) => ({ ...f, field: `${CLIENT_DEVICE_HEADER}.${f.field}` })));
  const { address, port } = peer(c);
  const ip = address ? parseIp(address) : null;
  const publicIp = ip && !nonPublicReason(ip) ? address : null;
  return {
    ...parsed.data,
    clientPublicIp: publicIp,
    clientPublicPort: publicIp ? port : null,
    clientPublicIpSeenAt: now.toISOString(),
    staffUserId: staffId,
    multiFactor: [],
    vendorPublicIp: c.get('deps').vendorPublicIp ?? null,
  };
}

/** The actor of a staff action: the signed-in member of staff, with their browser session when there is one. */
export function actorOf(c: Context<AppEnv>): Actor {
  const staffId = staffOf(c).id;
  const session = webSessionOf(c, staffId, new Date());
  return session ? { staffId, session } : { staffId };
}
