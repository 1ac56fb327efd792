/**
 * The fast tuning loop for the perturbation classes: the DEVELOPMENT half of our own perturbed list
 * names only (bench/eval/perturb.ts), recall per class at the default threshold and every miss with
 * the best match the query got. Seconds, not the twenty minutes of bench/screening.ts; the held-out
 * half is never generated here.
 *
 *   npx tsx bench/eval/dev-perturb.ts   (THRESHOLD, PER_CLASS=250, QUERY="…" to look at one query)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/sanctions/score.ts';
import { SWEEP_FROM } from './evaluate.ts';
import { PERTURB_CLASSES, generatePerturbations } from './perturb.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SHARED_DATA_DIR ?? path.resolve(root, '../shared/data');
const loaded = await loadSourcesFromDir(path.join(shared, 'lists'));
const entities = loaded.parsed.flatMap((p) => p.entities);
const index = SanctionsIndex.build(entities);
const th = Number(process.env.THRESHOLD ?? DEFAULT_MATCH_THRESHOLD);
const one = process.env.QUERY;
if (one) {
  for (const m of index.screen({ name: one, threshold: Number(process.env.QT ?? SWEEP_FROM), limit: 8 }))
    console.log(`${m.score} ${m.source}:${m.sourceId} ${m.matchedName}`);
  process.exit(0);
}
const cases = generatePerturbations(entities, 'dev', Number(process.env.PER_CLASS ?? 250));
let hits = 0;
const lines: string[] = [];
for (const c of PERTURB_CLASSES) {
  const mine = cases.filter((x) => x.cls === c);
  let ok = 0;
  for (const x of mine) {
    // As evaluate.ts screens them (the threshold moves the candidate bound).
    const ms = index.screen({ name: x.query, threshold: SWEEP_FROM, limit: 25 });
    const m = ms.find((y) => y.source === x.source && y.sourceId === x.sourceId);
    if (m && m.score >= th) ok++;
    else if (process.env.RECHECK) {
      index.forgetLookups();
      const again = index
        .screen({ name: x.query, threshold: SWEEP_FROM, limit: 25 })
        .find((y) => y.source === x.source && y.sourceId === x.sourceId);
      lines.push(
        `  [${c}] ${x.source}:${x.sourceId} ${x.query}: ${m?.score ?? '-'} in the run, ${again?.score ?? '-'} with lookups forgotten`,
      );
    } else
      lines.push(
        `  [${c}] ${x.query}  ←  ${x.original}  (${m ? m.score : '-'}; top ${ms[0]?.score ?? '-'} ${ms[0]?.matchedName ?? ''})`,
      );
  }
  hits += ok;
  console.log(`${c.padEnd(22)} ${((100 * ok) / mine.length).toFixed(2)} % (${mine.length})`);
}
console.log(`all                    ${((100 * hits) / cases.length).toFixed(2)} % (${cases.length})`);
console.log(lines.join('\n'));
