/**
 * The outbox work-queue contract (src/notifications/queue.ts), the same file on both engines: fan-out once per
 * event and receiver, two claimers never get the same delivery (also concurrently, from separate connection
 * pools), an expired claim is taken over, only the current claim's owner records the outcome, due deliveries in
 * order of due time. The clock is injected: no test waits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '../../src/db/schema/notifications.ts';
import * as pg from '../../src/db/schema-pg/notifications.ts';
import {
  type AttemptResult,
  LibsqlNotificationQueue,
  type NotificationQueueStore,
  PgNotificationQueue,
} from '../../src/notifications/queue.ts';
import { type EngineInstance, type EngineSession, engines } from '../helpers/engines.ts';

const T0 = new Date('2026-12-03T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;
const DAY = 86_400_000;

function queue(instance: EngineInstance): NotificationQueueStore {
  return instance.kind === 'libsql'
    ? new LibsqlNotificationQueue(instance.database.db)
    : new PgNotificationQueue(instance.database.db);
}

/** An outbox event as the domain writes it (in its own transaction there). */
async function enqueue(instance: EngineInstance, createdAt: Date): Promise<string> {
  const row = { id: `evt_${randomUUID()}`, type: 'case.created' as const, data: { n: 1 }, createdAt };
  if (instance.kind === 'libsql') await instance.database.db.insert(lite.notificationEvents).values(row);
  else await instance.database.db.insert(pg.notificationEvents).values(row);
  return row.id;
}

const delivered = (when: Date): AttemptResult => ({
  at: when,
  statusCode: 204,
  error: null,
  durationMs: 5,
  status: 'delivered',
  nextAttemptAt: null,
});

describe.each(engines())('NotificationQueueStore on $name', (engine) => {
  let session: EngineSession;
  let ia: EngineInstance;
  /** Two instances of a fleet: separate connection pools to one database. */
  let a: NotificationQueueStore;
  let b: NotificationQueueStore;
  /** The tests share one database: each drains what it claims, with its own receiver URL. */
  let url: string;

  beforeAll(async () => {
    session = await engine.start();
    ia = await session.instance();
    a = queue(ia);
    b = queue(await session.instance());
  });
  afterAll(async () => {
    await session?.close();
  });

  /** Fans out `n` new events to a fresh receiver; returns their ids in creation order. */
  async function fresh(n: number, now = T0): Promise<string[]> {
    url = `https://receiver.test/${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await enqueue(ia, at(i)));
    while ((await a.fanOut([url], DAY, now)) > 0) {}
    return ids;
  }

  /** Claims everything due (any leftovers of earlier tests are settled as delivered). */
  async function claimAll(store: NotificationQueueStore, owner: string, now: Date) {
    const got = await store.claimDue(owner, now, LEASE, 1000);
    return got.filter((d) => d.url === url);
  }

  it('fans each event out once per receiver, also when two instances fan out at once', async () => {
    url = `https://receiver.test/${randomUUID()}`;
    for (let i = 0; i < 5; i++) await enqueue(ia, at(i));
    // On the embedded file two transactions of one process cannot interleave (the native driver waits for the
    // file lock on the only thread): there, the two fan-outs follow each other, as two processes' would queue.
    const [x, y] =
      engine.name === 'postgres'
        ? await Promise.all([a.fanOut([url], DAY, T0), b.fanOut([url], DAY, T0)])
        : [await a.fanOut([url], DAY, T0), await b.fanOut([url], DAY, T0)];
    expect((x ?? 0) + (y ?? 0)).toBeGreaterThanOrEqual(5);
    expect(await a.fanOut([url], DAY, T0)).toBe(0);
    const mine = await claimAll(a, 'owner-a', T0);
    expect(mine).toHaveLength(5);
    expect(new Set(mine.map((d) => d.event.id)).size).toBe(5);
    for (const d of mine) expect(await a.recordAttempt(d.id, d.claim, delivered(at(1)))).toBe(true);
  });

  it('never gives one delivery to two claimers, also under concurrent claims', async () => {
    await fresh(20);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).claimDue(`owner-${i}`, at(10), LEASE, 8)),
    );
    const ids = claims
      .flat()
      .filter((d) => d.url === url)
      .map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Whatever was not claimed yet is claimed now, once: every delivery exactly once in all.
    const rest = await claimAll(a, 'owner-late', at(11));
    const all = [...ids, ...rest.map((d) => d.id)];
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
    // Held by their claims: nothing is due again before they run out.
    expect(await claimAll(b, 'owner-b', at(12))).toEqual([]);
    for (const d of [...claims.flat(), ...rest]) await a.recordAttempt(d.id, d.claim, delivered(at(13)));
  });

  it('lets another instance take over a claim once it expired; the old owner then records no outcome', async () => {
    await fresh(1);
    const [first] = await claimAll(a, 'owner-a', T0);
    expect(first?.claim).toEqual({ owner: 'owner-a', until: at(LEASE) });
    expect(await claimAll(b, 'owner-b', at(LEASE - 1))).toEqual([]);
    // Due again at the claim's expiry instant.
    const [second] = await claimAll(b, 'owner-b', at(LEASE));
    expect(second?.id).toBe(first!.id);
    expect(second?.claim).toEqual({ owner: 'owner-b', until: at(2 * LEASE) });

    // The late first owner: its attempt is logged, the delivery's state is left to the new claim.
    expect(await a.recordAttempt(first!.id, first!.claim, delivered(at(LEASE + 1)))).toBe(false);
    expect(await a.state(first!.id)).toEqual({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(2 * LEASE),
      claimedBy: 'owner-b',
    });
    expect(await b.recordAttempt(second!.id, second!.claim, delivered(at(LEASE + 2)))).toBe(true);
    expect(await b.state(second!.id)).toEqual({
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      claimedBy: null,
    });
    // Settled: nothing to record any more, even for the owner of the finished claim.
    expect(await b.recordAttempt(second!.id, second!.claim, delivered(at(LEASE + 3)))).toBe(false);
  });

  it('refuses an outcome from a non-owner, and accepts the owner’s even after expiry when nobody took over', async () => {
    await fresh(1);
    const [d] = await claimAll(a, 'owner-a', T0);
    expect(await b.recordAttempt(d!.id, { owner: 'owner-b', until: d!.claim.until }, delivered(at(1)))).toBe(false);
    expect((await b.state(d!.id))?.status).toBe('pending');
    // A retry (reschedule): pending again at its time, unclaimed.
    const retry: AttemptResult = {
      at: at(LEASE + 5),
      statusCode: 503,
      error: 'HTTP 503',
      durationMs: 5,
      status: 'pending',
      nextAttemptAt: at(LEASE + 30_000),
    };
    expect(await a.recordAttempt(d!.id, d!.claim, retry)).toBe(true);
    expect(await a.state(d!.id)).toEqual({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at(LEASE + 30_000),
      claimedBy: null,
    });
    expect(await claimAll(b, 'owner-b', at(LEASE + 29_999))).toEqual([]);
    const [again] = await claimAll(b, 'owner-b', at(LEASE + 30_000));
    expect(again?.attempts).toBe(1);
    // Given up (failed): settled, never due again.
    const gaveUp: AttemptResult = { ...retry, at: at(LEASE + 30_001), status: 'failed', nextAttemptAt: null };
    expect(await b.recordAttempt(again!.id, again!.claim, gaveUp)).toBe(true);
    expect((await b.state(again!.id))?.status).toBe('failed');
    expect(await claimAll(a, 'owner-a', at(10 * DAY))).toEqual([]);
  });

  it('claims due deliveries earliest first, and only those due', async () => {
    const ids = await fresh(3);
    // Fanned out together, all three are due at once (in no particular order among themselves).
    const claimed = await claimAll(a, 'owner-a', T0);
    const first = ids.map((id) => claimed.find((d) => d.event.id === id)!);
    expect(first.every(Boolean)).toBe(true);
    // Reschedule them out of order: the third due first, the first last, one not yet due.
    const due = [at(3 * LEASE), at(2 * LEASE + 10), at(2 * LEASE)];
    for (const [i, d] of first.entries())
      await a.recordAttempt(d.id, d.claim, {
        at: at(1),
        statusCode: 500,
        error: 'HTTP 500',
        durationMs: 1,
        status: 'pending',
        nextAttemptAt: due[i]!,
      });
    const next = await claimAll(b, 'owner-b', at(2 * LEASE + 10));
    expect(next.map((d) => d.event.id)).toEqual([ids[2], ids[1]]);
    const last = await claimAll(b, 'owner-b', at(3 * LEASE));
    expect(last.map((d) => d.event.id)).toEqual([ids[0]]);
    for (const d of [...next, ...last]) await b.recordAttempt(d.id, d.claim, delivered(at(3 * LEASE)));
    expect(await a.backlog()).toBe(0);
  });
});
