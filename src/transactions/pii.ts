/**
 * Personal data of screened transactions at rest. The request (counterparty name, Travel Rule names,
 * addresses, identifiers, birth dates) is stored sealed with the KYC cipher (AES-256-GCM under
 * PII_ENCRYPTION_KEY, bound to the transaction id); where a stable value is needed to compare or count
 * (counterparty keys for fan-in/fan-out, the idempotency fingerprint) an HMAC-SHA256 under a key
 * derived from the same secret stands in for the data, so the database holds neither.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { PiiCipher } from '../kyc/crypto.ts';
import { SealOnWrite } from './row-writer.ts';

/** HKDF info: one key for this use only (never the cipher's key, never KYC's fingerprint key). */
const KEYED_HASH_INFO = 'screening-sidecar/transactions/keyed-hash/v1';
/** Prefix of a keyed body fingerprint; stored fingerprints without it are the older plain SHA-256. */
export const KEYED_BODY_HASH_PREFIX = 'h1.';
/** Prefix of a sealed request; anything else in that column predates encryption. */
const SEALED_PREFIX = 'v1.';
/**
 * Keyed hashes remembered in two generations of this many (the last 8,192–16,383 distinct counterparties,
 * ~2.5 MiB at most). Counterparties recur (exchanges, merchants, a customer's own wallets), and an HMAC costs
 * ~5 µs of the event loop where a map lookup costs ~0.1 µs. Bounded on purpose: the values are personal data,
 * held in memory only until that many other counterparties have passed, and never written anywhere.
 */
const HASH_MEMO_GENERATION = 8192;

export class TransactionPii {
  readonly #cipher: PiiCipher;
  /** A KeyObject, made once: createHmac with raw key bytes imports them again on every call (~1.3 µs, measured). */
  readonly #hashKey: KeyObject;
  /** keyedHash results by message, newest generation first (see HASH_MEMO_GENERATION). */
  #recent = new Map<string, string>();
  #older = new Map<string, string>();

  constructor(cipher: PiiCipher) {
    this.#cipher = cipher;
    this.#hashKey = createSecretKey(cipher.deriveKey(KEYED_HASH_INFO));
  }

  /** The request as stored. The associated data names the column, so a value moved elsewhere fails to open. */
  sealRequest(transactionId: string, request: unknown): string {
    return this.#cipher.encryptJson(request, `screened_transactions.request:${transactionId}`);
  }

  /** sealRequest for a request already in JSON (the canonical text the fingerprint was taken of: one serialisation, not two). */
  sealRequestJson(transactionId: string, json: string): string {
    return this.#cipher.encrypt(json, `screened_transactions.request:${transactionId}`);
  }

  /** sealRequestJson as the writer thread does it: the stored value is the same (see SealOnWrite). */
  sealRequestOnWrite(transactionId: string, json: string): SealOnWrite {
    const aad = `screened_transactions.request:${transactionId}`;
    return new SealOnWrite(json, aad, () => this.#cipher.encrypt(json, aad));
  }

  /** The key for the writer thread that seals SealOnWrite values. */
  keyForWriter(): Buffer {
    return this.#cipher.keyForThread();
  }

  openRequest(transactionId: string, stored: string): unknown {
    return this.#cipher.decryptJson(stored, `screened_transactions.request:${transactionId}`);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED_PREFIX);
  }

  /** 128 bits of HMAC-SHA256, base64url (22 characters): stable per value, meaningless without the key. */
  keyedHash(domain: string, value: string): string {
    const message = `${domain}\u0000${value}`;
    let hashed = this.#recent.get(message);
    if (hashed !== undefined) return hashed;
    hashed =
      this.#older.get(message) ??
      createHmac('sha256', this.#hashKey).update(message).digest().subarray(0, 16).toString('base64url');
    this.#recent.set(message, hashed);
    // Full: the newest generation becomes the older one and the oldest is dropped, so memory stays bounded.
    if (this.#recent.size >= HASH_MEMO_GENERATION) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    return hashed;
  }

  /** Idempotency fingerprint of a canonical request body. */
  bodyHash(canonicalBody: string): string {
    return (
      KEYED_BODY_HASH_PREFIX +
      createHmac('sha256', this.#hashKey).update(`body\u0000${canonicalBody}`).digest('base64url')
    );
  }
}
