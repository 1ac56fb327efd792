/**
 * A bounded LRU from customer ids to fixed-width records, held off the V8 heap: the per-customer caches of the
 * hot path (the windows' state, UserStateStore; the profiles, src/customers/profiles.ts) keep their records
 * here instead of one LRU entry, one key string and a few objects per customer. With 100,000 warm customers
 * those cost ~700 B of V8 heap each (measured, bench/transactions-cpu.ts) and gave every major GC 100,000s of
 * objects to mark; a slot here is ~100 bytes of typed arrays the GC never walks.
 *
 * - The id is kept in the slot, inline (one byte per character, up to KEY_INLINE Latin-1 characters) or, when
 *   longer, interned in a StringTable (rare: ids are short).
 * - An open-addressing hash index (linear probing, at most half full, deletion by backward shift: no
 *   tombstones) maps the id's hash to its slot; a lookup compares the stored id in place, decoding nothing.
 * - The LRU order is a doubly linked list through two Int32Arrays; free slots are linked through `next`.
 * - Each slot has `recordBytes` of record (the owner's fields), read and written through `f64`, `u32` and
 *   `u8`, which are replaced when the table grows: read them after any add().
 *
 * Slots are allocated as needed (the arrays double, up to `max`); at `max` customers, adding one evicts the
 * least recently used, with `onEvict(slot)` called first so its owner can let go of what the record refers to.
 */
import { StringTable } from './string-table.ts';
import { stringHash } from './string-hash.ts';

/** Id characters held inline in a slot; a longer id (or one beyond Latin-1) is interned. */
export const KEY_INLINE = 40;
const KEY_INTERNED = 0xff;
const NONE = -1;
const INITIAL_SLOTS = 1024;

function inlineable(s: string): boolean {
  if (s.length > KEY_INLINE) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

export class CustomerSlots {
  /** Ids too long for their slot. */
  readonly #strings = new StringTable();
  #capacity = 0;
  /** Slots handed out at least once (below it, a slot is in use or on the free list). */
  #used = 0;
  #size = 0;
  #freeHead = NONE;
  /** Most and least recently used. */
  #head = NONE;
  #tail = NONE;
  #hashes = new Uint32Array(0);
  #keyLength = new Uint8Array(0);
  #keys = Buffer.alloc(0);
  #prev = new Int32Array(0);
  #next = new Int32Array(0);
  /** slot + 1 per bucket; 0 is empty. */
  #buckets = new Int32Array(0);
  f64 = new Float64Array(0);
  u32 = new Uint32Array(0);
  u8 = new Uint8Array(0);

  constructor(
    readonly max: number,
    /** Bytes of record per slot, a multiple of 8. */
    readonly recordBytes: number,
    private readonly onEvict: (slot: number) => void,
  ) {
    if (!(max >= 1)) throw new RangeError('an LRU holds at least one customer');
    if (recordBytes % 8 !== 0) throw new RangeError('a record is a multiple of 8 bytes');
    this.#resize(Math.min(max, INITIAL_SLOTS));
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes of the arrays (used or free): the index, the ids, the LRU links and the records. */
  get bytes(): number {
    return (
      this.#hashes.byteLength +
      this.#keyLength.byteLength +
      this.#keys.byteLength +
      this.#prev.byteLength +
      this.#next.byteLength +
      this.#buckets.byteLength +
      this.f64.byteLength
    );
  }

  /** The id's slot, or −1; the LRU order is unchanged (a peek). */
  find(key: string): number {
    const h = stringHash(key);
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = buckets[i]!;
      if (s === 0) return NONE;
      if (this.#hashes[s - 1] === h && this.#keyIs(s - 1, key)) return s - 1;
    }
  }

  /** The id's slot, made the most recently used; −1 if absent. */
  get(key: string): number {
    const slot = this.find(key);
    if (slot !== NONE) this.touch(slot);
    return slot;
  }

  /** Makes the slot the most recently used. */
  touch(slot: number): void {
    if (this.#head === slot) return;
    this.#unlink(slot);
    this.#linkFront(slot);
  }

  /**
   * A slot for an id that has none (check with find() first), the most recently used; its record holds
   * whatever was there before. At `max`, the least recently used goes first (onEvict, then removed).
   */
  add(key: string): number {
    if (this.#size >= this.max) {
      const victim = this.#tail;
      this.onEvict(victim);
      this.delete(victim);
    }
    let slot = this.#freeHead;
    if (slot !== NONE) this.#freeHead = this.#next[slot]!;
    else {
      if (this.#used === this.#capacity) this.#resize(Math.min(this.max, this.#capacity * 2));
      slot = this.#used++;
    }
    const h = stringHash(key);
    this.#hashes[slot] = h;
    if (inlineable(key)) {
      this.#keyLength[slot] = key.length;
      this.#keys.write(key, slot * KEY_INLINE, 'latin1');
    } else {
      this.#keyLength[slot] = KEY_INTERNED;
      this.#keys.writeUInt32LE(this.#strings.intern(key), slot * KEY_INLINE);
    }
    this.#insert(slot, h);
    this.#linkFront(slot);
    this.#size++;
    return slot;
  }

  /** Removes the slot (its owner has let go of what its record refers to); it goes on the free list. */
  delete(slot: number): void {
    this.#remove(slot);
    this.#unlink(slot);
    if (this.#keyLength[slot] === KEY_INTERNED) this.#strings.release(this.#keys.readUInt32LE(slot * KEY_INLINE));
    this.#next[slot] = this.#freeHead;
    this.#freeHead = slot;
    this.#size--;
  }

  #keyIs(slot: number, key: string): boolean {
    const length = this.#keyLength[slot]!;
    if (length === KEY_INTERNED) return this.#strings.get(this.#keys.readUInt32LE(slot * KEY_INLINE)) === key;
    if (length !== key.length) return false;
    const keys = this.#keys;
    const at = slot * KEY_INLINE;
    for (let i = 0; i < length; i++) if (keys[at + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  #insert(slot: number, h: number): void {
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    let i = h & mask;
    while (buckets[i] !== 0) i = (i + 1) & mask;
    buckets[i] = slot + 1;
  }

  /** Takes the slot out of the index, shifting back the entries after it that probed past it. */
  #remove(slot: number): void {
    const buckets = this.#buckets;
    const mask = buckets.length - 1;
    let hole = this.#hashes[slot]! & mask;
    while (buckets[hole] !== slot + 1) hole = (hole + 1) & mask;
    for (let j = (hole + 1) & mask; buckets[j] !== 0; j = (j + 1) & mask) {
      const home = this.#hashes[buckets[j]! - 1]! & mask;
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      buckets[hole] = buckets[j]!;
      hole = j;
    }
    buckets[hole] = 0;
  }

  #linkFront(slot: number): void {
    this.#prev[slot] = NONE;
    this.#next[slot] = this.#head;
    if (this.#head !== NONE) this.#prev[this.#head] = slot;
    this.#head = slot;
    if (this.#tail === NONE) this.#tail = slot;
  }

  #unlink(slot: number): void {
    const p = this.#prev[slot]!;
    const n = this.#next[slot]!;
    if (p !== NONE) this.#next[p] = n;
    else this.#head = n;
    if (n !== NONE) this.#prev[n] = p;
    else this.#tail = p;
  }

  #resize(capacity: number): void {
    const grow = <T extends Uint32Array | Int32Array | Uint8Array | Float64Array>(
      old: T,
      make: (n: number) => T,
      n: number,
    ) => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.#hashes = grow(this.#hashes, (n) => new Uint32Array(n), capacity);
    this.#keyLength = grow(this.#keyLength, (n) => new Uint8Array(n), capacity);
    const keys = Buffer.alloc(capacity * KEY_INLINE);
    this.#keys.copy(keys);
    this.#keys = keys;
    this.#prev = grow(this.#prev, (n) => new Int32Array(n), capacity);
    this.#next = grow(this.#next, (n) => new Int32Array(n), capacity);
    const records = new ArrayBuffer(capacity * this.recordBytes);
    new Uint8Array(records).set(this.u8);
    this.f64 = new Float64Array(records);
    this.u32 = new Uint32Array(records);
    this.u8 = new Uint8Array(records);
    this.#capacity = capacity;
    // At most half full: a power of two at least twice the slots.
    let n = 2;
    while (n < capacity * 2) n <<= 1;
    if (n !== this.#buckets.length) {
      this.#buckets = new Int32Array(n);
      for (let s = this.#head; s !== NONE; s = this.#next[s]!) this.#insert(s, this.#hashes[s]!);
    }
  }
}
