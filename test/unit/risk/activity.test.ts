import { describe, expect, it } from 'vitest';
import { ActivityLog } from '../../../src/risk/activity.ts';
import { DAY, entry, HOUR, T0 } from './context.ts';

describe('ActivityLog: a customer’s windows on the transactions’ own timestamps', () => {
  it('keeps entries sorted when they arrive out of order (backfill), windows are (from, to]', () => {
    const log = new ActivityLog();
    log.add(entry({ at: T0, usd: '3', id: 'c' }));
    log.add(entry({ at: T0 - 2 * HOUR, usd: '1', id: 'a' }));
    log.add(entry({ at: T0 - HOUR, usd: '2', id: 'b' }));
    expect(log.between(T0 - 3 * HOUR, T0).map((e) => e.transactionId)).toEqual(['a', 'b', 'c']);
    expect(log.between(T0 - 2 * HOUR, T0).map((e) => e.transactionId)).toEqual(['b', 'c']);
    // A replay at T0 - 1h sees only what had happened by then.
    expect(log.between(T0 - 25 * HOUR, T0 - HOUR).map((e) => e.transactionId)).toEqual(['a', 'b']);
  });
  it('skips uncounted (blocked) entries in windows and activity, but remembers them for idempotency', () => {
    const log = new ActivityLog([entry({ at: T0 - HOUR, usd: '1', counted: false, id: 'blocked' })]);
    expect(log.between(T0 - DAY, T0)).toEqual([]);
    expect(log.lastActiveBefore(T0)).toBeUndefined();
    expect(log.get('blocked')?.transactionId).toBe('blocked');
  });
  // Entries are records in a slab now: get() hands back an equal entry, not the object that was added.
  it('finds entries by id at every size (block moves between size classes), through add, remove and prune', () => {
    const log = new ActivityLog();
    const added = Array.from({ length: 40 }, (_, k) => entry({ at: T0 - (40 - k) * HOUR, usd: '1', id: `t${k}` }));
    for (const [k, e] of added.entries()) {
      log.add(e);
      // Every id added so far is found, and one not added is not, at every size on both sides of the switch.
      expect(log.get(`t${k}`)).toEqual(e);
      expect(log.get(`t${Math.floor(k / 2)}`)).toEqual(added[Math.floor(k / 2)]);
      expect(log.get(`t${k + 1}`)).toBeUndefined();
    }
    log.remove(added[39]!, log.firstSeenAt);
    expect(log.get('t39')).toBeUndefined();
    log.prune(T0 - 20 * HOUR);
    expect(log.get('t0')).toBeUndefined();
    expect(log.get('t20')).toBeUndefined();
    expect(log.get('t21')).toEqual(added[21]);
    const small = new ActivityLog(added.slice(0, 3));
    small.remove(added[1]!, small.firstSeenAt);
    expect([small.get('t0'), small.get('t1'), small.get('t2')]).toEqual([added[0], undefined, added[2]]);
  });
  it('remove() undoes add() exactly', () => {
    const log = new ActivityLog([], { firstSeenAt: T0 - DAY });
    const e = entry({ at: T0 - 3 * DAY, usd: '5', id: 'x' });
    log.add(e);
    expect(log.firstSeenAt).toBe(T0 - 3 * DAY);
    log.remove(e, T0 - DAY);
    expect(log.size).toBe(0);
    expect(log.get('x')).toBeUndefined();
    expect(log.firstSeenAt).toBe(T0 - DAY);
  });
  it('prune() drops old entries but keeps the last activity date for dormancy', () => {
    const log = new ActivityLog([
      entry({ at: T0 - 30 * DAY, usd: '1' }),
      entry({ at: T0 - 10 * DAY, usd: '1' }),
      entry({ at: T0 - HOUR, usd: '1' }),
    ]);
    log.prune(T0 - 7 * DAY);
    expect(log.size).toBe(1);
    expect(log.lastActiveBefore(T0 - 2 * HOUR)).toBe(T0 - 10 * DAY);
    expect(log.lastActiveBefore(T0)).toBe(T0 - HOUR);
  });
});
