/**
 * Personal data of screened transactions at rest. The request (counterparty name, Travel Rule names,
 * addresses, identifiers, birth dates) is stored sealed with the KYC cipher (AES-256-GCM under
 * PII_ENCRYPTION_KEY, bound to the transaction id); where a stable value is needed to compare or count
 * (counterparty keys for fan-in/fan-out, the idempotency fingerprint) an HMAC-SHA256 under a key
 * derived from the same secret stands in for the data, so the database holds neither.
 */
import { createHmac } from 'node:crypto';
import type { PiiCipher } from '../kyc/crypto.ts';

/** HKDF info: one key for this use only (never the cipher's key, never KYC's fingerprint key). */
const KEYED_HASH_INFO = 'screening-sidecar/transactions/keyed-hash/v1';
/** Prefix of a keyed body fingerprint; stored fingerprints without it are the older plain SHA-256. */
export const KEYED_BODY_HASH_PREFIX = 'h1.';
/** Prefix of a sealed request; anything else in that column predates encryption. */
const SEALED_PREFIX = 'v1.';

export class TransactionPii {
  readonly #cipher: PiiCipher;
  readonly #hashKey: Buffer;

  constructor(cipher: PiiCipher) {
    this.#cipher = cipher;
    this.#hashKey = cipher.deriveKey(KEYED_HASH_INFO);
  }

  /** The request as stored. The associated data names the column, so a value moved elsewhere fails to open. */
  sealRequest(transactionId: string, request: unknown): string {
    return this.#cipher.encryptJson(request, `screened_transactions.request:${transactionId}`);
  }

  /** sealRequest for a request already in JSON (the canonical text the fingerprint was taken of: one serialisation, not two). */
  sealRequestJson(transactionId: string, json: string): string {
    return this.#cipher.encrypt(json, `screened_transactions.request:${transactionId}`);
  }

  openRequest(transactionId: string, stored: string): unknown {
    return this.#cipher.decryptJson(stored, `screened_transactions.request:${transactionId}`);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED_PREFIX);
  }

  /** 128 bits of HMAC-SHA256, base64url (22 characters): stable per value, meaningless without the key. */
  keyedHash(domain: string, value: string): string {
    return createHmac('sha256', this.#hashKey)
      .update(`${domain}\u0000${value}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  /** Idempotency fingerprint of a canonical request body. */
  bodyHash(canonicalBody: string): string {
    return (
      KEYED_BODY_HASH_PREFIX +
      createHmac('sha256', this.#hashKey).update(`body\u0000${canonicalBody}`).digest('base64url')
    );
  }
}
