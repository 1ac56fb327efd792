/**
 * Idempotency-Key for starting verifications: the same key with the same body returns the stored
 * response; the same key with another body is refused (422); a request still running under that key
 * is a 409. A failed request frees its key so the caller can retry. Keys are scoped per API key and
 * kept for 24 hours. Bodies are compared by a keyed fingerprint: they hold personal data.
 */
import { and, eq, lt } from 'drizzle-orm';
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

export class IdempotencyKeys {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    /** Stored responses hold session links: they are sealed like personal data. */
    private readonly cipher: PiiCipher,
  ) {}

  async run<T>(
    key: string,
    fingerprint: string,
    work: () => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const now = this.clock();
    await this.db
      .delete(kycIdempotencyKeys)
      .where(
        and(
          eq(kycIdempotencyKeys.key, key),
          lt(kycIdempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
        ),
      );
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
      await this.db
        .update(kycIdempotencyKeys)
        .set({ state: 'done', responseStatus: res.status, responseBody: this.cipher.encryptJson(res.body, key) })
        .where(eq(kycIdempotencyKeys.key, key));
      return { ...res, replayed: false };
    } catch (err) {
      await this.db.delete(kycIdempotencyKeys).where(eq(kycIdempotencyKeys.key, key));
      throw err;
    }
  }
}
