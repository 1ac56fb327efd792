/**
 * The index the service runs on is built in a worker thread and handed over as flat typed arrays
 * (index-worker.ts, index-image.ts). It must answer exactly what the in-process build (Maps and
 * token objects, index-build.ts) answers: the same matches, scores, order and explanations. Checked
 * on the bundled sample always, and on a few thousand queries from the public evaluation sets over
 * all five real lists (skipped with a message without ../shared/data; failed under CI=true).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/sanctions/entity.ts';
import { deserializeEntities, serializeEntities } from '../../../src/sanctions/entity-transfer.ts';
import { SanctionsIndex, type ScreenMatch } from '../../../src/sanctions/index.ts';
import { imageBytes } from '../../../src/sanctions/index-image.ts';
import { buildIndexImageInWorker } from '../../../src/sanctions/index-worker.ts';
import { loadSourcesFromDir } from '../../../src/sanctions/load.ts';
import { parseCsv } from '../../../src/sanctions/sources/common/csv.ts';
import { SAMPLE_LISTS_DIR, SHARED_DATA_DIR, SHARED_LISTS_DIR, describeShared } from '../../helpers/shared-data.ts';

/** Everything a caller sees of a match but the entity object itself (the same object on both sides). */
const view = (ms: ScreenMatch[]) => ms.map((m) => ({ ...m, entity: `${m.entity.source}/${m.entity.sourceId}` }));

async function bothBuilds(entities: Entity[]): Promise<{ inProcess: SanctionsIndex; worker: SanctionsIndex }> {
  const { image } = await buildIndexImageInWorker(serializeEntities(entities));
  const worker = SanctionsIndex.fromImage(image, entities);
  const inProcess = SanctionsIndex.build(entities);
  return { inProcess, worker };
}

describe('index built in a worker (bundled sample)', () => {
  let entities: Entity[];
  let idx: { inProcess: SanctionsIndex; worker: SanctionsIndex };
  beforeAll(async () => {
    entities = (await loadSourcesFromDir(SAMPLE_LISTS_DIR)).parsed.flatMap((p) => p.entities);
    idx = await bothBuilds(entities);
  }, 120_000);

  it('is a flat image, and entities survive the shared-memory round trip unchanged', () => {
    expect(idx.worker.layout).toBe('flat');
    expect(idx.inProcess.layout).toBe('objects');
    expect(idx.worker.stats).toEqual(idx.inProcess.stats);
    expect(deserializeEntities(serializeEntities(entities))).toEqual(entities);
  });

  it('runs a build that outgrows its heap cap again without the cap, to the same image', async () => {
    const chunks = serializeEntities(entities);
    // A cap no build fits in (the worker's modules alone need more): the first worker runs out of memory.
    const retried = await buildIndexImageInWorker(chunks, { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 });
    const capped = await buildIndexImageInWorker(chunks);
    expect(retried.uncapped).toBe(true);
    expect(capped.uncapped).toBe(false);
    expect(retried.image).toEqual(capped.image);
  }, 60_000);

  it('answers every sample name and its variants exactly as the in-process build', () => {
    const queries = entities.flatMap((e) => e.names.map((n) => n.full)).slice(0, 400);
    for (const q of [...queries, ...queries.map((q) => q.toLowerCase().replace(/a/g, 'e'))]) {
      const query = { name: q, threshold: 0.7, limit: 25 };
      expect(view(idx.worker.screen(query))).toEqual(view(idx.inProcess.screen(query)));
    }
  });
});

describeShared('index built in a worker answers as the in-process build (all five real lists, eval sets)', () => {
  let entities: Entity[];
  let idx: { inProcess: SanctionsIndex; worker: SanctionsIndex };
  const EVAL = path.join(SHARED_DATA_DIR, 'eval');
  const readCsv = (rel: string): string[][] =>
    parseCsv(fs.readFileSync(path.join(EVAL, rel), 'utf8'), { source: 'bench', file: rel, columns: 'first-row' });
  const column = (rel: string, col: string, limit: number): string[] => {
    const [head = [], ...rows] = readCsv(rel);
    const at = head.indexOf(col);
    return rows
      .slice(0, limit)
      .map((r) => (r[at] ?? '').trim())
      .filter(Boolean);
  };

  beforeAll(async () => {
    entities = (await loadSourcesFromDir(SHARED_LISTS_DIR)).parsed.flatMap((p) => p.entities);
    idx = await bothBuilds(entities);
  }, 600_000);

  it('has the same shape', () => {
    expect(idx.worker.stats).toEqual(idx.inProcess.stats);
    expect(idx.worker.stats.entities).toBeGreaterThan(20_000);
  });

  it('gives identical matches, scores, order and explanations on ≥ 3,000 eval queries', () => {
    const queries = [
      ...column('yente/positives_un_treated.csv', 'full_name', 700),
      ...column('yente/positives_us_congress_untreated.csv', 'full_name', 300),
      ...column('yente/negatives_global.csv', 'full_name', 1000),
      ...column('yente/negatives_us.csv', 'full_name', 500),
      ...column('nomenklatura/name_bench_cases.csv', 'name1', 900),
      ...fs
        .readFileSync(path.join(EVAL, 'nomenklatura/putin_names.txt'), 'utf8')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      ...fs
        .readFileSync(path.join(EVAL, 'watchman/cross_script_pairs.csv'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => l.split(',')[0]!),
    ];
    expect(queries.length).toBeGreaterThanOrEqual(3000);
    let matched = 0;
    for (const name of queries) {
      const q = { name, threshold: 0.7, limit: 25 };
      const a = view(idx.inProcess.screen(q));
      const b = view(idx.worker.screen(q));
      if (a.length) matched++;
      expect(b, name).toEqual(a);
    }
    // Not a vacuous comparison: plenty of queries return matches.
    expect(matched).toBeGreaterThan(800);
  });

  it('scores name pairs identically (corpus rarity)', () => {
    const [head = [], ...rows] = readCsv('nomenklatura/name_bench_cases.csv');
    const [a, b] = [head.indexOf('name1'), head.indexOf('name2')];
    expect(rows.length).toBeGreaterThan(500);
    for (const r of rows) expect(idx.worker.scoreNames(r[a]!, r[b]!)).toBe(idx.inProcess.scoreNames(r[a]!, r[b]!));
  });

  it('hands over its arrays in shared memory, openable by another thread as the same index', async () => {
    const some = entities.slice(0, 2000);
    const chunks = serializeEntities(some);
    const { image } = await buildIndexImageInWorker(chunks);
    expect(image.postNames).toBeInstanceOf(Uint32Array);
    expect(image.postNames.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(imageBytes(image)).toBeGreaterThan(0);
    const index = SanctionsIndex.fromImage(image, some, chunks);
    const shared = index.shared()!;
    expect(shared.chunks).toBe(chunks);
    const again = SanctionsIndex.fromImage(shared.image, deserializeEntities(shared.chunks));
    for (const name of ['Vladimir Putin', 'Banco Nacional de Cuba', 'Kim Jong Un'])
      expect(again.screen({ name, threshold: 0.7, limit: 5 })).toEqual(
        index.screen({ name, threshold: 0.7, limit: 5 }),
      );
    expect(SanctionsIndex.build(some).shared()).toBeUndefined();
  });
});
