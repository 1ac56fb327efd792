/** PII encryption: round trip, tamper and row-swap detection, the key rules of production and development. */
import { createCipheriv, createDecipheriv, type DecipherGCM, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKycConfig } from '../../../src/kyc/config.ts';
import { PII_KEY_FILE, PiiCipher, PiiDecryptionError, loadPiiCipher } from '../../../src/kyc/crypto.ts';

const cipher = new PiiCipher(randomBytes(32));

describe('PiiCipher', () => {
  it('round-trips text and JSON, with a fresh IV each time', () => {
    const a = cipher.encrypt('Maria Schmidt', 'ver-1');
    const b = cipher.encrypt('Maria Schmidt', 'ver-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('Maria');
    expect(cipher.decrypt(a, 'ver-1')).toBe('Maria Schmidt');
    expect(cipher.decryptJson(cipher.encryptJson({ dob: '1985-04-12' }, 'v'), 'v')).toEqual({ dob: '1985-04-12' });
  });

  it('detects a flipped bit anywhere in the stored value', () => {
    const stored = cipher.encrypt('secret data', 'ver-1');
    const raw = Buffer.from(stored.slice(3), 'base64url');
    for (const i of [0, 12, 20, raw.length - 1]) {
      const t = Buffer.from(raw);
      t[i] = t[i]! ^ 1;
      expect(() => cipher.decrypt(`v1.${t.toString('base64url')}`, 'ver-1')).toThrow(PiiDecryptionError);
    }
  });

  it('refuses a value copied onto another record (associated data) and another key', () => {
    const stored = cipher.encrypt('x', 'ver-1');
    expect(() => cipher.decrypt(stored, 'ver-2')).toThrow(PiiDecryptionError);
    expect(() => new PiiCipher(randomBytes(32)).decrypt(stored, 'ver-1')).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt('garbage', 'ver-1')).toThrow(PiiDecryptionError);
  });

  it('never repeats an IV: a per-process fixed field, then a 64-bit counter (NIST SP 800-38D 8.2.1)', () => {
    const ivs = Array.from({ length: 1000 }, () =>
      Buffer.from(cipher.encrypt('x', 'ver-1').slice(3), 'base64url').subarray(0, 12),
    );
    expect(new Set(ivs.map((iv) => iv.toString('hex'))).size).toBe(1000);
    expect(new Set(ivs.map((iv) => iv.readUInt32BE(0))).size).toBe(1); // the fixed field
    const counter = (iv: Buffer) => (BigInt(iv.readUInt32BE(4)) << 32n) | BigInt(iv.readUInt32BE(8));
    for (let i = 1; i < ivs.length; i++) expect(BigInt.asUintN(64, counter(ivs[i]!) - counter(ivs[i - 1]!))).toBe(1n); // modulo 2^64: it may wrap
  });

  it('opens values sealed the earlier way (a random IV per value): the stored form is unchanged', () => {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const legacy = createCipheriv('aes-256-gcm', key, iv);
    legacy.setAAD(Buffer.from('row-7', 'utf8'));
    const ct = Buffer.concat([legacy.update('Zürich ✓', 'utf8'), legacy.final()]);
    const stored = `v1.${Buffer.concat([iv, legacy.getAuthTag(), ct]).toString('base64url')}`;
    expect(new PiiCipher(key).decrypt(stored, 'row-7')).toBe('Zürich ✓');
    // And the other way: what is sealed now opens with the plain primitive the earlier code used.
    const sealed = Buffer.from(new PiiCipher(key).encrypt('Zürich ✓', 'row-7').slice(3), 'base64url');
    const open = (d: DecipherGCM) => {
      d.setAAD(Buffer.from('row-7', 'utf8'));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    };
    expect(open(createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12)))).toBe('Zürich ✓');
  });

  it('fingerprints deterministically per key without revealing the value', () => {
    expect(cipher.fingerprint('a')).toBe(cipher.fingerprint('a'));
    expect(cipher.fingerprint('a')).not.toBe(new PiiCipher(randomBytes(32)).fingerprint('a'));
  });
});

describe('the PII key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-key-'));
    dirs.push(d);
    return d;
  };
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void logged.push(s) });

  it('is required in production: configuration refuses to load without it', () => {
    expect(() => loadKycConfig({}, 'production')).toThrow(/PII_ENCRYPTION_KEY: required in production/);
    expect(() => loadPiiCipher({ nodeEnv: 'production', dataDir: tmp(), logger })).toThrow(/required in production/);
  });

  it('must be 32 bytes of base64', () => {
    expect(() => loadKycConfig({ PII_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, 'development')).toThrow(
      /32 bytes/,
    );
    expect(
      loadKycConfig({ PII_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, 'production').piiKey,
    ).toBeDefined();
  });

  it('is generated beside the database in development (0600), reused on restart, and never logged', () => {
    const dir = tmp();
    logged.length = 0;
    const first = loadPiiCipher({ nodeEnv: 'development', dataDir: dir, logger });
    const file = path.join(dir, PII_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8').trim();
    expect(logged.join('\n')).toContain(file);
    expect(logged.join('\n')).not.toContain(key);
    const stored = first.encrypt('x', 'r');
    expect(loadPiiCipher({ nodeEnv: 'development', dataDir: dir, logger }).decrypt(stored, 'r')).toBe('x');
  });
});
