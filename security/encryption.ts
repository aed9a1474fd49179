// AES-256-GCM for secrets at rest (OAuth tokens, Government Gateway credentials). Keys never leave this module's callers.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

const KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`encryption key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Encrypts a secret. `context` (e.g. 'hmrc:practice') is bound in as associated data, so a ciphertext copied
 * to another row fails to open.
 */
export function sealSecret(key: Buffer, plaintext: string, context: string): SealedSecret {
  checkKey(key);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag() };
}

/** Decrypts a secret sealed with the same key and context; throws if either differs or the data was altered. */
export function openSecret(key: Buffer, sealed: SealedSecret, context: string): string {
  checkKey(key);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}

export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
