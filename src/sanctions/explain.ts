/** The explanation a compliance officer reads next to a hit. Pure formatting, no scoring. */
import { confidenceLine } from './calibration.ts';
import type { AliasQuality, EntityName, EntityType } from './entity.ts';
import type { ScoreAdjustment } from './adjust.ts';
import type { PreparedName } from './normalize.ts';
import type { NameComparison, TokenPairing } from './score.ts';

export interface MatchExplanation {
  query: { normalized: string; tokens: string[] };
  candidate: { name: string; normalized: string; tokens: string[]; kind: 'primary' | 'alias'; script?: 'original' };
  /** Which query token paired with which list token, how, and how much it weighed. */
  pairs: TokenPairing[];
  /** Name similarity before any adjustment, 0..1. */
  nameScore: number;
  adjustments: ScoreAdjustment[];
  aliasQuality: AliasQuality;
  /** One line for humans. */
  summary: string;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function buildExplanation(
  query: PreparedName,
  candidate: { tokens: PreparedName['tokens'] },
  name: EntityName,
  comparison: NameComparison,
  adjustments: ScoreAdjustment[],
  finalScore: number,
  calibrated?: { type: EntityType; confidence: number },
): MatchExplanation {
  const candTokens = candidate.tokens.map((t) => t.text);
  return {
    query: { normalized: query.normalized, tokens: query.tokens.map((t) => t.text) },
    candidate: {
      name: name.full,
      normalized: candTokens.join(' '),
      tokens: candTokens,
      kind: name.kind,
      ...(name.script ? { script: name.script } : {}),
    },
    pairs: comparison.pairs,
    nameScore: r3(comparison.score),
    adjustments: adjustments.map((a) => ({ ...a, delta: r3(a.delta) })),
    aliasQuality: name.quality,
    summary: summarize(query, name, comparison, adjustments, finalScore, calibrated),
  };
}

function summarize(
  query: PreparedName,
  name: EntityName,
  cmp: NameComparison,
  adjustments: ScoreAdjustment[],
  finalScore: number,
  calibrated?: { type: EntityType; confidence: number },
): string {
  const paired = cmp.pairs.filter((p) => p.kind !== 'unmatched' && p.query !== null);
  const counts = new Map<string, number>();
  for (const p of paired) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const how = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  const unQ = cmp.pairs.filter((p) => p.kind === 'unmatched' && p.candidate === null).map((p) => p.query);
  const unC = cmp.pairs.filter((p) => p.kind === 'unmatched' && p.query === null).map((p) => p.candidate);
  const parts = [
    `"${query.raw}" ~ ${name.kind === 'alias' ? `${name.quality === 'weak' ? 'weak ' : ''}alias ` : ''}"${name.full}"`,
    `name ${r3(cmp.score)}: ${paired.length}/${query.tokens.length} query tokens paired${how ? ` (${how})` : ''}`,
  ];
  if (unQ.length) parts.push(`unpaired in query: ${unQ.join(' ')}`);
  if (unC.length) parts.push(`unpaired in list name: ${unC.join(' ')}`);
  for (const a of adjustments) parts.push(`${a.reason} (${a.delta >= 0 ? '+' : ''}${r3(a.delta)})`);
  parts.push(`score ${r3(finalScore)}`);
  // The calibrated reading of that score (calibration.ts): the score decides, the confidence informs.
  if (calibrated) parts.push(confidenceLine(calibrated.type, calibrated.confidence));
  return parts.join('; ');
}

/** One row of a side-by-side reading: a query token (or tokens joined by "+") beside the list token it paired. */
export interface AlignedRow {
  query: string | null;
  candidate: string | null;
  kind: TokenPairing['kind'];
  similarity: number;
}

/**
 * The explanation's pairs in reading order: the query's tokens in their order, each beside the list token it
 * paired with; a list token nothing paired with stands after the row of the list token before it. The pairs
 * come from the matcher best-first, which is the order it chose them in, not the order a person reads.
 */
export function alignTokens(e: Pick<MatchExplanation, 'query' | 'candidate' | 'pairs'>): AlignedRow[] {
  const firstIndex = (joined: string | null, tokens: string[], taken: Set<number>): number => {
    if (joined === null) return -1;
    const first = joined.split('+')[0]!;
    const i = tokens.findIndex((t, k) => t === first && !taken.has(k));
    if (i >= 0) taken.add(i);
    return i;
  };
  const takenQ = new Set<number>();
  const takenC = new Set<number>();
  const placed = e.pairs.map((p) => ({
    row: { query: p.query, candidate: p.candidate, kind: p.kind, similarity: p.similarity },
    q: firstIndex(p.query, e.query.tokens, takenQ),
    c: firstIndex(p.candidate, e.candidate.tokens, takenC),
  }));
  const rows = placed.filter((p) => p.row.query !== null);
  rows.sort((a, b) => a.q - b.q);
  for (const lone of placed.filter((p) => p.row.query === null).sort((a, b) => a.c - b.c)) {
    let at = 0;
    for (let k = 0; k < rows.length; k++) if (rows[k]!.c >= 0 && rows[k]!.c < lone.c) at = k + 1;
    rows.splice(at, 0, lone);
  }
  return rows.map((r) => r.row);
}
