/**
 * Scores of every evaluation item, tagged development or held-out, computed once at a low
 * threshold so that any threshold can be summarised afterwards without screening again.
 * bench/screening.ts prints them; the threshold is chosen on the development half only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity, EntityType } from '../../src/sanctions/entity.ts';
import type { SanctionsIndex } from '../../src/sanctions/index.ts';
import { normalizeName } from '../../src/sanctions/normalize.ts';
import { parseCsv } from '../../src/sanctions/sources/common/csv.ts';
import { countryCode } from '../../src/sanctions/sources/common/countries.ts';
import { PERTURB_CLASSES, generatePerturbations, type PerturbCase, type PerturbClass } from './perturb.ts';
import { SPLIT_SETS, readSplit, type SplitSet } from './split.ts';

export const SWEEP_FROM = 0.7;
export const HALVES = ['dev', 'heldout'] as const;
export type HalfName = (typeof HALVES)[number];

interface Item {
  heldout: boolean;
}
export interface Scores {
  /** Best score of the expected UN entity (−1 when absent). */
  un: (Item & { score: number; query: string; expected: string })[];
  /** Best score of anything, name only and with the person's DOB + nationality. */
  negatives: (Item & { score: number; withDob: number; name: string; set: string })[];
  nomenklatura: (Item & {
    score: number;
    gold: boolean;
    quality: string;
    group: string;
    name1: string;
    name2: string;
  })[];
  perturb: (Item & PerturbCase & { score: number })[];
  putin: (Item & { name: string; score: number })[];
  cross: (Item & { query: string; expected: string; min: number; score: number })[];
  latencies: number[];
}

function readCsv(evalDir: string, rel: string): string[][] {
  return parseCsv(fs.readFileSync(path.join(evalDir, rel), 'utf8'), {
    source: 'bench',
    file: path.basename(rel),
    columns: 'first-row',
  });
}

function split(evalDir: string, set: SplitSet, rows: number): (row: number) => boolean {
  const held = readSplit(set, rows);
  void evalDir;
  return (row) => held.has(row);
}

function schemaType(schema: string): EntityType | undefined {
  if (schema === 'Person') return 'person';
  if (schema === 'Vessel') return 'vessel';
  if (schema === 'Company' || schema === 'Organization') return 'organization';
  return undefined; // LegalEntity: either
}

export interface EvaluateOptions {
  evalDir: string;
  /** Negatives per file (all 50,000 when absent). */
  negativeLimit?: number;
  /** Perturbed cases per class and half. */
  perClass?: number;
}

/** The Putin spellings set, one name per line. */
export function readPutinNames(evalDir: string): string[] {
  return fs
    .readFileSync(path.join(evalDir, SPLIT_SETS['putin-names']), 'utf8')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One of Putin's own list names (his entries are the true matches of the spellings set). */
export const isPutin = (full: string): boolean =>
  /^vladimir (vladimirovich )?putin$/.test(normalizeName(full, { type: 'person' }));

export function evaluate(index: SanctionsIndex, entities: readonly Entity[], opts: EvaluateOptions): Scores {
  const { evalDir } = opts;
  const latencies: number[] = [];
  const screen = (name: string, extra: { birthDate?: string; countries?: string[] } = {}, timed = true) => {
    const t0 = performance.now();
    const m = index.screen({ name, threshold: SWEEP_FROM, limit: 25, ...extra });
    if (timed) latencies.push(performance.now() - t0);
    return m;
  };

  // yente: mutated UN names, expecting the UN entity whose name is the untreated one.
  const unByName = new Map<string, Set<string>>();
  for (const e of entities) {
    if (e.source !== 'un-sc') continue;
    for (const n of e.names) {
      const k = normalizeName(n.full);
      unByName.set(k, (unByName.get(k) ?? new Set()).add(e.sourceId));
    }
  }
  const treated = readCsv(evalDir, SPLIT_SETS['yente-un-pairs']).slice(1);
  const untreated = readCsv(evalDir, 'yente/positives_un_untreated.csv').slice(1);
  const unHeld = split(evalDir, 'yente-un-pairs', treated.length);
  const un: Scores['un'] = [];
  treated.forEach((row, i) => {
    const q = (row[0] ?? '').trim();
    const target = (untreated[i]?.[0] ?? '').trim();
    const expected = unByName.get(normalizeName(target));
    if (!q || !expected) return; // delisted since the fixture was made
    const m = screen(q).find((x) => x.source === 'un-sc' && expected.has(x.sourceId));
    un.push({ heldout: unHeld(i), score: m ? m.score : -1, query: q, expected: target });
  });

  // yente: synthetic people on no list.
  const negatives: Scores['negatives'] = [];
  for (const set of ['yente-negatives-global', 'yente-negatives-us'] as const) {
    const rows = readCsv(evalDir, SPLIT_SETS[set]);
    const head = rows[0]!;
    const [iName, iDob, iNat] = ['full_name', 'date_of_birth', 'nationality'].map((c) => head.indexOf(c));
    const data = rows.slice(1);
    const held = split(evalDir, set, data.length);
    const limit = Math.min(data.length, opts.negativeLimit ?? data.length);
    for (let r = 0; r < limit; r++) {
      const row = data[r]!;
      const name = (row[iName!] ?? '').trim();
      if (!name) continue;
      const dob = (row[iDob!] ?? '').trim();
      const nat = countryCode((row[iNat!] ?? '').trim());
      const score = screen(name)[0]?.score ?? 0;
      const withDob =
        screen(name, { ...(dob ? { birthDate: dob } : {}), countries: nat ? [nat] : [] }, false)[0]?.score ?? 0;
      negatives.push({ heldout: held(r), score, withDob, name, set });
    }
  }

  // nomenklatura: labelled pairs, scored pairwise with the index's corpus weights.
  const cases = readCsv(evalDir, SPLIT_SETS['nomenklatura-pairs']);
  const ch = cases[0]!;
  const ci = (n: string): number => ch.indexOf(n);
  const nkHeld = split(evalDir, 'nomenklatura-pairs', cases.length - 1);
  const nomenklatura: Scores['nomenklatura'] = cases.slice(1).map((r, i) => {
    const type = schemaType(r[ci('schema')]!);
    return {
      heldout: nkHeld(i),
      score: index.scoreNames(r[ci('name1')]!, r[ci('name2')]!, type ? { type } : {}),
      gold: r[ci('is_match')] === 'true',
      quality: r[ci('quality')]!,
      group: r[ci('case_group')]!,
      name1: r[ci('name1')]!,
      name2: r[ci('name2')]!,
    };
  });

  // Perturbed list names: the expected entity's score.
  const perClass = opts.perClass ?? 250;
  const perturb: Scores['perturb'] = [];
  for (const half of ['dev', 'heldout'] as const) {
    for (const c of generatePerturbations(entities, half, perClass)) {
      const m = screen(c.query).find((x) => x.source === c.source && x.sourceId === c.sourceId);
      perturb.push({ ...c, heldout: half === 'heldout', score: m ? m.score : -1 });
    }
  }

  // Putin's spellings and watchman's cross-script pairs (small; split all the same).
  const putinNames = readPutinNames(evalDir);
  const putinHeld = split(evalDir, 'putin-names', putinNames.length);
  const putin = putinNames.map((name, i) => ({
    heldout: putinHeld(i),
    name,
    score: screen(name, {}, false).find((m) => m.entity.names.some((n) => isPutin(n.full)))?.score ?? -1,
  }));
  const crossLines = fs
    .readFileSync(path.join(evalDir, SPLIT_SETS['watchman-cross-script']), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const crossHeld = split(evalDir, 'watchman-cross-script', crossLines.length);
  const cross = crossLines.map((line, i) => {
    const [query = '', expected = '', min = '1'] = line.split(',');
    return {
      heldout: crossHeld(i),
      query,
      expected,
      min: Number(min),
      score: index.scoreNames(query, expected, { type: 'person' }),
    };
  });

  return { un, negatives, nomenklatura, perturb, putin, cross, latencies };
}

// ── Summaries at a threshold ──────────────────────────────────────────────────────────────────

const r4 = (x: number): number => Math.round(x * 10000) / 10000;
const share = (hits: number, n: number): number => r4(hits / Math.max(1, n));

export interface Prf {
  pairs: number;
  precision: number;
  recall: number;
  f1: number;
}
export function prf(items: readonly { score: number; gold: boolean }[], th: number): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const it of items) {
    const pred = it.score >= th;
    if (pred && it.gold) tp++;
    else if (pred) fp++;
    else if (it.gold) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { pairs: items.length, precision: r4(precision), recall: r4(recall), f1: r4(f1) };
}

export interface HalfSummary {
  unRecall: number;
  unN: number;
  fpNameOnly: number;
  fpWithDob: number;
  negN: number;
  nomenklatura: Prf;
  perturb: Record<PerturbClass, { n: number; recall: number }>;
  perturbAll: number;
  putin: number;
  cross: { n: number; passed: number };
}

export function summarise(s: Scores, th: number, heldout: boolean): HalfSummary {
  const mine = <T extends Item>(xs: readonly T[]): T[] => xs.filter((x) => x.heldout === heldout);
  const un = mine(s.un);
  const neg = mine(s.negatives);
  const pt = mine(s.perturb);
  const perturb = {} as HalfSummary['perturb'];
  for (const c of PERTURB_CLASSES) {
    const xs = pt.filter((p) => p.cls === c);
    perturb[c] = { n: xs.length, recall: share(xs.filter((p) => p.score >= th).length, xs.length) };
  }
  const putin = mine(s.putin);
  const cross = mine(s.cross);
  return {
    unRecall: share(un.filter((u) => u.score >= th).length, un.length),
    unN: un.length,
    fpNameOnly: share(neg.filter((n) => n.score >= th).length, neg.length),
    fpWithDob: share(neg.filter((n) => n.withDob >= th).length, neg.length),
    negN: neg.length,
    nomenklatura: prf(mine(s.nomenklatura), th),
    perturb,
    perturbAll: share(pt.filter((p) => p.score >= th).length, pt.length),
    putin: share(putin.filter((p) => p.score >= th).length, putin.length),
    cross: { n: cross.length, passed: cross.filter((c) => c.score >= c.min).length },
  };
}

/**
 * The threshold the development half picks, by a rule fixed before looking: among the thresholds of
 * the sweep (0.70–0.95, step 0.01) whose development name-only false-positive rate is at most
 * `maxFp`, the one with the best mean of UN recall, perturbation recall and nomenklatura F1 on the
 * development half (the lowest such threshold when tied).
 */
export function chooseThreshold(s: Scores, maxFp = 0.009): number {
  let best = 0.95;
  let bestValue = -1;
  for (let t = 70; t <= 95; t++) {
    const th = t / 100;
    const d = summarise(s, th, false);
    if (d.fpNameOnly > maxFp) continue;
    const value = (d.unRecall + d.perturbAll + d.nomenklatura.f1) / 3;
    if (value > bestValue + 1e-9) {
      best = th;
      bestValue = value;
    }
  }
  return best;
}
