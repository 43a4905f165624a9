/**
 * Encrypts endpoint secrets at rest with AES-256-GCM. Stored form:
 * `enc:v1:<base64 iv>:<base64 tag>:<base64 ciphertext>`; anything else is read as a
 * plaintext value written before encryption existed, so old rows keep working.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
export const SECRET_KEY_BYTES = 32;

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new RangeError(`the key must be ${SECRET_KEY_BYTES} bytes`);
    this.#key = key;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ciphertext.toString('base64')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [iv, tag, ciphertext] = stored.slice(PREFIX.length).split(':');
    if (iv === undefined || tag === undefined || ciphertext === undefined) throw new Error('a sealed secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
