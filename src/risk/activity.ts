/**
 * One customer's recent transactions, sorted by the transactions' own timestamps, with the window
 * queries the rules need. Pure data: no clock, no I/O. Entries arrive in any order (backfills and
 * replays insert in the middle), and a window at time t only sees entries at or before t, so a
 * replayed history evaluates as it did live.
 */
import type { Fixed } from './money.ts';

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
  /** Timestamp of the latest counted entry strictly before `at`, if any is known. */
  lastActiveBefore(at: number): number | undefined;
  /** The first transaction the sidecar ever saw from this customer, if any. */
  readonly firstSeenAt: number | undefined;
}

/**
 * Below this many entries a lookup by id scans the log; above it, a Map. Most customers hold a few
 * entries, and 100,000 small Maps cost ~28 MB and GC marking work on every major collection.
 */
const MAP_FROM = 16;

export class ActivityLog implements ActivityView {
  #entries: ActivityEntry[] = [];
  #byId: Map<string, ActivityEntry> | undefined;
  /** Latest counted activity older than everything held in memory (from the database summary). */
  #lastActiveBeforeHeld: number | undefined;
  #firstSeenAt: number | undefined;

  constructor(
    entries: readonly ActivityEntry[] = [],
    summary: { lastActiveBeforeHeld?: number; firstSeenAt?: number } = {},
  ) {
    this.#lastActiveBeforeHeld = summary.lastActiveBeforeHeld;
    this.#firstSeenAt = summary.firstSeenAt;
    for (const e of entries) this.add(e);
  }

  get size(): number {
    return this.#entries.length;
  }

  get firstSeenAt(): number | undefined {
    return this.#firstSeenAt;
  }

  get(transactionId: string): ActivityEntry | undefined {
    if (this.#byId) return this.#byId.get(transactionId);
    for (let i = this.#entries.length - 1; i >= 0; i--)
      if (this.#entries[i]!.transactionId === transactionId) return this.#entries[i];
    return undefined;
  }

  add(entry: ActivityEntry): void {
    // Insert after every entry with at ≤ entry.at, so equal timestamps keep arrival order.
    const i = this.#upperBound(entry.at);
    this.#entries.splice(i, 0, entry);
    if (this.#byId) this.#byId.set(entry.transactionId, entry);
    else if (this.#entries.length > MAP_FROM) this.#byId = new Map(this.#entries.map((e) => [e.transactionId, e]));
    if (this.#firstSeenAt === undefined || entry.at < this.#firstSeenAt) this.#firstSeenAt = entry.at;
  }

  /** Undoes add() when the write that was to make the entry durable failed. */
  remove(entry: ActivityEntry, previousFirstSeenAt: number | undefined): void {
    const i = this.#entries.indexOf(entry);
    if (i >= 0) this.#entries.splice(i, 1);
    if (this.#byId?.get(entry.transactionId) === entry) this.#byId.delete(entry.transactionId);
    this.#firstSeenAt = previousFirstSeenAt;
  }

  between(from: number, to: number): readonly ActivityEntry[] {
    const start = this.#upperBound(from);
    const end = this.#upperBound(to);
    const out: ActivityEntry[] = [];
    for (let i = start; i < end; i++) {
      const e = this.#entries[i]!;
      if (e.counted) out.push(e);
    }
    return out;
  }

  lastActiveBefore(at: number): number | undefined {
    for (let i = this.#lowerBound(at) - 1; i >= 0; i--) {
      const e = this.#entries[i]!;
      if (e.counted) return e.at;
    }
    return this.#lastActiveBeforeHeld;
  }

  /** Drops entries at or before `cutoff` (no window reaches them any more), remembering the latest activity among them. */
  prune(cutoff: number): void {
    const end = this.#upperBound(cutoff);
    if (end === 0) return;
    for (let i = 0; i < end; i++) {
      const e = this.#entries[i]!;
      this.#byId?.delete(e.transactionId);
      if (e.counted && (this.#lastActiveBeforeHeld === undefined || e.at > this.#lastActiveBeforeHeld))
        this.#lastActiveBeforeHeld = e.at;
    }
    this.#entries.splice(0, end);
  }

  /** Oldest entry held, if any. */
  get oldestAt(): number | undefined {
    return this.#entries[0]?.at;
  }

  /** First index with at > t. */
  #upperBound(t: number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid]!.at <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index with at ≥ t. */
  #lowerBound(t: number): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#entries[mid]!.at < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
