/**
 * Monitoring's indexes off the main thread. The full re-screen's scoring worker opens the snapshot's own index from shared memory (SanctionsIndex.shared):
 * it scores exactly as the main thread does, whether it opened the shared image or (an index built in-process,
 * without a shared form) built its copy from the entities. A delta run's prefilter index over many changed
 * entities is built by the index worker, identical to the in-process build.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefilterIndex } from '../../src/monitoring/delta-run.ts';
import type { Identity } from '../../src/monitoring/identity.ts';
import { scored, screenWith } from '../../src/monitoring/matching.ts';
import { ScoringWorker } from '../../src/monitoring/scoring-worker.ts';
import { type Entity, SOURCE_IDS } from '../../src/sanctions/entity.ts';
import { serializeEntities } from '../../src/sanctions/entity-transfer.ts';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { buildIndexImageInWorker } from '../../src/sanctions/index-worker.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import type { ListSnapshot } from '../../src/sanctions/registry.ts';
import { WalletIndex } from '../../src/sanctions/wallets.ts';
import { SAMPLE_LISTS_DIR } from '../helpers/shared-data.ts';

const snapshotOf = (index: SanctionsIndex): ListSnapshot => ({
  index,
  wallets: WalletIndex.build([]),
  sources: new Map(),
  builtAt: new Date(0),
  sample: true,
});

describe('scoring worker', () => {
  let shared: SanctionsIndex;
  let built: SanctionsIndex;
  let identities: (Identity | undefined)[];
  let entities: Entity[];
  const workers: ScoringWorker[] = [];

  beforeAll(async () => {
    const { parsed } = await loadSourcesFromDir(SAMPLE_LISTS_DIR);
    entities = parsed.filter((p) => SOURCE_IDS.includes(p.source)).flatMap((p) => p.entities);
    const chunks = serializeEntities(entities);
    const { image } = await buildIndexImageInWorker(chunks);
    shared = SanctionsIndex.fromImage(image, entities, chunks);
    built = SanctionsIndex.build(entities);
    identities = [
      ...entities.slice(0, 40).map((e) => ({ name: e.name })),
      { name: 'Vladimir Putin', dateOfBirth: '1952-10-07', nationality: 'RU' },
      { name: 'Jane Ordinary' },
      undefined,
    ];
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
  });

  it('opens the shared index (no copy of the entities) and scores as the main thread does', async () => {
    expect(shared.shared()).toBeDefined();
    const w = await ScoringWorker.start(snapshotOf(shared));
    workers.push(w);
    const expected = identities.map((i) => (i ? screenWith(shared, i, 0.8).map(scored) : []));
    expect(expected.flat().length).toBeGreaterThan(0);
    expect(await w.score(identities, 0.8)).toEqual(expected);
  });

  it('builds its copy from the entities of an index without a shared form, with the same scores', async () => {
    expect(built.shared()).toBeUndefined();
    const w = await ScoringWorker.start(snapshotOf(built));
    workers.push(w);
    const expected = identities.map((i) => (i ? screenWith(shared, i, 0.8).map(scored) : []));
    expect(await w.score(identities, 0.8)).toEqual(expected);
  });

  /** Scheduling policy of each of this process's threads (/proc/self/task/<tid>/stat, field 41; 5 = SCHED_IDLE). */
  const policies = () =>
    fs.readdirSync('/proc/self/task').map((tid) => {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
    });
  // Where chrt exists and the kernel lets a process take the idle class (not every sandbox does).
  const hasChrt = process.platform === 'linux' && spawnSync('chrt', ['--idle', '0', 'true']).status === 0;

  it.skipIf(!hasChrt)('runs in the idle scheduling class: a waking request thread takes the core at once', async () => {
    const before = policies().filter((p) => p === 5).length;
    const w = await ScoringWorker.start(snapshotOf(shared));
    workers.push(w);
    expect(policies().filter((p) => p === 5).length).toBe(before + 1);
    // This thread keeps the normal class.
    expect(policies()[0]).toBe(0);
  });

  it("builds a large delta's prefilter index in the index worker, the same as in-process", async () => {
    const changed = entities.slice(0, 60);
    const few = await prefilterIndex(changed.slice(0, 5));
    const many = await prefilterIndex(changed);
    expect(few?.layout).toBe('objects');
    expect(many?.layout).toBe('flat');
    expect(await prefilterIndex([])).toBeUndefined();
    const reference = SanctionsIndex.build(changed);
    for (const e of changed.slice(0, 20))
      expect(many!.screen({ name: e.name, threshold: 0.7, limit: 5 })).toEqual(
        reference.screen({ name: e.name, threshold: 0.7, limit: 5 }),
      );
  });
});
