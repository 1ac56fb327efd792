/**
 * The negative cache of the cold path: which customers may have stored history. A customer not in
 * the set has none (no stored transaction, no recorded monitoring level), so their first transaction
 * builds an empty state without reading the database, which for the long tail of new customers is
 * the common case.
 *
 * A set of 32-bit hashes of the ids, open addressing in one Uint32Array (off the V8 heap's object
 * graph: ~1 MiB per 100,000 customers at most half full, whatever the ids' length). A hash collision
 * only makes a customer look known, which costs one database read, never a wrong answer: the set may
 * over-approximate the customers with history, never under-approximate them.
 *
 * Correctness rests on two rules:
 * - it is `ready` only once the scan of the stored ids (started before the first screening stores
 *   anything, or running alongside) has been merged in, and answers "maybe" until then;
 * - a customer is added before their first write is submitted (the transaction screening) and when
 *   anything else records history for them (a monitoring level: UserStateStore.evict), so every row
 *   the scan did not see was added here first.
 * It therefore assumes what the per-customer state cache already assumes: this process is the only
 * writer of its customers' history (an embedded database). With a libSQL server it is not used.
 */
import { stringHash } from './string-hash.ts';
export class KnownCustomers {
  #slots = new Uint32Array(1 << 16);
  #size = 0;
  #ready = false;

  /** True once the stored ids are all in: from then on, `has` false means no history. */
  get ready(): boolean {
    return this.#ready;
  }

  markReady(): void {
    this.#ready = true;
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held by the set. */
  get bytes(): number {
    return this.#slots.byteLength;
  }

  /** False only when the customer certainly has no stored history (and the set is ready). */
  mayHaveHistory(userId: string): boolean {
    return !this.#ready || this.has(userId);
  }

  has(userId: string): boolean {
    const h = hash(userId);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === h) return true;
      if (v === 0) return false;
    }
  }

  add(userId: string): void {
    if (this.#insert(hash(userId))) {
      this.#size++;
      if (this.#size * 2 > this.#slots.length) this.#grow();
    }
  }

  #insert(h: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === h) return false;
      if (v === 0) {
        slots[i] = h;
        return true;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    for (const h of old) if (h !== 0) this.#insert(h);
  }
}

/** stringHash, never 0 (0 marks an empty slot). */
function hash(s: string): number {
  return stringHash(s) || 1;
}
