/** The off-heap LRU of customer records, and the per-customer state kept in it. */
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../src/risk/activity.ts';
import { CustomerSlots, KEY_INLINE } from '../../../src/risk/customer-slots.ts';
import { UserStateStore } from '../../../src/risk/state.ts';
import { DAY, entry, HOUR, T0 } from './context.ts';

const ids = (entries: readonly ActivityEntry[]) => entries.map((e) => e.transactionId);

describe('CustomerSlots', () => {
  it('behaves like an LRU map through random adds, reads, deletes and evictions, at every size', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n; // the high bits: an LCG's low bits repeat with a short period
    };
    const max = 2500;
    const evicted: number[] = [];
    let evictions = 0;
    const table = new CustomerSlots(max, 8, (slot) => {
      evicted.push(slot);
      evictions++;
    });
    // The reference: a Map in least- to most-recently-used order, and each key's value in its record.
    const ref = new Map<string, number>();
    const keyOf = (k: number) =>
      k % 17 === 0 ? `a-long-customer-id-beyond-the-inline-field-${k}` : k % 13 === 0 ? `клиент-${k}` : `u${k}`;
    for (let step = 0; step < 40_000; step++) {
      const key = keyOf(rand(5000));
      const op = rand(10);
      const slot = table.find(key);
      // Plain comparisons first: expect() on every step would dominate the run time.
      if (slot >= 0 !== ref.has(key)) expect([key, slot >= 0]).toEqual([key, ref.has(key)]);
      if (slot >= 0 && table.u32[slot * 2] !== ref.get(key)) expect(table.u32[slot * 2]).toBe(ref.get(key));
      if (op < 5) {
        if (slot >= 0) {
          table.touch(slot);
          table.u32[slot * 2] = step;
          ref.delete(key);
        } else {
          evicted.length = 0;
          const lru = ref.keys().next().value;
          const s = table.add(key);
          table.u32[s * 2] = step;
          if (evicted.length !== (ref.size === max ? 1 : 0)) expect(evicted.length).toBe(ref.size === max ? 1 : 0);
          if (ref.size === max) ref.delete(lru!); // the least recently used went
        }
        ref.set(key, step);
      } else if (op < 8) {
        const got = table.get(key);
        if (got !== slot) expect(got).toBe(slot);
        if (got >= 0) {
          const v = ref.get(key)!;
          ref.delete(key);
          ref.set(key, v);
        }
      } else if (op < 9 && slot >= 0) {
        table.delete(slot);
        ref.delete(key);
      }
      if (table.size !== ref.size) expect(table.size).toBe(ref.size);
    }
    expect(table.size).toBeGreaterThan(2048); // the arrays grew past their first 1,024 slots
    expect(evictions).toBeGreaterThan(100);
    for (const [key, v] of ref) expect(table.u32[table.find(key) * 2]).toBe(v);
    expect(table.find('never-added')).toBe(-1);
  });

  it('tells apart ids that differ only in length, case or past the inline field, and the empty id', () => {
    const table = new CustomerSlots(100, 8, () => {});
    const keys = [
      '',
      'a',
      'A',
      'ab',
      'x'.repeat(KEY_INLINE),
      `${'x'.repeat(KEY_INLINE)}y`,
      `${'x'.repeat(KEY_INLINE)}z`,
      'ä',
      'ā',
    ];
    const slots = keys.map((k) => table.add(k));
    expect(new Set(slots).size).toBe(keys.length);
    for (const [i, k] of keys.entries()) expect(table.find(k)).toBe(slots[i]);
  });
});

describe('UserStateStore on off-heap records', () => {
  const history = (u: string, n = 3) =>
    Array.from({ length: n }, (_, k) => entry({ at: T0 - (k + 1) * HOUR, usd: `${k + 1}`, id: `${u}${k}` }));

  it('a released state is written back: the next get reads the same windows, level and times from the record', async () => {
    let loads = 0;
    const store = new UserStateStore(
      async (u) => {
        loads++;
        return {
          entries: history(u),
          monitoring: 'standard',
          lastActiveBeforeHeld: T0 - 5 * DAY,
          firstSeenAt: T0 - 9 * DAY,
        };
      },
      7 * DAY,
      100,
    );
    const s = await store.get('a', T0);
    s.activity.add(entry({ at: T0, usd: '10', id: 'a-new' }));
    s.monitoring = 'enhanced';
    s.noteTransaction(T0, 7 * DAY);
    store.release(s);
    const again = await store.get('a', T0 + HOUR);
    expect(again).not.toBe(s); // a new view over the record
    expect(loads).toBe(1);
    expect(ids(again.activity.between(T0 - DAY, T0 + HOUR))).toEqual(['a2', 'a1', 'a0', 'a-new']);
    expect(again.monitoring).toBe('enhanced');
    expect([again.newestAt, again.coveredFrom]).toEqual([T0, T0 - 7 * DAY]);
    expect(again.activity.lastActiveBefore(T0 - 4 * HOUR)).toBe(T0 - 5 * DAY);
    expect(again.activity.firstSeenAt).toBe(T0 - 9 * DAY);
    // Held twice, released once: still the same live view.
    const third = await store.get('a', T0 + HOUR);
    expect(third).toBe(again);
    store.release(third);
    expect(await store.get('a', T0 + HOUR)).toBe(again);
  });

  it('a released customer leaving the cache frees their block for the next; no state is lost or mixed', async () => {
    const store = new UserStateStore(async (u) => ({ entries: history(u), monitoring: 'standard' }), 7 * DAY, 2);
    for (const u of ['a', 'b']) store.release(await store.get(u, T0));
    const bytes = store.windowBytes;
    for (let k = 0; k < 50; k++) {
      const u = `c${k}`;
      const s = await store.get(u, T0);
      expect(ids(s.activity.between(T0 - DAY, T0))).toEqual([`${u}2`, `${u}1`, `${u}0`]);
      store.release(s);
    }
    expect(store.size).toBe(2);
    expect(store.windowBytes).toBe(bytes); // every evicted block was reused
    store.evict('c49');
    expect(store.size).toBe(1);
    const last = await store.get('c48', T0);
    expect(ids(last.activity.between(T0 - DAY, T0))).toEqual(['c482', 'c481', 'c480']);
  });
});
