import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals secrets (bot tokens) with AES-256-GCM before they reach the database.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 *
 * @example
 * const box = secretBox(Buffer.from(process.env.ENCRYPTION_KEY!, 'base64'));
 * const sealed = box.seal(JSON.stringify({ botToken })); box.open(sealed);
 */
export function secretBox(key: Buffer) {
  if (key.length !== 32) throw new Error('The encryption key must be exactly 32 bytes');
  return {
    seal(plaintext: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed: string): string {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
        throw new Error('Not a sealed secret of a known version');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
    /**
     * A 32-byte key for one purpose (`timeline-image`), derived with HKDF-SHA256, so signing a link
     * never uses the sealing key itself and one purpose's signatures are worthless for another.
     */
    deriveKey(purpose: string): Buffer {
      return Buffer.from(hkdfSync('sha256', key, new Uint8Array(0), `session-align:${purpose}`, 32));
    },
  };
}

export type SecretBox = ReturnType<typeof secretBox>;
