/**
 * Reference-counted interned strings for the values a fixed-width window record cannot hold inline (a
 * transaction id longer than its field, a long counterparty key, an amount wider than 128 bits). A record
 * keeps the string's index; the string lives here once, however many records name it, and is dropped when
 * the last of them goes. Rare by design: the common ids and keys fit inline.
 */
export class StringTable {
  #index = new Map<string, number>();
  #strings: (string | undefined)[] = [];
  #refs: number[] = [];
  #free: number[] = [];

  /** The index of `s`, counting one more reference to it. */
  intern(s: string): number {
    const known = this.#index.get(s);
    if (known !== undefined) {
      this.#refs[known]!++;
      return known;
    }
    const i = this.#free.pop() ?? this.#strings.length;
    this.#strings[i] = s;
    this.#refs[i] = 1;
    this.#index.set(s, i);
    return i;
  }

  get(i: number): string {
    const s = this.#strings[i];
    if (s === undefined) throw new RangeError(`no interned string ${i}`);
    return s;
  }

  /** Drops one reference; the string goes with the last. */
  release(i: number): void {
    if (--this.#refs[i]! > 0) return;
    this.#index.delete(this.#strings[i]!);
    this.#strings[i] = undefined;
    this.#free.push(i);
  }

  /** Distinct strings held. */
  get size(): number {
    return this.#index.size;
  }
}
