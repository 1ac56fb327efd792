/**
 * The version-row contract (src/transactions/customer-state.ts), the same file on both engines: a decision bumps
 * its customer's version; a decision made on an older version is refused as stale and writes nothing; 50
 * concurrent decisions of one customer from two instances (separate connection pools) are each made on exactly
 * the history committed before them (final version 50, 50 rows, no lost update); a customer staying on one
 * instance pays one transaction per decision and no reload; a reload reads the version and the history since a
 * window start. On PostgreSQL also: serialisation failures (SERIALIZABLE, CockroachDB's level) are retried.
 * The clock is injected; no test waits on time.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lite from '../../src/db/schema/transactions.ts';
import * as pg from '../../src/db/schema-pg/transactions.ts';
import {
  type ApplyOutcome,
  type CustomerStateStore,
  LibsqlCustomerStateStore,
  PgCustomerStateStore,
  type PgCustomerStateOptions,
} from '../../src/transactions/customer-state.ts';
import { KeyedMutex } from '../../src/transactions/keyed-mutex.ts';
import { JsonText, SealOnWrite } from '../../src/transactions/row-writer.ts';
import type { DecisionRecord } from '../../src/transactions/store.ts';
import { type EngineInstance, type EngineSession, engines } from '../helpers/engines.ts';

const T0 = new Date('2026-12-03T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;
const clock = () => T0;

function store(instance: EngineInstance, options: PgCustomerStateOptions = {}): CustomerStateStore {
  return instance.kind === 'libsql'
    ? new LibsqlCustomerStateStore(instance.database.db, { clock })
    : new PgCustomerStateStore(instance.database.db, { clock, ...options });
}

/** A decision's rows as the hot path builds them; `seen` (how many earlier transactions the window held) is recorded. */
function record(
  userId: string,
  transactionId: string,
  seen: number,
  opts: { occurredAt?: Date; decision?: 'approve' | 'review' | 'block'; escalate?: boolean } = {},
): DecisionRecord {
  const decision = opts.decision ?? 'approve';
  const occurredAt = opts.occurredAt ?? T0;
  return {
    transaction: {
      transactionId,
      userId,
      occurredAt,
      direction: 'outbound',
      amount: '10.5',
      asset: 'USDC',
      amountUsd: '10.5',
      counterpartyKey: 'wallet:abc',
      counted: decision !== 'block',
      bodyHash: `h1.${transactionId}`,
      request: '{}',
      receivedAt: T0,
    },
    decision: {
      transactionId,
      userId,
      decision,
      riskScore: 0.1,
      monitoring: opts.escalate ? 'enhanced' : 'standard',
      reasonCodes: [`SEEN_${seen}`],
      response: { transactionId, seen },
      evaluatedAt: T0,
    },
    ...(decision !== 'approve'
      ? {
          alert: {
            alertId: `alt_${randomUUID()}`,
            transactionId,
            userId,
            decision,
            riskScore: 0.9,
            ruleHits: [],
            aggregates: { seen },
            detectedAt: T0,
            status: 'open' as const,
          },
        }
      : {}),
    ...(opts.escalate ? { monitoring: { userId, level: 'enhanced' as const, since: T0, transactionId } } : {}),
  };
}

/** What each decision of a customer recorded about its window, from the database. */
async function storedSeen(instance: EngineInstance, userId: string): Promise<number[]> {
  const rows =
    instance.kind === 'libsql'
      ? await instance.database.db
          .select({ codes: lite.transactionDecisions.reasonCodes })
          .from(lite.transactionDecisions)
          .where(eq(lite.transactionDecisions.userId, userId))
      : await instance.database.db
          .select({ codes: pg.transactionDecisions.reasonCodes })
          .from(pg.transactionDecisions)
          .where(eq(pg.transactionDecisions.userId, userId));
  return rows.map((r) => Number(r.codes[0]!.slice('SEEN_'.length))).sort((a, b) => a - b);
}

/**
 * One sidecar's side of the protocol, as the hot path will run it: the customer's window cached with its version,
 * a decision made on the cached window, applied with that version; on "stale", reload and decide again. With
 * `locked`, one decision per customer at a time in this sidecar (the hot path's KeyedMutex), so only the two
 * sidecars race; without, every caller races and the database alone keeps the order.
 */
class Sidecar {
  readonly cache = new Map<string, { version: number; ids: Set<string> }>();
  readonly #locks = new KeyedMutex();
  reloads = 0;

  constructor(
    readonly store: CustomerStateStore,
    private readonly locked = true,
  ) {}

  async reload(userId: string) {
    this.reloads++;
    const snap = await this.store.load(userId, T0.getTime() - 24 * HOUR);
    const window = { version: snap.version, ids: new Set(snap.history.entries.map((e) => e.transactionId)) };
    this.cache.set(userId, window);
    return window;
  }

  /** Decides on the cached window (the decision records how many transactions it saw) until one is applied. */
  screen(userId: string, transactionId: string): Promise<{ seen: number; outcome: ApplyOutcome }> {
    return this.locked
      ? this.#locks.run(userId, () => this.#screen(userId, transactionId))
      : this.#screen(userId, transactionId);
  }

  async #screen(userId: string, transactionId: string): Promise<{ seen: number; outcome: ApplyOutcome }> {
    for (;;) {
      const window = this.cache.get(userId) ?? (await this.reload(userId));
      const expectedVersion = window.version;
      const seen = window.ids.size;
      const outcome = await this.store.applyDecision({
        userId,
        expectedVersion,
        record: record(userId, transactionId, seen),
      });
      if (outcome.status === 'applied') {
        // Still the window it was decided on: it moves to the new version with this transaction in it.
        const now = this.cache.get(userId);
        if (now && now.version === expectedVersion) {
          now.version = outcome.version;
          now.ids.add(transactionId);
        }
        return { seen, outcome };
      }
      if (outcome.status === 'duplicate') return { seen, outcome };
      await this.reload(userId);
    }
  }
}

describe.each(engines())('CustomerStateStore on $name', (engine) => {
  let session: EngineSession;
  let ia: EngineInstance;
  let ib: EngineInstance;
  /** Two instances of a fleet: separate connection pools to one database. */
  let a: CustomerStateStore;
  let b: CustomerStateStore;

  beforeAll(async () => {
    session = await engine.start();
    ia = await session.instance();
    ib = await session.instance();
    a = store(ia);
    b = store(ib);
  });
  afterAll(async () => {
    await session?.close();
  });

  const customer = () => `usr_${randomUUID()}`;
  const txId = () => `tx_${randomUUID()}`;

  it('bumps the version with each applied decision, in the same commit as its rows', async () => {
    const u = customer();
    expect(await a.version(u)).toBe(0);
    const first = txId();
    expect(await a.applyDecision({ userId: u, expectedVersion: 0, record: record(u, first, 0) })).toEqual({
      status: 'applied',
      version: 1,
    });
    expect(await b.version(u)).toBe(1);
    expect(
      await a.applyDecision({ userId: u, expectedVersion: 1, record: record(u, txId(), 1, { decision: 'review' }) }),
    ).toEqual({ status: 'applied', version: 2 });
    const snap = await b.load(u, T0.getTime() - HOUR);
    expect(snap.version).toBe(2);
    expect(snap.history.entries.map((e) => e.transactionId)).toContain(first);
    expect(snap.history.entries).toHaveLength(2);
    // bump(): a change made elsewhere (a case's outcome, a monitoring level) moves the version too.
    await b.bump([u, 'usr_never_seen_before']);
    expect(await a.version(u)).toBe(3);
    expect(await a.version('usr_never_seen_before')).toBe(1);
  });

  it('refuses a decision made on an older version: nothing written, the current version reported', async () => {
    const u = customer();
    // Both instances loaded the customer at version 0; A decides first.
    expect((await a.applyDecision({ userId: u, expectedVersion: 0, record: record(u, txId(), 0) })).status).toBe(
      'applied',
    );
    const late = txId();
    expect(await b.applyDecision({ userId: u, expectedVersion: 0, record: record(u, late, 0) })).toEqual({
      status: 'stale',
      version: 1,
    });
    // A version from the future (a cache of a database since restored) is stale too.
    expect(await b.applyDecision({ userId: u, expectedVersion: 7, record: record(u, late, 0) })).toEqual({
      status: 'stale',
      version: 1,
    });
    let snap = await b.load(u, T0.getTime() - HOUR);
    expect(snap.version).toBe(1);
    expect(snap.history.entries.map((e) => e.transactionId)).not.toContain(late);
    // B reloaded: it decides again on the window holding A's transaction, and is applied.
    expect(
      await b.applyDecision({
        userId: u,
        expectedVersion: snap.version,
        record: record(u, late, snap.history.entries.length),
      }),
    ).toEqual({ status: 'applied', version: 2 });
    snap = await a.load(u, T0.getTime() - HOUR);
    expect(snap.history.entries.map((e) => e.transactionId)).toContain(late);
    expect(await storedSeen(ia, u)).toEqual([0, 1]);
  });

  /** Sends `n` decisions of one new customer at once, alternately to the sidecars; checks they were counted exactly. */
  async function concurrently(n: number, sidecars: Sidecar[], check: EngineInstance) {
    const u = customer();
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => sidecars[i % sidecars.length]!.screen(u, `tx_${u}_${i}`)),
    );
    // Each decision was made on exactly the transactions committed before it: the k-th commit saw k − 1.
    for (const r of results) {
      expect(r.outcome.status).toBe('applied');
      expect(r.outcome.version).toBe(r.seen + 1);
    }
    const all = Array.from({ length: n }, (_, i) => i);
    expect(results.map((r) => r.seen).sort((x, y) => x - y)).toEqual(all);
    const snap = await sidecars[0]!.store.load(u, T0.getTime() - HOUR);
    expect(snap.version).toBe(n);
    expect(snap.history.entries).toHaveLength(n);
    expect(await storedSeen(check, u)).toEqual(all);
  }

  it('counts 50 concurrent decisions of one customer from two instances exactly', async () => {
    const retries = a.stats.retries + b.stats.retries;
    await concurrently(50, [new Sidecar(a), new Sidecar(b)], ib);
    // The row lock waits (READ COMMITTED on PostgreSQL; the write lock on libSQL): nothing aborts, nothing retries.
    expect(a.stats.retries + b.stats.retries).toBe(retries);
  });

  it('counts them exactly also when every caller races (no per-customer lock in the instances)', async () => {
    await concurrently(20, [new Sidecar(a, false), new Sidecar(b, false)], ia);
  });

  it('costs a customer staying on one instance one transaction per decision and no reload', async () => {
    const sticky = store(ia);
    const u = customer();
    const side = new Sidecar(sticky);
    await side.reload(u); // the first sight of the customer (the hot path's cold load)
    const before = { ...sticky.stats };
    for (let i = 0; i < 20; i++) expect((await side.screen(u, txId())).seen).toBe(i);
    expect(side.reloads).toBe(1);
    expect(sticky.stats.transactions - before.transactions).toBe(20);
    expect(sticky.stats.reads - before.reads).toBe(0);
    expect(sticky.stats.stale - before.stale).toBe(0);
    expect(await sticky.version(u)).toBe(20);

    // Another instance moves the customer once: the sticky one pays one refused transaction and one reload.
    await new Sidecar(b).screen(u, txId());
    const mid = { ...sticky.stats };
    expect((await side.screen(u, txId())).seen).toBe(21);
    expect(side.reloads).toBe(2);
    expect(sticky.stats.transactions - mid.transactions).toBe(2);
    expect(sticky.stats.stale - mid.stale).toBe(1);
    expect(await storedSeen(ia, u)).toEqual(Array.from({ length: 22 }, (_, i) => i));
  });

  it('applies a batch of customers in one transaction, skipping the stale ones', async () => {
    const [x, y, z] = [customer(), customer(), customer()];
    await a.applyDecision({ userId: y, expectedVersion: 0, record: record(y, txId(), 0) });
    const ids = [txId(), txId(), txId()];
    const before = a.stats.transactions;
    const outcomes = await a.applyBatch([
      { userId: x, expectedVersion: 0, record: record(x, ids[0]!, 0) },
      { userId: y, expectedVersion: 0, record: record(y, ids[1]!, 0) },
      { userId: z, expectedVersion: 0, record: record(z, ids[2]!, 0, { decision: 'block', escalate: true }) },
    ]);
    expect(a.stats.transactions - before).toBe(1);
    expect(outcomes).toEqual([
      { status: 'applied', version: 1 },
      { status: 'stale', version: 1 },
      { status: 'applied', version: 1 },
    ]);
    expect((await b.load(y, T0.getTime() - HOUR)).history.entries.map((e) => e.transactionId)).not.toContain(ids[1]);
    const zs = await b.load(z, T0.getTime() - HOUR);
    expect(zs.history.monitoring).toBe('enhanced');
    expect(zs.history.entries.map((e) => [e.transactionId, e.counted])).toEqual([[ids[2], false]]);
    await expect(
      a.applyBatch([
        { userId: x, expectedVersion: 1, record: record(x, txId(), 1) },
        { userId: x, expectedVersion: 1, record: record(x, txId(), 1) },
      ]),
    ).rejects.toThrow(RangeError);
  });

  it('reports a transaction id stored earlier as a duplicate, writing nothing and leaving the version', async () => {
    const u = customer();
    const id = txId();
    await a.applyDecision({ userId: u, expectedVersion: 0, record: record(u, id, 0) });
    // Its window no longer holds the id (older than the window): the decision is made, and refused by the key.
    expect(await b.applyDecision({ userId: u, expectedVersion: 1, record: record(u, id, 0) })).toEqual({
      status: 'duplicate',
      version: 1,
    });
    expect(await b.version(u)).toBe(1);
    expect(await storedSeen(ia, u)).toEqual([0]);
  });

  it("writes the hot path's record as built for the writer thread (a serialised answer, a request sealed on write)", async () => {
    const u = customer();
    const id = txId();
    const base = record(u, id, 0);
    const hot: DecisionRecord = {
      ...base,
      transaction: {
        ...base.transaction,
        request: new SealOnWrite(
          '{"plain":true}',
          `screened_transactions.request:${id}`,
          () => 'v1.sealed-here',
        ) as unknown as string,
      },
      decision: {
        ...base.decision,
        response: new JsonText('{"decision":"approve","n":1}') as unknown as Record<string, unknown>,
      },
    };
    expect((await a.applyDecision({ userId: u, expectedVersion: 0, record: hot })).status).toBe('applied');
    const stored =
      ia.kind === 'libsql'
        ? await ia.database.db
            .select({ request: lite.screenedTransactions.request, response: lite.transactionDecisions.response })
            .from(lite.screenedTransactions)
            .innerJoin(
              lite.transactionDecisions,
              eq(lite.transactionDecisions.transactionId, lite.screenedTransactions.transactionId),
            )
            .where(eq(lite.screenedTransactions.transactionId, id))
        : await ia.database.db
            .select({ request: pg.screenedTransactions.request, response: pg.transactionDecisions.response })
            .from(pg.screenedTransactions)
            .innerJoin(
              pg.transactionDecisions,
              eq(pg.transactionDecisions.transactionId, pg.screenedTransactions.transactionId),
            )
            .where(eq(pg.screenedTransactions.transactionId, id));
    expect(stored).toEqual([{ request: 'v1.sealed-here', response: { decision: 'approve', n: 1 } }]);
  });

  it('reloads the version and the history since a window start, with the summary of older history', async () => {
    const u = customer();
    const ids = [txId(), txId(), txId(), txId()];
    const times = [at(-3 * HOUR), at(-2 * HOUR), at(-HOUR), at(0)];
    let version = 0;
    for (const [i, id] of ids.entries()) {
      const outcome = await a.applyDecision({
        userId: u,
        expectedVersion: version,
        record: record(u, id, i, {
          occurredAt: times[i]!,
          ...(i === 1 ? { decision: 'block' as const } : {}),
          ...(i === 3 ? { decision: 'review' as const, escalate: true } : {}),
        }),
      });
      version = outcome.version;
    }
    const from = at(-90 * 60_000).getTime();
    const snap = await b.load(u, from);
    expect(snap.version).toBe(4);
    expect(snap.history.entries.map((e) => e.transactionId)).toEqual([ids[2], ids[3]]);
    expect(snap.history.entries[0]).toMatchObject({ at: times[2]!.getTime(), direction: 'outbound', counted: true });
    expect(snap.history.entries[0]!.amountUsd).toBe(10_500_000_000_000_000_000n);
    expect(snap.history.firstSeenAt).toBe(times[0]!.getTime());
    // The latest counted transaction at or before the window start: the blocked one at −2 h does not count.
    expect(snap.history.lastActiveBeforeHeld).toBe(times[0]!.getTime());
    expect(snap.history.monitoring).toBe('enhanced');
    const none = await b.load(customer(), from);
    expect(none).toEqual({ version: 0, history: { entries: [], monitoring: 'standard' } });
  });

  it.runIf(engine.name === 'postgres')(
    'retries a serialisation failure (SERIALIZABLE, as on CockroachDB) and then reports stale',
    async () => {
      if (ia.kind !== 'postgres') return;
      const serializable = store(ia, { isolation: 'serializable' });
      const u = customer();
      await serializable.applyDecision({ userId: u, expectedVersion: 0, record: record(u, txId(), 0) });
      const raw = ib.kind === 'postgres' ? ib.database.client : undefined;
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let bumped!: () => void;
      const holding = new Promise<void>((r) => (bumped = r));
      // Another instance holds the customer's row and bumps it; the store's transaction waits for the row lock.
      const holder = raw!.begin(async (sql) => {
        await sql`select version from customer_versions where user_id = ${u} for update`;
        await sql`update customer_versions set version = version + 1 where user_id = ${u}`;
        bumped();
        await released;
      });
      await holding;
      const applying = serializable.applyDecision({ userId: u, expectedVersion: 1, record: record(u, txId(), 1) });
      for (;;) {
        const [w] = await raw!`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'`;
        if ((w?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      release();
      await holder;
      // The waiting transaction failed with 40001 (the row changed under its snapshot), was retried, and then
      // found the version moved on.
      expect(await applying).toEqual({ status: 'stale', version: 2 });
      expect(serializable.stats.retries).toBe(1);
    },
  );

  it.runIf(engine.name === 'postgres')(
    'counts 50 concurrent decisions from two instances exactly under SERIALIZABLE too',
    async () => {
      if (ia.kind !== 'postgres' || ib.kind !== 'postgres') return;
      const sa = store(ia, { isolation: 'serializable' });
      const sb = store(ib, { isolation: 'serializable' });
      await concurrently(50, [new Sidecar(sa), new Sidecar(sb)], ia);
    },
  );
});
