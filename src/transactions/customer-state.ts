/**
 * Exact per-customer state across instances (issue #14): the version-row protocol, one store over both engines.
 *
 * Every instance keeps each customer's windows in memory as a cache (src/risk/state.ts) and tags them with the
 * customer's version: a row (user_id, version) in `customer_versions`, bumped by one in the same database
 * transaction as every decision that adds to the customer's history. Applying a decision is one transaction that
 *
 *   1. locks the customer's version row — `SELECT … FOR UPDATE` on PostgreSQL; on libSQL the write transaction
 *      (`BEGIN IMMEDIATE`) holds the database's only write lock, which serialises it already;
 *   2. compares the version with the one the caller's cached window carries;
 *   3. equal: inserts the decision's rows and bumps the version, and commits — the caller's window plus this
 *      decision is now exactly the stored history, at the new version;
 *      different: writes nothing and reports "stale" with the current version — another instance moved the
 *      customer since this one loaded it; the caller reloads the window (`load`) and decides again.
 *
 * A customer whose traffic stays on one instance (sticky routing) always carries the current version: one
 * transaction per decision (the commit it needs anyway), no read before it and no reload. Only a customer whose
 * transactions reach several instances pays a reload, and only when another instance wrote in between.
 *
 * No row means version 0 (a new customer, or one whose history predates this table): a decision at version 0
 * first inserts the row (`INSERT … ON CONFLICT DO NOTHING`), so the lock has a row to take.
 *
 * Portable SQL only — row locks, `ON CONFLICT`, ordinary isolation — no advisory locks, no `SKIP LOCKED`: SQLite,
 * PostgreSQL and CockroachDB run it alike. On PostgreSQL in READ COMMITTED (the default) the lock waits for the
 * holder and then reads the committed version; under SERIALIZABLE (CockroachDB's only level, and an option
 * here) a concurrent bump makes the transaction fail with 40001 instead: it is retried (also 40P01, a deadlock),
 * a few times with jittered backoff, and then reads the new version and reports "stale" as above. Batches lock
 * their customers in one statement ordered by user id, so two batches never wait for each other in a circle.
 *
 * Design and what the hot path still needs to adopt it: docs/scale-out.md. Contract test, the same file on both
 * engines: test/integration/customer-state-store.test.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@libsql/client';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { PgDb } from '../db/postgres.ts';
import * as liteVersions from '../db/schema/customer-versions.ts';
import * as liteTransactions from '../db/schema/transactions.ts';
import * as pgVersions from '../db/schema-pg/customer-versions.ts';
import * as pgTransactions from '../db/schema-pg/transactions.ts';
import type { ActivityEntry } from '../risk/activity.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { JsonText, SealOnWrite } from './row-writer.ts';
import { activityEntry, type DecisionRecord, history, type UserHistory } from './store.ts';

/** One customer's decision, decided on a window cached at `expectedVersion`. */
export interface VersionedDecision {
  userId: string;
  /** The version of the customer's state the decision was made on (0: no stored version). */
  expectedVersion: number;
  /** The rows the decision writes: the screened transaction, its decision, an alert, a monitoring escalation. */
  record: DecisionRecord;
}

export type ApplyOutcome =
  /** Written; `version` is the customer's new version (expectedVersion + 1). */
  | { status: 'applied'; version: number }
  /** Nothing written: the customer is at `version`, not the expected one. Reload the window and decide again. */
  | { status: 'stale'; version: number }
  /** Nothing written: the transaction id is stored already (replay it); `version` is the customer's current one. */
  | { status: 'duplicate'; version: number };

/** A reload: the customer's version and their history from the window start, as the windows need it. */
export interface CustomerSnapshot {
  version: number;
  history: UserHistory;
}

/** Counters for tests and metrics: what the protocol cost. */
export interface CustomerStateStats {
  /** Write transactions started (each attempt counts). */
  transactions: number;
  /** Attempts retried after a serialisation failure (40001) or a deadlock (40P01). */
  retries: number;
  applied: number;
  stale: number;
  /** Reads: `version` and `load` calls. */
  reads: number;
}

export interface CustomerStateStore {
  /**
   * Applies one decision in its own transaction (see `applyBatch`). A transaction id stored earlier (the same id
   * again, outside the caller's window) is reported as `duplicate`, with nothing written.
   */
  applyDecision(decision: VersionedDecision): Promise<ApplyOutcome>;
  /**
   * Applies the decisions of several customers (at most one each) in ONE transaction: each customer's version is
   * checked under its lock; the fresh ones are written and bumped, the stale ones are reported and skipped. A
   * constraint failure (a transaction id stored earlier) fails the whole batch, as a group commit does: apply
   * the decisions one by one then (applyDecision reports the duplicate).
   */
  applyBatch(decisions: readonly VersionedDecision[]): Promise<ApplyOutcome[]>;
  /** The customer's current version (0 when none is stored). */
  version(userId: string): Promise<number>;
  /**
   * A reload: the version, then the history after `from` (a window start). Read in that order, without a
   * transaction: a decision committed in between makes the history newer than the version, which the next apply
   * finds stale and reloads again — never the other way round, which could hide a row behind a current version.
   */
  load(userId: string, from: number): Promise<CustomerSnapshot>;
  /**
   * Bumps customers' versions without a decision: for writes that change a customer's state elsewhere (a held
   * transaction rejected by its case, a monitoring level changed by compliance), so every instance reloads them.
   */
  bump(userIds: readonly string[]): Promise<void>;
  readonly stats: Readonly<CustomerStateStats>;
}

export interface CustomerStateOptions {
  clock?: () => Date;
  /** Attempts of one transaction on a serialisation failure or deadlock, the first included (default 30). */
  maxAttempts?: number;
}

export interface PgCustomerStateOptions extends CustomerStateOptions {
  /**
   * The isolation level of the write transactions; unset, the server's default (no `SET TRANSACTION`, one statement
   * less). `read committed` (PostgreSQL's default): the lock waits, no retries; `serializable` (CockroachDB's only
   * level): conflicts fail with 40001 and are retried.
   */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

type Tables = { customerVersions: typeof liteVersions.customerVersions } & Pick<
  typeof liteTransactions,
  'screenedTransactions' | 'transactionDecisions' | 'transactionAlerts' | 'userMonitoring'
>;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** What differs between the engines: how a write transaction is opened, and the lock clause. */
interface EngineSide {
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** `FOR UPDATE` on PostgreSQL; SQLite has no row locks (its write transaction holds the database's lock). */
  forUpdate<Q>(query: Q): Q;
}

/** A PostgreSQL/CockroachDB error worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']);

/** The SQLSTATE or SQLite code of an error, looked for through drizzle's wrapping (`cause`). */
function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, extendedCode, cause } = e as { code?: unknown; extendedCode?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof extendedCode === 'string') codes.push(extendedCode);
    e = cause;
  }
  return codes;
}

export function isRetryable(err: unknown): boolean {
  return errorCodes(err).some((c) => RETRYABLE.has(c));
}

/** A unique or primary-key violation (PostgreSQL 23505; SQLite SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE). */
function isUniqueViolation(err: unknown): boolean {
  return errorCodes(err).some(
    (c) => c === '23505' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY' || c === 'SQLITE_CONSTRAINT_UNIQUE',
  );
}

/** Full jitter, growing to at most 50 ms: contenders spread out instead of colliding again in step. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(50, 2 ** attempt);
}

/**
 * The hot path's record carries values prepared for the libSQL writer thread (a response serialised once, a
 * request to seal there); through drizzle they are written as plain text: the serialised JSON as an SQL parameter
 * (no second serialisation), the request sealed here.
 */
function plainRecord(r: DecisionRecord): DecisionRecord {
  const request = r.transaction.request as unknown;
  const response = r.decision.response as unknown;
  return {
    ...r,
    transaction: request instanceof SealOnWrite ? { ...r.transaction, request: request.sealNow() } : r.transaction,
    decision:
      response instanceof JsonText
        ? { ...r.decision, response: sql`${response.text}` as unknown as Record<string, unknown> }
        : r.decision,
  };
}

/** A row as drizzle reads it, as a window entry (store.ts activityEntry). */
const entryOfRow = (r: {
  transactionId: string;
  at: Date;
  direction: ActivityEntry['direction'];
  amountUsd: string;
  counterpartyKey: string | null;
  bodyHash: string;
  counted: boolean;
}): ActivityEntry =>
  activityEntry(r.transactionId, r.at.getTime(), r.direction, r.amountUsd, r.counterpartyKey, r.bodyHash, r.counted);

/**
 * One implementation for both engines: drizzle's query builders have one API in its SQLite and PostgreSQL
 * dialects, and these statements use only what both share; the engine side adds the transaction and the lock
 * clause. As in src/db/lease.ts, the PostgreSQL database and tables are typed through the SQLite surface in the
 * Pg constructor: the one place that cast lives.
 */
class DrizzleCustomerStateStore implements CustomerStateStore {
  readonly #stats: CustomerStateStats = { transactions: 0, retries: 0, applied: 0, stale: 0, reads: 0 };
  readonly #clock: () => Date;
  readonly #maxAttempts: number;

  constructor(
    private readonly db: Db,
    private readonly t: Tables,
    private readonly engine: EngineSide,
    options: CustomerStateOptions,
  ) {
    this.#clock = options.clock ?? (() => new Date());
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 30);
  }

  get stats(): Readonly<CustomerStateStats> {
    return this.#stats;
  }

  async applyDecision(decision: VersionedDecision): Promise<ApplyOutcome> {
    try {
      const [outcome] = await this.applyBatch([decision]);
      return outcome!;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const t = this.t.screenedTransactions;
      const [stored] = await this.db
        .select({ id: t.transactionId })
        .from(t)
        .where(eq(t.transactionId, decision.record.transaction.transactionId));
      if (!stored) throw err;
      return { status: 'duplicate', version: await this.version(decision.userId) };
    }
  }

  async applyBatch(decisions: readonly VersionedDecision[]): Promise<ApplyOutcome[]> {
    if (decisions.length === 0) return [];
    if (new Set(decisions.map((d) => d.userId)).size !== decisions.length)
      throw new RangeError('applyBatch: one decision per customer in a batch');
    if (decisions.some((d) => d.record.transaction.userId !== d.userId || d.record.decision.userId !== d.userId))
      throw new RangeError("applyBatch: a decision's rows must be its customer's");
    for (let attempt = 1; ; attempt++) {
      this.#stats.transactions++;
      try {
        const outcomes = await this.engine.write((tx) => this.#apply(tx, decisions));
        for (const o of outcomes) this.#stats[o.status === 'applied' ? 'applied' : 'stale']++;
        return outcomes;
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.#maxAttempts) throw err;
        this.#stats.retries++;
        await sleep(backoffMs(attempt));
      }
    }
  }

  async #apply(tx: Tx, decisions: readonly VersionedDecision[]): Promise<ApplyOutcome[]> {
    const v = this.t.customerVersions;
    const now = this.#clock();
    // A decision at version 0 may be the customer's first: give the lock a row. Sorted, so two batches inserting
    // the same new customers wait for each other in one order.
    const first = decisions
      .filter((d) => d.expectedVersion === 0)
      .map((d) => d.userId)
      .sort();
    if (first.length > 0)
      await tx
        .insert(v)
        .values(first.map((userId) => ({ userId, version: 0, updatedAt: now })))
        .onConflictDoNothing();
    const ids = decisions.map((d) => d.userId);
    const locked = await this.engine.forUpdate(
      tx.select({ userId: v.userId, version: v.version }).from(v).where(inArray(v.userId, ids)).orderBy(asc(v.userId)),
    );
    const current = new Map(locked.map((r) => [r.userId, Number(r.version)]));
    const outcomes: ApplyOutcome[] = decisions.map((d) => {
      const version = current.get(d.userId) ?? 0;
      return version === d.expectedVersion ? { status: 'applied', version: version + 1 } : { status: 'stale', version };
    });
    const fresh = decisions.filter((_, i) => outcomes[i]!.status === 'applied');
    if (fresh.length === 0) return outcomes;
    await this.#insertRows(
      tx,
      fresh.map((d) => plainRecord(d.record)),
    );
    await tx
      .update(v)
      .set({ version: sql`${v.version} + 1`, updatedAt: now })
      .where(
        inArray(
          v.userId,
          fresh.map((d) => d.userId),
        ),
      );
    return outcomes;
  }

  async #insertRows(tx: Tx, records: readonly DecisionRecord[]): Promise<void> {
    const { screenedTransactions, transactionDecisions, transactionAlerts, userMonitoring } = this.t;
    await tx.insert(screenedTransactions).values(records.map((r) => r.transaction));
    await tx.insert(transactionDecisions).values(records.map((r) => r.decision));
    const alerts = records.flatMap((r) => (r.alert ? [r.alert] : []));
    if (alerts.length > 0) await tx.insert(transactionAlerts).values(alerts);
    // Enhanced monitoring is sticky and its `since` is the first escalation: never overwritten.
    const monitoring = records.flatMap((r) => (r.monitoring ? [r.monitoring] : []));
    if (monitoring.length > 0) await tx.insert(userMonitoring).values(monitoring).onConflictDoNothing();
  }

  async version(userId: string): Promise<number> {
    this.#stats.reads++;
    const v = this.t.customerVersions;
    const [row] = await this.db.select({ version: v.version }).from(v).where(eq(v.userId, userId));
    return Number(row?.version ?? 0);
  }

  async load(userId: string, from: number): Promise<CustomerSnapshot> {
    this.#stats.reads++;
    const { customerVersions: v, screenedTransactions: t, userMonitoring: m } = this.t;
    // First the version and the summary of older history (one statement), then the rows: see the interface.
    const [s] = await this.db
      .select({
        version: sql<number>`coalesce((select ${v.version} from ${v} where ${v.userId} = ${userId}), 0)`.mapWith(
          Number,
        ),
        firstSeen: sql<number | null>`(select min(${t.occurredAt}) from ${t} where ${t.userId} = ${userId})`.mapWith(
          Number,
        ),
        lastActive: sql<
          number | null
        >`(select max(${t.occurredAt}) from ${t} where ${t.userId} = ${userId} and ${t.counted} = 1 and ${t.occurredAt} <= ${from})`.mapWith(
          Number,
        ),
        monitoring: sql<string | null>`(select ${m.level} from ${m} where ${m.userId} = ${userId})`,
      })
      .from(sql`(select 1 as one) as one`);
    const rows = await this.db
      .select({
        transactionId: t.transactionId,
        at: t.occurredAt,
        direction: t.direction,
        amountUsd: t.amountUsd,
        counterpartyKey: t.counterpartyKey,
        bodyHash: t.bodyHash,
        counted: t.counted,
      })
      .from(t)
      .where(and(eq(t.userId, userId), gt(t.occurredAt, new Date(from))))
      .orderBy(asc(t.occurredAt));
    return {
      version: s?.version ?? 0,
      history: history(rows.map(entryOfRow), s?.firstSeen, s?.lastActive, s?.monitoring),
    };
  }

  async bump(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const v = this.t.customerVersions;
    const ids = [...new Set(userIds)].sort();
    for (let attempt = 1; ; attempt++) {
      this.#stats.transactions++;
      try {
        await this.engine.write(async (tx) => {
          const now = this.#clock();
          await tx
            .insert(v)
            .values(ids.map((userId) => ({ userId, version: 1, updatedAt: now })))
            .onConflictDoUpdate({ target: v.userId, set: { version: sql`${v.version} + 1`, updatedAt: now } });
        });
        return;
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.#maxAttempts) throw err;
        this.#stats.retries++;
        await sleep(backoffMs(attempt));
      }
    }
  }
}

/**
 * Write transactions on an embedded file, one at a time in this process. The native driver is synchronous: a
 * second `BEGIN IMMEDIATE` while another connection of this process holds the write lock would wait for it on the
 * only thread — the holder could never finish, and the waiter fails with SQLITE_BUSY after the busy timeout. Other
 * processes and threads (the writer thread) are waited for by SQLite itself. One queue for every file: a process
 * has one database, and SQLite serialises writers anyway.
 */
const embeddedWrites = new KeyedMutex();

/** Over libSQL (src/db/client.ts): an embedded file, or a libSQL server. */
export class LibsqlCustomerStateStore extends DrizzleCustomerStateStore {
  constructor(db: Db, options: CustomerStateOptions = {}) {
    const embedded = (db as Db & { $client?: Client }).$client?.protocol === 'file';
    // drizzle's libSQL transaction is the client's "write" transaction: BEGIN IMMEDIATE, the write lock at once.
    const write = <T>(work: (tx: Tx) => Promise<T>) => db.transaction(work);
    super(
      db,
      { ...liteVersions, ...liteTransactions },
      {
        write: embedded ? (work) => embeddedWrites.run('file', () => write(work)) : write,
        forUpdate: (query) => query,
      },
      options,
    );
  }
}

/** Over PostgreSQL (src/db/postgres.ts): the same statements through drizzle's PostgreSQL dialect, plus FOR UPDATE. */
export class PgCustomerStateStore extends DrizzleCustomerStateStore {
  constructor(db: PgDb, options: PgCustomerStateOptions = {}) {
    const config = options.isolation ? { isolationLevel: options.isolation } : undefined;
    super(
      db as unknown as Db,
      { ...pgVersions, ...pgTransactions } as unknown as Tables,
      {
        write: (work) => db.transaction((tx) => work(tx as unknown as Tx), config) as ReturnType<typeof work>,
        forUpdate: (query) => (query as unknown as { for(strength: 'update'): typeof query }).for('update'),
      },
      options,
    );
  }
}
