/**
 * The scoring worker (full re-screens off the request path) scores exactly as the main thread does: same matches,
 * same scores and explanations, the entity replaced by its identifying-content hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../../src/bootstrap.ts';
import { scored, screenIdentity } from '../../../src/monitoring/matching.ts';
import { ScoringWorker } from '../../../src/monitoring/scoring-worker.ts';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../../src/sanctions/load.ts';
import type { ListSnapshot } from '../../../src/sanctions/registry.ts';
import { WalletIndex } from '../../../src/sanctions/wallets.ts';

describe('ScoringWorker', () => {
  let snapshot: ListSnapshot;
  let worker: ScoringWorker;

  beforeAll(async () => {
    const entities = (await loadSourcesFromDir(SAMPLE_LISTS_DIR)).parsed.flatMap((p) => p.entities);
    snapshot = {
      index: SanctionsIndex.build(entities),
      wallets: WalletIndex.build(entities),
      sources: new Map(),
      builtAt: new Date(),
      sample: true,
    };
    worker = await ScoringWorker.start(snapshot);
  });
  afterAll(() => worker.close());

  it('answers what the main thread answers, one array per identity', async () => {
    const identities = [
      { name: 'Nicolas Maduro Moros', dateOfBirth: '1962-11-23', nationality: 'VE' },
      undefined,
      { name: 'Harriet Plumtree' },
      { name: 'Kim Jong Un' },
    ];
    const here = identities.map((i) => (i ? screenIdentity(snapshot, i, 0.8).map(scored) : []));
    const there = await worker.score(identities, 0.8);
    expect(there).toEqual(here);
    expect(here[0]!.length).toBeGreaterThan(0);
    expect(there[0]![0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(there[1]).toEqual([]);
  });

  it('fails its pending and later calls once the thread is gone', async () => {
    const w = await ScoringWorker.start(snapshot);
    await w.close();
    await expect(w.score([{ name: 'Anyone' }], 0.8)).rejects.toThrow(/exited/);
  });
});
