/**
 * Personal data at rest: AES-256-GCM under PII_ENCRYPTION_KEY. Each value gets a fresh 96-bit IV (never
 * repeated under the key: NIST SP 800-38D 8.2.1, see gcm-iv.ts), and the record id is bound in as
 * associated data, so a ciphertext copied onto another row fails to decrypt.
 * Stored form: "v1." + base64url(iv ‖ tag ‖ ciphertext).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { IV_BYTES, nextIv } from './gcm-iv.ts';

const VERSION = 'v1.';
const TAG_BYTES = 16;
export const PII_KEY_FILE = 'pii-encryption.key';

export class PiiDecryptionError extends Error {
  constructor() {
    super('personal data could not be decrypted: wrong key, or the value was altered');
    this.name = 'PiiDecryptionError';
  }
}

export class PiiCipher {
  readonly #key: Buffer;
  /** The key as a KeyObject, made once: every seal on the hot path would otherwise import the raw bytes again. */
  readonly #keyObject: KeyObject;
  readonly #hmacKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the PII key must be 32 bytes');
    this.#key = key;
    this.#keyObject = createSecretKey(key);
    // A separate key for fingerprints, so a fingerprint never reveals anything about the encryption key.
    this.#hmacKey = createHmac('sha256', key).update('pii-fingerprint').digest();
  }

  static fromBase64(b64: string): PiiCipher {
    return new PiiCipher(Buffer.from(b64, 'base64'));
  }

  encrypt(plain: string, associatedData: string): string {
    // One buffer laid out as stored (iv ‖ tag ‖ ciphertext): GCM's ciphertext is as long as the plaintext.
    const ct = Buffer.byteLength(plain, 'utf8');
    const out = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + ct);
    nextIv(out, 0);
    const cipher = createCipheriv('aes-256-gcm', this.#keyObject, out.subarray(0, IV_BYTES));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = cipher.update(plain, 'utf8');
    body.copy(out, IV_BYTES + TAG_BYTES);
    const rest = cipher.final();
    if (body.length + rest.length !== ct) throw new Error('AES-GCM produced an unexpected ciphertext length');
    cipher.getAuthTag().copy(out, IV_BYTES);
    return VERSION + out.toString('base64url');
  }

  decrypt(stored: string, associatedData: string): string {
    if (!stored.startsWith(VERSION)) throw new PiiDecryptionError();
    const buf = Buffer.from(stored.slice(VERSION.length), 'base64url');
    if (buf.length < IV_BYTES + TAG_BYTES) throw new PiiDecryptionError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#keyObject, buf.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new PiiDecryptionError();
    }
  }

  encryptJson(value: unknown, associatedData: string): string {
    return this.encrypt(JSON.stringify(value), associatedData);
  }

  decryptJson<T>(stored: string, associatedData: string): T {
    return JSON.parse(this.decrypt(stored, associatedData)) as T;
  }

  /**
   * The key itself, for a thread of this process that seals in this class's stored form (the
   * transactions' writer thread, src/transactions/row-writer.ts). Never to be logged or stored.
   */
  keyForThread(): Buffer {
    return Buffer.from(this.#key);
  }

  /**
   * A 32-byte key for another use of the same secret (HKDF-SHA256, RFC 5869): each `info` gives an
   * independent key, so e.g. the transactions' keyed hashes never share a key with this cipher.
   */
  deriveKey(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), info, 32));
  }

  /** A keyed digest for comparing personal data without storing it (e.g. idempotent request bodies). */
  fingerprint(value: string): string {
    return createHmac('sha256', this.#hmacKey).update(value).digest('hex');
  }
}

export interface PiiKeySource {
  /** PII_ENCRYPTION_KEY, already validated as 32 bytes of base64 by the config. */
  configured?: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Folder of the database file: a generated development key lives beside the data it protects. */
  dataDir: string;
  logger: Logger;
}

/**
 * The configured key, or outside production a key generated once beside the database (mode 0600) and
 * reused on restart. The key itself is never logged, only where it is.
 */
export function loadPiiCipher(src: PiiKeySource): PiiCipher {
  if (src.configured) return PiiCipher.fromBase64(src.configured);
  if (src.nodeEnv === 'production') throw new Error('PII_ENCRYPTION_KEY is required in production');
  const file = path.join(src.dataDir, PII_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    src.logger.info(
      { keyFile: file },
      'PII_ENCRYPTION_KEY not set: using the development key stored beside the database',
    );
    return new PiiCipher(key);
  }
  const key = randomBytes(32);
  fs.mkdirSync(src.dataDir, { recursive: true });
  // 'wx' fails if another process created it meanwhile; then read theirs rather than overwrite it.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadPiiCipher(src);
    throw err;
  }
  src.logger.warn(
    { keyFile: file },
    'PII_ENCRYPTION_KEY not set: generated a development key beside the database. Personal data is unreadable without this file; set PII_ENCRYPTION_KEY in production.',
  );
  return new PiiCipher(key);
}
