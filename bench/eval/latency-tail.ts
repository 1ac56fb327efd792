/**
 * Which queries make the first-time p99 (bench/screening.ts `intrinsic`), and where their time goes:
 * the same 4,683 queries (yente's UN variants and 2 × 2,000 negatives), fastest of REPS runs per
 * query with the index's remembered token lookups forgotten before each, then the slowest queries
 * with the time of prepareName, candidate generation (token lookups) and exact scoring.
 *
 *   npx tsx bench/eval/latency-tail.ts   (REPS=3, TOP=40; SHARED_DATA_DIR as in dev.ts)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import { prepareName } from '../../src/sanctions/normalize.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/sanctions/score.ts';
import { parseCsv } from '../../src/sanctions/sources/common/csv.ts';
import { percentile } from '../lib/load.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SHARED_DATA_DIR ?? path.resolve(root, '../shared/data');
const evalDir = path.join(shared, 'eval');
const names = (rel: string, limit = Number.POSITIVE_INFINITY): string[] => {
  const rows = parseCsv(fs.readFileSync(path.join(evalDir, rel), 'utf8'), {
    source: 'bench',
    file: rel,
    columns: 'first-row',
  });
  const i = rows[0]!.indexOf('full_name');
  return rows
    .slice(1, 1 + limit)
    .map((r) => (r[i] ?? '').trim())
    .filter(Boolean);
};
const loaded = await loadSourcesFromDir(path.join(shared, 'lists'));
const entities = loaded.parsed.flatMap((p) => p.entities);
const t = performance.now();
const index = SanctionsIndex.build(entities);
console.log(`index build ${(performance.now() - t).toFixed(0)} ms`);
const queries = [
  ...names('yente/positives_un_treated.csv'),
  ...names('yente/negatives_global.csv', 2000),
  ...names('yente/negatives_us.csv', 2000),
];
const threshold = DEFAULT_MATCH_THRESHOLD;
for (const q of queries) index.screen({ name: q, threshold, limit: 10 }); // warm the JIT
const reps = Number(process.env.REPS ?? 3);
const first = new Array<number>(queries.length).fill(Number.POSITIVE_INFINITY);
const again = new Array<number>(queries.length).fill(Number.POSITIVE_INFINITY);
for (let rep = 0; rep < reps; rep++) {
  queries.forEach((q, i) => {
    index.forgetLookups();
    let t0 = performance.now();
    index.screen({ name: q, threshold, limit: 10 });
    first[i] = Math.min(first[i]!, performance.now() - t0);
    t0 = performance.now();
    index.screen({ name: q, threshold, limit: 10 });
    again[i] = Math.min(again[i]!, performance.now() - t0);
  });
}
const f = [...first].sort((a, b) => a - b);
const a = [...again].sort((a, b) => a - b);
const p = (xs: number[], q: number): string => percentile(xs, q).toFixed(3);
console.log(`first time p50 / p99 / p99.9 ${p(f, 50)} / ${p(f, 99)} / ${p(f, 99.9)} ms`);
console.log(`again      p50 / p99 / p99.9 ${p(a, 50)} / ${p(a, 99)} / ${p(a, 99.9)} ms`);
console.log(`over 1 ms: ${first.filter((x) => x > 1).length} first time, ${again.filter((x) => x > 1).length} again`);

// Where the slowest queries' time goes (internal parts, timed by the same fastest-of-REPS rule).
type Internals = {
  candidates: (q: ReturnType<typeof prepareName>, th: number, s: undefined) => number[];
  lookup: (t: ReturnType<typeof prepareName>['tokens'][number]) => unknown[];
};
const internals = index as unknown as Internals;
const top = queries
  .map((q, i) => ({ q, ms: first[i]!, again: again[i]! }))
  .sort((x, y) => y.ms - x.ms)
  .slice(0, Number(process.env.TOP ?? 40));
const best = (fn: () => unknown): number => {
  let m = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    index.forgetLookups();
    const t1 = performance.now();
    fn();
    m = Math.min(m, performance.now() - t1);
  }
  return m;
};
console.log('\nms first | again | prepare | candidates (n) | slowest token lookup  query');
for (const { q, ms, again: ag } of top) {
  const prep = best(() => prepareName(q));
  const query = prepareName(q);
  let n = 0;
  const cand = best(() => {
    n = internals.candidates(query, threshold, undefined).length;
  });
  const tokenMs = query.tokens.map((tok) => ({ tok, ms: best(() => internals.lookup(tok)) }));
  tokenMs.sort((x, y) => y.ms - x.ms);
  const slow = tokenMs[0];
  console.log(
    `${ms.toFixed(3)} | ${ag.toFixed(3)} | ${prep.toFixed(3)} | ${cand.toFixed(3)} (${n}) | ` +
      `${slow ? `${slow.tok.text}/${slow.tok.kind} ${slow.ms.toFixed(3)}` : '-'}  ${q}`,
  );
}
