/**
 * Mailbox passwords at rest: AES-256-GCM with a key derived from SECRET_KEY (scrypt, fixed salt per
 * purpose). Stored as `v1:<iv>:<tag>:<ciphertext>` in base64url; the version lets the scheme change.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { AppError } from '../../errors.ts';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(secretKey: string): SecretBox {
  const key = scryptSync(secretKey, 'linkbuilding-agent/mailbox-password/v1', 32);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split(':');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new AppError('INTERNAL', 'stored secret has an unknown format');
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
      } catch (e) {
        throw new AppError('INTERNAL', 'cannot decrypt a stored mailbox password: was SECRET_KEY changed?', { cause: e });
      }
    },
  };
}
