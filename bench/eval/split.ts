/**
 * Development / held-out halves of every public evaluation set the matcher is tuned on. A row is
 * held out when a seeded hash of its set name and row number is odd; the resulting row numbers are
 * committed under bench/eval/splits/ so a change of hash or seed shows up in review. Thresholds and
 * rules are chosen on the development half only; the held-out half is the headline.
 *
 *   npx tsx bench/eval/split.ts   (re-writes the split lists from the eval files; SHARED_DATA_DIR honoured)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/sanctions/sources/common/csv.ts';
import { hash32 } from './random.ts';

export const SPLIT_SEED = 20261202;
const SPLITS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'splits');

/** Sets split by data row (0-based, header excluded). Rows of the yente pair files are aligned. */
export const SPLIT_SETS = {
  'yente-un-pairs': 'yente/positives_un_treated.csv',
  'yente-negatives-global': 'yente/negatives_global.csv',
  'yente-negatives-us': 'yente/negatives_us.csv',
  'nomenklatura-pairs': 'nomenklatura/name_bench_cases.csv',
  'putin-names': 'nomenklatura/putin_names.txt',
  'watchman-cross-script': 'watchman/cross_script_pairs.csv',
} as const;
export type SplitSet = keyof typeof SPLIT_SETS;

export const isHeldOut = (set: SplitSet, row: number): boolean => (hash32(`${set}#${row}`, SPLIT_SEED) & 1) === 1;

/** Held-out row numbers from the committed list (throws when the list is missing or stale). */
export function readSplit(set: SplitSet, rows: number): Set<number> {
  const file = path.join(SPLITS_DIR, `${set}.heldout.txt`);
  const text = fs.readFileSync(file, 'utf8');
  const header = /rows=(\d+)/.exec(text);
  if (!header || Number(header[1]) !== rows)
    throw new Error(`${file} was written for ${header?.[1]} rows, the set has ${rows}: run bench/eval/split.ts`);
  const held = new Set<number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    for (const n of line.split(/\s+/)) if (n) held.add(Number(n));
  }
  return held;
}

/** Data rows of an eval file as the benches count them (CSV: lines after the header; text: non-empty lines). */
export function countRows(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (file.endsWith('.txt')) return lines.filter((l) => l.trim()).length;
  if (file.includes('cross_script')) return lines.filter((l) => l.trim() && !l.startsWith('#')).length;
  return parseCsv(text, { source: 'eval', file: path.basename(file), columns: 'first-row' }).length - 1;
}

export function writeSplits(evalDir: string): void {
  fs.mkdirSync(SPLITS_DIR, { recursive: true });
  for (const [set, rel] of Object.entries(SPLIT_SETS) as [SplitSet, string][]) {
    const rows = countRows(path.join(evalDir, rel));
    const held: number[] = [];
    for (let r = 0; r < rows; r++) if (isHeldOut(set, r)) held.push(r);
    const lines = [
      `# held-out rows of ${rel} (0-based data rows, header excluded)`,
      `# seed=${SPLIT_SEED} rows=${rows} heldout=${held.length}`,
      '# rule: bench/eval/split.ts isHeldOut (FNV-1a + fmix32 of "<set>#<row>", odd = held out)',
    ];
    for (let i = 0; i < held.length; i += 20) lines.push(held.slice(i, i + 20).join(' '));
    fs.writeFileSync(path.join(SPLITS_DIR, `${set}.heldout.txt`), `${lines.join('\n')}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const shared = process.env.SHARED_DATA_DIR ?? path.resolve(root, '../shared/data');
  writeSplits(path.join(shared, 'eval'));
}
