/**
 * The sanctions name index: candidate generation from an inverted index over phonetic keys, then
 * exact scoring (score.ts) of a bounded candidate set. Never a scan of all names.
 *
 * Candidate generation, per query token:
 *   - its phonetic key, exactly (Mohammed finds Muhammad);
 *   - keys one edit away, through a deletion index (SymSpell: every key and its one-letter deletions
 *     hashed into sorted typed arrays), so typos still find candidates;
 *   - for Arabic/Hebrew-script tokens, Latin keys with the same consonant skeleton (and vice versa);
 *   - adjacent query tokens joined (Abdul Rahman finds ABDULRAHMAN), and a run-together query token
 *     split into two known words (Abdulrahman finds ABDUL RAHMAN, through a merge of postings) or
 *     into a known word and a legal form or particle (OJSCANGARSK finds ANGARSK).
 * Each hit adds weight × similarity to the name's coverage. Tokens whose rarity is low (generic
 * words: TRADING, GROUP, BANK; particles and legal forms are not indexed at all) cannot bring in a
 * candidate on their own: they only add to candidates found through a distinctive token, unless
 * the query has nothing distinctive. The best-covered names (at most MAX_CANDIDATES) are scored.
 *
 * Candidates are kept only if an upper bound of their score (from the weights the postings carry)
 * can reach the threshold. Building is in index-build.ts.
 */
import {
  WEAK_ALIAS_FACTOR,
  aliasAdjustment,
  birthDateAdjustment,
  countryAdjustment,
  typeAdjustment,
  type ScoreAdjustment,
} from './adjust.ts';
import type { Entity, EntityType, SourceId } from './entity.ts';
import { SOURCE_IDS } from './entity.ts';
import { FlatLexicon, ObjectLexicon, type IndexImage, type Lexicon } from './index-image.ts';
import { buildExplanation, type MatchExplanation } from './explain.ts';
import { matchConfidence } from './calibration.ts';
import { NAME_VARIANTS } from './tables/name-variants.ts';
import { GENERIC_ORG_WORDS, PARTICLES } from './name-data.ts';
import {
  gluedParticleRests,
  legalSymbol,
  letterMask,
  prepareName,
  type NameToken,
  type PreparedName,
} from './normalize.ts';
import { LRUCache } from 'lru-cache';
import { phoneticKey } from './phonetic.ts';
import { romanisationSpellings } from './romanisation.ts';
import { hanHangulSyllables } from './translit.ts';
import {
  INDEXED_KINDS,
  LONG_MAX,
  LONG_TEXT,
  MIN_FUZZY_KEY,
  buildParts,
  firstOf,
  fnv1a,
  hashDirectory,
  type HashDirectory,
  type IndexedToken,
} from './index-build.ts';
import {
  EXTRA_CANDIDATE_COST,
  EXTRA_QUERY_COST,
  GENERIC_RARITY,
  SINGLE_NAME_FACTOR,
  compareNames,
  pairSimilarity,
  round3,
  sameScriptShare,
  tokenWeight,
  type NameComparison,
  type PairMemo,
  type TermWeights,
} from './score.ts';
import { doubledLetterMask, slipVariants, withinOneEdit, withinTwoEdits } from './similarity.ts';
import { ocrVariants, popcount } from './token-similarity.ts';

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
  /** Calibrated probability that this match is the listed party, 0..1, 3 decimals (calibration.ts). */
  confidence: number;
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
/** Positive non-name adjustments only apply when the name score is at least threshold minus this. */
const CORROBORATION_WINDOW = 0.05;
/**
 * Similarity credited to an index hit whose letters are unknown (a key one edit away, a skeleton
 * shared across scripts): optimistic, since it bounds the exact score.
 */
const KEY_HIT = 0.8;
const INFLECTED_HIT = 0.82;
const SCRIPT_HIT = 0.9;
const GLUED_HIT = 0.9;
const OCR_HIT = 0.88;
const ROMANISED_HIT = 0.9;
const SLIP_HIT = 0.85;
/** A hit this close means the token is found: no two-edit search. */
const STRONG_HIT = 0.85;
/** Word tokens whose hits are kept (lookup's memo), and at most this many hits and split postings in all. */
const TOKEN_HITS_ENTRIES = 20_000;
const TOKEN_HITS_HELD = 400_000;
/** Tokens found in this many names or more are not expanded to their one-edit neighbours. */
const FUZZY_MAX_EXACT_DF = 60;
/** What an initial can weigh in a pairing (score.ts caps it at an initial's weight). */
const INITIAL_CAP = 0.5;
/** Share of the query's weight found in a name above which it is always scored. */
const SURE_COVERAGE = 0.6;

interface Hit {
  /** Index key whose postings to walk, or -1 when the hit carries its own (a split token). */
  key: number;
  sim: number;
  names?: Uint32Array;
  weights?: Float32Array;
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

/** An index image and its entities' serialised chunks, openable in another thread (SanctionsIndex.shared). */
export interface SharedIndex {
  image: IndexImage;
  chunks: readonly SharedArrayBuffer[];
}

export class SanctionsIndex implements TermWeights {
  private readonly entities: readonly Entity[];
  /** The index's strings, maps and tokens: Maps and objects (in-process build) or a flat image (index worker). */
  private readonly lex: Lexicon;
  private readonly nameEntity: Uint32Array;
  private readonly nameIdx: Uint16Array;
  private readonly nameSource: Uint8Array;
  private readonly postStart: Uint32Array;
  private readonly postNames: Uint32Array;
  private readonly keyRarity: Float32Array;
  private readonly keyAbjad: Uint8Array;
  private readonly delHash: Uint32Array;
  private readonly delDir: HashDirectory;
  private readonly delKey: Uint32Array;
  private readonly textDelHash: Uint32Array;
  private readonly textDelDir: HashDirectory;
  private readonly textDelId: Uint32Array;
  private readonly textKey: Uint32Array;
  private readonly longIds: Uint32Array;
  private readonly longMasks: Uint32Array;
  private readonly longDoubles: Uint32Array;
  private readonly longStart: Uint32Array;
  /**
   * One 32-byte slot per name, so that a name met in a posting list and then bounded costs one cache
   * line, not eight: the per-query scratch (one query at a time: JS is single-threaded) at word 8n
   * its stamp (Uint32), at 8n + 1 the query weight found (acc) and at 8n + 2 the list-side weight
   * paired (cAcc, Float32), at byte 32n + 20 the query name positions paired and at 32n + 21 the query
   * name tokens they cover (Uint8); and copies of what the bound reads of the name (index-build.ts),
   * at 8n + 3 its total token weight and at 8n + 4 its initials' weight at an initial's pairing cap
   * (Float32), at byte 32n + 22 whether it has an initial. Copying them is O(names) once per index
   * (about a millisecond), not per query.
   * Three views of one buffer; the same float32 values and arithmetic as separate arrays.
   */
  private readonly slotU32: Uint32Array;
  private readonly slotF32: Float32Array;
  private readonly slotU8: Uint8Array;
  private readonly postWeight: Float32Array;
  private stampId = 0;
  private readonly statsCache: IndexStats;
  /** Image and serialised entities in shared memory, when built by the index worker (see `shared`). */
  private readonly sharedParts: SharedIndex | undefined;

  private constructor(
    entities: readonly Entity[],
    lex: Lexicon,
    parts: Pick<
      IndexImage,
      | 'nameEntity'
      | 'nameIdx'
      | 'nameSource'
      | 'nameWeight'
      | 'nameInitialWeight'
      | 'nameHasInitial'
      | 'postStart'
      | 'postNames'
      | 'postWeight'
      | 'keyRarity'
      | 'keyAbjad'
      | 'delHash'
      | 'delKey'
      | 'textDelHash'
      | 'textDelId'
      | 'textKey'
      | 'longIds'
      | 'longMasks'
      | 'longDoubles'
      | 'longStart'
      | 'stats'
    >,
    delDir: HashDirectory,
    textDelDir: HashDirectory,
    sharedParts?: SharedIndex,
  ) {
    this.sharedParts = sharedParts;
    this.entities = entities;
    this.lex = lex;
    this.nameEntity = parts.nameEntity;
    this.nameIdx = parts.nameIdx;
    this.nameSource = parts.nameSource;
    this.postStart = parts.postStart;
    this.postNames = parts.postNames;
    this.postWeight = parts.postWeight;
    this.keyRarity = parts.keyRarity;
    this.keyAbjad = parts.keyAbjad;
    this.delHash = parts.delHash;
    this.delDir = delDir;
    this.delKey = parts.delKey;
    this.textDelHash = parts.textDelHash;
    this.textDelDir = textDelDir;
    this.textDelId = parts.textDelId;
    this.textKey = parts.textKey;
    this.longIds = parts.longIds;
    this.longMasks = parts.longMasks;
    this.longDoubles = parts.longDoubles;
    this.longStart = parts.longStart;
    this.statsCache = parts.stats;
    const n = lex.names;
    const slots = new ArrayBuffer(n * 32);
    this.slotU32 = new Uint32Array(slots);
    this.slotF32 = new Float32Array(slots);
    this.slotU8 = new Uint8Array(slots);
    for (let i = 0; i < n; i++) {
      this.slotF32[(i << 3) + 3] = parts.nameWeight[i]!;
      this.slotF32[(i << 3) + 4] = parts.nameInitialWeight[i]!;
      this.slotU8[(i << 5) + 22] = parts.nameHasInitial[i]!;
    }
  }

  /** Builds in this thread, into Maps and token objects (tests, monitoring's small per-delta indexes). */
  static build(entities: readonly Entity[]): SanctionsIndex {
    const parts = buildParts(entities);
    return new SanctionsIndex(
      entities,
      new ObjectLexicon(parts),
      parts,
      hashDirectory(parts.delHash),
      hashDirectory(parts.textDelHash),
    );
  }

  /**
   * Wraps an image built by the index worker (index-worker.ts) over the same entities, in the same
   * order: no work proportional to the index, only the per-query scratch arrays are allocated.
   */
  static fromImage(
    image: IndexImage,
    entities: readonly Entity[],
    chunks?: readonly SharedArrayBuffer[],
  ): SanctionsIndex {
    if (image.stats.entities !== entities.length)
      throw new Error(`index image covers ${image.stats.entities} entities, ${entities.length} given`);
    return new SanctionsIndex(
      entities,
      new FlatLexicon(image),
      image,
      { starts: image.delDirStarts, shift: image.delDirShift },
      { starts: image.textDelDirStarts, shift: image.textDelDirShift },
      chunks ? { image, chunks } : undefined,
    );
  }

  /** The entities indexed, in index order (read-only: another thread's copy of this index needs them). */
  get entityList(): readonly Entity[] {
    return this.entities;
  }

  /**
   * What another thread needs to open this same index without building it: the image (its arrays in shared
   * memory when the index worker built it) and the entities serialised in shared memory (entity-transfer.ts),
   * passed at no cost by postMessage and opened there with `fromImage(image, deserializeEntities(chunks))`.
   * Undefined for an index built in this thread, or when the chunks were not given to fromImage.
   */
  shared(): SharedIndex | undefined {
    return this.sharedParts;
  }

  /** Where the index's strings and tokens live: JS objects (built in this thread) or a flat image (index worker). */
  get layout(): 'objects' | 'flat' {
    return this.lex instanceof FlatLexicon ? 'flat' : 'objects';
  }

  get stats(): IndexStats {
    return this.statsCache;
  }

  /** Corpus rarity of a token (TermWeights): 1 = distinctive, low = most names share it. */
  rarity(t: NameToken): number {
    // List tokens carry their rarity (set at build); query tokens are looked up each time. No cache: one
    // keyed by token object held dead query tokens, and measured no faster than this lookup (~30 ns a call,
    // ~125 calls a query); one keyed by value was 4× slower (the key string is built per call).
    const own = (t as Partial<IndexedToken>).rarity;
    if (own !== undefined) return own;
    const id = this.lex.keyId(t.key);
    const r = id === undefined ? 1 : this.keyRarity[id]!;
    return GENERIC_ORG_WORDS.has(t.text) ? Math.min(r, GENERIC_RARITY) : r;
  }

  /** Corpus-weighted similarity of two raw names (what screen() uses before adjustments). */
  scoreNames(a: string, b: string, opts: { type?: EntityType } = {}): number {
    return round3(compareNames(prepareName(a, opts), prepareName(b, opts), this).score * sameScriptShare(a, b));
  }

  screen(q: ScreenQuery): ScreenMatch[] {
    const query = prepareName(q.name, q.type ? { type: q.type } : {});
    if (query.tokens.length === 0 || q.limit <= 0) return [];
    const sources =
      q.sources && q.sources.length > 0 ? new Set(q.sources.map((s) => SOURCE_IDS.indexOf(s))) : undefined;
    const candidates = this.candidates(query, q.threshold, sources);

    // Exact scoring, best name per entity.
    const memo: PairMemo = query.tokens.map(() => new Map());
    const best = new Map<number, { nameId: number; cmp: NameComparison; score: number }>();
    // A query in Han or Hangul against a list name in the same script: compared as written too.
    const hanHangul = hanHangulSyllables(q.name) !== undefined;
    for (const nameId of candidates) {
      const cmp = compareNames(query, { tokens: this.lex.nameTokens(nameId) }, this, memo, false);
      const ent = this.nameEntity[nameId]!;
      const entity = this.entities[ent]!;
      const name = entity.names[this.nameIdx[nameId]!]!;
      if (hanHangul) cmp.score *= sameScriptShare(q.name, name.full);
      const score = name.quality === 'weak' ? cmp.score * WEAK_ALIAS_FACTOR : cmp.score;
      const prev = best.get(ent);
      if (!prev || score > prev.score) best.set(ent, { nameId, cmp, score });
    }

    interface Row {
      ent: number;
      nameId: number;
      cmp: NameComparison;
      adjustments: ScoreAdjustment[];
      score: number;
    }
    const rows: Row[] = [];
    for (const [ent, b] of best) {
      const entity = this.entities[ent]!;
      const name = entity.names[this.nameIdx[b.nameId]!]!;
      const adjustments: ScoreAdjustment[] = [];
      const alias = aliasAdjustment(name.quality, b.cmp.score);
      if (alias) adjustments.push(alias);
      // Only a natural person has a date of birth: a query that gives one is a person's.
      const type = typeAdjustment(q.type ?? (q.birthDate ? 'person' : undefined), entity.type);
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
      score = round3(Math.max(0, Math.min(1, score)));
      if (score >= q.threshold) rows.push({ ent, nameId: b.nameId, cmp: b.cmp, adjustments, score });
    }
    const source = (r: Row): Entity => this.entities[r.ent]!;
    rows.sort(
      (a, b) =>
        b.score - a.score ||
        source(a).source.localeCompare(source(b).source) ||
        source(a).sourceId.localeCompare(source(b).sourceId),
    );

    // Explanations only for the rows returned.
    return rows.slice(0, q.limit).map((r) => {
      const entity = this.entities[r.ent]!;
      const name = entity.names[this.nameIdx[r.nameId]!]!;
      const tokens = this.lex.nameTokens(r.nameId);
      const confidence = matchConfidence(entity.type, r.score);
      const cmp = compareNames(query, { tokens }, this, memo, true);
      if (hanHangul) cmp.score *= sameScriptShare(q.name, name.full);
      return {
        source: entity.source,
        sourceId: entity.sourceId,
        name: entity.name,
        matchedName: name.full,
        type: entity.type,
        score: r.score,
        confidence,
        programs: entity.programs,
        explanation: buildExplanation(query, { tokens }, name, cmp, r.adjustments, r.score, {
          type: entity.type,
          confidence,
        }),
        entity,
      };
    });
  }

  // ── Candidate generation ────────────────────────────────────────────────────────────────────

  private candidates(query: PreparedName, threshold: number, sources: Set<number> | undefined): number[] {
    const tokens = query.tokens;
    const weights = tokens.map((t) => tokenWeight(t, this));
    if (weights.every((w) => w === 0)) return [];
    const nameTokensInQuery = new Set(tokens.filter((t) => t.kind === 'word' || t.kind === 'literal').map((t) => t.key))
      .size;
    const queryInitials = tokens.reduce(
      (sum, t, i) => sum + (t.kind === 'initial' ? Math.min(weights[i]!, INITIAL_CAP) : 0),
      0,
    );

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
      const id = this.lex.keyId(phoneticKey(a.text + b.text));
      if (id !== undefined)
        positions.push(
          this.position(weights[i]! + weights[i + 1]!, [{ key: id, sim: 1 }], b, a.kind === 'word' ? 2 : 1),
        );
    }
    if (positions.length === 0) return [];
    const totalWeight = weights.reduce((sum, w) => sum + w, 0);

    const anySeed = positions.some((p) => p.seed);
    positions.sort((a, b) => a.minDf - b.minDf);

    // One stamp array does three jobs: a stamp above `first` means "seen in this query", equal to
    // the position's stamp means "already credited for this position" (hits are best first).
    if (this.stampId > 0xfff00000) {
      // A few billion positions later: start the stamps again (only the stamps: the slots hold the names' weights).
      for (let i = 0; i < this.slotU32.length; i += 8) this.slotU32[i] = 0;
      this.stampId = 0;
    }
    const first = this.stampId + 1;
    const touched: number[] = [];
    const { slotU32, slotF32, slotU8, postStart, postNames, postWeight, nameSource } = this;
    for (const p of positions) {
      const st = ++this.stampId;
      const canSeed = !anySeed || p.seed;
      for (const h of p.hits) {
        const contrib = p.weight * h.sim;
        const names = h.names ?? postNames;
        const weights = h.weights ?? postWeight;
        const begin = h.names ? 0 : postStart[h.key]!;
        const end = h.names ? h.names.length : postStart[h.key + 1]!;
        for (let k = begin; k < end; k++) {
          const name = names[k]!;
          const w = name << 3;
          const seen = slotU32[w]!;
          if (seen === st) continue;
          if (seen < first) {
            if (!canSeed || (sources && !sources.has(nameSource[name]!))) continue;
            slotF32[w + 1] = 0;
            slotF32[w + 2] = 0;
            slotU8[(w << 2) + 20] = 0;
            slotU8[(w << 2) + 21] = 0;
            touched.push(name);
          }
          slotU32[w] = st;
          slotF32[w + 1] = slotF32[w + 1]! + contrib;
          slotF32[w + 2] = slotF32[w + 2]! + weights[k]!;
          if (p.covers) {
            slotU8[(w << 2) + 20] = slotU8[(w << 2) + 20]! + 1;
            slotU8[(w << 2) + 21] = slotU8[(w << 2) + 21]! + p.covers;
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
      const w = n << 3;
      const found = slotF32[w + 1]!;
      // Initials are not indexed: credit the name's and the query's as if they all paired (at an
      // initial's pairing cap).
      const ini = slotF32[w + 4]! + queryInitials;
      const a = Math.min(totalWeight, found + ini);
      const nw = slotF32[w + 3]!;
      // List-side weight paired: what the postings say (a name hit through several keys of one
      // position may count a token twice, which only loosens the bound).
      const c = Math.min(nw, slotF32[w + 2]! + ini);
      let bound = (a + c) / (a + c + EXTRA_QUERY_COST * Math.max(0, totalWeight - a) + EXTRA_CANDIDATE_COST * (nw - c));
      if (slotU8[(w << 2) + 20] === 1 && slotU8[(w << 2) + 21]! < nameTokensInQuery && !slotU8[(w << 2) + 22])
        bound *= SINGLE_NAME_FACTOR;
      // The bound knows only indexed tokens; a name covering most of the query is scored anyway
      // (a misspelt particle, an initial, a cross-script join can pair what the index cannot see).
      if (bound >= floor || found >= SURE_COVERAGE * totalWeight) {
        kept.push(n);
        slotF32[w + 1] = bound;
      }
    }
    if (kept.length <= MAX_CANDIDATES) return kept;
    // Bucket select (linear): the MAX_CANDIDATES best bounds.
    const BUCKETS = 64;
    const counts = new Uint32Array(BUCKETS + 1);
    const bucketOf = (n: number): number => Math.min(BUCKETS, Math.floor(slotF32[(n << 3) + 1]! * BUCKETS));
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
    boundary.sort((a, b) => slotF32[(b << 3) + 1]! - slotF32[(a << 3) + 1]!);
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
      if (h.names) {
        minDf = Math.min(minDf, h.names.length);
        rarity = Math.max(rarity, 1);
        continue;
      }
      minDf = Math.min(minDf, this.postStart[h.key + 1]! - this.postStart[h.key]!);
      rarity = Math.max(rarity, this.keyRarity[h.key]!);
    }
    if (GENERIC_ORG_WORDS.has(t.text)) rarity = Math.min(rarity, GENERIC_RARITY);
    // Best hits first: a name reached by several keys of one position is credited once, at its best.
    hits.sort((a, b) => b.sim - a.sim);
    return { weight, hits, minDf, covers, seed: rarity >= SEED_MIN_RARITY && minDf <= MAX_SEED_POSTINGS };
  }

  /**
   * lookup() is a pure function of the token's value and this index, and the fuzzy part of it (one and two
   * edits, variants, splits) is most of a query's cost: about 450 edit distances for a long word the
   * lists do not know. Names repeat (a re-screen of a customer base, counterparties that trade often), so
   * word tokens' hits are kept, bounded by entries and by hits held. Hits are never changed after they
   * are made (position() sorts them, which leaves a sorted array as it is).
   */
  private readonly tokenHits = new LRUCache<string, Hit[]>({
    max: TOKEN_HITS_ENTRIES,
    maxSize: TOKEN_HITS_HELD,
    sizeCalculation: (hits) => 1 + hits.reduce((n, h) => n + 1 + (h.names?.length ?? 0), 0),
  });

  /** Forgets the remembered token lookups: benchmarks measure a name seen for the first time with it. */
  forgetLookups(): void {
    this.tokenHits.clear();
  }

  private lookup(t: NameToken): Hit[] {
    if (t.kind !== 'word') return this.computeHits(t);
    const key = `${t.abjad ? 1 : 0}\u0000${t.text}\u0000${t.key}\u0000${t.cons}`;
    let hits = this.tokenHits.get(key);
    if (!hits) {
      hits = this.computeHits(t);
      this.tokenHits.set(key, hits);
    }
    return hits;
  }

  /** Keys a query token can pair with: its own, one edit away, and the same consonant skeleton across scripts. */
  private computeHits(t: NameToken): Hit[] {
    const hits = new Map<number, number>();
    const add = (key: number, sim: number): void => {
      if ((hits.get(key) ?? 0) < sim) hits.set(key, sim);
    };
    const exact = this.lex.keyId(t.key);
    if (exact !== undefined) add(exact, 1);
    if (t.kind !== 'word') return toHits(hits);
    const exactDf = exact === undefined ? 0 : this.postStart[exact + 1]! - this.postStart[exact]!;
    // A token the lists already know well is not a typo worth expanding (Maria, Jose, Mohammed):
    // its neighbours one edit away are other names.
    if (exactDf >= FUZZY_MAX_EXACT_DF) {
      // …but a word the lists do not know, whose key they know well, may be a slip (Siba for Sina,
      // Awua for Aqua, Hiaing for Hlaing): a neighbouring key or a letter OCR misreads, after the
      // first letter, looked up by spelling (a few dozen map lookups, not the deletion index).
      if (t.text.length >= 4 && this.lex.textKey(t.text) === undefined)
        for (const v of slipVariants(t.text)) {
          const id = this.lex.textKey(v);
          if (id !== undefined && id !== exact) add(id, SLIP_HIT);
        }
      return toHits(hits);
    }
    // One edit on the key (a consonant changed: Schulze / Scholz)…
    if (t.key.length >= MIN_FUZZY_KEY) {
      for (let skip = -1; skip < t.key.length; skip++) {
        const h = fnv1a(t.key, skip);
        for (let k = firstOf(this.delHash, this.delDir, h); k < this.delHash.length && this.delHash[k] === h; k++) {
          const id = this.delKey[k]!;
          const key = this.lex.keyString(id);
          if (id !== exact && withinOneEdit(t.key, key)) add(id, Math.max(KEY_HIT, 1 - 2 / key.length));
        }
      }
    }
    // …or one edit on the letters, which can move the key further (Lakahl / Lakhal, Awlijan / Walijan).
    if (t.text.length >= 4) this.oneEditHits(t, exact, add);
    // …or the same name in another romanisation system (tables/name-variants.ts).
    for (const v of NAME_VARIANTS.get(t.text) ?? []) {
      const id = this.lex.textKey(v);
      if (id !== undefined && id !== exact) add(id, 0.9);
    }
    // …or the same syllable in another romanisation system, beyond the table (romanisation.ts:
    // Tsui / Cui, Hsu / Xu, Gwon / Kwon, Ahmet / Ahmed), by spelling (a key would bring in every
    // syllable of its vowels).
    for (const v of romanisationSpellings(t.text)) {
      const id = this.lex.textKey(v);
      if (id !== undefined && id !== exact) add(id, ROMANISED_HIT);
    }
    // …or one OCR confusion (Harnid / Hamid, Mohseri / Mohsen).
    if (t.text.length >= 4) {
      for (const v of ocrVariants(t.text)) {
        const id = this.lex.textKey(v);
        if (id !== undefined && id !== exact) add(id, OCR_HIT);
      }
    }
    // …or two typing errors in a long word (Beloglazov / Beolglazo), when nothing close was found.
    if (t.text.length >= LONG_TEXT - 1) {
      let strong = false;
      for (const sim of hits.values()) if (sim >= STRONG_HIT) strong = true;
      if (!strong) this.twoEditHits(t, exact, add);
    }
    if (t.cons.length >= 2) {
      const same = this.lex.consKeys(t.cons) ?? [];
      for (let i = 0; i < same.length; i++) {
        const id = same[i]!;
        // Only across scripts: Latin query → Arabic-script list tokens, Arabic query → Latin ones.
        if (id !== exact && (t.abjad || this.keyAbjad[id])) add(id, SCRIPT_HIT);
      }
    }
    // Lithuanian and Latvian give foreign masculine names a nominative ending (-as/-is/-us, -s), as
    // Greek does (-os/-is/-as) (VLKK rules on foreign names; Latvian Cabinet Regulation No 114 on
    // the rendering of foreign proper names): the stem is the name (Obamas → Obama, Makronas → Macron).
    if (t.text.length >= 6 && t.text.endsWith('s')) {
      for (const cut of [1, 2]) {
        const stem = this.lex.textKey(t.text.slice(0, -cut));
        if (stem !== undefined && stem !== exact) add(stem, INFLECTED_HIT);
      }
    }
    // A particle glued onto the name (ALHASHIMI, Abuzaid): the name without it; the scorer joins the
    // list's "al" + "hashimi" back (score.ts joinPass).
    for (const rest of gluedParticleRests(t.text)) {
      const id = this.lex.textKey(rest) ?? this.lex.keyId(phoneticKey(rest));
      if (id !== undefined && id !== exact) add(id, GLUED_HIT);
    }
    // …or a list word with a legal form or a particle run onto it (OJSCANGARSK, TECGRCO, SOFIANEBEN):
    // the word, when the token itself is not one the lists know.
    if (exact === undefined && t.text.length >= 5) this.gluedWordHits(t.text, add);
    const out = toHits(hits);
    // List names where this token is written as two (ABDUL RAHMAN for Abdulrahman).
    if (t.text.length >= 6) out.push(...this.splitHits(t.text));
    return out;
  }

  /** List words one edit away from a word on its letters (the textual deletion index), at the similarity the scorer will give them. */
  private oneEditHits(t: NameToken, exact: number | undefined, add: (key: number, sim: number) => void): void {
    for (let skip = -1; skip < t.text.length; skip++) {
      const h = fnv1a(t.text, skip);
      for (
        let k = firstOf(this.textDelHash, this.textDelDir, h);
        k < this.textDelHash.length && this.textDelHash[k] === h;
        k++
      ) {
        const id = this.textDelId[k]!;
        const key = this.textKey[id]!;
        const text = this.lex.text(id);
        if (key === exact || !withinOneEdit(t.text, text)) continue;
        // The letters are known: credit the similarity the scorer will give this pair.
        this.#credit(t, text, key, letterMask(text), add);
      }
    }
  }

  /** Credits a list word found by its letters with the similarity the scorer will give the pair. */
  #credit(t: NameToken, text: string, key: number, mask: number, add: (key: number, sim: number) => void): void {
    const sim = pairSimilarity(t, {
      text,
      key: this.lex.keyString(key),
      cons: '',
      kind: 'word',
      abjad: false,
      mask,
    }).sim;
    if (sim > 0) add(key, sim);
  }

  /**
   * Long list words within two edits of a query word of seven letters or more (a long word that
   * lost a letter): a scan of the list words of eight or more letters of about its length,
   * filtered on letter masks (two edits change at most four letters of the set) before any
   * distance is computed. A few thousand integer tests; the distance runs on a few dozen.
   */
  private twoEditHits(t: NameToken, exact: number | undefined, add: (key: number, sim: number) => void): void {
    const len = t.text.length;
    const from = this.longStart[Math.max(LONG_TEXT, len - 2)]!;
    const to = this.longStart[Math.min(LONG_MAX, len + 2) + 1]!;
    const doubles = doubledLetterMask(t.text);
    for (let k = from; k < to; k++) {
      const letters = popcount(this.longMasks[k]! ^ t.mask);
      if (letters > 4 || letters + popcount(this.longDoubles[k]! ^ doubles) > 4) continue;
      const id = this.longIds[k]!;
      const text = this.lex.text(id);
      const key = this.textKey[id]!;
      if (key === exact || !withinTwoEdits(t.text, text)) continue;
      this.#credit(t, text, key, this.longMasks[k]!, add);
    }
  }

  /**
   * A known word of three letters or more with a legal form run onto either end of it (OJSC|ANGARSK,
   * CHERVISHEVSKI|PAO, TECGR|CO: normalize.ts legalSymbol, ISO 20275 and the hand table), or a
   * particle onto its end (SOFIANE|BEN; one glued onto the front is gluedParticleRests'). A legal
   * form of two letters only at the end (SBT|SA), where legal forms stand; the scorer pairs the
   * token with the list's word and legal form or particle joined (score.ts joinPass).
   */
  private gluedWordHits(text: string, add: (key: number, sim: number) => void): void {
    for (let i = 2; i <= text.length - 2; i++) {
      const left = text.slice(0, i);
      const right = text.slice(i);
      if (right.length >= 3 && left.length >= 3 && legalSymbol(left) !== undefined) {
        const id = this.lex.textKey(right);
        if (id !== undefined) add(id, GLUED_HIT);
      }
      if (left.length >= 3 && (legalSymbol(right) !== undefined || PARTICLES.has(right))) {
        const id = this.lex.textKey(left);
        if (id !== undefined) add(id, GLUED_HIT);
      }
    }
  }

  /** Names holding both halves of a run-together token, for every split into two known words. */
  private splitHits(text: string): Hit[] {
    const out: Hit[] = [];
    for (let i = 2; i <= text.length - 2; i++) {
      const left = this.lex.textKey(text.slice(0, i));
      const right = left === undefined ? undefined : this.lex.textKey(text.slice(i));
      if (left === undefined || right === undefined || left === right) continue;
      // Postings are in name order: a merge gives the names with both.
      const names: number[] = [];
      const weights: number[] = [];
      let a = this.postStart[left]!;
      let b = this.postStart[right]!;
      const aEnd = this.postStart[left + 1]!;
      const bEnd = this.postStart[right + 1]!;
      while (a < aEnd && b < bEnd) {
        const na = this.postNames[a]!;
        const nb = this.postNames[b]!;
        if (na === nb) {
          names.push(na);
          weights.push(this.postWeight[a]! + this.postWeight[b]!);
          a++;
          b++;
        } else if (na < nb) a++;
        else b++;
      }
      if (names.length)
        out.push({ key: -1, sim: 1, names: Uint32Array.from(names), weights: Float32Array.from(weights) });
    }
    return out;
  }
}

function toHits(hits: Map<number, number>): Hit[] {
  return Array.from(hits, ([key, sim]) => ({ key, sim }));
}
