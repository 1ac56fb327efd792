/**
 * Similarity of two name tokens, and how they pair: exact, phonetic key, cross-script skeleton,
 * nickname, initial, legal form, fuzzy edit ratio — or not at all. Calibrated so that a typo or a
 * transliteration pairs strongly and a different name with a similar shape does not pair.
 */
import { NAME_VARIANTS } from './tables/name-variants.ts';
import { NICKNAMES, PARTICLES } from './name-data.ts';
import { LEGAL_WORDS, type TokenKind } from './normalize.ts';
import { romanisedMatch } from './romanisation.ts';
import { editDistance, keyboardSlip, ocrSlip, overlappingSlips, withinOneEdit } from './similarity.ts';

export type PairKind = 'exact' | 'phonetic' | 'fuzzy' | 'nickname' | 'initial' | 'legal-form' | 'script' | 'unmatched';

/** The parts of a token the comparison reads (a NameToken, or tokens joined). */
export interface Unit {
  readonly text: string;
  readonly key: string;
  readonly cons: string;
  readonly kind: TokenKind;
  readonly abjad: boolean;
  readonly mask: number;
}

export interface PairResult {
  sim: number;
  kind: PairKind;
}
export const NO_PAIR: PairResult = { sim: 0, kind: 'unmatched' };

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Every spelling of each canonical particle (bin ← bin, ibn, ben, bn…). */
const PARTICLE_SPELLINGS: ReadonlyMap<string, string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [spelling, canonical] of PARTICLES) m.set(canonical, [...(m.get(canonical) ?? []), spelling]);
  return m;
})();

/** Similarity of two tokens (or joined tokens) and how they paired. Symmetric. */
export function pairSimilarity(q: Unit, c: Unit): PairResult {
  if (q.kind === 'literal' || c.kind === 'literal') {
    if (q.text === c.text) return { sim: 1, kind: 'exact' };
    // A script we do not romanise (Khmer, Ethiopic, Thai…) keeps its own letters: one slip in a word
    // of five letters or more is the typo it is in Latin letters below (the same rule, on the letters
    // as written: a vowel sign or a consonant typed for another).
    return q.kind === c.kind && Math.min(q.text.length, c.text.length) >= 5 && withinOneEdit(q.text, c.text)
      ? { sim: SINGLE_SLIP, kind: 'fuzzy' }
      : NO_PAIR;
  }
  if (q.kind === 'legal' || c.kind === 'legal') {
    if (q.kind !== c.kind) {
      // "Acme SA" typed without a type keeps "sa" a word; it still is the list's legal form.
      const word = q.kind === 'legal' ? c : q;
      const legal = q.kind === 'legal' ? q : c;
      return LEGAL_WORDS.get(word.text) === legal.text ? { sim: 1, kind: 'legal-form' } : NO_PAIR;
    }
    // Different legal forms (AG vs GmbH) pair weakly: they weigh little either way.
    return { sim: q.text === c.text ? 1 : 0.6, kind: 'legal-form' };
  }
  if (q.kind === 'number' || c.kind === 'number') {
    if (q.kind !== c.kind) return NO_PAIR;
    // Another number in the same place (Fund IV / Fund V, Storm 1 / Storm 2) is a sibling in a
    // series: worth a reviewer's look, not a full match.
    return q.text === c.text ? { sim: 1, kind: 'exact' } : { sim: 0.6, kind: 'fuzzy' };
  }
  if (q.text === c.text) return { sim: 1, kind: 'exact' };
  if ((q.kind === 'particle') !== (c.kind === 'particle')) {
    // A misspelt particle (Been for Ben) is still the particle.
    const word = q.kind === 'particle' ? c : q;
    const particle = q.kind === 'particle' ? q : c;
    if (word.kind !== 'word' || word.text.length > 5) return NO_PAIR;
    return (PARTICLE_SPELLINGS.get(particle.text) ?? []).some((p) => withinOneEdit(word.text, p))
      ? { sim: 0.85, kind: 'fuzzy' }
      : NO_PAIR;
  }
  if (isNickname(q.text, c.text)) return { sim: 0.85, kind: 'nickname' };
  // One name in two romanisation systems (Kim / Gim, Zhang / Chang, Ahmed / Ahmet).
  if (NAME_VARIANTS.get(q.text)?.includes(c.text)) return { sim: 0.9, kind: 'phonetic' };
  if (q.kind === 'initial' || c.kind === 'initial') {
    if (q.kind === c.kind) return NO_PAIR;
    const ini = q.kind === 'initial' ? q : c;
    const word = q.kind === 'initial' ? c : q;
    return word.text.startsWith(ini.text) ? { sim: 0.8, kind: 'initial' } : NO_PAIR;
  }
  const textLen = Math.max(q.text.length, c.text.length);
  if (q.key === c.key) {
    // Same sound, different spelling. In short tokens the vowels are most of the name (Tim/Tom,
    // Sen/Son, Che/Chaaya): there the key alone is weak evidence. A different final vowel is the
    // gender of a Romance or Slavic name (Antonio / Antonia, Mario / Maria): another person.
    if (!q.abjad && !c.abjad && genderedEnding(q.text, c.text)) return { sim: 0.7, kind: 'phonetic' };
    if (q.abjad || c.abjad) return { sim: 0.9, kind: 'phonetic' };
    // How far apart the letters are tells a transliteration (Mohammed / Muhammad: 3 of 8) from
    // another name with the same consonants (Terry / Tarah: 3 of 5).
    const d = editDistance(q.text, c.text, 4);
    const rel = d / textLen;
    if (Math.min(q.text.length, c.text.length) <= 4) {
      if (d <= 1) return { sim: 0.88, kind: 'phonetic' };
      // Two letters apart, unless one romanisation reads the same long vowel another way (Neea /
      // Nia, Moon / Mun: romanisation.ts).
      const r = romanisedPair(q.text, c.text);
      if (r.sim > 0.75) return r;
      return d <= 2 && textLen >= 5 ? { sim: 0.75, kind: 'phonetic' } : NO_PAIR;
    }
    if (rel <= 0.4) return { sim: 0.93, kind: 'phonetic' };
    if (rel <= 0.5) return { sim: 0.85, kind: 'phonetic' };
    return { sim: 0.75, kind: 'phonetic' };
  }
  // One syllable in two romanisation systems beyond the variant table (Tsui / Cui, Hsieh / Xie,
  // Gwon / Kwon, Abd / Abt: romanisation.ts): compared as the key branch above, on the canonical forms.
  // (An initial and a final rewritten change at most six letters of the letter set.)
  if (!q.abjad && !c.abjad && Math.abs(q.text.length - c.text.length) <= 3 && popcount(q.mask ^ c.mask) <= 6) {
    const r = romanisedPair(q.text, c.text);
    if (r !== NO_PAIR) return r;
  }
  if (q.abjad !== c.abjad) {
    // Arabic/Hebrew script against Latin: only the consonants (and a final long vowel) are written
    // on both sides. Two-consonant skeletons (Anas / Nazih) are weak evidence.
    const lq = consonants(q.cons);
    if (lq >= 2 && q.cons === c.cons) return { sim: lq >= 3 ? 0.9 : 0.8, kind: 'script' };
    if (lq >= 4 && consonants(c.cons) >= 4 && withinOneEdit(q.cons, c.cons)) return { sim: 0.78, kind: 'script' };
    return NO_PAIR;
  }
  if (textLen <= 2) return NO_PAIR;
  const letterDiff = popcount(q.mask ^ c.mask);
  if (letterDiff <= 2 && !q.abjad && !c.abjad && genderedEnding(q.text, c.text)) return { sim: 0.7, kind: 'fuzzy' };
  // Baltic and Greek nominative endings on a foreign name (see index.ts lookup): Obamas, Trumps, Alexandros.
  if (letterDiff <= 2 && inflected(q.key, c.key)) return { sim: 0.82, kind: 'phonetic' };
  // A doubled letter added or dropped (Yyu / Yu, Barackk / Barack) is a slip, not another name.
  if (letterDiff === 0 && q.text.length !== c.text.length && squeezedEqual(q.text, c.text))
    return { sim: 0.92, kind: 'fuzzy' };
  const maxEdits = textLen <= 5 ? 1 : textLen <= 11 ? 2 : 3;
  // One edit changes at most two letters of the letter set: a free lower bound on the distance.
  // Long words are measured up to three edits: two overlapping slips cost three (see below).
  const longPair = textLen >= LONG_WORD && Math.min(q.text.length, c.text.length) >= LONG_WORD - 1;
  const d3 =
    letterDiff > 2 * maxEdits
      ? maxEdits + 1
      : editDistance(q.text, c.text, longPair ? Math.max(3, maxEdits) : maxEdits);
  const dt = d3 > maxEdits ? maxEdits + 1 : d3;
  let ratio = dt <= maxEdits ? 1 - dt / textLen : 0;
  // One edit on the keys (vowels already folded) is worth about two on the letters. Only worth
  // computing when the letters did not already decide and the letter sets are close.
  const keyLen = Math.max(q.key.length, c.key.length);
  if (ratio < 0.85 && keyLen >= 5 && letterDiff <= 6 && withinOneEdit(q.key, c.key))
    ratio = Math.max(ratio, 1 - 2 / keyLen);
  // A typo is a match; two or three letters changed in a short name is another name (Ortiz/Ortega,
  // Daniel/Donald): below 0.75 the tokens are not paired at all.
  if (ratio >= 0.85) return { sim: ratio, kind: 'fuzzy' };
  // A single slip in a name of five letters or more (Pudin, Lakahl) is a typo more often than
  // another name.
  if (dt <= 1 && textLen >= 5 && !q.abjad) return { sim: SINGLE_SLIP, kind: 'fuzzy' };
  // The same slip in a word romanised from Cyrillic, where one letter of the original is written as
  // two (BGN/PCGN and ICAO 9303: ж zh, х kh, ц ts, ч ch, ш sh, щ shch): Вукић / Вучић read vukic /
  // vuchic, one letter apart as written. Counted on the original's letters.
  if (dt === 2 && textLen >= 6 && !q.abjad && !c.abjad && digraphSlip(q.text, c.text))
    return { sim: SINGLE_SLIP, kind: 'fuzzy' };
  // In four letters, only a slip onto a neighbouring key after the first letter (Sina / Siba,
  // Aqua / Awua): a letter changed for any other is as often another name (Omar / Omid).
  if (textLen === 4 && !q.abjad && !c.abjad && keyboardSlip(q.text, c.text))
    return { sim: KEYBOARD_SLIP, kind: 'fuzzy' };
  // …or a letter optical character recognition reads for another (fo1k / folk, Ba5ha / Basha).
  if (textLen === 4 && !q.abjad && !c.abjad && ocrSlip(q.text, c.text)) return { sim: KEYBOARD_SLIP, kind: 'fuzzy' };
  // Two slips in a long word (Beolglazov, Oboeroenergo): in eight letters or more, the odds of
  // another real name that close are low, while two typing errors in one long word are common.
  // The typed word may have lost a letter or two (Mudallal → Munllal), and the two slips may
  // overlap (a swap with a letter inserted between, which the alignment distance counts as three).
  if (!q.abjad && !c.abjad && longPair && (dt <= 2 || (letterDiff <= 4 && d3 <= 3 && overlappingSlips(q.text, c.text))))
    return {
      // The looser cases (a side of seven letters, overlapping slips) stay just under a strong pair,
      // so that a split or joined pairing (SiemensAG ~ Siemens AG) can still replace them (score.ts).
      sim:
        dt <= 2 && Math.min(q.text.length, c.text.length) >= LONG_WORD
          ? Math.max(ratio, LONG_TWO_EDITS)
          : LOOSE_TWO_EDITS,
      kind: 'fuzzy',
    };
  // Optical character recognition reads m as rn, d as cl, w as vv, n as ri: one such confusion.
  if (
    textLen >= 4 &&
    Math.abs(q.text.length - c.text.length) === 1 &&
    letterDiff <= 3 &&
    ocrVariants(q.text).includes(c.text)
  )
    return { sim: 0.88, kind: 'fuzzy' };
  if (ratio >= 0.75) return { sim: ratio - 0.1, kind: 'fuzzy' };
  return NO_PAIR;
}

const SINGLE_SLIP = 0.85;
/** The romanisation digraphs of one Cyrillic letter (BGN/PCGN 1947, ICAO Doc 9303 Part 3), longest first. */
const DIGRAPHS = /shch|zh|kh|ts|ch|sh/g;
const DIGRAPH_LETTER: Readonly<Record<string, string>> = { shch: '1', zh: '2', kh: '3', ts: '4', ch: '5', sh: '6' };
/** One edit apart once each romanisation digraph is read as the one letter it writes (and not before)? */
function digraphSlip(a: string, b: string): boolean {
  if (!DIGRAPH_TEST.test(a) && !DIGRAPH_TEST.test(b)) return false;
  const fold = (s: string): string => s.replace(DIGRAPHS, (d) => DIGRAPH_LETTER[d]!);
  const fa = fold(a);
  const fb = fold(b);
  return Math.min(fa.length, fb.length) >= 5 && withinOneEdit(fa, fb);
}
const DIGRAPH_TEST = /zh|kh|ts|ch|sh/;

/** Two romanisations of one word (romanisation.ts): as strong as a pair of the variant table. */
function romanisedPair(a: string, b: string): PairResult {
  const m = romanisedMatch(a, b);
  return m === 1 ? { sim: ROMANISED, kind: 'phonetic' } : m === 0.5 ? { sim: 0.88, kind: 'phonetic' } : NO_PAIR;
}
const ROMANISED = 0.9;

const KEYBOARD_SLIP = 0.82;

const LONG_WORD = 8;
const LONG_TWO_EDITS = 0.8;
const LOOSE_TWO_EDITS = 0.79;
/**
 * Letter groups optical character recognition confuses in printed names (one of each pair read
 * for the other); single letters read for others (l/i, e/c) are one edit anyway, digits read for
 * letters are folded in normalize.ts.
 */
const OCR_PAIRS: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['cl', 'd'],
  ['vv', 'w'],
  ['ri', 'n'],
  ['li', 'h'],
];
/** Every spelling of `text` with one OCR confusion undone or made. */
export function ocrVariants(text: string): string[] {
  const out: string[] = [];
  for (const [a, b] of OCR_PAIRS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      for (let i = text.indexOf(from, 1); i >= 0; i = text.indexOf(from, i + 1))
        out.push(text.slice(0, i) + to + text.slice(i + from.length));
    }
  }
  return out;
}

/** Masculine / feminine forms of one name: Antonio / Antonia, Martin / Martina, Ivanov / Ivanova. */
function genderedEnding(a: string, b: string): boolean {
  if (a.length === b.length + 1 && a.endsWith('a') && a.startsWith(b)) return true;
  if (b.length === a.length + 1 && b.endsWith('a') && b.startsWith(a)) return true;
  if (a.length !== b.length || a.slice(0, -1) !== b.slice(0, -1)) return false;
  const x = a.at(-1);
  const y = b.at(-1);
  return x !== y && (x === 'a' || y === 'a') && (x === 'o' || y === 'o' || x === 'e' || y === 'e');
}

function inflected(a: string, b: string): boolean {
  const short = a.length < b.length ? a : b;
  const long = a.length < b.length ? b : a;
  const extra = long.length - short.length;
  if (short.length < 4 || extra < 1 || extra > 2 || !long.startsWith(short)) return false;
  return extra === 1 ? long.endsWith('s') : long.endsWith('.s');
}

/** Equal once runs of a repeated letter are collapsed (Yyu = Yu)? No allocation. */
function squeezedEqual(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(j)) return false;
    while (i < a.length && a.charCodeAt(i) === c) i++;
    while (j < b.length && b.charCodeAt(j) === c) j++;
  }
  return i === a.length && j === b.length;
}

function isNickname(a: string, b: string): boolean {
  return (NICKNAMES.get(a)?.includes(b) ?? false) || (NICKNAMES.get(b)?.includes(a) ?? false);
}

function consonants(cons: string): number {
  return cons.endsWith('.') ? cons.length - 1 : cons.length;
}
