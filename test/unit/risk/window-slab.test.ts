/** The windows' compact storage: rings of fixed-width records in one slab, read back exactly as written. */
import { describe, expect, it } from 'vitest';
import { ActivityLog, type ActivityEntry } from '../../../src/risk/activity.ts';
import { parseDecimal } from '../../../src/risk/money.ts';
import { fanIn } from '../../../src/risk/rules/fan.ts';
import { UserStateStore } from '../../../src/risk/state.ts';
import { RECORD_BYTES, WindowSlab } from '../../../src/risk/window-slab.ts';
import { context, DAY, entry, HOUR, MIN, T0, tx } from './context.ts';

const ids = (entries: readonly ActivityEntry[]) => entries.map((e) => e.transactionId);

/** The semantics of the object-per-entry log this storage replaced: a sorted array, scanned. */
class Reference {
  entries: ActivityEntry[] = [];
  held: number | undefined;
  add(e: ActivityEntry) {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.at > e.at) i--;
    this.entries.splice(i, 0, e);
  }
  remove(id: string) {
    this.entries = this.entries.filter((e) => e.transactionId !== id);
  }
  prune(cutoff: number) {
    for (const e of this.entries)
      if (e.at <= cutoff && e.counted && (this.held === undefined || e.at > this.held)) this.held = e.at;
    this.entries = this.entries.filter((e) => e.at > cutoff);
  }
  between(from: number, to: number) {
    return this.entries.filter((e) => e.at > from && e.at <= to && e.counted);
  }
  lastActiveBefore(at: number) {
    const before = this.entries.filter((e) => e.at < at && e.counted);
    return before.length ? before[before.length - 1]!.at : this.held;
  }
}

describe('ActivityLog on the window slab', () => {
  it('wraps around its ring: pruning moves the head, new entries reuse the freed records, order holds', () => {
    const log = new ActivityLog();
    for (let k = 0; k < 8; k++) log.add(entry({ at: T0 + k * MIN, usd: '1', id: `a${k}` }));
    expect(log.bytes).toBe(8 * RECORD_BYTES);
    log.prune(T0 + 4 * MIN); // a0..a4 leave: the head is in the middle of the block
    for (let k = 8; k < 11; k++) log.add(entry({ at: T0 + k * MIN, usd: '1', id: `a${k}` })); // wrap past the end
    expect(log.bytes).toBe(8 * RECORD_BYTES); // no move: the ring reused the pruned records
    // Out-of-order arrivals into the wrapped ring, near either end (the shorter side moves).
    log.add(entry({ at: T0 + 5.5 * MIN, usd: '1', id: 'early' }));
    log.add(entry({ at: T0 + 9.5 * MIN, usd: '1', id: 'late' }));
    expect(ids(log.between(T0, T0 + DAY))).toEqual(['a5', 'early', 'a6', 'a7', 'a8', 'a9', 'late', 'a10']);
    expect(log.oldestAt).toBe(T0 + 5 * MIN);
    expect(log.get('a9')?.at).toBe(T0 + 9 * MIN);
    expect(log.get('a4')).toBeUndefined();
  });

  it('evicts by age into a smaller block, and other customers reuse the freed blocks without corruption', () => {
    const slab = new WindowSlab();
    const a = new ActivityLog([], {}, slab);
    const b = new ActivityLog([], {}, slab);
    for (let k = 0; k < 32; k++) {
      a.add(entry({ at: T0 - (32 - k) * HOUR, usd: `${k}`, id: `a${k}`, cp: `user:p${k}` }));
      b.add(entry({ at: T0 - (32 - k) * HOUR, usd: `${k}.5`, id: `b${k}`, direction: 'inbound' }));
    }
    expect(a.bytes).toBe(32 * RECORD_BYTES);
    const used = slab.usedBytes;
    a.prune(T0 - 3 * HOUR); // 30 of 32 leave: the log moves down to a small block
    expect(a.size).toBe(2);
    expect(a.bytes).toBeLessThanOrEqual(8 * RECORD_BYTES);
    expect(slab.usedBytes).toBeLessThan(used);
    expect(a.lastActiveBefore(T0 - 2 * HOUR)).toBe(T0 - 3 * HOUR); // the latest pruned activity is remembered
    const c = new ActivityLog([], {}, slab);
    for (let k = 0; k < 20; k++) c.add(entry({ at: T0 + k, usd: '9', id: `c${k}` }));
    expect(ids(a.between(T0 - DAY, T0))).toEqual(['a30', 'a31']);
    expect(b.between(T0 - 40 * HOUR, T0).map((e) => e.amountUsd)).toEqual(
      Array.from({ length: 32 }, (_, k) => parseDecimal(`${k}.5`)),
    );
    expect(ids(c.between(T0 - 1, T0 + DAY))).toEqual(Array.from({ length: 20 }, (_, k) => `c${k}`));
    // Everything pruned: no block held at all.
    a.prune(T0);
    expect([a.size, a.bytes, a.oldestAt]).toEqual([0, 0, undefined]);
  });

  it('holds amounts exactly: 18 decimals, above 2^64, above 2^128, zero', () => {
    const amounts = [
      0n,
      1n, // 10^-18 USD
      parseDecimal('0.1'),
      parseDecimal('9999.99'),
      parseDecimal('123456789012345.123456789012345678'), // 15 integer digits, 18 decimals: above 2^64
      2n ** 128n - 1n, // the widest value held inline
      2n ** 128n, // held as text
      10n ** 45n + 5n,
    ];
    const log = new ActivityLog(
      amounts.map((amountUsd, k) => ({ ...entry({ at: T0 - k * MIN, usd: '0', id: `m${k}` }), amountUsd })),
    );
    for (const [k, amountUsd] of amounts.entries()) expect(log.get(`m${k}`)?.amountUsd).toBe(amountUsd);
    const total = log.between(T0 - DAY, T0).reduce((s, e) => s + e.amountUsd, 0n);
    expect(total).toBe(amounts.reduce((s, a) => s + a, 0n));
  });

  it('gives back ids, counterparty keys and tags exactly, inline or interned, and releases what it interned', () => {
    const slab = new WindowSlab();
    const hashed = 'wallet:AAECAwQFBgcICQoLDA0ODw'; // a keyedHash(): 16 bytes, base64url
    const samples: ActivityEntry[] = [
      { ...entry({ at: T0 - 5 * MIN, usd: '1', id: 'x'.repeat(40), cp: hashed }), bodyTag: 0x3fffffff },
      { ...entry({ at: T0 - 4 * MIN, usd: '1', id: 'y'.repeat(41), cp: 'name:_-_-_-_-_-_-_-_-_-_w' }), bodyTag: -1 },
      entry({ at: T0 - 3 * MIN, usd: '1', id: 'Überweisung-ß', cp: 'wallet:AAECAwQFBgcICQoLDA0ODx' }), // not canonical
      entry({ at: T0 - 2 * MIN, usd: '1', id: 'зачисление', cp: 'user:a-customer-with-a-long-id' }),
      entry({ at: T0 - MIN, usd: '1', id: '', cp: 'user:u1' }),
      entry({ at: T0, usd: '1', id: 'plain' }),
    ];
    const log = new ActivityLog(samples, {}, slab);
    expect(log.between(T0 - DAY, T0)).toEqual(samples);
    for (const e of samples) expect(log.get(e.transactionId)).toEqual(e);
    expect(slab.strings.size).toBeGreaterThan(0);
    log.prune(T0);
    expect(slab.strings.size).toBe(0);
  });

  it('keeps counterparties distinct exactly as their keys are: the fan rule counts the same', () => {
    // Keys that differ in one bit of the hash, in the last character, or only in their kind.
    const keys = [
      'wallet:AAECAwQFBgcICQoLDA0ODw',
      'wallet:AQECAwQFBgcICQoLDA0ODw',
      'wallet:AAECAwQFBgcICQoLDA0OEA',
      'name:AAECAwQFBgcICQoLDA0ODw',
      'user:AAECAwQFBgcICQoLDA0ODw',
      'wallet:AAECAwQFBgcICQoLDA0ODw', // a repeat: not a new counterparty
    ];
    const history = keys.map((cp, k) => entry({ at: T0 - (k + 1) * MIN, usd: '5', direction: 'inbound', cp }));
    const hits = fanIn(context({ tx: tx({ direction: 'inbound' }), history }));
    expect(hits[0]?.details).toMatchObject({ distinctCounterparties: 5 });
    const log = new ActivityLog(history);
    expect(new Set(log.between(T0 - DAY, T0).map((e) => e.counterpartyKey)).size).toBe(5);
  });

  it('a customer leaving the cache frees their block; whoever still holds their state keeps reading it', async () => {
    const history = (u: string) =>
      [0, 1, 2].map((k) => entry({ at: T0 - (k + 1) * HOUR, usd: `${k + 1}`, id: `${u}${k}` }));
    const store = new UserStateStore(
      async (u) => ({ entries: history(u), monitoring: 'standard' }),
      7 * DAY,
      1, // one customer in memory: the next evicts the first
    );
    const held = await store.get('a', T0);
    const bytes = store.windowBytes;
    await store.get('b', T0); // evicts a
    held.activity.add(entry({ at: T0, usd: '10', id: 'a-new' })); // a screening still running on a's state
    expect(ids(held.activity.between(T0 - DAY, T0))).toEqual(['a2', 'a1', 'a0', 'a-new']);
    expect(held.activity.get('a1')?.amountUsd).toBe(parseDecimal('2'));
    const b = await store.get('b', T0);
    expect(ids(b.activity.between(T0 - DAY, T0))).toEqual(['b2', 'b1', 'b0']); // b reused a's block, untouched
    expect(store.windowBytes).toBe(bytes); // no new buffer for b: a's block was free
  });

  it('answers like the object-per-entry log through random adds, removes, prunes and reads', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const slab = new WindowSlab();
    const logs = [new ActivityLog([], {}, slab), new ActivityLog([], {}, slab)];
    const refs = [new Reference(), new Reference()];
    let next = 0;
    let now = T0;
    for (let step = 0; step < 4000; step++) {
      const w = rand(2);
      const log = logs[w]!;
      const ref = refs[w]!;
      const op = rand(10);
      if (op < 6) {
        now += rand(3) * MIN;
        const e = entry({
          at: now - rand(4) * 20 * MIN, // out of order sometimes, equal timestamps often
          usd: `${rand(20_000)}.${rand(100)}`,
          id: `t${next++}`,
          direction: rand(2) ? 'inbound' : 'outbound',
          counted: rand(5) > 0,
          ...(rand(3) ? { cp: `user:c${rand(7)}` } : {}),
        });
        log.add(e);
        ref.add(e);
      } else if (op < 7 && ref.entries.length > 0) {
        const victim = ref.entries[rand(ref.entries.length)]!;
        log.remove(victim, log.firstSeenAt);
        ref.remove(victim.transactionId);
      } else if (op < 8) {
        const cutoff = now - rand(6) * HOUR;
        log.prune(cutoff);
        ref.prune(cutoff);
      }
      const from = now - rand(5) * HOUR;
      expect(log.between(from, now)).toEqual(ref.between(from, now));
      expect(log.countBetween(from, now)).toBe(ref.between(from, now).length);
      const probeAt = now - rand(3) * HOUR;
      expect(log.lastActiveBefore(probeAt)).toBe(ref.lastActiveBefore(probeAt));
      expect(log.size).toBe(ref.entries.length);
      const probe = ref.entries[rand(ref.entries.length + 1)];
      if (probe) expect(log.get(probe.transactionId)).toEqual(probe);
    }
    expect(slab.strings.size).toBe(0); // user keys of 7 characters stay inline
  });
});
