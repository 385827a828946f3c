import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretBox } from './secret-box.ts';

describe('secretBox', () => {
  const box = secretBox(randomBytes(32));

  it('round-trips, with a fresh IV each time', () => {
    const first = box.seal('xoxb-1234-secret');
    const second = box.seal('xoxb-1234-secret');
    expect(first).not.toBe(second);
    expect(first).not.toContain('xoxb');
    expect(box.open(first)).toBe('xoxb-1234-secret');
  });

  it('refuses tampered ciphertext and the wrong key', () => {
    const sealed = box.seal('secret');
    const [version, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open('v0.a.b.c')).toThrow(/known version/);
  });

  it('derives a stable key per purpose, different from the key and from other purposes', () => {
    const key = randomBytes(32);
    const derived = secretBox(key).deriveKey('timeline-image');
    expect(derived).toHaveLength(32);
    expect(secretBox(key).deriveKey('timeline-image').equals(derived)).toBe(true);
    expect(derived.equals(key)).toBe(false);
    expect(secretBox(key).deriveKey('other').equals(derived)).toBe(false);
    expect(secretBox(randomBytes(32)).deriveKey('timeline-image').equals(derived)).toBe(false);
  });

  it('needs a 32-byte key', () => {
    expect(() => secretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
