/**
 * Building a SanctionsIndex from entities (index.ts queries it): names prepared once and shared,
 * tokens interned with their key id, postings in CSR typed arrays with the weight of the token
 * behind each posting, corpus rarity per key, SymSpell deletion indexes over keys and over letters
 * (hashes in sorted typed arrays), and the consonant-skeleton map for cross-script lookups.
 */
import type { Entity, EntityName } from './entity.ts';
import type { IndexStats } from './index.ts';
import { SOURCE_IDS } from './entity.ts';
import { GENERIC_ORG_WORDS } from './name-data.ts';
import { letterMask, prepareName, type NameToken } from './normalize.ts';
import { doubledLetterMask } from './similarity.ts';
import { consonantSkeleton } from './phonetic.ts';
import { GENERIC_RARITY, tokenWeight, type TermWeights } from './score.ts';

/** Rarity: tokens in at most this many names weigh fully. */
const FULL_WEIGHT_DF = 20;
const MIN_RARITY = 0.12;
export const INDEXED_KINDS: ReadonlySet<string> = new Set(['word', 'literal', 'number']);
/** What an initial can weigh in a pairing (score.ts caps it at an initial's weight). */
const INITIAL_CAP = 0.5;
/** Shorter keys have too many neighbours one edit away to be worth a fuzzy lookup. */
export const MIN_FUZZY_KEY = 5;

/** A list token, interned, with its corpus rarity and its key's id precomputed. */
export interface IndexedToken extends NameToken {
  rarity: number;
  readonly id: number;
  /** Index key id, -1 for kinds that are not indexed. */
  readonly keyId: number;
}

/**
 * What the build reads of an entity: its source, type and names' full and last forms. The index worker hands it
 * entities cut down to these, one serialised chunk at a time, so it never holds the whole list (index-worker.ts).
 */
export interface IndexInput {
  readonly source: Entity['source'];
  readonly type: Entity['type'];
  readonly names: readonly Pick<EntityName, 'full' | 'last'>[];
}

export interface BuildParts extends NameParts {
  entities: readonly Entity[];
}

/** Everything the build derives from the entities' names (all of BuildParts but the entities themselves). */
export interface NameParts {
  /** Per name: total token weight, weight of its initials (at their pairing cap), has initials. */
  nameWeight: Float32Array;
  nameInitialWeight: Float32Array;
  nameHasInitial: Uint8Array;
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
  textToKey: Map<string, number>;
  /**
   * Word texts of at least LONG_TEXT letters (ids into `texts`), ordered by length, with their letter
   * masks and where each length starts: two typing errors in a long word are found by scanning the
   * few thousand texts of about the same length on their masks (index.ts), not by a second
   * deletion level, which would multiply the deletion index by the word length.
   */
  longIds: Uint32Array;
  longMasks: Uint32Array;
  /** Letters occurring twice or more in each long word (similarity.ts doubledLetterMask). */
  longDoubles: Uint32Array;
  longStart: Uint32Array;
  postWeight: Float32Array;
  stats: IndexStats;
}

/** Tokens this long or longer get a two-edit search (index.ts). */
export const LONG_TEXT = 8;
/** Length offsets past the longest text, for `longStart` lookups. */
export const LONG_MAX = 40;

export function buildParts(entities: readonly Entity[]): BuildParts {
  return { entities, ...buildNameParts(entities) };
}

/**
 * The index over `entities`, read once in order: nothing of an entity is kept but the tokens of its names, so a
 * caller can stream them (the index worker deserialises one chunk at a time) and the build's heap stays the index's.
 */
export function buildNameParts(entities: Iterable<IndexInput>): NameParts {
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
      it = {
        text: t.text,
        key: t.key,
        cons: t.cons,
        kind: t.kind,
        abjad: t.abjad,
        surname: t.surname,
        mask: t.mask,
        rarity: 1,
        id: intern.size,
        keyId: kid,
      };
      intern.set(sig, it);
    }
    byObject.set(t, it);
    return it;
  };

  const nameEntity: number[] = [];
  const nameIdx: number[] = [];
  const nameSource: number[] = [];
  // A name's indexed tokens are those with a key id (>= 0); a key may repeat when the name repeats a word. They are
  // read off the tokens where needed rather than kept as two more arrays per distinct name (the build's heap peaks
  // with every name prepared: what it keeps per name is what the index worker's memory cap must hold).
  const nameTokens: (readonly IndexedToken[])[] = [];
  const bySource: Record<string, { entities: number; names: number }> = {};

  let e = -1;
  for (const entity of entities) {
    e++;
    bySource[entity.source] ??= { entities: 0, names: 0 };
    const src = bySource[entity.source]!;
    src.entities++;
    const seen: string[] = [];
    for (let ni = 0; ni < entity.names.length && ni < 65535; ni++) {
      const n = entity.names[ni]!;
      if (!n.full?.trim()) continue;
      // No cache of prepared names here (the same name is on several lists): normalize.ts's word and
      // token caches already make a repeated name cheap (the build's CPU time measured the same with and
      // without one: 5.2 / 5.5 s), and a cache of every name with its normalised form was ~14 MiB of the
      // index worker's peak heap, which its memory cap must hold (index-worker.ts).
      const p = prepareName(n.full, n.last ? { type: entity.type, last: n.last } : { type: entity.type });
      const prepared = { normalized: p.normalized, tokens: p.tokens.map(internToken) };
      if (prepared.tokens.length === 0) continue;
      // Same normalised name twice in one entity (case or punctuation variants): keep the first,
      // which is the primary / strong one when the list orders them so.
      if (seen.includes(prepared.normalized)) continue;
      seen.push(prepared.normalized);
      nameEntity.push(e);
      nameIdx.push(ni);
      nameSource.push(SOURCE_IDS.indexOf(entity.source));
      nameTokens.push(prepared.tokens);
      src.names++;
    }
  }
  const entityCount = e + 1;

  // Postings (CSR): one per name and distinct key, in the order of the name's tokens.
  const nKeys = keyStrings.length;
  const postStart = new Uint32Array(nKeys + 1);
  for (const toks of nameTokens)
    for (let i = 0; i < toks.length; i++) if (firstKeyAt(toks, i)) postStart[toks[i]!.keyId + 1]!++;
  for (let k = 0; k < nKeys; k++) postStart[k + 1]! += postStart[k]!;
  const fill = postStart.slice(0, nKeys);
  const postNames = new Uint32Array(postStart[nKeys]!);
  for (let n = 0; n < nameTokens.length; n++) {
    const toks = nameTokens[n]!;
    for (let i = 0; i < toks.length; i++) if (firstKeyAt(toks, i)) postNames[fill[toks[i]!.keyId]!++] = n;
  }

  // Rarity from document frequency (names per key).
  const N = Math.max(nameTokens.length, FULL_WEIGHT_DF + 1);
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
  for (let n = 0; n < nameTokens.length; n++) {
    const toks = nameTokens[n]!;
    for (let i = 0; i < toks.length; i++) {
      if (!firstKeyAt(toks, i)) continue;
      // All the tokens behind this key in this name (a repeated word counts each time), in token order.
      const key = toks[i]!.keyId;
      let w = 0;
      for (let j = i; j < toks.length; j++) {
        if (toks[j]!.keyId !== key) continue;
        w += tokenWeight(toks[j]!, ownWeights);
      }
      postWeight[fill[key]!++] = w;
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
  const textToKey = new Map<string, number>();
  for (const t of intern.values()) if (t.kind === 'word' && t.keyId >= 0) textToKey.set(t.text, t.keyId);
  const longList = texts
    .map((text, id) => [Math.min(text.length, LONG_MAX), id] as const)
    .filter(([len]) => len >= LONG_TEXT)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const longIds = Uint32Array.from(longList, ([, id]) => id);
  const longMasks = Uint32Array.from(longList, ([, id]) => letterMask(texts[id]!));
  const longDoubles = Uint32Array.from(longList, ([, id]) => doubledLetterMask(texts[id]!));
  const longStart = new Uint32Array(LONG_MAX + 2);
  for (let len = 0, k = 0; len <= LONG_MAX + 1; len++) {
    while (k < longList.length && longList[k]![0] < len) k++;
    longStart[len] = k;
  }

  const nameWeight = Float32Array.from(nameTokens, (toks) =>
    toks.reduce((sum, t) => sum + tokenWeight(t, ownWeights), 0),
  );
  const nameInitialWeight = Float32Array.from(nameTokens, (toks) =>
    toks.reduce((sum, t) => sum + (t.kind === 'initial' ? INITIAL_CAP : 0), 0),
  );
  // Initials, or short vowelless words that may be initialisms (JC): the scorer can pair them
  // with words the index does not link them to.
  const nameHasInitial = Uint8Array.from(nameTokens, (toks) =>
    toks.some((t) => t.kind === 'initial' || (t.kind === 'word' && t.text.length <= 3 && !/[aeiouy]/.test(t.text)))
      ? 1
      : 0,
  );

  return {
    nameWeight,
    nameInitialWeight,
    nameHasInitial,
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
    textToKey,
    longIds,
    longMasks,
    longDoubles,
    longStart,
    postWeight,
    stats: { entities: entityCount, names: nameTokens.length, tokens: intern.size, bySource },
  };
}

/** Whether token `i` is indexed (has a key) and is the first of the name's tokens with that key. */
function firstKeyAt(toks: readonly IndexedToken[], i: number): boolean {
  const key = toks[i]!.keyId;
  if (key < 0) return false;
  for (let j = 0; j < i; j++) if (toks[j]!.keyId === key) return false;
  return true;
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
export function fnv1a(s: string, skip = -1): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A directory over a sorted array of 32-bit hashes: where each range of leading bits starts, about
 * one entry per range. Finding a hash then reads two directory slots and a few neighbouring
 * entries instead of binary-searching the whole array, whose lower levels are cache misses on
 * every probe (each query token probes both deletion indexes once per letter).
 */
export interface HashDirectory {
  starts: Uint32Array;
  shift: number;
}

export function hashDirectory(sorted: Uint32Array): HashDirectory {
  const bits = Math.max(1, Math.min(24, Math.ceil(Math.log2(sorted.length + 1))));
  const shift = 32 - bits;
  const starts = new Uint32Array((1 << bits) + 1);
  let k = 0;
  for (let b = 0; b <= 1 << bits; b++) {
    while (k < sorted.length && sorted[k]! >>> shift < b) k++;
    starts[b] = k;
  }
  return { starts, shift };
}

/** The first position of `v` in `sorted` (or where it would be), through its directory. */
export function firstOf(sorted: Uint32Array, dir: HashDirectory, v: number): number {
  const b = v >>> dir.shift;
  let k = dir.starts[b]!;
  const end = dir.starts[b + 1]!;
  while (k < end && sorted[k]! < v) k++;
  return k;
}
