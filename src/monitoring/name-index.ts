/**
 * The customer-name index: the reverse of the list index. It maps name-key hashes (name-keys.ts) to the
 * monitored customers' row ids, so a changed list entity finds the few customers whose names could match it
 * without touching the others. It holds numbers only: no name, no user id.
 *
 * A key with one customer stores the id itself; more, an array. Most two-token join keys belong to one
 * customer, and a million small arrays would cost more than the ids they hold.
 */
import { EXTRA_CANDIDATE_COST, EXTRA_QUERY_COST, SINGLE_NAME_FACTOR } from '../sanctions/score.ts';
import type { NameKeys, QueryPosition } from './name-keys.ts';

/**
 * The lightest a customer's name token can weigh in the scorer (a word as common in the lists as the most
 * common given names). The customer's tokens are not known here, only how many there are.
 */
const MIN_CUSTOMER_TOKEN_WEIGHT = 0.2;

/**
 * The best score a customer could reach against a list name (score.ts's shape, as the list index bounds its
 * candidates): `matched` of the list name's `total` token weight paired, the list name's unpaired rest at its
 * one-sided price, the customer's unpaired tokens at the lightest weight a token can have, and the one-name
 * factor when a single token pairs. Optimistic: it only prunes customers who cannot reach a match.
 */
export function scoreBound(matched: number, total: number, customerTokens: number, pairedTokens: number): number {
  if (total <= 0) return 1;
  const unpaired = Math.max(0, customerTokens - pairedTokens) * MIN_CUSTOMER_TOKEN_WEIGHT;
  const bound =
    (2 * matched) / (2 * matched + EXTRA_QUERY_COST * unpaired + EXTRA_CANDIDATE_COST * Math.max(0, total - matched));
  return pairedTokens === 1 && customerTokens > 1 ? bound * SINGLE_NAME_FACTOR : bound;
}

export class CustomerNameIndex {
  #postings = new Map<number, number | number[]>();
  /** Indexed tokens per customer id (0 = not indexed). */
  #tokens = new Uint8Array(1024);
  // Query scratch, by customer id: matched positions, and the last position that counted.
  #matched = new Uint8Array(1024);
  /** 1 when a position matched on an exact key. */
  #exact = new Uint8Array(1024);
  /** List-side weight of the positions matched. */
  #weight = new Float32Array(1024);
  #stamp = new Uint32Array(1024);
  #serial = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(id: number, name: NameKeys): void {
    if (name.tokens === 0 || name.keys.length === 0) return;
    this.#grow(id);
    if (this.#tokens[id] === 0) this.#size++;
    this.#tokens[id] = Math.max(1, name.tokens);
    for (const k of name.keys) {
      const p = this.#postings.get(k);
      if (p === undefined) this.#postings.set(k, id);
      else if (typeof p === 'number') {
        if (p !== id) this.#postings.set(k, [p, id]);
      } else if (!p.includes(id)) p.push(id);
    }
  }

  remove(id: number, keys: readonly number[]): void {
    if (id >= this.#tokens.length || this.#tokens[id] === 0) return;
    this.#tokens[id] = 0;
    this.#size--;
    for (const k of keys) {
      const p = this.#postings.get(k);
      if (p === undefined) continue;
      if (typeof p === 'number') {
        if (p === id) this.#postings.delete(k);
        continue;
      }
      const i = p.indexOf(id);
      if (i >= 0) p.splice(i, 1);
      if (p.length === 1) this.#postings.set(k, p[0]!);
    }
  }

  /**
   * Customers sharing enough keys with one list name: two of its positions, or every position of the shorter
   * name when either side has only one token (a mononym), at least one of them on its own key (not one edit
   * away). Customers who share one common first name only, or only near-misses of short keys, are not
   * candidates; the scorer would reject them anyway.
   */
  candidates(positions: readonly QueryPosition[], out: Set<number>, minBound = 0): void {
    const listTokens = positions.reduce((n, p) => n + (p.covers === 1 ? 1 : 0), 0);
    if (listTokens === 0) return;
    const total = positions.reduce((w, p) => w + (p.covers === 1 ? p.weight : 0), 0);
    const touched: number[] = [];
    const matched = this.#matched;
    const stamp = this.#stamp;
    for (const pos of positions) {
      const serial = ++this.#serial;
      for (let i = 0; i < pos.keys.length; i++) {
        const p = this.#postings.get(pos.keys[i]!);
        if (p === undefined) continue;
        const exact = i < pos.exact ? 1 : 0;
        if (typeof p === 'number') this.#hit(p, serial, pos, exact, touched);
        else for (const id of p) this.#hit(id, serial, pos, exact, touched);
      }
    }
    for (const id of touched) {
      const need = Math.min(2, listTokens, this.#tokens[id]!);
      if (
        this.#tokens[id]! > 0 &&
        matched[id]! >= need &&
        this.#exact[id] === 1 &&
        scoreBound(Math.min(total, this.#weight[id]!), total, this.#tokens[id]!, matched[id]!) >= minBound
      )
        out.add(id);
      matched[id] = 0;
      this.#weight[id] = 0;
      this.#exact[id] = 0;
      stamp[id] = 0;
    }
    if (this.#serial > 0xfffff000) this.#serial = 0;
  }

  #hit(id: number, serial: number, pos: QueryPosition, exact: number, touched: number[]): void {
    const stamp = this.#stamp;
    // Exact keys come first in a position: a later near-miss of the same position adds nothing.
    if (stamp[id] === serial) return;
    if (exact) this.#exact[id] = 1;
    if (this.#matched[id] === 0) touched.push(id);
    stamp[id] = serial;
    this.#matched[id] = Math.min(255, this.#matched[id]! + pos.covers);
    this.#weight[id] = this.#weight[id]! + pos.weight;
  }

  #grow(id: number): void {
    if (id < this.#tokens.length) return;
    let n = this.#tokens.length;
    while (n <= id) n *= 2;
    const grow = <T extends Uint8Array | Uint32Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.#tokens = grow(this.#tokens, (k) => new Uint8Array(k));
    this.#matched = grow(this.#matched, (k) => new Uint8Array(k));
    this.#exact = grow(this.#exact, (k) => new Uint8Array(k));
    this.#weight = grow(this.#weight, (k) => new Float32Array(k));
    this.#stamp = grow(this.#stamp, (k) => new Uint32Array(k));
  }
}
