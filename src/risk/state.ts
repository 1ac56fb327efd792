/**
 * Per-customer risk state kept in memory (a bounded LRU), rebuilt from the stored transactions on a
 * miss: after a restart or an eviction the first transaction of a customer loads their last
 * `horizon` of history once, and every later one reads memory only. A restart therefore never
 * resets a customer's daily volume.
 *
 * Cold path: concurrent misses for one customer share one load (single-flight), and a customer the
 * negative cache (KnownCustomers) knows to have no stored history gets an empty state without a load.
 *
 * Callers must hold the customer's lock (KeyedMutex) around get() + use + commit, so a load never
 * races a write for the same customer, and must call noteStored() before a customer's write is submitted.
 */
import { LRUCache } from 'lru-cache';
import { ActivityLog, type ActivityEntry } from './activity.ts';
import { WindowSlab } from './window-slab.ts';
import type { KnownCustomers } from './known-customers.ts';
import type { Monitoring } from './types.ts';

export interface LoadedHistory {
  entries: ActivityEntry[];
  lastActiveBeforeHeld?: number;
  firstSeenAt?: number;
  monitoring: Monitoring;
}

export type HistoryLoader = (userId: string, from: number) => Promise<LoadedHistory>;

export class UserState {
  /** Everything stored for this customer with at > coveredFrom is in `activity`. */
  coveredFrom: number;
  /** Newest transaction time seen, for pruning. */
  newestAt: number;

  constructor(
    readonly activity: ActivityLog,
    public monitoring: Monitoring,
    coveredFrom: number,
  ) {
    this.coveredFrom = coveredFrom;
    this.newestAt = coveredFrom;
  }

  /** Can windows ending at `at` and reaching back `horizon` be answered from memory? */
  covers(at: number, horizon: number): boolean {
    return at - horizon >= this.coveredFrom;
  }

  noteTransaction(at: number, horizon: number): void {
    if (at > this.newestAt) this.newestAt = at;
    // Prune lazily (when the oldest entry is two horizons behind) so the cost is amortised.
    const oldest = this.activity.oldestAt;
    if (oldest !== undefined && oldest < this.newestAt - 2 * horizon) {
      const cutoff = this.newestAt - horizon;
      this.activity.prune(cutoff);
      this.coveredFrom = Math.max(this.coveredFrom, cutoff);
    }
  }
}

const NO_HISTORY: LoadedHistory = { entries: [], monitoring: 'standard' };

export class UserStateStore {
  #cache: LRUCache<string, UserState>;
  /** The windows of the cached customers: fixed-width records in typed arrays (src/risk/window-slab.ts). */
  readonly #slab = new WindowSlab();
  /** Loads in flight, by customer: a second miss waits for the first instead of reading again. */
  #inflight = new Map<string, { token: object; state: Promise<UserState> }>();
  #loads = 0;
  #skipped = 0;

  constructor(
    private readonly load: HistoryLoader,
    private readonly horizonMs: number,
    maxUsers: number,
    /** The negative cache; without it every miss is read from the database. */
    private readonly known?: KnownCustomers,
  ) {
    this.#cache = new LRUCache({
      max: maxUsers,
      // A state leaving the cache (evicted, replaced, forgotten) gives its block back to the slab; a
      // screening that still holds it keeps a copy of its own, so nothing it reads is overwritten.
      dispose: (state) => state.activity.detach(),
    });
  }

  /** The customer's state, loaded from the database if it is not in memory or does not reach back far enough for `at`. */
  async get(userId: string, at: number): Promise<UserState> {
    for (;;) {
      const cached = this.#cache.get(userId);
      if (cached?.covers(at, this.horizonMs)) return cached;
      const pending = this.#inflight.get(userId);
      if (!pending) break;
      // Someone is loading this customer: use their state if it reaches back far enough and is still
      // the cached one (not evicted since), else look again.
      const state = await pending.state.catch(() => undefined);
      if (state?.covers(at, this.horizonMs) && this.#cache.peek(userId) === state) return state;
      if (this.#inflight.get(userId) === pending) this.#inflight.delete(userId);
    }
    // Not cached, or a backfill older than what memory holds (rare: a replay of an old period):
    // load everything from the start of this transaction's longest window.
    const from = at - this.horizonMs;
    if (this.known && !this.known.mayHaveHistory(userId)) {
      this.#skipped++;
      return this.#build(userId, from, NO_HISTORY);
    }
    const token = {};
    const state = this.load(userId, from).then((history) => {
      this.#loads++;
      // Evicted while loading (e.g. a monitoring level changed): answer this caller, cache nothing.
      if (this.#inflight.get(userId)?.token !== token) return this.#build(userId, from, history, false);
      return this.#build(userId, from, history);
    });
    this.#inflight.set(userId, { token, state });
    try {
      return await state;
    } finally {
      if (this.#inflight.get(userId)?.token === token) this.#inflight.delete(userId);
    }
  }

  #build(userId: string, from: number, history: LoadedHistory, cache = true): UserState {
    const state = new UserState(
      new ActivityLog(
        history.entries,
        {
          ...(history.lastActiveBeforeHeld !== undefined ? { lastActiveBeforeHeld: history.lastActiveBeforeHeld } : {}),
          ...(history.firstSeenAt !== undefined ? { firstSeenAt: history.firstSeenAt } : {}),
        },
        cache ? this.#slab : new WindowSlab(),
      ),
      history.monitoring,
      from,
    );
    for (const e of history.entries) if (e.at > state.newestAt) state.newestAt = e.at;
    if (cache) this.#cache.set(userId, state);
    return state;
  }

  /** Before a customer's transaction is submitted for writing: from now on they may have history. */
  noteStored(userId: string): void {
    this.known?.add(userId);
  }

  /**
   * Forgets a customer's state (e.g. after compliance changes their monitoring level, which is
   * stored history too: the negative cache keeps them as maybe-known).
   */
  evict(userId: string): void {
    this.known?.add(userId);
    this.#cache.delete(userId);
    this.#inflight.delete(userId);
  }

  get size(): number {
    return this.#cache.size;
  }

  /** Bytes of the windows' slab (its buffers, used or free), off the V8 heap. */
  get windowBytes(): number {
    return this.#slab.bytes;
  }

  /** Database loads so far (cache misses). */
  get loads(): number {
    return this.#loads;
  }

  /** Misses answered by the negative cache, without a database read. */
  get skippedLoads(): number {
    return this.#skipped;
  }
}
