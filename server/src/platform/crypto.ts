/**
 * Personal data at rest (docs/architecture.md §Personal data; 个人信息保护法 arts 28, 51): ID
 * numbers and phone numbers are stored as AES-256-GCM ciphertext beside a keyed hash
 * (HMAC-SHA256) used for equality lookups (the same person across cases) and a masked form
 * for lists. Both keys are derived with HKDF from one install secret: FAZHI_SECRET, or else
 * a random key written once to <data dir>/secret.key. Losing that file loses the IDs,
 * which is why the backup runbook names it.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

const VERSION = 'v1';

export class PiiCipher {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(secret: string) {
    const ikm = Buffer.from(secret, 'utf8');
    this.#encKey = Buffer.from(hkdfSync('sha256', ikm, 'fazhi', 'pii-encryption', 32));
    this.#macKey = Buffer.from(hkdfSync('sha256', ikm, 'fazhi', 'pii-lookup', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${iv.toString('base64')}.${tag.toString('base64')}.${ct.toString('base64')}`;
  }

  decrypt(token: string): string {
    const [version, iv, tag, ct] = token.split('.');
    if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Deterministic, so equal values find each other; keyed, so the column alone reveals nothing. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.#macKey).update(value.trim().toUpperCase()).digest('hex');
  }
}

/** The install secret: the configured one, or the data directory's key file (created once). */
export function installSecret(config: Pick<Config, 'secret' | 'dataDir'>): string {
  if (config.secret) return config.secret;
  if (config.dataDir.startsWith('memory://')) return randomBytes(32).toString('hex');
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw e;
  }
}
