/**
 * Storage for every customer's window: fixed-width records in typed arrays, one slab for all customers.
 * A V8 object per entry (BigInt amount, id and key strings) cost ~850 B of heap per warm customer and
 * gave every major GC 100,000s of objects to mark; a record here is RECORD_BYTES in an ArrayBuffer the
 * GC never walks.
 *
 * The slab is split into size classes: class k holds blocks of 2^(k+1) records, each block one customer's
 * ring (see ActivityLog). A customer moves to the next class when their block is full and back when it is
 * three-quarters empty, so a block is at least a quarter used; freed blocks are reused by the next
 * customer of that class. A class's buffer doubles when it runs out of blocks and never shrinks (its
 * high-water mark is what the LRU of customers allowed at the busiest moment).
 *
 * Memory, bounded: a customer with n entries holds one block of at most 4n records (at least 2; n ≤ 2:
 * 2 records, 176 B); the cache holds at most TRANSACTIONS_STATE_MAX_USERS customers (default 200,000,
 * the LRU of UserStateStore), and a customer's entries reach back at most the longest rule window
 * (pruned by age). Measured with bench/transactions-cpu.ts (BENCH_HEAP=1) and 100,000 warm customers
 * with two entries each: the slab 16.8 MiB used, 19.3 MiB with its buffers' doubling slack (the entries as
 * objects cost 80 MiB of heap). The rest of each customer (state, LRU entry, profile) is off the V8 heap
 * too since 2026-12-03: records in CustomerSlots (src/risk/customer-slots.ts), ~260 B per customer for the
 * state and the profile together, with the tables' doubling slack.
 *
 * Record layout (RECORD_BYTES = 88, little-endian as the platform's typed arrays):
 *   0  at            float64  the transaction's own time, ms (integral: exact in a double)
 *   8  amount lo     uint64   amountUsd, a Fixed (10^-18 USD) < 2^128 held exactly in two 64-bit words;
 *  16  amount hi     uint64   wider or negative: the decimal text interned, its index in the lo word
 *  24  bodyTag       uint32
 *  28  flags         uint8    INBOUND | COUNTED | WIDE_AMOUNT
 *  29  id length     uint8    0..ID_INLINE: the id inline (one byte per char, all < 256); ID_INTERNED: interned
 *  30  key kind      uint8    KEY_*: none, HMAC key of a wallet or name (16 bytes), inline text, interned
 *  31  key length    uint8    for inline text
 *  32  key           16 bytes
 *  48  id            40 bytes
 */
import { StringTable } from './string-table.ts';

export const RECORD_BYTES = 88;
/** Records per block of class 0. */
const MIN_CAPACITY = 2;
/** Blocks a class's buffer starts with. */
const INITIAL_BLOCKS = 64;

/** One size class: blocks of `capacity` records, views over one buffer. */
export class SizeClass {
  readonly capacity: number;
  buffer: ArrayBuffer;
  f64: Float64Array;
  u64: BigUint64Array;
  u32: Uint32Array;
  /** A Buffer over the same memory: ids and keys decode with toString(encoding, start, end), no copy. */
  u8: Buffer;
  #blocks = 0;
  #free: number[] = [];

  constructor(readonly index: number) {
    this.capacity = MIN_CAPACITY << index;
    // Big classes start small: a customer with thousands of entries in a day is rare.
    this.buffer = new ArrayBuffer(Math.max(1, INITIAL_BLOCKS >> index) * this.capacity * RECORD_BYTES);
    this.f64 = new Float64Array(this.buffer);
    this.u64 = new BigUint64Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.u8 = Buffer.from(this.buffer);
  }

  /** A free block's number (its first record is block × capacity). */
  alloc(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const block = this.#blocks++;
    if ((block + 1) * this.capacity * RECORD_BYTES > this.buffer.byteLength) this.#grow();
    return block;
  }

  free(block: number): void {
    this.#free.push(block);
  }

  /** Blocks in use. */
  get used(): number {
    return this.#blocks - this.#free.length;
  }

  #grow(): void {
    const next = new ArrayBuffer(this.buffer.byteLength * 2);
    new Uint8Array(next).set(this.u8);
    this.buffer = next;
    this.f64 = new Float64Array(next);
    this.u64 = new BigUint64Array(next);
    this.u32 = new Uint32Array(next);
    this.u8 = Buffer.from(next);
  }
}

export class WindowSlab {
  readonly #classes: SizeClass[] = [];
  /** Values too long or too wide for their field. */
  readonly strings = new StringTable();

  /** Class k (blocks of 2^(k+1) records), created on first use. */
  sizeClass(k: number): SizeClass {
    let c = this.#classes[k];
    if (!c) {
      while (this.#classes.length <= k) this.#classes.push(undefined as unknown as SizeClass);
      c = new SizeClass(k);
      this.#classes[k] = c;
    }
    return c;
  }

  /** The smallest class whose blocks hold `n` records. */
  static classFor(n: number): number {
    let k = 0;
    while (MIN_CAPACITY << k < n) k++;
    return k;
  }

  /** Bytes of the class buffers (what the slab holds, used or free). */
  get bytes(): number {
    let total = 0;
    for (const c of this.#classes) if (c) total += c.buffer.byteLength;
    return total;
  }

  /** Bytes of the blocks in use. */
  get usedBytes(): number {
    let total = 0;
    for (const c of this.#classes) if (c) total += c.used * c.capacity * RECORD_BYTES;
    return total;
  }
}
