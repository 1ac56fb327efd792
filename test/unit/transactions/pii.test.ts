/** Transaction personal data: sealed requests bound to their row, keyed hashes stable and independent of the cipher key. */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher, PiiDecryptionError } from '../../../src/kyc/crypto.ts';
import { canonicalJson } from '../../../src/transactions/body-hash.ts';
import { counterpartyKey } from '../../../src/transactions/facts.ts';
import { TransactionPii } from '../../../src/transactions/pii.ts';

const key = randomBytes(32);
const pii = new TransactionPii(new PiiCipher(key));
const hasher = (d: 'wallet' | 'name', v: string) => pii.keyedHash(d, v);

describe('TransactionPii', () => {
  it('seals a request so that only its own transaction id opens it', () => {
    const request = { counterparty: { name: 'Zephyrine Quillfeather' } };
    const sealed = pii.sealRequest('tx-1', request);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('Zephyrine');
    expect(pii.openRequest('tx-1', sealed)).toEqual(request);
    expect(() => pii.openRequest('tx-2', sealed)).toThrow(PiiDecryptionError);
  });

  it('keyed hashes are stable per key and value, differ across keys, and are not HMACs under the cipher key', () => {
    expect(pii.keyedHash('name', 'alice')).toBe(pii.keyedHash('name', 'alice'));
    expect(pii.keyedHash('name', 'alice')).not.toBe(pii.keyedHash('wallet', 'alice'));
    expect(pii.keyedHash('name', 'alice')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const other = new TransactionPii(new PiiCipher(randomBytes(32)));
    expect(other.keyedHash('name', 'alice')).not.toBe(pii.keyedHash('name', 'alice'));
    const underCipherKey = createHmac('sha256', key).update('name\u0000alice').digest().subarray(0, 16);
    expect(pii.keyedHash('name', 'alice')).not.toBe(underCipherKey.toString('base64url'));
    expect(new PiiCipher(key).deriveKey('a').equals(new PiiCipher(key).deriveKey('b'))).toBe(false);
  });

  it('remembered keyed hashes are the HMACs themselves, before and after the memo turns over its generations', () => {
    const fresh = (v: string) => new TransactionPii(new PiiCipher(key)).keyedHash('wallet', v);
    const first = pii.keyedHash('wallet', 'w-0');
    // 20,000 distinct values: more than both generations hold, so w-0 is computed again.
    for (let i = 1; i < 20_000; i++) pii.keyedHash('wallet', `w-${i}`);
    expect(pii.keyedHash('wallet', 'w-0')).toBe(first);
    expect(first).toBe(fresh('w-0'));
    // A recent value comes from the memo, and is the same.
    expect(pii.keyedHash('wallet', 'w-19999')).toBe(fresh('w-19999'));
    expect(pii.keyedHash('name', 'w-19999')).not.toBe(pii.keyedHash('wallet', 'w-19999'));
  });

  it('body fingerprints are keyed and order-insensitive through the canonical form', () => {
    const a = pii.bodyHash(canonicalJson({ a: 1, b: 'x' }));
    expect(a).toBe(pii.bodyHash(canonicalJson({ b: 'x', a: 1 })));
    expect(a).toMatch(/^h1\./);
  });

  it('counterparty keys hide wallets and names, and fold case, spacing and invisible characters', () => {
    const wallet = '0x52908400098527886E0F7030069857D2E4169EE7';
    expect(counterpartyKey({ walletAddress: wallet }, hasher)).toBe(
      counterpartyKey({ walletAddress: wallet.toLowerCase() }, hasher),
    );
    expect(counterpartyKey({ walletAddress: wallet }, hasher)).not.toContain(wallet.toLowerCase().slice(2, 12));
    const name = counterpartyKey({ name: 'Erika Mustermann' }, hasher)!;
    expect(name).toMatch(/^name:[A-Za-z0-9_-]{22}$/);
    const variants = [
      ' erika   MUSTERMANN ',
      'Erika Muster\u200bmann',
      'Ｅｒｉｋａ Ｍｕｓｔｅｒｍａｎｎ',
      // The same clean-up as the sanctions matcher: no-break space, soft hyphen, word joiner.
      'Erika\u00a0Muster\u00admann',
      'Erika Muster\u2060mann',
    ];
    for (const variant of variants) expect(counterpartyKey({ name: variant }, hasher), variant).toBe(name);
    const dashed = counterpartyKey({ name: 'Anna-Lena Meyer' }, hasher);
    expect(counterpartyKey({ name: 'Anna\u2013Lena Meyer' }, hasher)).toBe(dashed);
    expect(counterpartyKey({ userId: 'u-7', name: 'x' }, hasher)).toBe('user:u-7');
  });
});
