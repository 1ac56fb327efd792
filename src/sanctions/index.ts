/**
 * The sanctions name index: candidate generation from an inverted index over phonetic keys, then
 * exact scoring (score.ts) of a bounded candidate set. Never a scan of all names.
 *
 * Candidate generation, per query token:
 *   - its phonetic key, exactly (Mohammed finds Muhammad);
 *   - keys one edit away, through a deletion index (SymSpell: every key and its one-letter deletions
 *     hashed into sorted typed arrays), so typos still find candidates;
 *   - for Arabic/Hebrew-script tokens, Latin keys with the same consonant skeleton (and vice versa);
 *   - adjacent query tokens joined (Abdul Rahman → ABDULRAHMAN), and list bigrams indexed joined
 *     (Abdulrahman → ABDUL RAHMAN).
 * Each hit adds weight × similarity to the name's coverage. Tokens whose rarity is low (generic
 * words: TRADING, GROUP, BANK; particles and legal forms are not indexed at all) cannot bring in a
 * candidate on their own: they only add to candidates found through a distinctive token, unless
 * the query has nothing distinctive. The best-covered names (at most MAX_CANDIDATES) are scored.
 *
 * Memory: postings and the deletion index are typed arrays; tokens are interned so that each
 * distinct token is one object shared by every name that has it.
 */
import { WEAK_ALIAS_FACTOR, aliasAdjustment, birthDateAdjustment, countryAdjustment, typeAdjustment, type ScoreAdjustment } from './adjust.ts';
import type { Entity, EntityType, SourceId } from './entity.ts';
import { SOURCE_IDS } from './entity.ts';
import { buildExplanation, type MatchExplanation } from './explain.ts';
import { GENERIC_ORG_WORDS } from './name-data.ts';
import { letterMask, prepareName, type NameToken, type PreparedName } from './normalize.ts';
import { consonantSkeleton, phoneticKey } from './phonetic.ts';
import { EXTRA_CANDIDATE_COST, EXTRA_QUERY_COST, GENERIC_RARITY, SINGLE_NAME_FACTOR, compareNames, pairSimilarity, round3, tokenWeight, type NameComparison, type PairMemo, type TermWeights } from './score.ts';
import { editDistance } from './similarity.ts';

export type { MatchExplanation } from './explain.ts';
export type { ScoreAdjustment } from './adjust.ts';

export interface ScreenQuery {
  name: string;
  type?: EntityType;
  /** YYYY | YYYY-MM | YYYY-MM-DD */
  birthDate?: string;
  /** ISO 3166-1 alpha-2 */
  countries?: string[];
  sources?: SourceId[];
  threshold: number;
  limit: number;
}

export interface ScreenMatch {
  source: SourceId;
  sourceId: string;
  /** The entity's primary name. */
  name: string;
  /** The list name that matched. */
  matchedName: string;
  type: EntityType;
  /** 0..1, 3 decimals. */
  score: number;
  programs: string[];
  explanation: MatchExplanation;
  entity: Entity;
}

export interface IndexStats {
  entities: number;
  names: number;
  /** Distinct tokens (interned). */
  tokens: number;
  bySource: Record<string, { entities: number; names: number }>;
}

/** Names scored exactly per query, at most. */
const MAX_CANDIDATES = 60;
/** Tokens in more names than this never seed candidates (they still add to found ones). */
const MAX_SEED_POSTINGS = 6000;
/** Tokens rarer-weighted than this may seed candidates. */
const SEED_MIN_RARITY = 0.3;
/** Rarity: tokens in at most this many names weigh fully. */
const FULL_WEIGHT_DF = 20;
const MIN_RARITY = 0.12;
/** Positive non-name adjustments only apply when the name score is at least threshold minus this. */
const CORROBORATION_WINDOW = 0.05;
const INDEXED_KINDS = new Set(['word', 'literal', 'number']);
/**
 * Similarity credited to an index hit whose letters are unknown (a key one edit away, a skeleton
 * shared across scripts): optimistic, since it bounds the exact score.
 */
const KEY_HIT = 0.8;
const SCRIPT_HIT = 0.9;
/** Tokens found in this many names or more are not expanded to their one-edit neighbours. */
const FUZZY_MAX_EXACT_DF = 20;
/** Share of the query's weight found in a name above which it is always scored. */
const SURE_COVERAGE = 0.6;
/** What an initial can weigh in a pairing (score.ts caps it at an initial's weight). */
const INITIAL_CAP = 0.5;
/** Shorter keys have too many neighbours one edit away to be worth a fuzzy lookup. */
const MIN_FUZZY_KEY = 5;

/** A list token, interned, with its corpus rarity and its key's id precomputed. */
interface IndexedToken extends NameToken {
  rarity: number;
  readonly id: number;
  /** Index key id, -1 for kinds that are not indexed. */
  readonly keyId: number;
}

interface Hit {
  key: number;
  sim: number;
}

interface Position {
  weight: number;
  hits: Hit[];
  minDf: number;
  /** Query name tokens this position stands for (2 for joined tokens, 0 for numbers). */
  covers: number;
  /** May bring in new candidates (distinctive enough, not too common). */
  seed: boolean;
}

export class SanctionsIndex implements TermWeights {
  private readonly entities: readonly Entity[];
  private readonly nameEntity: Uint32Array;
  private readonly nameIdx: Uint16Array;
  private readonly nameSource: Uint8Array;
  private readonly nameTokens: (readonly NameToken[])[];
  private readonly keyIds: Map<string, number>;
  private readonly keyStrings: string[];
  private readonly postStart: Uint32Array;
  private readonly postNames: Uint32Array;
  private readonly keyRarity: Float32Array;
  private readonly keyAbjad: Uint8Array;
  private readonly delHash: Uint32Array;
  private readonly delKey: Uint32Array;
  private readonly textDelHash: Uint32Array;
  private readonly textDelId: Uint32Array;
  private readonly texts: string[];
  private readonly textKey: Uint32Array;
  private readonly consToKeys: Map<string, number[]>;
  private readonly rarityCache = new Map<NameToken, number>();
  // Per-query scratch, sized to the number of names (one query at a time: JS is single-threaded).
  private readonly stamp: Uint32Array;
  private readonly acc: Float32Array;
  /** Query name positions paired, and query name tokens they cover. */
  private readonly qPairs: Uint8Array;
  private readonly qCovered: Uint8Array;
  private readonly nameHasInitial: Uint8Array;
  /** Weight of a name's initials (unindexed), at an initial's pairing cap. */
  private readonly nameInitialWeight: Float32Array;
  private readonly postWeight: Float32Array;
  /** List-side weight paired so far, per name (from postWeight). */
  private readonly cAcc: Float32Array;
  /** Total token weight of each name, for bounding its best possible score. */
  private readonly nameWeight: Float32Array;
  private stampId = 0;
  private readonly statsCache: IndexStats;

  private constructor(parts: BuildParts) {
    this.entities = parts.entities;
    this.nameEntity = parts.nameEntity;
    this.nameIdx = parts.nameIdx;
    this.nameSource = parts.nameSource;
    this.nameTokens = parts.nameTokens;
    this.keyIds = parts.keyIds;
    this.keyStrings = parts.keyStrings;
    this.postStart = parts.postStart;
    this.postNames = parts.postNames;
    this.keyRarity = parts.keyRarity;
    this.keyAbjad = parts.keyAbjad;
    this.delHash = parts.delHash;
    this.delKey = parts.delKey;
    this.textDelHash = parts.textDelHash;
    this.textDelId = parts.textDelId;
    this.texts = parts.texts;
    this.textKey = parts.textKey;
    this.consToKeys = parts.consToKeys;
    const n = parts.nameTokens.length;
    this.stamp = new Uint32Array(n);
    this.acc = new Float32Array(n);
    this.qPairs = new Uint8Array(n);
    this.qCovered = new Uint8Array(n);
    this.nameInitialWeight = Float32Array.from(parts.nameTokens, (toks) => toks.reduce((sum, t) => sum + (t.kind === 'initial' ? INITIAL_CAP : 0), 0));
    this.nameHasInitial = Uint8Array.from(parts.nameTokens, (toks) => (toks.some((t) => t.kind === 'initial' || (t.kind === 'word' && t.text.length <= 3 && !/[aeiouy]/.test(t.text))) ? 1 : 0));
    this.postWeight = parts.postWeight;
    this.cAcc = new Float32Array(n);
    this.nameWeight = Float32Array.from(parts.nameTokens, (toks) => toks.reduce((sum, t) => sum + tokenWeight(t, this), 0));
    this.statsCache = parts.stats;
  }

  static build(entities: readonly Entity[]): SanctionsIndex {
    return new SanctionsIndex(buildParts(entities));
  }

  get stats(): IndexStats {
    return this.statsCache;
  }

  /** Corpus rarity of a token (TermWeights): 1 = distinctive, low = most names share it. */
  rarity(t: NameToken): number {
    // List tokens carry their rarity (set at build); query tokens are looked up and cached.
    const own = (t as Partial<IndexedToken>).rarity;
    if (own !== undefined) return own;
    let r = this.rarityCache.get(t);
    if (r === undefined) {
      const id = this.keyIds.get(t.key);
      r = id === undefined ? 1 : this.keyRarity[id]!;
      if (GENERIC_ORG_WORDS.has(t.text)) r = Math.min(r, GENERIC_RARITY);
      if (this.rarityCache.size > 500_000) this.rarityCache.clear();
      this.rarityCache.set(t, r);
    }
    return r;
  }

  /** Corpus-weighted similarity of two raw names (what screen() uses before adjustments). */
  scoreNames(a: string, b: string, opts: { type?: EntityType } = {}): number {
    return round3(compareNames(prepareName(a, opts), prepareName(b, opts), this).score);
  }

  screen(q: ScreenQuery): ScreenMatch[] {
    const query = prepareName(q.name, q.type ? { type: q.type } : {});
    if (query.tokens.length === 0 || q.limit <= 0) return [];
    const sources = q.sources && q.sources.length > 0 ? new Set(q.sources.map((s) => SOURCE_IDS.indexOf(s))) : undefined;
    const candidates = this.candidates(query, q.threshold, sources);

    // Exact scoring, best name per entity.
    const memo: PairMemo = query.tokens.map(() => new Map());
    const best = new Map<number, { nameId: number; cmp: NameComparison; score: number }>();
    for (const nameId of candidates) {
      const cmp = compareNames(query, { tokens: this.nameTokens[nameId]! }, this, memo, false);
      const ent = this.nameEntity[nameId]!;
      const entity = this.entities[ent]!;
      const name = entity.names[this.nameIdx[nameId]!]!;
      const score = name.quality === 'weak' ? cmp.score * WEAK_ALIAS_FACTOR : cmp.score;
      const prev = best.get(ent);
      if (!prev || score > prev.score) best.set(ent, { nameId, cmp, score });
    }

    const out: ScreenMatch[] = [];
    for (const [ent, b] of best) {
      const entity = this.entities[ent]!;
      const name = entity.names[this.nameIdx[b.nameId]!]!;
      const adjustments: ScoreAdjustment[] = [];
      const alias = aliasAdjustment(name.quality, b.cmp.score);
      if (alias) adjustments.push(alias);
      const type = typeAdjustment(q.type, entity.type);
      if (type === null) continue;
      if (type) adjustments.push(type);
      const dob = entity.type === 'person' ? birthDateAdjustment(q.birthDate, entity) : undefined;
      if (dob) adjustments.push(dob);
      const country = countryAdjustment(q.countries, entity);
      if (country) adjustments.push(country);
      let score = b.cmp.score;
      const nearMatch = b.score >= q.threshold - CORROBORATION_WINDOW;
      for (const a of adjustments) {
        // Birth date and country corroborate a name; they never make a match alone.
        if (a.delta > 0 && a.factor !== 'alias-quality' && !nearMatch) {
          a.delta = 0;
          a.reason += ' (not applied: the name alone is too far from a match)';
        }
        score += a.delta;
      }
      score = Math.max(0, Math.min(1, score));
      if (score < q.threshold) continue;
      const finalScore = round3(score);
      out.push({
        source: entity.source,
        sourceId: entity.sourceId,
        name: entity.name,
        matchedName: name.full,
        type: entity.type,
        score: finalScore,
        programs: entity.programs,
        explanation: buildExplanation(
          query,
          { tokens: this.nameTokens[b.nameId]! },
          name,
          compareNames(query, { tokens: this.nameTokens[b.nameId]! }, this, memo, true),
          adjustments,
          finalScore,
        ),
        entity,
      });
    }
    out.sort((a, b) => b.score - a.score || a.source.localeCompare(b.source) || a.sourceId.localeCompare(b.sourceId));
    return out.slice(0, q.limit);
  }

  // ── Candidate generation ────────────────────────────────────────────────────────────────────

  private candidates(query: PreparedName, threshold: number, sources: Set<number> | undefined): number[] {
    const tokens = query.tokens;
    const weights = tokens.map((t) => tokenWeight(t, this));
    if (weights.every((w) => w === 0)) return [];
    const nameTokensInQuery = new Set(tokens.filter((t) => t.kind === 'word' || t.kind === 'literal').map((t) => t.key)).size;

    const positions: Position[] = [];
    const byKey = new Map<string, Position>();
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!INDEXED_KINDS.has(t.kind)) continue;
      // A repeated name (Hamid Hamad Hamid) is looked up once; its weight counts for both, since
      // both may pair (the list name may repeat it too).
      const same = byKey.get(t.key);
      if (same) {
        same.weight += weights[i]!;
        continue;
      }
      const hits = this.lookup(t);
      if (hits.length) {
        const p = this.position(weights[i]!, hits, t, t.kind === 'word' || t.kind === 'literal' ? 1 : 0);
        positions.push(p);
        byKey.set(t.key, p);
      }
    }
    // Adjacent query tokens joined: "Abdul Rahman" finds ABDULRAHMAN.
    for (let i = 0; i + 1 < tokens.length; i++) {
      const a = tokens[i]!;
      const b = tokens[i + 1]!;
      if ((a.kind !== 'word' && a.kind !== 'particle') || b.kind !== 'word') continue;
      const id = this.keyIds.get(phoneticKey(a.text + b.text));
      if (id !== undefined) positions.push(this.position(weights[i]! + weights[i + 1]!, [{ key: id, sim: 1 }], b, a.kind === 'word' ? 2 : 1));
    }
    if (positions.length === 0) return [];
    const totalWeight = weights.reduce((sum, w) => sum + w, 0);

    const anySeed = positions.some((p) => p.seed);
    positions.sort((a, b) => a.minDf - b.minDf);

    // One stamp array does three jobs: a stamp above `first` means "seen in this query", equal to
    // the position's stamp means "already credited for this position" (hits are best first).
    const first = this.stampId + 1;
    const touched: number[] = [];
    const { stamp, acc, cAcc, qPairs, qCovered, postStart, postNames, postWeight, nameSource } = this;
    for (const p of positions) {
      const st = ++this.stampId;
      const canSeed = !anySeed || p.seed;
      for (const h of p.hits) {
        const contrib = p.weight * h.sim;
        const end = postStart[h.key + 1]!;
        for (let k = postStart[h.key]!; k < end; k++) {
          const name = postNames[k]!;
          const seen = stamp[name]!;
          if (seen === st) continue;
          if (seen < first) {
            if (!canSeed || (sources && !sources.has(nameSource[name]!))) continue;
            acc[name] = 0;
            cAcc[name] = 0;
            qPairs[name] = 0;
            qCovered[name] = 0;
            touched.push(name);
          }
          stamp[name] = st;
          acc[name] = acc[name]! + contrib;
          cAcc[name] = cAcc[name]! + postWeight[k]!;
          if (p.covers) {
            qPairs[name] = qPairs[name]! + 1;
            qCovered[name] = qCovered[name]! + p.covers;
          }
        }
      }
    }

    // Keep names whose best possible score could still reach the threshold: every paired list
    // token at its heaviest, the unpaired rest of the query and of the name at their one-sided
    // price, and the one-name factor when only one query name is paired (score.ts). Then the best
    // bounds first.
    const floor = threshold - CORROBORATION_WINDOW - 0.01;
    const kept: number[] = [];
    for (const n of touched) {
      // Initials are not indexed: credit them as if they all paired (capped at an initial's weight).
      const ini = this.nameInitialWeight[n]!;
      const a = Math.min(totalWeight, acc[n]! + ini);
      const nw = this.nameWeight[n]!;
      // List-side weight paired: what the postings say (a name hit through several keys of one
      // position may count a token twice, which only loosens the bound).
      const c = Math.min(nw, cAcc[n]! + ini);
      let bound = (a + c) / (a + c + EXTRA_QUERY_COST * Math.max(0, totalWeight - a) + EXTRA_CANDIDATE_COST * (nw - c));
      if (qPairs[n] === 1 && qCovered[n]! < nameTokensInQuery && !this.nameHasInitial[n]) bound *= SINGLE_NAME_FACTOR;
      // The bound knows only indexed tokens; a name covering most of the query is scored anyway
      // (a misspelt particle, an initial, a cross-script join can pair what the index cannot see).
      if (bound >= floor || acc[n]! >= SURE_COVERAGE * totalWeight) {
        kept.push(n);
        acc[n] = bound;
      }
    }
    if (kept.length <= MAX_CANDIDATES) return kept;
    // Bucket select (linear): the MAX_CANDIDATES best bounds.
    const BUCKETS = 64;
    const counts = new Uint32Array(BUCKETS + 1);
    const bucketOf = (n: number): number => Math.min(BUCKETS, Math.floor(acc[n]! * BUCKETS));
    for (const n of kept) counts[bucketOf(n)]!++;
    let cut = BUCKETS;
    let total = 0;
    while (cut > 0 && total + counts[cut]! <= MAX_CANDIDATES) total += counts[cut--]!;
    const out: number[] = [];
    const boundary: number[] = [];
    for (const n of kept) {
      const b = bucketOf(n);
      if (b > cut) out.push(n);
      else if (b === cut) boundary.push(n);
    }
    boundary.sort((a, b) => acc[b]! - acc[a]!);
    for (const n of boundary) {
      if (out.length >= MAX_CANDIDATES) break;
      out.push(n);
    }
    return out;
  }

  private position(weight: number, hits: Hit[], t: NameToken, covers: number): Position {
    let minDf = Number.POSITIVE_INFINITY;
    let rarity = 0;
    for (const h of hits) {
      minDf = Math.min(minDf, this.postStart[h.key + 1]! - this.postStart[h.key]!);
      rarity = Math.max(rarity, this.keyRarity[h.key]!);
    }
    if (GENERIC_ORG_WORDS.has(t.text)) rarity = Math.min(rarity, GENERIC_RARITY);
    // Best hits first: a name reached by several keys of one position is credited once, at its best.
    hits.sort((a, b) => b.sim - a.sim);
    return { weight, hits, minDf, covers, seed: rarity >= SEED_MIN_RARITY && minDf <= MAX_SEED_POSTINGS };
  }

  /** Keys a query token can pair with: its own, one edit away, and the same consonant skeleton across scripts. */
  private lookup(t: NameToken): Hit[] {
    const hits = new Map<number, number>();
    const add = (key: number, sim: number): void => {
      if ((hits.get(key) ?? 0) < sim) hits.set(key, sim);
    };
    const exact = this.keyIds.get(t.key);
    if (exact !== undefined) add(exact, 1);
    if (t.kind !== 'word') return toHits(hits);
    // List names where this token is written as two (ABDUL RAHMAN for Abdulrahman).
    const split = this.keyIds.get(`+${t.key}`);
    if (split !== undefined) add(split, 1);
    // A token the lists already know well is not a typo worth expanding (Maria, Jose, Mohammed):
    // its neighbours one edit away are other names.
    if (exact !== undefined && this.postStart[exact + 1]! - this.postStart[exact]! >= FUZZY_MAX_EXACT_DF) return toHits(hits);
    // One edit on the key (a consonant changed: Schulze / Scholz)…
    if (t.key.length >= MIN_FUZZY_KEY) {
      for (let skip = -1; skip < t.key.length; skip++) {
        const h = fnv1a(t.key, skip);
        for (let k = lowerBound(this.delHash, h); k < this.delHash.length && this.delHash[k] === h; k++) {
          const id = this.delKey[k]!;
          const key = this.keyStrings[id]!;
          if (id !== exact && editDistance(t.key, key, 1) <= 1) add(id, Math.max(KEY_HIT, 1 - 2 / key.length));
        }
      }
    }
    // …or one edit on the letters, which can move the key further (Lakahl / Lakhal, Awlijan / Walijan).
    if (t.text.length >= 4) {
      for (let skip = -1; skip < t.text.length; skip++) {
        const h = fnv1a(t.text, skip);
        for (let k = lowerBound(this.textDelHash, h); k < this.textDelHash.length && this.textDelHash[k] === h; k++) {
          const id = this.textDelId[k]!;
          const key = this.textKey[id]!;
          const text = this.texts[id]!;
          if (key === exact || editDistance(t.text, text, 1) > 1) continue;
          // The letters are known: credit the similarity the scorer will give this pair.
          const sim = pairSimilarity(t, { text, key: this.keyStrings[key]!, cons: '', kind: 'word', abjad: false, mask: letterMask(text) }).sim;
          if (sim > 0) add(key, sim);
        }
      }
    }
    if (t.cons.length >= 2) {
      for (const id of this.consToKeys.get(t.cons) ?? []) {
        // Only across scripts: Latin query → Arabic-script list tokens, Arabic query → Latin ones.
        if (id !== exact && (t.abjad || this.keyAbjad[id])) add(id, SCRIPT_HIT);
      }
    }
    return toHits(hits);
  }
}

function toHits(hits: Map<number, number>): Hit[] {
  return Array.from(hits, ([key, sim]) => ({ key, sim }));
}

// ── Build ──────────────────────────────────────────────────────────────────────────────────────

interface BuildParts {
  entities: readonly Entity[];
  nameEntity: Uint32Array;
  nameIdx: Uint16Array;
  nameSource: Uint8Array;
  nameTokens: (readonly NameToken[])[];
  keyIds: Map<string, number>;
  keyStrings: string[];
  postStart: Uint32Array;
  postNames: Uint32Array;
  keyRarity: Float32Array;
  keyAbjad: Uint8Array;
  delHash: Uint32Array;
  delKey: Uint32Array;
  textDelHash: Uint32Array;
  textDelId: Uint32Array;
  texts: string[];
  textKey: Uint32Array;
  consToKeys: Map<string, number[]>;
  postWeight: Float32Array;
  stats: IndexStats;
}

function buildParts(entities: readonly Entity[]): BuildParts {
  const keyIds = new Map<string, number>();
  const keyStrings: string[] = [];
  const keyAbjadList: number[] = [];
  const keyIsWord: number[] = [];
  const keyId = (k: string, abjad: boolean, word: boolean): number => {
    let id = keyIds.get(k);
    if (id === undefined) {
      id = keyStrings.length;
      keyIds.set(k, id);
      keyStrings.push(k);
      keyAbjadList.push(0);
      keyIsWord.push(0);
    }
    if (abjad) keyAbjadList[id] = 1;
    if (word) keyIsWord[id] = 1;
    return id;
  };
  // Tokens are interned once, with their key id: names then cost no string work at all.
  // normalize.ts already shares equal tokens; a text-keyed map catches its cache being recycled.
  const intern = new Map<string, IndexedToken>();
  const byObject = new Map<NameToken, IndexedToken>();
  const internToken = (t: NameToken): IndexedToken => {
    const known = byObject.get(t);
    if (known) return known;
    const sig = `${t.kind}${t.abjad ? 1 : 0}${t.surname ? 1 : 0}${t.text}`;
    let it = intern.get(sig);
    if (!it) {
      const kid = INDEXED_KINDS.has(t.kind) ? keyId(t.key, t.abjad, t.kind === 'word') : -1;
      intern.set(sig, (it = { ...t, rarity: 1, id: intern.size, keyId: kid }));
    }
    byObject.set(t, it);
    return it;
  };
  // Adjacent tokens joined, so "Abdulrahman" finds ABDUL RAHMAN; in their own key space ('+'), so
  // a query token finds them on purpose and nothing counts twice. Keyed by the token ids.
  const joined = new Map<number, number>();
  const joinedKeyId = (a: IndexedToken, b: IndexedToken): number => {
    const pair = a.id * 2 ** 21 + b.id;
    let id = joined.get(pair);
    if (id === undefined) joined.set(pair, (id = keyId(`+${phoneticKey(a.text + b.text)}`, false, false)));
    return id;
  };

  const nameEntity: number[] = [];
  const nameIdx: number[] = [];
  const nameSource: number[] = [];
  const nameTokens: (readonly IndexedToken[])[] = [];
  // Per name: the key of each indexed token and joined pair, and which token(s) it stands for
  // (i, or -(i+1) for the pair i, i+1). A key may repeat when the name repeats a word.
  const nameKeys: number[][] = [];
  const nameParts: number[][] = [];
  const preparedCache = new Map<string, { normalized: string; tokens: readonly IndexedToken[]; keys: number[]; parts: number[] }>();
  const bySource: Record<string, { entities: number; names: number }> = {};

  for (let e = 0; e < entities.length; e++) {
    const entity = entities[e]!;
    const src = (bySource[entity.source] ??= { entities: 0, names: 0 });
    src.entities++;
    const seen: string[] = [];
    for (let ni = 0; ni < entity.names.length && ni < 65535; ni++) {
      const n = entity.names[ni]!;
      if (!n.full || !n.full.trim()) continue;
      // The same name is on several lists (and several times on one): prepare it once, share the
      // token array.
      const cacheKey = n.last ? `${entity.type}\u0001${n.last}\u0001${n.full}` : `${entity.type}\u0001${n.full}`;
      let prepared = preparedCache.get(cacheKey);
      if (!prepared) {
        const p = prepareName(n.full, n.last ? { type: entity.type, last: n.last } : { type: entity.type });
        const tokens = p.tokens.map(internToken);
        const keys: number[] = [];
        const parts: number[] = [];
        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i]!;
          if (t.keyId >= 0) (keys.push(t.keyId), parts.push(i));
          const next = tokens[i + 1];
          if (next && (t.kind === 'word' || t.kind === 'particle') && next.kind === 'word') (keys.push(joinedKeyId(t, next)), parts.push(-(i + 1)));
        }
        prepared = { normalized: p.normalized, tokens, keys, parts };
        preparedCache.set(cacheKey, prepared);
      }
      if (prepared.tokens.length === 0) continue;
      // Same normalised name twice in one entity (case or punctuation variants): keep the first,
      // which is the primary / strong one when the list orders them so.
      if (seen.includes(prepared.normalized)) continue;
      seen.push(prepared.normalized);
      nameEntity.push(e);
      nameIdx.push(ni);
      nameSource.push(SOURCE_IDS.indexOf(entity.source));
      nameTokens.push(prepared.tokens);
      nameKeys.push(prepared.keys);
      nameParts.push(prepared.parts);
      src.names++;
    }
  }

  // Postings (CSR).
  const nKeys = keyStrings.length;
  const postStart = new Uint32Array(nKeys + 1);
  const firstOf = (ks: number[], i: number): boolean => ks.indexOf(ks[i]!) === i;
  for (const ks of nameKeys) for (let i = 0; i < ks.length; i++) if (firstOf(ks, i)) postStart[ks[i]! + 1]!++;
  for (let k = 0; k < nKeys; k++) postStart[k + 1]! += postStart[k]!;
  const fill = postStart.slice(0, nKeys);
  const postNames = new Uint32Array(postStart[nKeys]!);
  for (let n = 0; n < nameKeys.length; n++) {
    const ks = nameKeys[n]!;
    for (let i = 0; i < ks.length; i++) if (firstOf(ks, i)) postNames[fill[ks[i]!]!++] = n;
  }

  // Rarity from document frequency (names per key).
  const N = Math.max(nameKeys.length, FULL_WEIGHT_DF + 1);
  const ref = Math.log(N / FULL_WEIGHT_DF);
  const keyRarity = new Float32Array(nKeys);
  for (let k = 0; k < nKeys; k++) {
    const df = postStart[k + 1]! - postStart[k]!;
    keyRarity[k] = Math.max(MIN_RARITY, Math.min(1, Math.log(N / Math.max(1, df)) / ref));
  }

  for (const t of intern.values()) {
    const id = keyIds.get(t.key);
    let r = id === undefined ? 1 : keyRarity[id]!;
    if (GENERIC_ORG_WORDS.has(t.text)) r = Math.min(r, GENERIC_RARITY);
    t.rarity = r;
  }

  // Weight of the list token(s) behind each posting, so a candidate's best score can be bounded
  // with the weights it really has.
  const postWeight = new Float32Array(postNames.length);
  const ownWeights: TermWeights = { rarity: (t) => (t as IndexedToken).rarity };
  fill.set(postStart.subarray(0, nKeys));
  for (let n = 0; n < nameKeys.length; n++) {
    const toks = nameTokens[n]!;
    const ks = nameKeys[n]!;
    const ps = nameParts[n]!;
    for (let k = 0; k < ks.length; k++) {
      if (!firstOf(ks, k)) continue;
      // All the tokens behind this key in this name (a repeated word counts each time).
      let w = 0;
      for (let j = k; j < ks.length; j++) {
        if (ks[j] !== ks[k]) continue;
        const part = ps[j]!;
        w += part >= 0 ? tokenWeight(toks[part]!, ownWeights) : tokenWeight(toks[-part - 1]!, ownWeights) + tokenWeight(toks[-part]!, ownWeights);
      }
      postWeight[fill[ks[k]!]!++] = w;
    }
  }

  // Deletion index over single-token word keys: key and its one-letter deletions, hashed, sorted.
  const packed: number[] = [];
  const consToKeys = new Map<string, number[]>();
  for (let k = 0; k < nKeys; k++) {
    if (!keyIsWord[k]) continue;
    const key = keyStrings[k]!;
    const cons = consonantSkeleton(key);
    if (cons.length >= 2) {
      const list = consToKeys.get(cons);
      if (list) list.push(k);
      else consToKeys.set(cons, [k]);
    }
    if (key.length < MIN_FUZZY_KEY) continue;
    for (const h of deletionHashes(key)) packed.push(h * 2 ** 21 + k);
  }
  const [delHash, delKey] = unpack(packed, nKeys);

  // The same over the letters of distinct word texts (→ their key).
  const texts: string[] = [];
  const textKeyList: number[] = [];
  const textPacked: number[] = [];
  for (const t of intern.values()) {
    if (t.kind !== 'word' || t.text.length < 4) continue;
    const key = keyIds.get(t.key);
    if (key === undefined) continue;
    const id = texts.length;
    texts.push(t.text);
    textKeyList.push(key);
    for (const h of deletionHashes(t.text)) textPacked.push(h * 2 ** 21 + id);
  }
  const [textDelHash, textDelId] = unpack(textPacked, texts.length);

  return {
    entities,
    nameEntity: Uint32Array.from(nameEntity),
    nameIdx: Uint16Array.from(nameIdx),
    nameSource: Uint8Array.from(nameSource),
    nameTokens,
    keyIds,
    keyStrings,
    postStart,
    postNames,
    keyRarity,
    keyAbjad: Uint8Array.from(keyAbjadList),
    delHash,
    delKey,
    textDelHash,
    textDelId,
    texts,
    textKey: Uint32Array.from(textKeyList),
    consToKeys,
    postWeight,
    stats: { entities: entities.length, names: nameTokens.length, tokens: intern.size, bySource },
  };
}

/** (hash · 2²¹ + id) pairs → two typed arrays sorted by hash (ids < 2²¹, exact in a double). */
function unpack(packed: number[], ids: number): [Uint32Array, Uint32Array] {
  if (ids >= 2 ** 21) throw new Error('too many distinct entries for a deletion index');
  const sorted = Float64Array.from(packed).sort();
  const hashes = new Uint32Array(sorted.length);
  const values = new Uint32Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    const h = Math.floor(v / 2 ** 21);
    hashes[i] = h;
    values[i] = v - h * 2 ** 21;
  }
  return [hashes, values];
}

/** Hashes of a string and of each of its one-letter deletions (distinct). */
function deletionHashes(s: string): Set<number> {
  const out = new Set<number>();
  for (let skip = -1; skip < s.length; skip++) out.add(fnv1a(s, skip));
  return out;
}

/** FNV-1a of `s` without the letter at `skip` (-1: whole string), so deletions need no strings. */
function fnv1a(s: string, skip = -1): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function lowerBound(arr: Uint32Array, v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
