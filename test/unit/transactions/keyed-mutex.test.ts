import { describe, expect, it } from 'vitest';
import { canonicalJson, bodyHash, bodyTag } from '../../../src/transactions/body-hash.ts';
import { KeyedMutex } from '../../../src/transactions/keyed-mutex.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedMutex', () => {
  it('runs work for one key one at a time, in arrival order', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        m.run('u1', async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await tick();
          log.push(String(i));
          running--;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
    expect(log).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(m.activeKeys).toBe(0);
  });

  it('runs different keys in parallel and survives a failing task', async () => {
    const m = new KeyedMutex();
    let running = 0;
    let maxRunning = 0;
    const work = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick();
      running--;
    };
    await Promise.all(['a', 'b', 'c'].map((k) => m.run(k, work)));
    expect(maxRunning).toBe(3);
    await expect(
      m.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(m.run('a', async () => 42)).resolves.toBe(42);
  });
});

describe('body hash', () => {
  it('ignores key order and undefined members, not values', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined } })).toBe('{"a":{"d":[1,2]},"b":1}');
    expect(bodyHash({ a: 1, b: '2' })).toBe(bodyHash({ b: '2', a: 1 }));
    expect(bodyHash({ a: 1, b: '2' })).not.toBe(bodyHash({ a: 1, b: '3' }));
  });
  it('tags a hash with a small integer that differs when the hash does', () => {
    const hashes = Array.from({ length: 1_000 }, (_, i) => bodyHash({ transactionId: 't', amount: String(i) }));
    const tags = hashes.map(bodyTag);
    // Small integers: V8 stores them inline, no heap object per entry.
    expect(tags.every((t) => Number.isInteger(t) && t >= 0 && t < 2 ** 30)).toBe(true);
    expect(new Set(tags).size).toBe(1_000);
    expect(bodyTag(hashes[0]!)).toBe(bodyTag(`${hashes[0]}`));
  });
});
