// The OAuth state the engine sends with the agent and checks on return: nonce, expiry and an HMAC bound to the provider,
// so no server-side session is needed between start and callback and one provider's state is no good at another's.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const STATE_MINUTES = 10;

function sign(key: Buffer, provider: string, payload: string): Buffer {
  return createHmac('sha256', key).update(`oauth-state:${provider}:${payload}`).digest();
}

export function issueState(key: Buffer, provider: string, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ n: randomBytes(12).toString('base64url'), e: now.getTime() + STATE_MINUTES * 60_000 })).toString('base64url');
  return `${payload}.${sign(key, provider, payload).toString('base64url')}`;
}

/** Why the state cannot be trusted (the rule staff see for the field 'state'), or null when it is ours and fresh. */
export function stateProblem(key: Buffer, provider: { key: string; name: string }, state: string, now: Date): string | null {
  const [payload, signature] = state.split('.');
  if (!payload || !signature) return `expected the state ${provider.name} sent back unchanged`;
  const expected = sign(key, provider.key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'expected the state this engine issued';
  let expiresAt: unknown;
  try {
    expiresAt = (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { e?: unknown }).e;
  } catch {
    // Signed by us, so it parses; kept safe all the same.
  }
  if (typeof expiresAt !== 'number') return 'expected the state this engine issued';
  return expiresAt < now.getTime() ? `the connection attempt is older than ${STATE_MINUTES} minutes; start again` : null;
}
