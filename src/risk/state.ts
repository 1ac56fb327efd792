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
 * races a write for the same customer, must call noteStored() before a customer's write is submitted,
 * and release() the state when done with it.
 *
 * Off the V8 heap: a cached customer is a slot of CustomerSlots (id, LRU links, and a 48-byte record: the
 * times below, the monitoring level, where their window's entries are in the WindowSlab), not an LRU entry
 * with a UserState and an ActivityLog object. get() builds those two objects over the record (a view),
 * release() writes the view back into it; a view held by someone when its customer leaves the cache keeps a
 * copy of its own (ActivityLog.detach), as before.
 */
import { ActivityLog, type ActivityEntry } from './activity.ts';
import { CustomerSlots } from './customer-slots.ts';
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
  /** UserStateStore's: the cache slot this state stands for (−1: not the cached one), and its holders. */
  slot = -1;
  holders = 0;

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

/*
 * A cached customer's record (RECORD_BYTES; f64 / u32 / u8 indices within it):
 *   0  coveredFrom            float64
 *   8  newestAt               float64
 *  16  lastActiveBeforeHeld   float64  NaN: none
 *  24  firstSeenAt            float64  NaN: none
 *  32  block                  uint32   the window's block in the WindowSlab
 *  36  head                   uint32
 *  40  count                  uint32   entries (0: no block held)
 *  44  size class             uint8
 *  45  monitoring             uint8    1: enhanced
 */
const RECORD_BYTES = 48;
const F64S = RECORD_BYTES / 8;
const U32S = RECORD_BYTES / 4;
const COVERED = 0;
const NEWEST = 1;
const HELD = 2;
const FIRST = 3;
const BLOCK = 8;
const HEAD = 9;
const COUNT = 10;
const CLASS = 44;
const MONITORING = 45;

const orNaN = (v: number | undefined) => (v === undefined ? Number.NaN : v);
const orUndefined = (v: number) => (Number.isNaN(v) ? undefined : v);

export class UserStateStore {
  /** The cached customers: an off-heap LRU of fixed-width records. */
  readonly #slots: CustomerSlots;
  /** The windows of the cached customers: fixed-width records in typed arrays (src/risk/window-slab.ts). */
  readonly #slab = new WindowSlab();
  /** States handed out and not yet released, by slot: newer than their record, which is written on release. */
  readonly #live = new Map<number, UserState>();
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
    // A customer leaving the cache (evicted, replaced, forgotten) gives their block back to the slab; a
    // screening that still holds their state keeps a copy of its own, so nothing it reads is overwritten.
    this.#slots = new CustomerSlots(maxUsers, RECORD_BYTES, (slot) => this.#dispose(slot));
  }

  /**
   * The customer's state, loaded from the database if it is not in memory or does not reach back far enough
   * for `at`. Give it back with release() when done (a state never released stays on the heap until its
   * customer leaves the cache: correct, only larger).
   */
  async get(userId: string, at: number): Promise<UserState> {
    for (;;) {
      const slot = this.#slots.get(userId);
      if (slot >= 0) {
        const live = this.#live.get(slot);
        if (live ? live.covers(at, this.horizonMs) : at - this.horizonMs >= this.#slots.f64[slot * F64S + COVERED]!)
          return this.#hold(live ?? this.#view(slot));
      }
      const pending = this.#inflight.get(userId);
      if (!pending) break;
      // Someone is loading this customer: use their state if it reaches back far enough and is still
      // the cached one (not evicted or released since), else look again.
      const state = await pending.state.catch(() => undefined);
      if (state?.covers(at, this.horizonMs) && state.slot >= 0 && this.#slots.find(userId) === state.slot)
        return this.#hold(state);
      if (this.#inflight.get(userId) === pending) this.#inflight.delete(userId);
    }
    // Not cached, or a backfill older than what memory holds (rare: a replay of an old period):
    // load everything from the start of this transaction's longest window.
    const from = at - this.horizonMs;
    if (this.known && !this.known.mayHaveHistory(userId)) {
      this.#skipped++;
      return this.#hold(this.#build(userId, from, NO_HISTORY));
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
      return this.#hold(await state);
    } finally {
      if (this.#inflight.get(userId)?.token === token) this.#inflight.delete(userId);
    }
  }

  /** Done with a state from get(): the last holder writes it back into its customer's record. */
  release(state: UserState): void {
    const slot = state.slot;
    if (slot < 0 || --state.holders > 0) return;
    this.#save(slot, state);
    this.#live.delete(slot);
    state.slot = -1;
  }

  #hold(state: UserState): UserState {
    if (state.slot >= 0) state.holders++;
    return state;
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
    if (cache) {
      let slot = this.#slots.find(userId);
      if (slot >= 0) {
        // Replaced (a reload reaching further back): the old state goes as if evicted.
        this.#dispose(slot);
        this.#slots.touch(slot);
      } else slot = this.#slots.add(userId);
      state.slot = slot;
      this.#live.set(slot, state);
      this.#save(slot, state);
    }
    return state;
  }

  /** The state of a cached customer, built over their record, live until released. */
  #view(slot: number): UserState {
    const { f64, u32, u8 } = this.#slots;
    const f = slot * F64S;
    const u = slot * U32S;
    const b = slot * RECORD_BYTES;
    const activity = ActivityLog.at(this.#slab, {
      sizeClass: u8[b + CLASS]!,
      block: u32[u + BLOCK]!,
      head: u32[u + HEAD]!,
      count: u32[u + COUNT]!,
      lastActiveBeforeHeld: orUndefined(f64[f + HELD]!),
      firstSeenAt: orUndefined(f64[f + FIRST]!),
    });
    const state = new UserState(activity, u8[b + MONITORING] === 1 ? 'enhanced' : 'standard', f64[f + COVERED]!);
    state.newestAt = f64[f + NEWEST]!;
    state.slot = slot;
    this.#live.set(slot, state);
    return state;
  }

  #save(slot: number, state: UserState): void {
    const { f64, u32, u8 } = this.#slots;
    const f = slot * F64S;
    const u = slot * U32S;
    const b = slot * RECORD_BYTES;
    const p = state.activity.position();
    f64[f + COVERED] = state.coveredFrom;
    f64[f + NEWEST] = state.newestAt;
    f64[f + HELD] = orNaN(p.lastActiveBeforeHeld);
    f64[f + FIRST] = orNaN(p.firstSeenAt);
    u32[u + BLOCK] = p.block;
    u32[u + HEAD] = p.head;
    u32[u + COUNT] = p.count;
    u8[b + CLASS] = p.sizeClass;
    u8[b + MONITORING] = state.monitoring === 'enhanced' ? 1 : 0;
  }

  /** The customer in `slot` leaves the cache: a held state keeps a copy of its own, else the block is freed. */
  #dispose(slot: number): void {
    const live = this.#live.get(slot);
    if (live) {
      this.#live.delete(slot);
      live.slot = -1;
      live.activity.detach();
      return;
    }
    const { u32, u8 } = this.#slots;
    const u = slot * U32S;
    ActivityLog.at(this.#slab, {
      sizeClass: u8[slot * RECORD_BYTES + CLASS]!,
      block: u32[u + BLOCK]!,
      head: u32[u + HEAD]!,
      count: u32[u + COUNT]!,
      lastActiveBeforeHeld: undefined,
      firstSeenAt: undefined,
    }).free();
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
    const slot = this.#slots.find(userId);
    if (slot >= 0) {
      this.#dispose(slot);
      this.#slots.delete(slot);
    }
    this.#inflight.delete(userId);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Bytes of the windows' slab (its buffers, used or free), off the V8 heap. */
  get windowBytes(): number {
    return this.#slab.bytes;
  }

  /** Bytes of the customers' records (ids, index, LRU links, record; used or free), off the V8 heap. */
  get recordBytes(): number {
    return this.#slots.bytes;
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
