/**
 * The tuning loop: development-half figures only (and examples of what the development half
 * misses), so that rules are written without looking at the held-out half.
 *
 *   npx tsx bench/eval/dev.ts   (NEG_LIMIT=10000 for a faster pass; THRESHOLD to read one row)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/sanctions/score.ts';
import { chooseThreshold, evaluate, summarise } from './evaluate.ts';
import { PERTURB_CLASSES } from './perturb.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SHARED_DATA_DIR ?? path.resolve(root, '../shared/data');
const loaded = await loadSourcesFromDir(path.join(shared, 'lists'));
const entities = loaded.parsed.flatMap((p) => p.entities);
const index = SanctionsIndex.build(entities);
const s = evaluate(index, entities, {
  evalDir: path.join(shared, 'eval'),
  negativeLimit: Number(process.env.NEG_LIMIT ?? 50000),
});
const th = Number(process.env.THRESHOLD ?? DEFAULT_MATCH_THRESHOLD);
const chosen = chooseThreshold(s);
console.log(`default ${DEFAULT_MATCH_THRESHOLD}; development half picks ${chosen}`);
for (const t of [0.72, 0.74, 0.76, 0.78, 0.8, 0.82, 0.84]) {
  const d = summarise(s, t, false);
  console.log(
    `${t.toFixed(2)} un ${d.unRecall} fp ${d.fpNameOnly} dob ${d.fpWithDob} nk ${d.nomenklatura.f1} ` +
      `pert ${d.perturbAll} ${PERTURB_CLASSES.map((c) => `${c.slice(0, 8)}=${d.perturb[c].recall}`).join(' ')}`,
  );
}
const dev = <T extends { heldout: boolean }>(xs: T[]): T[] => xs.filter((x) => !x.heldout);
for (const c of PERTURB_CLASSES) {
  const miss = dev(s.perturb).filter((p) => p.cls === c && p.score < th);
  console.log(`\n${c} misses (${miss.length}):`);
  for (const m of miss.slice(0, Number(process.env.SHOW ?? 12)))
    console.log(`  ${m.query}  ←  ${m.original}  (${m.score})`);
}
const fps = dev(s.negatives).filter((n) => n.score >= th);
console.log(
  `\nnegatives ≥ ${th} (${fps.length}): ${fps
    .slice(0, 40)
    .map((n) => `${n.name} (${n.score})`)
    .join('; ')}`,
);
const nk = dev(s.nomenklatura).filter((n) => n.score >= th !== n.gold);
console.log(`\nnomenklatura errors: ${nk.length}`);
for (const n of nk.slice(0, Number(process.env.SHOW ?? 12)))
  console.log(`  ${n.gold ? 'missed' : 'false match'} [${n.quality}] ${n.name1} ~ ${n.name2} (${n.score})`);
const un = dev(s.un).filter((u) => u.score < th);
console.log(`un misses: ${un.map((u) => `${u.query} → ${u.expected} (${u.score})`).join('; ')}`);
const lat = [...s.latencies].sort((a, b) => a - b);
console.log(
  `latency p50 ${lat[Math.floor(lat.length / 2)]?.toFixed(3)} p99 ${lat[Math.floor(lat.length * 0.99)]?.toFixed(3)}`,
);
