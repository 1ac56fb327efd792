/**
 * One customer's recent transactions, sorted by the transactions' own timestamps, with the window
 * queries the rules need. Pure data: no clock, no I/O. Entries arrive in any order (backfills and
 * replays insert in the middle), and a window at time t only sees entries at or before t, so a
 * replayed history evaluates as it did live.
 *
 * The entries are fixed-width records in a WindowSlab (typed arrays shared by all customers), not
 * objects: this log is a ring over one block of the slab, oldest entry at `head`. Reads hand back
 * ActivityEntry objects built on demand and dropped after the evaluation (young-generation garbage).
 */
import type { Fixed } from './money.ts';
import {
  copyRecord,
  readRecord,
  recordAt,
  recordCounted,
  recordHasId,
  releaseRecord,
  writeRecord,
} from './window-record.ts';
import { RECORD_BYTES, type SizeClass, WindowSlab } from './window-slab.ts';

export type Direction = 'inbound' | 'outbound';

export interface ActivityEntry {
  transactionId: string;
  /** The transaction's own timestamp, ms since epoch. */
  at: number;
  direction: Direction;
  amountUsd: Fixed;
  /** Identifies the counterparty for fan-in/fan-out (user id, wallet or name); absent when unknown. */
  counterpartyKey?: string;
  /** bodyTag() of the request body's hash: a repeat with a different body is refused without a database read. */
  bodyTag: number;
  /** False for blocked transactions: stored and alerted, but the platform does not execute them, so they move no money. */
  counted: boolean;
}

/** What the rules read. Windows are (from, to]: an entry exactly `window` old has left the window. */
export interface ActivityView {
  /** Counted entries with from < at ≤ to, oldest first. */
  between(from: number, to: number): readonly ActivityEntry[];
  /** How many entries between(from, to) holds, without building them. */
  countBetween(from: number, to: number): number;
  /** Timestamp of the latest counted entry strictly before `at`, if any is known. */
  lastActiveBefore(at: number): number | undefined;
  /** The first transaction the sidecar ever saw from this customer, if any. */
  readonly firstSeenAt: number | undefined;
}

/** A log's place in its slab and its summary (ActivityLog.position, ActivityLog.at). */
export interface LogPosition {
  /** The size class of its block (any value when count is 0: no block is held). */
  sizeClass: number;
  block: number;
  head: number;
  count: number;
  lastActiveBeforeHeld: number | undefined;
  firstSeenAt: number | undefined;
}

const NO_ENTRIES: readonly ActivityEntry[] = [];
const NO_SUMMARY = {};

/** Every mutation of any log takes a new number, so (version, from, to) names one window's content. */
let versions = 0;

/**
 * The last windows read: the rules read the same 24 h window four or five times per evaluation, and
 * building its entries once is enough. Keyed by version, so a mutated log never hits a stale slot.
 */
const MEMO_SLOTS = 4;
const memo: { version: number; from: number; to: number; entries: readonly ActivityEntry[] }[] = Array.from(
  { length: MEMO_SLOTS },
  () => ({ version: -1, from: 0, to: 0, entries: [] }),
);
let memoNext = 0;

export class ActivityLog implements ActivityView {
  #slab: WindowSlab;
  /** The size class of this log's block; undefined while the log is empty (no block held). */
  #class: SizeClass | undefined;
  #block = 0;
  /** Position of the oldest entry in the block (a ring: pruning the oldest moves it, nothing is copied). */
  #head = 0;
  #count = 0;
  #version = ++versions;
  /** Latest counted activity older than everything held in memory (from the database summary). */
  #lastActiveBeforeHeld: number | undefined;
  #firstSeenAt: number | undefined;

  /** `slab`: the store shared by the cached customers; a log of its own by default (tests, uncached states). */
  constructor(
    entries: readonly ActivityEntry[] = [],
    summary: { lastActiveBeforeHeld?: number; firstSeenAt?: number } = {},
    slab: WindowSlab = new WindowSlab(),
  ) {
    this.#slab = slab;
    this.#lastActiveBeforeHeld = summary.lastActiveBeforeHeld;
    this.#firstSeenAt = summary.firstSeenAt;
    for (const e of entries) this.add(e);
  }

  /**
   * A log over a block its owner already holds in `slab`, as `position()` described it (UserStateStore keeps
   * a cached customer's position in an off-heap record, and builds the log again when the customer is read).
   */
  static at(slab: WindowSlab, p: LogPosition): ActivityLog {
    const log = new ActivityLog(NO_ENTRIES, NO_SUMMARY, slab);
    if (p.count > 0) {
      log.#class = slab.sizeClass(p.sizeClass);
      log.#block = p.block;
      log.#head = p.head;
      log.#count = p.count;
    }
    log.#lastActiveBeforeHeld = p.lastActiveBeforeHeld;
    log.#firstSeenAt = p.firstSeenAt;
    return log;
  }

  /** Where this log's entries are in its slab, and its summary: what ActivityLog.at() needs to build it again. */
  position(): LogPosition {
    return {
      sizeClass: this.#class ? this.#class.index : 0,
      block: this.#block,
      head: this.#head,
      count: this.#count,
      lastActiveBeforeHeld: this.#lastActiveBeforeHeld,
      firstSeenAt: this.#firstSeenAt,
    };
  }

  /** Gives the entries' block (and their interned values) back to the slab: for a log nobody will read again. */
  free(): void {
    const c = this.#class;
    if (c) {
      for (let i = 0; i < this.#count; i++) releaseRecord(this.#slab, c, this.#record(i));
      c.free(this.#block);
    }
    this.#class = undefined;
    this.#count = 0;
    this.#head = 0;
    this.#version = ++versions;
  }

  get size(): number {
    return this.#count;
  }

  get firstSeenAt(): number | undefined {
    return this.#firstSeenAt;
  }

  get(transactionId: string): ActivityEntry | undefined {
    const c = this.#class;
    if (!c) return undefined;
    for (let i = this.#count - 1; i >= 0; i--) {
      const r = this.#record(i);
      if (recordHasId(this.#slab, c, r, transactionId)) return readRecord(this.#slab, c, r);
    }
    return undefined;
  }

  add(entry: ActivityEntry): void {
    // Insert after every entry with at ≤ entry.at, so equal timestamps keep arrival order.
    const i = this.#upperBound(entry.at);
    this.#openAt(i);
    writeRecord(this.#slab, this.#class!, this.#record(i), entry);
    if (this.#firstSeenAt === undefined || entry.at < this.#firstSeenAt) this.#firstSeenAt = entry.at;
    this.#version = ++versions;
  }

  /** Undoes add() when the write that was to make the entry durable failed. */
  remove(entry: ActivityEntry, previousFirstSeenAt: number | undefined): void {
    const c = this.#class;
    if (c) {
      for (let i = this.#count - 1; i >= 0; i--) {
        const r = this.#record(i);
        if (recordAt(c, r) !== entry.at || !recordHasId(this.#slab, c, r, entry.transactionId)) continue;
        releaseRecord(this.#slab, c, r);
        this.#closeAt(i);
        break;
      }
    }
    this.#firstSeenAt = previousFirstSeenAt;
    this.#version = ++versions;
  }

  between(from: number, to: number): readonly ActivityEntry[] {
    for (const slot of memo)
      if (slot.version === this.#version && slot.from === from && slot.to === to) return slot.entries;
    const c = this.#class;
    const out: ActivityEntry[] = [];
    if (c) {
      const end = this.#upperBound(to);
      for (let i = this.#upperBound(from); i < end; i++) {
        const r = this.#record(i);
        if (recordCounted(c, r)) out.push(readRecord(this.#slab, c, r));
      }
    }
    const slot = memo[memoNext]!;
    memoNext = (memoNext + 1) % MEMO_SLOTS;
    slot.version = this.#version;
    slot.from = from;
    slot.to = to;
    slot.entries = out;
    return out;
  }

  countBetween(from: number, to: number): number {
    const c = this.#class;
    if (!c) return 0;
    let n = 0;
    const end = this.#upperBound(to);
    for (let i = this.#upperBound(from); i < end; i++) if (recordCounted(c, this.#record(i))) n++;
    return n;
  }

  lastActiveBefore(at: number): number | undefined {
    const c = this.#class;
    if (c)
      for (let i = this.#lowerBound(at) - 1; i >= 0; i--) {
        const r = this.#record(i);
        if (recordCounted(c, r)) return recordAt(c, r);
      }
    return this.#lastActiveBeforeHeld;
  }

  /** Drops entries at or before `cutoff` (no window reaches them any more), remembering the latest activity among them. */
  prune(cutoff: number): void {
    const end = this.#upperBound(cutoff);
    if (end === 0) return;
    const c = this.#class!;
    for (let i = 0; i < end; i++) {
      const r = this.#record(i);
      const at = recordAt(c, r);
      if (recordCounted(c, r) && (this.#lastActiveBeforeHeld === undefined || at > this.#lastActiveBeforeHeld))
        this.#lastActiveBeforeHeld = at;
      releaseRecord(this.#slab, c, r);
    }
    this.#head = (this.#head + end) & (c.capacity - 1);
    this.#count -= end;
    this.#fit();
    this.#version = ++versions;
  }

  /** Oldest entry held, if any. */
  get oldestAt(): number | undefined {
    return this.#class && this.#count > 0 ? recordAt(this.#class, this.#record(0)) : undefined;
  }

  /** Bytes of the slab block this log holds (0 when empty). */
  get bytes(): number {
    return this.#class ? this.#class.capacity * RECORD_BYTES : 0;
  }

  /**
   * Moves the entries out of the shared slab into a slab of this log's own and frees the block. For a
   * customer leaving the cache: whoever still holds the state (a screening awaiting its write) keeps a
   * working log, and the shared block is free for the next customer at once.
   */
  detach(): void {
    const c = this.#class;
    const entries: ActivityEntry[] = [];
    if (c) {
      for (let i = 0; i < this.#count; i++) {
        const r = this.#record(i);
        entries.push(readRecord(this.#slab, c, r));
        releaseRecord(this.#slab, c, r);
      }
      c.free(this.#block);
    }
    this.#class = undefined;
    this.#count = 0;
    this.#head = 0;
    this.#slab = new WindowSlab();
    const firstSeenAt = this.#firstSeenAt;
    for (const e of entries) this.add(e);
    this.#firstSeenAt = firstSeenAt;
    this.#version = ++versions;
  }

  /** The slab record of the i-th oldest entry. */
  #record(i: number): number {
    const c = this.#class!;
    return this.#block * c.capacity + ((this.#head + i) & (c.capacity - 1));
  }

  /** Makes room for a new entry at logical position i (moving the shorter side of the ring, or to a bigger block). */
  #openAt(i: number): void {
    const c = this.#class;
    if (!c) {
      this.#class = this.#slab.sizeClass(0);
      this.#block = this.#class.alloc();
      this.#head = 0;
    } else if (this.#count === c.capacity) {
      this.#moveTo(c.index + 1, i);
    } else if (i < this.#count - i) {
      this.#head = (this.#head - 1) & (c.capacity - 1);
      for (let j = 0; j < i; j++) copyRecord(c, this.#record(j + 1), c, this.#record(j));
    } else {
      for (let j = this.#count; j > i; j--) copyRecord(c, this.#record(j - 1), c, this.#record(j));
    }
    this.#count++;
  }

  /** Closes the gap left by the entry at logical position i (its interned values already released). */
  #closeAt(i: number): void {
    const c = this.#class!;
    if (i < this.#count - 1 - i) {
      for (let j = i; j > 0; j--) copyRecord(c, this.#record(j - 1), c, this.#record(j));
      this.#head = (this.#head + 1) & (c.capacity - 1);
    } else {
      for (let j = i; j < this.#count - 1; j++) copyRecord(c, this.#record(j + 1), c, this.#record(j));
    }
    this.#count--;
    this.#fit();
  }

  /** No block when empty; a smaller one when three-quarters empty (so a log's block is more than a quarter used). */
  #fit(): void {
    const c = this.#class!;
    if (this.#count === 0) {
      c.free(this.#block);
      this.#class = undefined;
      this.#head = 0;
    } else if (c.index > 0 && this.#count <= c.capacity / 4) {
      // Down to a block twice the entries left: room to grow before the next move.
      this.#moveTo(WindowSlab.classFor(this.#count * 2), -1);
    }
  }

  /** Copies the entries into a block of class k, in order from position 0, leaving position `gap` free (−1: none). */
  #moveTo(k: number, gap: number): void {
    const from = this.#class!;
    const to = this.#slab.sizeClass(k);
    const block = to.alloc();
    for (let j = 0; j < this.#count; j++)
      copyRecord(from, this.#record(j), to, block * to.capacity + (gap >= 0 && j >= gap ? j + 1 : j));
    from.free(this.#block);
    this.#class = to;
    this.#block = block;
    this.#head = 0;
  }

  /** First index with at > t. */
  #upperBound(t: number): number {
    const c = this.#class;
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (recordAt(c!, this.#record(mid)) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index with at ≥ t. */
  #lowerBound(t: number): number {
    const c = this.#class;
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (recordAt(c!, this.#record(mid)) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
