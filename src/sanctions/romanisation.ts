/**
 * Regular correspondences between romanisation systems, for the names the variant table
 * (tables/name-variants.ts) does not list. One name written by two systems differs at the start of
 * a syllable (or in a final consonant) in ways the phonetic key (phonetic.ts) deliberately does not
 * fold, because in Latin-script names they separate names (Tina / Dina, Zara / Cara).
 *
 * The correspondences, from the standards' own conversion tables:
 *  - Chinese, Hanyu Pinyin (ISO 7098:2015) against Wade–Giles, as tabulated by the Library of
 *    Congress Pinyin Conversion Project (Wade–Giles ↔ pinyin conversion table, 2000): pinyin z = WG
 *    ts/tz, c = ts'/tz' (the apostrophe is dropped in practice, so both are written ts or tz);
 *    zh, ch, j, q = WG ch/ch'; x = WG hs; the unaspirated b, d, g = WG p, t, k.
 *  - Korean, Revised Romanization (Ministry of Culture and Tourism Notice 2000-8) against
 *    McCune–Reischauer (1939, and the DPRK's 1992 variant of it): initial ㄱ g/k, ㄷ d/t, ㅂ b/p,
 *    ㅈ j/ch; the aspirate ㅊ ch/ch' (apostrophe dropped); the vowels ㅓ eo/ŏ and ㅡ eu/ŭ (breves
 *    dropped in practice: o, u).
 *  - Russian and other Cyrillic names, BGN/PCGN (1947) against ICAO Doc 9303 Part 3 (7th ed., 2015,
 *    the machine-readable passport table): initial Е ye/e, Ю yu/iu, Я ya/ia; кс ks, written x in
 *    English and German renderings.
 *  - Arabic and Persian long vowels ī, ū: BGN/PCGN i, u (macrons dropped) against the English ee,
 *    oo and French ou spellings (the renderings tables/name-variants.ts lists for common names).
 *  - Turkish final devoicing (Türk Dil Kurumu spelling rules: Ahmet, Mehmet, Recep, Necip for
 *    Ahmad, Muhammad, Rajab, Najib): a final d/t and b/p of one name.
 *  - A silent final h after a vowel (Wade–Giles -ieh / pinyin -ie; Arabic tā' marbūṭa, -ah / -a).
 * The unaspirated stops (k/g, t/d, p/b) alternate only in a word that is one Chinese or Korean
 * syllable (SYLLABLE): a Kim is a Gim, a Tina is not a Dina.
 */

import { phoneticKey } from './phonetic.ts';
import { editDistance } from './similarity.ts';

/**
 * One East Asian syllable, or two written as one word (Jinping, Jongun, Sanghun): an initial, a
 * vowel nucleus of pinyin, Wade–Giles, Revised Romanization or McCune–Reischauer, and a final.
 */
export const SYLLABLE =
  /^(?:zh|ch|sh|ts|ss|jj|kk|pp|tt|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|yeo|eo|eu|ae|oe|wi|ui|ia|ie|iu|ua|uo|ue|ai|ei|ao|ou|yo|yu|ya|ye|a|o|e|i|u)(?:ng|n|k|l|m|p|t|r)?$/;
/** Per word text, remembered (the same words are asked for again for every candidate). */
const syllabicCache = new Map<string, boolean>();
export function syllabicWord(text: string): boolean {
  let v = syllabicCache.get(text);
  if (v === undefined) {
    v = SYLLABLE.test(text);
    for (let i = 1; i < text.length && !v; i++) v = SYLLABLE.test(text.slice(0, i)) && SYLLABLE.test(text.slice(i));
    if (syllabicCache.size > 50_000) syllabicCache.clear();
    syllabicCache.set(text, v);
  }
  return v;
}

/**
 * Initials one system writes for another's, as pairs (the correspondence is not transitive: Wade–Giles
 * ts is pinyin z or c, but pinyin z and c are two syllables: Zao is not Cao). [spelling, its other
 * spellings, needs a vowel after it]. Ts, tz and hs are initials only before a vowel (Tsui, not
 * Tskhinvali); Korean "yeo" is a vowel (Yeong), not Cyrillic ye + o.
 */
const INITIALS: readonly (readonly [string, readonly string[], boolean])[] = [
  ['hs', ['x'], true],
  ['ts', ['tz', 'z', 'c'], true],
  ['tz', ['ts', 'z', 'c'], true],
  ['zh', ['ch'], false],
  ['ch', ['zh', 'j', 'q'], false],
  ['ye', ['e'], false],
  ['yu', ['iu'], false],
  ['iu', ['yu'], false],
  ['ya', ['ia'], false],
  ['ia', ['ya'], false],
  ['x', ['hs'], false],
  ['z', ['ts', 'tz'], false],
  ['c', ['ts', 'tz'], false],
  ['j', ['ch'], false],
  ['q', ['ch'], false],
  ['e', ['ye'], false],
];
/** The unaspirated stops, only in a word of one East Asian syllable. */
const STOPS: Readonly<Record<string, readonly string[]>> = {
  k: ['g'],
  g: ['k'],
  t: ['d'],
  d: ['t'],
  p: ['b'],
  b: ['p'],
};
const FINAL_DEVOICED: Readonly<Record<string, string>> = { d: 't', b: 'p' };
const VOWEL = /[aeiouy]/;

interface Parts {
  /** The initial as written, its other spellings, and the rest of the word. */
  initial: string;
  others: readonly string[];
  rest: string;
}
const partsCache = new Map<string, Parts | null>();
function splitInitial(text: string): Parts | undefined {
  let p = partsCache.get(text);
  if (p === undefined) {
    p = null;
    for (const [s, others, vowelAfter] of INITIALS) {
      if (!text.startsWith(s) || text.length <= s.length) continue;
      // "c" before h is the digraph; Korean "yeo" is a vowel.
      if (s === 'c' && text[1] === 'h') continue;
      if (s === 'ye' && text[2] === 'o') break;
      if (vowelAfter && !VOWEL.test(text[s.length]!)) continue;
      p = { initial: s, others, rest: text.slice(s.length) };
      break;
    }
    const stop = STOPS[text[0]!];
    // ph, th, kh, gh are other letters; the stops alternate only in one East Asian syllable (a
    // two-syllable word is long enough for the edit distance: Kwangson / Gwangson).
    if (!p && stop !== undefined && text.length >= 2 && text[1] !== 'h' && SYLLABLE.test(text))
      p = { initial: text[0]!, others: stop, rest: text.slice(1) };
    if (partsCache.size > 50_000) partsCache.clear();
    partsCache.set(text, p);
  }
  return p ?? undefined;
}

const canonCache = new Map<string, string>();
/**
 * The letters after the initial with the vowels ŏ/ŭ as RR writes them (eo, eu → o, u), the long
 * vowels ī/ū as BGN/PCGN writes them where English and French spellings write ee, oo, ou (Saeed /
 * Said, Noor / Nur, Moon / Mun, Youssef / Yusuf), x inside a word as the ks of BGN/PCGN and
 * ICAO 9303 (Oxana / Oksana, Alexandr / Aleksandr), a final d/b devoiced and a final h after a
 * vowel dropped.
 */
export function romanisationCanon(text: string): string {
  let v = canonCache.get(text);
  if (v === undefined) {
    let s = text
      .replace(/eo/g, 'o')
      .replace(/eu/g, 'u')
      .replace(/ee/g, 'i')
      .replace(/o[ou]/g, 'u')
      .replace(/(?<=.)x/g, 'ks');
    if (s.length >= 3) {
      const last = s[s.length - 1]!;
      if (FINAL_DEVOICED[last] !== undefined) s = s.slice(0, -1) + FINAL_DEVOICED[last];
      else if (last === 'h' && VOWEL.test(s[s.length - 2]!)) s = s.slice(0, -1);
    }
    v = s;
    if (canonCache.size > 50_000) canonCache.clear();
    canonCache.set(text, v);
  }
  return v;
}

/**
 * Two spellings of one syllable or name in two systems: 1 when an initial of one is the other's
 * under a correspondence above and the rest agrees once vowels and finals are read alike
 * (Tsui / Cui, Hsieh / Xie, Kwon / Gwon, Yegor / Egor), or when only vowels and finals differ
 * (Jeong / Jong, Hamid / Hamit); 0.5 when the rests still sound alike (one letter apart, same key,
 * in five letters or fewer); 0 otherwise.
 */
export function romanisedMatch(a: string, b: string): 0 | 0.5 | 1 {
  // Most pairs end differently even once read alike: no map lookups for them (a pair scored per
  // candidate token of every query).
  if (lastCanonLetter(a) !== lastCanonLetter(b)) return 0;
  const pa = splitInitial(a);
  const pb = splitInitial(b);
  let ra: string;
  let rb: string;
  if (pa && pb && pa.initial !== pb.initial) {
    if (!pa.others.includes(pb.initial)) return 0;
    ra = pa.rest;
    rb = pb.rest;
  } else {
    ra = a;
    rb = b;
  }
  const ca = romanisationCanon(ra);
  const cb = romanisationCanon(rb);
  if (ra === a && ca === ra && cb === rb) return 0; // nothing read differently
  if (ca === cb) return 1;
  if (Math.max(a.length, b.length) > 5 || Math.abs(ca.length - cb.length) > 1 || ca[0] !== cb[0]) return 0;
  return canonKey(ca) === canonKey(cb) && editDistance(ca, cb, 1) <= 1 ? 0.5 : 0;
}

const isVowel = (c: string | undefined): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
/** The last letter of romanisationCanon(text), without building it. */
function lastCanonLetter(text: string): string {
  let i = text.length - 1;
  let c = text[i];
  if (i >= 2 && c === 'h' && isVowel(text[i - 1])) c = text[--i];
  const p = text[i - 1];
  if (i >= 2 && c === 'd') return 't';
  if (i >= 2 && c === 'b') return 'p';
  if (c === 'x' && i > 0) return 's';
  if (c === 'e' && p === 'e') return 'i';
  if ((c === 'o' || c === 'u') && (p === 'o' || p === 'e')) return c === 'o' && p === 'e' ? 'o' : 'u';
  return c ?? '';
}

const canonKeyCache = new Map<string, string>();
/** The phonetic key of a canonical form, remembered. */
export function canonKey(canon: string): string {
  let k = canonKeyCache.get(canon);
  if (k === undefined) {
    k = phoneticKey(canon);
    if (canonKeyCache.size > 50_000) canonKeyCache.clear();
    canonKeyCache.set(canon, k);
  }
  return k;
}

/**
 * Other spellings of a word under one correspondence of its initial or its final (the index looks
 * them up by spelling, or by phonetic key when it is long enough to say something): Tsui → tzui,
 * zui, cui; Kim → gim; Ahmad → ahmat.
 */
export function romanisationSpellings(text: string): string[] {
  const out: string[] = [];
  const p = splitInitial(text);
  if (p) for (const a of p.others) out.push(a + p.rest);
  if (text.length >= 3) {
    const last = text[text.length - 1]!;
    const devoiced = FINAL_DEVOICED[last];
    if (devoiced !== undefined) out.push(text.slice(0, -1) + devoiced);
    else if (last === 't' || last === 'p') out.push(text.slice(0, -1) + (last === 't' ? 'd' : 'b'));
  }
  return out;
}
