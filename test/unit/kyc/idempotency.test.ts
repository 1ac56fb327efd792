/**
 * Idempotency-Key storage on a real libSQL file: a key left in progress by a crashed request stops
 * answering 409 once it is older than the start deadline plus a margin, and expired keys are purged
 * in bulk, not only when the same key comes back.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src/db/client.ts';
import { kycIdempotencyKeys } from '../../../src/db/schema/kyc.ts';
import { ConflictError } from '../../../src/errors.ts';
import { PiiCipher } from '../../../src/kyc/crypto.ts';
import { IDEMPOTENCY_TTL_MS, IdempotencyKeys } from '../../../src/kyc/idempotency.ts';

const STALE_MS = 68_000;

describe('IdempotencyKeys', () => {
  let dir: string;
  let database: Database;
  let now = Date.parse('2026-06-01T12:00:00Z');
  const clock = () => new Date(now);
  let keys: IdempotencyKeys;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-idem-'));
    database = await openDatabase(`file:${path.join(dir, 'test.db')}`);
    keys = new IdempotencyKeys(database.db, clock, new PiiCipher(randomBytes(32)), { inProgressTtlMs: STALE_MS });
  });
  afterAll(() => {
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => database.db.select().from(kycIdempotencyKeys).all();
  const answer = (n: number) => async () => ({ status: 201, body: { n } });

  it('lets a retry proceed once a crashed request’s in-progress key is stale, and answers 409 before', async () => {
    // A request that claimed its key and then never finished: the process died mid-call.
    void keys.run('caller:crash-1', 'fp', () => new Promise(() => undefined));
    await vi.waitFor(async () => expect((await rows()).map((r) => r.key)).toContain('caller:crash-1'));

    now += 5_000;
    await expect(keys.run('caller:crash-1', 'fp', answer(1))).rejects.toBeInstanceOf(ConflictError);

    now += STALE_MS;
    await expect(keys.run('caller:crash-1', 'fp', answer(2))).resolves.toEqual({
      status: 201,
      body: { n: 2 },
      replayed: false,
    });
    await expect(keys.run('caller:crash-1', 'fp', answer(3))).resolves.toMatchObject({
      body: { n: 2 },
      replayed: true,
    });
  });

  it('purges every expired key, done or stale in progress, and keeps the live ones', async () => {
    await keys.run('caller:old-done', 'fp', answer(1));
    void keys.run('caller:old-crash', 'fp', () => new Promise(() => undefined));
    await vi.waitFor(async () => expect((await rows()).map((r) => r.key)).toContain('caller:old-crash'));
    now += STALE_MS + 1;
    void keys.run('caller:running', 'fp', () => new Promise(() => undefined));
    await keys.run('caller:recent-done', 'fp', answer(2));
    await vi.waitFor(async () => expect((await rows()).map((r) => r.key)).toContain('caller:running'));

    expect(await keys.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = (await rows()).map((r) => r.key);
    expect(left).not.toContain('caller:old-crash');
    expect(left).toEqual(expect.arrayContaining(['caller:old-done', 'caller:running', 'caller:recent-done']));

    now += IDEMPOTENCY_TTL_MS;
    await keys.purgeExpired();
    expect((await rows()).map((r) => r.key)).not.toContain('caller:old-done');
  });
});
