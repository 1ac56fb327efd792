/**
 * Keys of a name for the customer-name index: 32-bit hashes of the phonetic keys of its tokens (the same
 * normalisation and phonetic keys as the list index), never the letters. A customer's keys are computed once,
 * when their name is stored, and kept beside the encrypted identity so the index is rebuilt without decrypting.
 *
 * Besides each token's key: the key of two adjacent tokens written as one (Abdul Rahman / Abdulrahman), and for
 * tokens from Arabic or Hebrew script their consonant skeleton (the vowels there are guesses).
 */
import { fnv1a, INDEXED_KINDS } from '../sanctions/index-build.ts';
import { prepareName, type NameToken } from '../sanctions/normalize.ts';
import { phoneticKey } from '../sanctions/phonetic.ts';

export interface NameKeys {
  /** Distinct key hashes of the name. */
  keys: number[];
  /** Indexed tokens of the name (a one-word name matches on one key; others need two). */
  tokens: number;
}

// 30 bits: the index's map keys stay small integers (no boxed number per key); a collision only adds a candidate.
const hashKey = (key: string) => fnv1a(key) & 0x3fffffff;
const consKey = (cons: string) => fnv1a(`#${cons}`) & 0x3fffffff;

function indexedTokens(name: string): NameToken[] {
  return prepareName(name, { type: 'person' }).tokens.filter((t) => INDEXED_KINDS.has(t.kind));
}

/** Two short tokens joined (Tay Za → tayza) sound like too many other names to be worth a key of their own. */
const MIN_JOINED_LETTERS = 6;

function joinable(a: NameToken, b: NameToken): boolean {
  return (
    a.kind === 'word' &&
    b.kind === 'word' &&
    !a.abjad &&
    !b.abjad &&
    a.text.length + b.text.length >= MIN_JOINED_LETTERS
  );
}

/** What the customer side stores. */
export function customerNameKeys(name: string): NameKeys {
  const tokens = indexedTokens(name);
  const keys = new Set<number>();
  for (const t of tokens) {
    keys.add(hashKey(t.key));
    if (t.abjad && t.cons.length >= 2) keys.add(consKey(t.cons));
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (joinable(a, b)) keys.add(hashKey(phoneticKey(a.text + b.text)));
  }
  return { keys: [...keys], tokens: Math.min(255, tokens.length) };
}

/** One position of a list name: the key hashes any of which pairs a customer token with it. */
export interface QueryPosition {
  /** The first `exact` keys are the token's own (key, skeleton, join); the rest are one edit away. */
  keys: number[];
  exact: number;
  /** List tokens this position stands for (2 for two tokens joined). */
  covers: number;
  /** The scorer's weight of the token(s) (1 without a weighting). */
  weight: number;
}

export interface QueryOptions {
  /** Add the keys one edit away. */
  fuzzy: boolean;
  /** The scorer's token weight (score.ts tokenWeight over the live index's rarities). */
  weigh?: (t: NameToken) => number;
}

/** Keys of the phonetic alphabet (phonetic.ts): letters, digits, the vowel marker and the digraph symbols. */
const KEY_ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789.AIUSCJ'];
/** Keys shorter than this are not expanded to their neighbours: one edit on "Al" or "Li" is another name. */
const MIN_FUZZY_KEY = 4;

/** Every key one edit (delete, substitute, insert, swap) away from `key`. */
export function oneEditKeys(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) {
    out.add(key.slice(0, i) + key.slice(i + 1));
    for (const c of KEY_ALPHABET) out.add(key.slice(0, i) + c + key.slice(i + 1));
    if (i + 1 < key.length) out.add(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2));
  }
  for (let i = 0; i <= key.length; i++) for (const c of KEY_ALPHABET) out.add(key.slice(0, i) + c + key.slice(i));
  out.delete(key);
  return [...out];
}

/** The query side: positions of one list name, each with its exact and one-edit keys. */
export function queryPositions(name: string, opts: QueryOptions): QueryPosition[] {
  const tokens = indexedTokens(name);
  const weigh = opts.weigh ?? (() => 1);
  const positions: QueryPosition[] = tokens.map((t) => {
    const keys = [hashKey(t.key)];
    if (t.cons.length >= 2) keys.push(consKey(t.cons));
    const exact = keys.length;
    if (opts.fuzzy && t.kind === 'word' && t.key.length >= MIN_FUZZY_KEY)
      for (const k of oneEditKeys(t.key)) keys.push(hashKey(k));
    return { keys, exact, covers: 1, weight: weigh(t) };
  });
  // One customer token must not pair with two list tokens (Moradi exactly, and Marani one edit away): a key
  // that is another position's own, or already a near-miss of an earlier one, is dropped from the near-misses.
  const claimed = new Set<number>();
  for (const p of positions) for (let i = 0; i < p.exact; i++) claimed.add(p.keys[i]!);
  for (const p of positions) {
    const near = p.keys.slice(p.exact).filter((k) => !claimed.has(k));
    for (const k of near) claimed.add(k);
    p.keys.length = p.exact;
    p.keys.push(...near);
  }
  // Two list tokens written as one on the customer side stand for both positions at once.
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (joinable(a, b))
      positions.push({
        keys: [hashKey(phoneticKey(a.text + b.text))],
        exact: 1,
        covers: 2,
        weight: weigh(a) + weigh(b),
      });
  }
  return positions;
}

/** Stored form: the token count, then the key hashes, base 36, space-separated; "" for no name. */
export function encodeKeys(name: NameKeys): string {
  if (name.keys.length === 0) return '';
  return [name.tokens, ...name.keys].map((k) => k.toString(36)).join(' ');
}

export function decodeKeys(text: string): NameKeys {
  if (text === '') return { keys: [], tokens: 0 };
  const [tokens, ...keys] = text.split(' ').map((k) => Number.parseInt(k, 36));
  return { keys, tokens: tokens ?? 0 };
}
