import { describe, expect, it } from 'vitest';
import { generateKey, openSecret, sealSecret } from '../../security/encryption';
import { createLogger, redact } from '../../runtime/log';

const key = Buffer.from(generateKey(), 'base64');

describe('secrets at rest (AES-256-GCM)', () => {
  it('opens what it sealed, and the ciphertext does not contain the secret', () => {
    const sealed = sealSecret(key, 'refresh-token-abc123', 'hmrc:practice');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('refresh-token');
    expect(sealed.iv).toHaveLength(12);
    expect(openSecret(key, sealed, 'hmrc:practice')).toBe('refresh-token-abc123');
  });

  it('uses a fresh IV every time', () => {
    const a = sealSecret(key, 'same', 'ctx');
    const b = sealSecret(key, 'same', 'ctx');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses another context, another key, or altered data', () => {
    const sealed = sealSecret(key, 'secret', 'hmrc:practice');
    expect(() => openSecret(key, sealed, 'freeagent:practice')).toThrow();
    expect(() => openSecret(Buffer.from(generateKey(), 'base64'), sealed, 'hmrc:practice')).toThrow();
    const tampered = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    tampered.ciphertext[0]! ^= 1;
    expect(() => openSecret(key, tampered, 'hmrc:practice')).toThrow();
    expect(() => sealSecret(Buffer.alloc(16), 'x', 'y')).toThrow(/32 bytes/);
  });
});

describe('logs', () => {
  it('redact secret-looking fields at any depth', () => {
    expect(redact({ accessToken: 'a', nested: { password: 'p', ok: 1 }, list: [{ Authorization: 'Bearer x' }] })).toEqual({
      accessToken: '[redacted]',
      nested: { password: '[redacted]', ok: 1 },
      list: [{ Authorization: '[redacted]' }],
    });
  });

  it('write JSON lines at or above the level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.info('hidden');
    log.warn('shown', { refresh_token: 'r', clientId: 'c' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', message: 'shown', refresh_token: '[redacted]', clientId: 'c' });
  });
});

describe('the installation device id', () => {
  it('is a UUID that stays the same for the installation and differs between installations', async () => {
    const { installationDeviceId } = await import('../../runtime/hmrcConnection');
    const a = installationDeviceId(key);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(installationDeviceId(key)).toBe(a);
    expect(installationDeviceId(Buffer.from(generateKey(), 'base64'))).not.toBe(a);
  });
});
