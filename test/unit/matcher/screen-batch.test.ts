/**
 * Batch screening in slices (src/sanctions/screen-batch.ts): the answer is exactly screenName's per
 * query, in request order, however the batch is sliced; and the event loop gets its turns during a batch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../../src/bootstrap.ts';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../../src/sanctions/load.ts';
import type { ListSnapshot } from '../../../src/sanctions/registry.ts';
import { screenBatch } from '../../../src/sanctions/screen-batch.ts';
import { screenName } from '../../../src/sanctions/screening.ts';
import { WalletIndex } from '../../../src/sanctions/wallets.ts';

const defaults = { threshold: 0.8, limit: 10 };

describe('screenBatch', () => {
  let snapshot: ListSnapshot;
  let queries: { id: string; name: string }[];

  beforeAll(async () => {
    const entities = (await loadSourcesFromDir(SAMPLE_LISTS_DIR)).parsed.flatMap((p) => p.entities);
    snapshot = {
      index: SanctionsIndex.build(entities),
      wallets: WalletIndex.build(entities),
      sources: new Map(),
      builtAt: new Date(),
      sample: true,
    };
    // Listed names (hits), their variants and clean names, interleaved: order must survive the slicing.
    const listed = entities.slice(0, 150).map((e) => e.names[0]!.full);
    queries = listed.flatMap((name, i) => [
      { id: `l${i}`, name },
      { id: `v${i}`, name: name.split(' ').reverse().join(' ').toLowerCase() },
      { id: `c${i}`, name: `Harriet Plumtree ${i}` },
    ]);
  });

  it('answers exactly what screenName answers, in request order, for any slicing', async () => {
    const expected = queries.map(({ id, ...q }) => ({ id, matches: screenName(snapshot, q, defaults).matches }));
    expect(expected.filter((r) => r.matches.length > 0).length).toBeGreaterThan(40);
    for (const bounds of [
      { sliceQueries: 1 },
      { sliceQueries: 7 },
      { sliceMs: 0 },
      {},
      { sliceMs: 1_000_000, sliceQueries: 1_000_000 },
    ]) {
      const r = await screenBatch(snapshot, queries, defaults, { maxMatches: 1_000_000, ...bounds });
      expect(r.results).toEqual(expected);
      expect(r.threshold).toBe(defaults.threshold);
    }
  });

  it('gives the event loop a turn between slices', async () => {
    // A chain of setImmediate callbacks stands for other requests: it advances only when the batch yields.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await screenBatch(snapshot, queries, defaults, { maxMatches: 1_000_000, sliceQueries: 10, sliceMs: 1_000_000 });
    running = false;
    // 450 queries in slices of 10: at least one turn between consecutive slices.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(queries.length / 10) - 1);
  });

  it('stops between slices when the caller is gone', async () => {
    const controller = new AbortController();
    const run = screenBatch(snapshot, queries, defaults, { maxMatches: 1_000_000, sliceQueries: 5 }, controller.signal);
    controller.abort();
    await expect(run).rejects.toThrow();
  });
});
