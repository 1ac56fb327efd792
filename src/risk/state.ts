/**
 * Per-customer risk state kept in memory (a bounded LRU), rebuilt from the stored transactions on a
 * miss: after a restart or an eviction the first transaction of a customer loads their last
 * `horizon` of history once, and every later one reads memory only. A restart therefore never
 * resets a customer's daily volume.
 *
 * Callers must hold the customer's lock (KeyedMutex) around get() + use + commit, so a load never
 * races a write for the same customer.
 */
import { LRUCache } from 'lru-cache';
import { ActivityLog, type ActivityEntry } from './activity.ts';
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

export class UserStateStore {
  #cache: LRUCache<string, UserState>;
  #loads = 0;

  constructor(
    private readonly load: HistoryLoader,
    private readonly horizonMs: number,
    maxUsers: number,
  ) {
    this.#cache = new LRUCache({ max: maxUsers });
  }

  /** The customer's state, loaded from the database if it is not in memory or does not reach back far enough for `at`. */
  async get(userId: string, at: number): Promise<UserState> {
    const cached = this.#cache.get(userId);
    if (cached?.covers(at, this.horizonMs)) return cached;
    // Not cached, or a backfill older than what memory holds (rare: a replay of an old period):
    // load everything from the start of this transaction's longest window.
    const from = at - this.horizonMs;
    const history = await this.load(userId, from);
    this.#loads++;
    const state = new UserState(
      new ActivityLog(history.entries, {
        ...(history.lastActiveBeforeHeld !== undefined ? { lastActiveBeforeHeld: history.lastActiveBeforeHeld } : {}),
        ...(history.firstSeenAt !== undefined ? { firstSeenAt: history.firstSeenAt } : {}),
      }),
      history.monitoring,
      from,
    );
    for (const e of history.entries) if (e.at > state.newestAt) state.newestAt = e.at;
    this.#cache.set(userId, state);
    return state;
  }

  /** Forgets a customer's state (e.g. after compliance changes their monitoring level). */
  evict(userId: string): void {
    this.#cache.delete(userId);
  }

  get size(): number {
    return this.#cache.size;
  }

  /** Database loads so far (cache misses). */
  get loads(): number {
    return this.#loads;
  }
}
