/**
 * The lease store contract (src/db/lease.ts), the same file on both engines: one owner at a time (also under
 * concurrent contenders from separate connection pools), takeover only after expiry, renewal only by the
 * unexpired owner, release. The clock is injected: no test waits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LeaseStore, LibsqlLeaseStore, PgLeaseStore } from '../../src/db/lease.ts';
import { type EngineInstance, type EngineSession, engines } from '../helpers/engines.ts';

function leaseStore(instance: EngineInstance): LeaseStore {
  return instance.kind === 'libsql'
    ? new LibsqlLeaseStore(instance.database.db)
    : new PgLeaseStore(instance.database.db);
}

const T0 = new Date('2026-12-03T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 60_000;

describe.each(engines())('LeaseStore on $name', (engine) => {
  let session: EngineSession;
  /** Two instances of a fleet: separate connection pools to one database. */
  let a: LeaseStore;
  let b: LeaseStore;
  /** A lease name of its own for each test: the tests share one database. */
  let name: string;

  beforeAll(async () => {
    session = await engine.start();
    a = leaseStore(await session.instance());
    b = leaseStore(await session.instance());
  });
  afterAll(async () => {
    await session?.close();
  });

  const fresh = () => {
    name = `job-${randomUUID()}`;
    return name;
  };

  it('gives a free lease to the first owner and refuses it to others while held', async () => {
    fresh();
    expect(await a.acquire(name, 'owner-a', T0, TTL)).toBe(true);
    expect(await b.acquire(name, 'owner-b', at(1), TTL)).toBe(false);
    expect(await b.acquire(name, 'owner-b', at(TTL - 1), TTL)).toBe(false);
    expect(await b.holder(name, at(10))).toEqual({ name, owner: 'owner-a', expiresAt: at(TTL) });
    // The holder acquiring again keeps it (and extends it).
    expect(await a.acquire(name, 'owner-a', at(1000), TTL)).toBe(true);
    expect((await a.holder(name, at(1000)))?.expiresAt).toEqual(at(1000 + TTL));
  });

  it('lets exactly one of many concurrent contenders win', async () => {
    fresh();
    const contenders = Array.from({ length: 12 }, (_, i) => ({ store: i % 2 ? a : b, owner: `owner-${i}` }));
    const won = await Promise.all(contenders.map((c) => c.store.acquire(name, c.owner, T0, TTL)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = contenders[won.indexOf(true)]!.owner;
    expect((await a.holder(name, at(1)))?.owner).toBe(winner);

    // And again once it expired: one new winner among the others.
    const later = contenders.filter((c) => c.owner !== winner);
    const won2 = await Promise.all(later.map((c) => c.store.acquire(name, c.owner, at(TTL), TTL)));
    expect(won2.filter(Boolean)).toHaveLength(1);
    expect((await b.holder(name, at(TTL + 1)))?.owner).toBe(later[won2.indexOf(true)]!.owner);
  });

  it('lets another owner take over only once the lease expired, and the old owner then lost it', async () => {
    fresh();
    expect(await a.acquire(name, 'owner-a', T0, TTL)).toBe(true);
    expect(await b.acquire(name, 'owner-b', at(TTL - 1), TTL)).toBe(false);
    // Held while now < expires_at: at the expiry instant it is free.
    expect(await a.holder(name, at(TTL))).toBeUndefined();
    expect(await b.acquire(name, 'owner-b', at(TTL), TTL)).toBe(true);
    expect((await a.holder(name, at(TTL + 1)))?.owner).toBe('owner-b');
    // The former owner can neither renew nor take it back while the new owner holds it.
    expect(await a.renew(name, 'owner-a', at(TTL + 1), TTL)).toBe(false);
    expect(await a.acquire(name, 'owner-a', at(TTL + 1), TTL)).toBe(false);
    expect((await a.holder(name, at(TTL + 2)))?.owner).toBe('owner-b');
  });

  it('renews only for the unexpired owner', async () => {
    fresh();
    expect(await b.renew(name, 'owner-b', T0, TTL)).toBe(false); // no row yet: nothing to renew
    expect(await a.acquire(name, 'owner-a', T0, TTL)).toBe(true);
    expect(await b.renew(name, 'owner-b', at(1), TTL)).toBe(false);
    expect((await a.holder(name, at(1)))?.owner).toBe('owner-a');

    expect(await a.renew(name, 'owner-a', at(TTL / 2), TTL)).toBe(true);
    // The renewal moved the expiry: past the first expiry, the lease is still held.
    expect(await b.acquire(name, 'owner-b', at(TTL + 1), TTL)).toBe(false);
    expect((await b.holder(name, at(TTL + 1)))?.expiresAt).toEqual(at(TTL / 2 + TTL));

    // Expired and not renewed in time: lost, even though nobody took it yet.
    expect(await a.renew(name, 'owner-a', at(TTL / 2 + TTL), TTL)).toBe(false);
    expect(await a.holder(name, at(TTL / 2 + TTL))).toBeUndefined();
  });

  it('releases so another owner can take the lease at once; only the holder releases', async () => {
    fresh();
    expect(await a.acquire(name, 'owner-a', T0, TTL)).toBe(true);
    expect(await b.release(name, 'owner-b', at(1))).toBe(false);
    expect((await a.holder(name, at(1)))?.owner).toBe('owner-a');

    expect(await a.release(name, 'owner-a', at(2))).toBe(true);
    expect(await b.holder(name, at(2))).toBeUndefined();
    expect(await b.acquire(name, 'owner-b', at(3), TTL)).toBe(true);
    // A second release by the former owner does nothing to the new owner's lease.
    expect(await a.release(name, 'owner-a', at(4))).toBe(false);
    expect((await a.holder(name, at(4)))?.owner).toBe('owner-b');
    expect(await a.renew(name, 'owner-a', at(4), TTL)).toBe(false);
  });

  it('keeps leases of different names apart', async () => {
    const first = fresh();
    const second = fresh();
    expect(await a.acquire(first, 'owner-a', T0, TTL)).toBe(true);
    expect(await b.acquire(second, 'owner-b', T0, TTL)).toBe(true);
    expect(await a.release(first, 'owner-a', at(1))).toBe(true);
    expect((await a.holder(second, at(1)))?.owner).toBe('owner-b');
  });

  it('refuses a time to live that is not positive', async () => {
    fresh();
    await expect(a.acquire(name, 'owner-a', T0, 0)).rejects.toThrow(RangeError);
    await expect(a.renew(name, 'owner-a', T0, Number.NaN)).rejects.toThrow(RangeError);
  });
});
