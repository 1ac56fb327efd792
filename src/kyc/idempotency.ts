/**
 * Idempotency-Key for starting verifications: the same key with the same body returns the stored
 * response; the same key with another body is refused (422); a request still running under that key
 * is a 409. A failed request frees its key so the caller can retry. Keys are scoped per API key and
 * kept for 24 hours. Bodies are compared by a keyed fingerprint: they hold personal data.
 *
 * A key still `in_progress` after `inProgressTtlMs` belongs to a request that died with its process
 * (a request cannot outlive the start deadline): it is treated as free, so a retry after a crash
 * proceeds instead of answering 409 for a day. Expired keys are purged in bulk by the service's sweep.
 */
import { and, eq, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { kycIdempotencyKeys } from '../db/schema/kyc.ts';
import { ConflictError, InvalidInputError } from '../errors.ts';
import type { PiiCipher } from './crypto.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** Age after which an in-progress key is a crashed request's leftover. */
  inProgressTtlMs: number;
}

export class IdempotencyKeys {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    /** Stored responses hold session links: they are sealed like personal data. */
    private readonly cipher: PiiCipher,
    private readonly opts: IdempotencyOptions,
  ) {}

  /** Rows that no longer hold a key: done and older than a day, or in progress and stale. */
  #expired(now: Date) {
    return or(
      lt(kycIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
      and(
        eq(kycIdempotencyKeys.state, 'in_progress'),
        lt(kycIdempotencyKeys.createdAt, new Date(now.getTime() - this.opts.inProgressTtlMs)),
      ),
    );
  }

  /** Deletes every expired key; returns how many. */
  async purgeExpired(): Promise<number> {
    const gone = await this.db
      .delete(kycIdempotencyKeys)
      .where(this.#expired(this.clock()))
      .returning({ key: kycIdempotencyKeys.key });
    return gone.length;
  }

  async run<T>(
    key: string,
    fingerprint: string,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const now = this.clock();
    await this.db.delete(kycIdempotencyKeys).where(and(eq(kycIdempotencyKeys.key, key), this.#expired(now)));
    const claimed = await this.db
      .insert(kycIdempotencyKeys)
      .values({ key, requestFingerprint: fingerprint, state: 'in_progress', createdAt: now })
      .onConflictDoNothing()
      .returning({ key: kycIdempotencyKeys.key });
    if (claimed.length === 0) {
      const row = await this.db.select().from(kycIdempotencyKeys).where(eq(kycIdempotencyKeys.key, key)).get();
      if (!row) return this.run(key, fingerprint, work);
      if (row.requestFingerprint !== fingerprint) {
        throw new InvalidInputError('This Idempotency-Key was already used with a different request body.', [
          {
            path: 'Idempotency-Key',
            message: 'already used with a different request body; use a new key for a new request',
          },
        ]);
      }
      if (row.state !== 'done')
        throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly.');
      return {
        status: row.responseStatus ?? 200,
        body: this.cipher.decryptJson<T>(row.responseBody as string, key),
        replayed: true,
      };
    }
    try {
      const res = await work();
      // Only the claim this request made: a stale claim taken over by a retry is not overwritten.
      await this.db
        .update(kycIdempotencyKeys)
        .set({ state: 'done', responseStatus: res.status, responseBody: this.cipher.encryptJson(res.body, key) })
        .where(and(eq(kycIdempotencyKeys.key, key), eq(kycIdempotencyKeys.createdAt, now)));
      return { ...res, replayed: false };
    } catch (err) {
      await this.db
        .delete(kycIdempotencyKeys)
        .where(and(eq(kycIdempotencyKeys.key, key), eq(kycIdempotencyKeys.createdAt, now)));
      throw err;
    }
  }
}
