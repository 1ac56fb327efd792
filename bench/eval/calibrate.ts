/**
 * Fits the score → confidence maps of src/sanctions/calibration.ts on the DEVELOPMENT half of the
 * evaluation sets, writes them to src/sanctions/tables/calibration.ts, and reports their reliability
 * on the HELD-OUT half (expected calibration error, 10 bins, before and after).
 *
 *   npx tsx bench/eval/calibrate.ts   refits and rewrites the table, prints the RESULTS.md section
 *     SHARED_DATA_DIR / LISTS_DIR honoured; NEG_LIMIT=n for a quick pass; CALIBRATE_WRITE=0 reports the
 *     committed maps without refitting; CALIBRATE_PAIRS=file saves the labelled pairs there (or reuses
 *     them when the file exists: the fit and the report again in a second, without screening).
 *   npm run bench (BENCH_ONLY=calibration): the committed maps' held-out reliability; BENCH_CALIBRATE=1 refits.
 *
 * What is a pair. Every match the screening returns at or above FLOOR (the lowest threshold a caller may
 * ask for, SCREEN_MIN_THRESHOLD's default), at most LIMIT per query, labelled true when it is the listed
 * party the query was made from, false otherwise; so the negatives are the candidates screening actually
 * returns, not random pairs. Queries: the yente UN variants (expected: the UN entity; the same designation
 * on EU/UK lists by its UN reference, and any entity bearing one of the expected entity's names, count as
 * true), our perturbations of list names (same rule), Putin's spellings, and the yente synthetic people
 * (on no list: every match is false). The pairwise sets (nomenklatura name pairs, watchman cross-script
 * pairs) add their labelled pair when its score reaches FLOOR, i.e. when screening would have shown it.
 * A pair counts for the type of the matched entity (the map a caller's match reads).
 *
 * Method: isotonic regression by pool-adjacent-violators (Zadrozny & Elkan 2002, "Transforming classifier
 * scores into accurate multiclass probability estimates", KDD), not Platt's sigmoid (Platt 1999,
 * "Probabilistic outputs for support vector machines"): the matcher's score is a hand-built similarity
 * with plateaus and steps (one-token pairings, alias factors, ±adjustments), not a margin whose
 * log-odds are linear, and with thousands of pairs per type isotonic regression is not data-starved
 * (Niculescu-Mizil & Caruana 2005 find it the better of the two from about a thousand calibration
 * points). Each pooled block is shrunk by add-one smoothing ((k+1)/(n+2)) so that no block claims 0 or 1
 * from a handful of pairs, pooled again so the map stays monotone, and read between block centres by
 * linear interpolation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { type CalibrationGroup, calibrationGroup, interpolate } from '../../src/sanctions/calibration.ts';
import type { Entity, EntityType } from '../../src/sanctions/entity.ts';
import { SanctionsIndex, type ScreenMatch } from '../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import { normalizeName } from '../../src/sanctions/normalize.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../src/sanctions/score.ts';
import { parseCsv } from '../../src/sanctions/sources/common/csv.ts';
import { CALIBRATION } from '../../src/sanctions/tables/calibration.ts';
import { isPutin, readPutinNames } from './evaluate.ts';
import { generatePerturbations } from './perturb.ts';
import { SPLIT_SETS, readSplit, type SplitSet } from './split.ts';

export const FLOOR = 0.5;
export const LIMIT = 10;
export const GROUPS: readonly CalibrationGroup[] = ['person', 'organization', 'vessel'];

export interface Pair {
  type: EntityType;
  group: CalibrationGroup;
  score: number;
  match: boolean;
  heldout: boolean;
  set: string;
}

// ── Collecting labelled pairs ───────────────────────────────────────────────────────────────────

function readCsv(evalDir: string, rel: string): string[][] {
  return parseCsv(fs.readFileSync(path.join(evalDir, rel), 'utf8'), {
    source: 'bench',
    file: path.basename(rel),
    columns: 'first-row',
  });
}

const heldOf = (set: SplitSet, rows: number): ((row: number) => boolean) => {
  const held = readSplit(set, rows);
  return (row) => held.has(row);
};

export function collectPairs(
  index: SanctionsIndex,
  entities: readonly Entity[],
  opts: { evalDir: string; negativeLimit?: number; perClass?: number },
): Pair[] {
  const { evalDir } = opts;
  const pairs: Pair[] = [];
  const screen = (name: string): ScreenMatch[] => index.screen({ name, threshold: FLOOR, limit: LIMIT });
  const norm = (s: string): string => normalizeName(s);
  const namesOf = (e: Entity): Set<string> => new Set(e.names.map((n) => norm(n.full)));

  /** True when the match is the expected entity, the same UN designation on another list, or bears one of its names. */
  const sameParty = (m: ScreenMatch, expected: readonly Entity[], names: Set<string>): boolean => {
    for (const e of expected) {
      if (m.source === e.source && m.sourceId === e.sourceId) return true;
      const un = e.references?.un;
      if (un && m.entity.references?.un === un) return true;
    }
    return m.entity.names.some((n) => names.has(norm(n.full)));
  };
  const addScreened = (matches: ScreenMatch[], isTrue: (m: ScreenMatch) => boolean, heldout: boolean, set: string) => {
    for (const m of matches)
      pairs.push({ type: m.type, group: calibrationGroup(m.type), score: m.score, match: isTrue(m), heldout, set });
  };

  // yente UN variants.
  const unByName = new Map<string, Entity[]>();
  for (const e of entities) {
    if (e.source !== 'un-sc') continue;
    for (const n of e.names) {
      const k = norm(n.full);
      unByName.set(k, [...(unByName.get(k) ?? []), e]);
    }
  }
  const treated = readCsv(evalDir, SPLIT_SETS['yente-un-pairs']).slice(1);
  const untreated = readCsv(evalDir, 'yente/positives_un_untreated.csv').slice(1);
  const unHeld = heldOf('yente-un-pairs', treated.length);
  treated.forEach((row, i) => {
    const q = (row[0] ?? '').trim();
    const expected = unByName.get(norm((untreated[i]?.[0] ?? '').trim()));
    if (!q || !expected) return;
    const names = new Set(expected.flatMap((e) => [...namesOf(e)]));
    addScreened(screen(q), (m) => sameParty(m, expected, names), unHeld(i), 'yente-un');
  });

  // Perturbed list names (development and held-out entities are disjoint).
  const byKey = new Map(entities.map((e) => [`${e.source}:${e.sourceId}`, e]));
  for (const half of ['dev', 'heldout'] as const) {
    for (const c of generatePerturbations(entities, half, opts.perClass ?? 250)) {
      const e = byKey.get(`${c.source}:${c.sourceId}`);
      if (!e) continue;
      addScreened(screen(c.query), (m) => sameParty(m, [e], namesOf(e)), half === 'heldout', 'perturb');
    }
  }

  // Putin's spellings: his entries are true, the rest false.
  const putinNames = readPutinNames(evalDir);
  const putinHeld = heldOf('putin-names', putinNames.length);
  putinNames.forEach((name, i) => {
    addScreened(screen(name), (m) => m.entity.names.some((n) => isPutin(n.full)), putinHeld(i), 'putin');
  });

  // yente synthetic people on no list: every match is false.
  for (const set of ['yente-negatives-global', 'yente-negatives-us'] as const) {
    const rows = readCsv(evalDir, SPLIT_SETS[set]);
    const iName = rows[0]!.indexOf('full_name');
    const data = rows.slice(1);
    const held = heldOf(set, data.length);
    const limit = Math.min(data.length, opts.negativeLimit ?? data.length);
    for (let r = 0; r < limit; r++) {
      const name = (data[r]![iName] ?? '').trim();
      if (name) addScreened(screen(name), () => false, held(r), 'yente-negatives');
    }
  }

  // nomenklatura labelled pairs (Person, Company/Organization, Vessel; LegalEntity has no type: left out).
  const cases = readCsv(evalDir, SPLIT_SETS['nomenklatura-pairs']);
  const ch = cases[0]!;
  const ci = (n: string): number => ch.indexOf(n);
  const nkHeld = heldOf('nomenklatura-pairs', cases.length - 1);
  cases.slice(1).forEach((r, i) => {
    const schema = r[ci('schema')]!;
    const type =
      schema === 'Person'
        ? 'person'
        : schema === 'Vessel'
          ? 'vessel'
          : schema === 'Company' || schema === 'Organization'
            ? 'organization'
            : undefined;
    if (!type) return;
    const score = index.scoreNames(r[ci('name1')]!, r[ci('name2')]!, { type });
    if (score < FLOOR) return;
    pairs.push({
      type,
      group: calibrationGroup(type),
      score,
      match: r[ci('is_match')] === 'true',
      heldout: nkHeld(i),
      set: 'nomenklatura',
    });
  });

  // watchman cross-script pairs (all persons, all true).
  const crossLines = fs
    .readFileSync(path.join(evalDir, SPLIT_SETS['watchman-cross-script']), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const crossHeld = heldOf('watchman-cross-script', crossLines.length);
  crossLines.forEach((line, i) => {
    const [query = '', expected = ''] = line.split(',');
    const score = index.scoreNames(query, expected, { type: 'person' });
    if (score >= FLOOR)
      pairs.push({ type: 'person', group: 'person', score, match: true, heldout: crossHeld(i), set: 'cross-script' });
  });

  return pairs;
}

// ── Isotonic regression ─────────────────────────────────────────────────────────────────────────

interface Block {
  lo: number;
  hi: number;
  /** Sum of scores, for the block's centre. */
  sx: number;
  k: number;
  n: number;
  /** The block's value (pooled mean, later smoothed). */
  v: number;
}

/** Pool adjacent violators over blocks in score order, weighted by their pair counts. */
function pool(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    let cur = { ...b };
    while (out.length > 0 && out[out.length - 1]!.v > cur.v) {
      const p = out.pop()!;
      const n = p.n + cur.n;
      cur = { lo: p.lo, hi: cur.hi, sx: p.sx + cur.sx, k: p.k + cur.k, n, v: (p.v * p.n + cur.v * cur.n) / n };
    }
    out.push(cur);
  }
  return out;
}

/** Knots (score, confidence) of the isotonic fit of `pairs`, non-decreasing in both. */
export function fitIsotonic(pairs: readonly { score: number; match: boolean }[]): [number, number][] {
  const byScore = new Map<number, Block>();
  for (const p of pairs) {
    const b = byScore.get(p.score) ?? { lo: p.score, hi: p.score, sx: 0, k: 0, n: 0, v: 0 };
    b.sx += p.score;
    b.n += 1;
    b.k += p.match ? 1 : 0;
    byScore.set(p.score, b);
  }
  const tied = [...byScore.values()].sort((a, b) => a.lo - b.lo).map((b) => ({ ...b, v: b.k / b.n }));
  // Add-one smoothing of each pooled block, then pooled again (smoothing can reorder unequal blocks).
  const smoothed = pool(pool(tied).map((b) => ({ ...b, v: (b.k + 1) / (b.n + 2) })));
  const r = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
  const knots: [number, number][] = [];
  for (const b of smoothed) {
    const x = r(b.sx / b.n, 4);
    const y = r(b.v, 4);
    const last = knots[knots.length - 1];
    if (last && x <= last[0]) last[1] = Math.max(last[1], y);
    else knots.push([x, Math.max(y, last?.[1] ?? 0)]);
  }
  return knots;
}

// ── Reliability ─────────────────────────────────────────────────────────────────────────────────

export interface Bin {
  lo: number;
  n: number;
  meanConfidence: number;
  precision: number;
}

/** Expected calibration error over 10 equal-width bins of the predicted probability, and the bins. */
export function reliability(items: readonly { p: number; match: boolean }[], bins = 10): { ece: number; bins: Bin[] } {
  const acc = Array.from({ length: bins }, () => ({ n: 0, sp: 0, k: 0 }));
  for (const it of items) {
    const b = acc[Math.min(bins - 1, Math.floor(it.p * bins))]!;
    b.n++;
    b.sp += it.p;
    b.k += it.match ? 1 : 0;
  }
  let ece = 0;
  const out: Bin[] = [];
  acc.forEach((b, i) => {
    if (b.n === 0) return;
    const conf = b.sp / b.n;
    const prec = b.k / b.n;
    ece += (b.n / items.length) * Math.abs(conf - prec);
    out.push({ lo: i / bins, n: b.n, meanConfidence: conf, precision: prec });
  });
  return { ece, bins: out };
}

// ── CLI ─────────────────────────────────────────────────────────────────────────────────────────

function tableSource(
  meta: Record<string, unknown>,
  maps: Record<CalibrationGroup, [number, number][]>,
  command: string,
) {
  const counts = meta.pairs as Record<string, { pairs: number; matches: number }>;
  const header = [
    '// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted knots, not constants',
    '/**',
    ' * GENERATED by bench/eval/calibrate.ts — do not edit by hand. Score → calibrated confidence maps',
    ' * (isotonic regression, see the script), one per calibration group: person, organization, and',
    ' * vessel (vessels and aircraft; src/sanctions/calibration.ts says why).',
    ' *',
    ` * Fitted on: the DEVELOPMENT half of the evaluation sets only (bench/eval/splits).`,
    ` * Matcher: commit ${meta.matcherCommit}${meta.dirty ? ' with uncommitted changes in src/sanctions' : ''}; fitted ${meta.fittedAt}.`,
    ` * Pairs (matches returned at score >= ${FLOOR}, at most ${LIMIT} a query): ${GROUPS.map(
      (g) => `${g} ${counts[g]!.pairs} (${counts[g]!.matches} true)`,
    ).join(', ')}.`,
    " * The confidence holds at the evaluation sets' base rates, not production traffic's.",
    ` * Refit: ${command}`,
    ' */',
  ];
  const body = `export const CALIBRATION = ${JSON.stringify({ ...meta, maps })} as const satisfies {
  maps: Record<'person' | 'organization' | 'vessel', readonly (readonly [number, number])[]>;
  [meta: string]: unknown;
};\n`;
  return `${header.join('\n')}\n${body}`;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CalibrationRun {
  pairs: Pair[];
  /** The maps reported: freshly fitted on the development half (refit), else the committed ones. */
  maps: Record<CalibrationGroup, readonly (readonly [number, number])[]>;
  refit: boolean;
  matcher: string;
  seconds: number;
  command: string;
}

/**
 * Collects the labelled pairs (or reads them from `pairsCache` when that file exists; saves them there
 * otherwise), and with `refit` fits the maps on the development half and rewrites the committed table.
 * Without `refit` the committed maps are the ones reported (what ships), on the held-out half.
 */
export async function runCalibrationBench(opts: {
  listsDir: string;
  evalDir: string;
  refit: boolean;
  negativeLimit?: number;
  pairsCache?: string;
}): Promise<CalibrationRun> {
  const t0 = performance.now();
  const cache = opts.pairsCache;
  const collect = async (): Promise<Pair[]> => {
    const loaded = await loadSourcesFromDir(opts.listsDir);
    const entities = loaded.parsed.flatMap((p) => p.entities);
    return collectPairs(SanctionsIndex.build(entities), entities, {
      evalDir: opts.evalDir,
      ...(opts.negativeLimit ? { negativeLimit: opts.negativeLimit } : {}),
    });
  };
  const pairs: Pair[] =
    cache && fs.existsSync(cache)
      ? (JSON.parse(fs.readFileSync(cache, 'utf8')) as Pair[]).map((p) => ({ ...p, group: calibrationGroup(p.type) }))
      : await collect();
  if (cache && !fs.existsSync(cache)) fs.writeFileSync(cache, JSON.stringify(pairs));
  const git = (cmd: string): string => {
    try {
      return execSync(cmd, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('git rev-parse --short=12 HEAD');
  const dirty = git('git status --porcelain -- src/sanctions') !== '';
  const command = `npx tsx bench/eval/calibrate.ts${opts.negativeLimit ? ` (NEG_LIMIT=${opts.negativeLimit})` : ''}`;
  let maps: CalibrationRun['maps'] = CALIBRATION.maps;
  if (opts.refit) {
    const fitted = {} as Record<CalibrationGroup, [number, number][]>;
    const counts: Record<string, { pairs: number; matches: number }> = {};
    for (const g of GROUPS) {
      const dev = pairs.filter((p) => p.group === g && !p.heldout);
      fitted[g] = fitIsotonic(dev);
      counts[g] = { pairs: dev.length, matches: dev.filter((p) => p.match).length };
    }
    const meta = {
      fittedOn: 'development',
      matcherCommit: commit,
      dirty,
      fittedAt: new Date().toISOString().slice(0, 10),
      floor: FLOOR,
      limitPerQuery: LIMIT,
      pairs: counts,
    };
    const table = path.join(ROOT, 'src/sanctions/tables/calibration.ts');
    fs.writeFileSync(table, tableSource(meta, fitted, command));
    git(`npx biome format --write ${table}`);
    maps = fitted;
  }
  return {
    pairs,
    maps,
    refit: opts.refit,
    matcher: `${commit}${dirty ? ' + uncommitted changes in src/sanctions' : ''}`,
    seconds: (performance.now() - t0) / 1000,
    command,
  };
}

/** The RESULTS.md section: held-out reliability per type, before (raw score as a probability) and after. */
export function formatCalibrationBench(r: CalibrationRun): string {
  const baseRates = GROUPS.map((g) => {
    const xs = r.pairs.filter((p) => p.group === g);
    return `${g}: ${pct(xs.filter((p) => p.match).length / Math.max(1, xs.length))} of the pairs true`;
  }).join(', ');
  const fitted = CALIBRATION as { pairs?: Record<string, { pairs: number; matches: number }>; fittedAt?: string };
  const out: string[] = [
    '## Calibrated confidence (issue #16, bench/eval/calibrate.ts)',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`${r.command}\`${r.refit ? ' (maps refitted in this run)' : ' (committed maps)'}, matcher ${r.matcher}, ${r.seconds.toFixed(0)} s. ` +
      `Each match carries \`confidence\` beside \`score\`: the probability that it is the listed party, from an isotonic map of the score ` +
      `(pool-adjacent-violators, Zadrozny & Elkan 2002) fitted on the **development** half only, one map for persons, one for organisations ` +
      "and one for vessels with aircraft (the organisation map was overconfident for vessels, below; aircraft have no true pair of their own and share the vessels' map). " +
      `Pairs: every match screening returns at score ≥ ${FLOOR} (at most ${LIMIT} a query) for the yente UN variants, the perturbed list names, ` +
      "Putin's spellings and the 100,000 yente synthetic people (on no list: all false), true when it is the party the query was made from " +
      '(same entity, same UN designation on another list, or one of its names); plus the nomenklatura and cross-script pairs whose score reaches the floor. ' +
      'Score, threshold and decisions are unchanged: the threshold stays on the score, since moving it onto the confidence would change what every configured `MATCH_THRESHOLD` means.',
    '',
    `**Base rates.** The confidence is a probability at the evaluation sets' mix (${baseRates}), ` +
      "not at production traffic's, where nearly every screened name is clean: there a match at the same score is less likely to be true. " +
      'What the map does give is comparability: a confidence of 0.9 means the same observed precision for a person as for an organisation on these sets.',
    '',
  ];
  if (!r.refit && fitted.pairs && GROUPS.every((g) => fitted.pairs![g]))
    out.push(
      `Committed maps fitted ${fitted.fittedAt} on development pairs: ${GROUPS.map((g) => `${g} ${fitted.pairs![g]!.pairs} (${fitted.pairs![g]!.matches} true)`).join(', ')}.`,
      '',
    );
  const bySet = (xs: Pair[]) => {
    const m = new Map<string, number>();
    for (const p of xs) m.set(p.set, (m.get(p.set) ?? 0) + 1);
    return [...m].map(([s, n]) => `${s} ${n}`).join(', ');
  };
  for (const g of GROUPS) {
    const dev = r.pairs.filter((p) => p.group === g && !p.heldout);
    const held = r.pairs.filter((p) => p.group === g && p.heldout);
    const map = r.maps[g];
    const before = reliability(held.map((p) => ({ p: p.score, match: p.match })));
    const after = reliability(held.map((p) => ({ p: interpolate(map, p.score), match: p.match })));
    const alerted = held.filter((p) => p.score >= DEFAULT_MATCH_THRESHOLD);
    const beforeT = reliability(alerted.map((p) => ({ p: p.score, match: p.match })));
    const afterT = reliability(alerted.map((p) => ({ p: interpolate(map, p.score), match: p.match })));
    out.push(
      `### ${g === 'person' ? 'Persons' : g === 'organization' ? 'Organisations' : 'Vessels and aircraft'}`,
      '',
      `Development ${dev.length} pairs (${dev.filter((p) => p.match).length} true; ${bySet(dev)}); ` +
        `held-out ${held.length} pairs (${held.filter((p) => p.match).length} true; ${bySet(held)}).`,
      '',
      `Held-out ECE (10 equal-width bins): all pairs ≥ ${FLOOR}: before ${before.ece.toFixed(4)}, after **${after.ece.toFixed(4)}**; ` +
        `matches at or above the default threshold ${DEFAULT_MATCH_THRESHOLD} only (${alerted.length} pairs, ${alerted.filter((p) => p.match).length} true): ` +
        `before ${beforeT.ece.toFixed(4)}, after **${afterT.ece.toFixed(4)}**. ${map.length} knots.`,
      '',
      '| bin | before: n | mean score | observed precision | after: n | mean confidence | observed precision |',
      '|---|---|---|---|---|---|---|',
    );
    for (let b = 0; b < 10; b++) {
      const x = before.bins.find((z) => Math.round(z.lo * 10) === b);
      const y = after.bins.find((z) => Math.round(z.lo * 10) === b);
      if (!x && !y) continue;
      const cell = (z: Bin | undefined) =>
        z ? `${z.n} | ${z.meanConfidence.toFixed(3)} | ${pct(z.precision)}` : '0 | – | –';
      out.push(`| ${(b / 10).toFixed(1)}–${((b + 1) / 10).toFixed(1)} | ${cell(x)} | ${cell(y)} |`);
    }
    out.push('');
  }
  // Why vessels have their own map: the organisation map on held-out vessel matches at or above the threshold.
  const vessels = r.pairs.filter((p) => p.type === 'vessel' && p.heldout && p.score >= DEFAULT_MATCH_THRESHOLD);
  const aircraft = r.pairs.filter((p) => p.type === 'aircraft');
  const vk = vessels.filter((p) => p.match).length;
  const mean = (map: readonly (readonly [number, number])[]) =>
    vessels.reduce((a, p) => a + interpolate(map, p.score), 0) / Math.max(1, vessels.length);
  out.push(
    `Held-out vessel matches at or above ${DEFAULT_MATCH_THRESHOLD}: ${vessels.length}, ${pct(vk / Math.max(1, vessels.length))} true; ` +
      `mean confidence under the organisation map ${mean(r.maps.organization).toFixed(3)} ` +
      `(ECE ${reliability(vessels.map((p) => ({ p: interpolate(r.maps.organization, p.score), match: p.match }))).ece.toFixed(4)}), ` +
      `under their own map ${mean(r.maps.vessel).toFixed(3)} ` +
      `(ECE ${reliability(vessels.map((p) => ({ p: interpolate(r.maps.vessel, p.score), match: p.match }))).ece.toFixed(4)}). ` +
      `Aircraft: ${aircraft.length} pairs in both halves, ${aircraft.filter((p) => p.match).length} true.`,
  );
  const equal = [0.5, 0.9].map((c) => {
    const at = (g: CalibrationGroup) => {
      for (let s = 0; s <= 1000; s++) if (interpolate(r.maps[g], s / 1000) >= c) return (s / 1000).toFixed(3);
      return 'never';
    };
    return `confidence ${c} is reached at score ${at('person')} for persons, ${at('organization')} for organisations, ${at('vessel')} for vessels`;
  });
  out.push('', `Same confidence, different scores: ${equal.join('; ')}.`);
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const shared = process.env.SHARED_DATA_DIR ?? path.resolve(ROOT, '../shared/data');
  const r = await runCalibrationBench({
    listsDir: process.env.LISTS_DIR ?? path.join(shared, 'lists'),
    evalDir: path.join(shared, 'eval'),
    refit: process.env.CALIBRATE_WRITE !== '0',
    ...(process.env.NEG_LIMIT ? { negativeLimit: Number(process.env.NEG_LIMIT) } : {}),
    ...(process.env.CALIBRATE_PAIRS ? { pairsCache: process.env.CALIBRATE_PAIRS } : {}),
  });
  process.stdout.write(`${formatCalibrationBench(r)}\n`);
}
