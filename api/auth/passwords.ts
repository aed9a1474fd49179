// Staff passwords: scrypt (node:crypto) at OWASP's cost, with the parameters stored beside the salt and hash so the cost
// can rise later without breaking existing passwords.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST_LOG2 = 17; // N = 2^17, r = 8, p = 1: 128 MiB and a few hundred milliseconds per hash.
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;

export const PASSWORD_RULE = 'expected 12 to 200 characters';

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, scryptOptions, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Null when the password is acceptable, else the rule it breaks. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  return length < 12 || length > 200 ? PASSWORD_RULE : null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N: 2 ** COST_LOG2, r: BLOCK_SIZE, p: PARALLELISM });
  return ['scrypt', COST_LOG2, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: 2 ** Number(logN), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spends the time a real check would, so an unknown email answers as slowly as a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function verifyNobody(password: string): Promise<false> {
  await verifyPassword(password, await (dummyHash ??= hashPassword('no one has this password')));
  return false;
}
