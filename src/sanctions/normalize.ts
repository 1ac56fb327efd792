/**
 * Name normalisation: raw list or query name → typed tokens the matcher can compare.
 *
 * Pipeline (order matters):
 *  1. Unicode clean-up (unicode-clean.ts: NFKC, whitespace and dashes unified, invisible characters
 *     removed), unify apostrophes, drop brackets and quotes, fold look-alike letters of mixed-script
 *     words (confusables.ts);
 *  2. OFAC/"LAST, First" order for persons (and for names of unknown type unless the part after the
 *     comma is a legal form: "ACME, Ltd."); the part before the comma is the surname;
 *  3. split into words and hyphen parts, and where the case changes inside a word (MoncefBen,
 *     LLCTestkomplekt: caseWords); an Arabic article written as a prefix (al-, ad-, ar-…) becomes
 *     its own particle token;
 *  4. transliterate non-Latin words (translit.ts), NFKD + drop diacritics, fold special letters,
 *     lowercase; initialisms with dots become one token (A.B.C. → abc);
 *  5. classify: titles (leading ones dropped), legal-form phrases (→ one symbol), particles
 *     (al/el → al, ibn/ben → bin…), numbers (words → digits), initials, literal-script tokens;
 *  6. phonetic key and consonant skeleton per token (phonetic.ts).
 * Everything is a pure function of its input; token-level work is memoised because list names
 * repeat the same words tens of thousands of times.
 */
import { foldConfusables } from './confusables.ts';
import { elfLegalPhrases, readElfTable } from './elf-legal-forms.ts';
import type { EntityType } from './entity.ts';
import {
  ABBREVIATIONS,
  AMBIGUOUS_LEGAL,
  ARABIC_ARTICLE_PREFIXES,
  GENERIC_ORG_WORDS,
  HONORIFICS,
  LEGAL_FORMS,
  NICKNAMES,
  NUMBER_TENS,
  NUMBER_WORDS,
  PARTICLES,
  PARTICLE_NOT_FIRST,
  TITLES,
} from './name-data.ts';
import { consonantSkeleton, phoneticKey } from './phonetic.ts';
import { NAME_VARIANT_GROUPS } from './tables/name-variants.ts';
import { keyboardSlip, withinOneEdit, withinTwoEdits } from './similarity.ts';
import { ocrVariants } from './token-similarity.ts';
import { transliterateWord, type ScriptClass } from './translit.ts';
import { cleanUnicode } from './unicode-clean.ts';

export type TokenKind = 'word' | 'initial' | 'number' | 'particle' | 'legal' | 'title' | 'literal';

export interface NameToken {
  /** Folded text: lowercase ASCII for Latin/transliterated words, the original for literal scripts. */
  readonly text: string;
  /** Phonetic key (phonetic.ts); for legal forms "#symbol", for literals the text. */
  readonly key: string;
  /** Consonant skeleton, for comparisons involving an abjad (Arabic/Hebrew) token. */
  readonly cons: string;
  readonly kind: TokenKind;
  /** Came from Arabic or Hebrew script: vowels are guesses, compare on `cons`. */
  readonly abjad: boolean;
  /** Known family name (before the comma in "LAST, First", or the list's lastName). */
  readonly surname: boolean;
  /** Bitmask of the letters a–z in `text`: a cheap lower bound on edit distance (score.ts). */
  readonly mask: number;
}

export interface PreparedName {
  readonly raw: string;
  /** Tokens joined by spaces: what a compliance officer sees as "the normalised name". */
  readonly normalized: string;
  readonly tokens: readonly NameToken[];
}

export interface PrepareOptions {
  type?: EntityType;
  /** The list's separate last name, when it has one (EU lastName, UK Name6, UN…). */
  last?: string;
}

// ── Character-level folding ────────────────────────────────────────────────────────────────────

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ŋ: 'ng',
  ħ: 'h',
  ŧ: 't',
  ƒ: 'f',
  ı̇: 'i',
  ĸ: 'k',
  ſ: 's',
  ǝ: 'e',
  ə: 'e',
  ʻ: '',
  ʼ: '',
  ʿ: '',
  ʾ: '',
};

/** Fold one Latin(-ised) word to lowercase ASCII letters and digits (dots kept for initialisms). */
export function foldLatin(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłıþŋħŧƒĸſǝəʻʼʿʾ]/g, (c) => SPECIAL_LETTERS[c] ?? '')
    .replace(/[^a-z0-9.]/g, '');
}

// ── Token-level memo ───────────────────────────────────────────────────────────────────────────

interface WordForm {
  texts: string[];
  script: ScriptClass;
}
const wordCache = new Map<string, WordForm>();
const WORD_CACHE_MAX = 200_000;

/** One raw word (no spaces or hyphens) → folded text(s). Initialisms collapse; other dots split. */
function foldWord(raw: string): WordForm {
  const hit = wordCache.get(raw);
  if (hit) return hit;
  const tr = transliterateWord(raw);
  let texts: string[];
  if (tr.script === 'literal') {
    texts = [tr.text];
  } else {
    texts = [];
    for (const piece of tr.text.split(/\s+/)) {
      const f = foldLatin(piece);
      if (/^(?:[a-z]\.){2,}[a-z]?$|^(?:[a-z]\.)+[a-z]$/.test(f)) texts.push(f.replace(/\./g, ''));
      else for (const p of f.split('.')) if (p) texts.push(deLeet(p));
    }
    if (tr.script === 'abjad') texts = texts.flatMap(splitArabicArticle);
  }
  const form = { texts, script: tr.script };
  if (wordCache.size > WORD_CACHE_MAX) wordCache.clear();
  wordCache.set(raw, form);
  return form;
}

/** Digits standing for letters inside a word (Ig0r Sech1n); numbers and ordinals stay numbers. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };
function deLeet(w: string): string {
  if (!/[a-z]/.test(w) || !/[0-9]/.test(w) || /^[0-9]+(?:st|nd|rd|th)$/.test(w)) return w;
  return w.replace(/[0-9]/g, (d) => LEET[d] ?? d);
}

/**
 * Several names written as one, separated by a slash ("NEW PEOPLE'S ARMY / COMMUNIST PARTY OF THE
 * PHILIPPINES"): the parts, when each has at least two words; otherwise the name itself
 * ("DHKP/C", "PARTY/FRONT" are one name).
 */
export function slashParts(raw: string): string[] {
  if (!raw.includes('/')) return [raw];
  const parts = raw.split('/').map((p) => p.trim());
  return parts.every((p) => p.split(/[\s-]+/).filter(Boolean).length >= 2) ? parts : [raw];
}

/** Arabic-script words carry the article attached (السيسي → al + sisi); Allah stays whole. */
function splitArabicArticle(t: string): string[] {
  const fixed = t.replace(/llh$/, 'llah');
  if (/^al.{3,}/.test(fixed) && !/^allah$/.test(fixed)) return ['al', fixed.slice(2)];
  // عبدالغني, عبدالرحمن are written as one word: split as "Abd al-Ghani" is (→ abdul ghani).
  if (/^abdal.{3,}/.test(fixed) && fixed !== 'abdallah') return ['abd', 'al', fixed.slice(5)];
  return [fixed];
}

/** Bitmask of the letters a–z in a string. */
export function letterMask(text: string): number {
  let m = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 97;
    if (c >= 0 && c < 26) m |= 1 << c;
  }
  return m;
}

const keyCache = new Map<string, { key: string; cons: string; mask: number }>();
function keysOf(text: string): { key: string; cons: string; mask: number } {
  let k = keyCache.get(text);
  if (!k) {
    const key = phoneticKey(text);
    k = { key, cons: consonantSkeleton(key), mask: letterMask(text) };
    if (keyCache.size > WORD_CACHE_MAX) keyCache.clear();
    keyCache.set(text, k);
  }
  return k;
}

// ── Legal-form phrase table, on phonetic keys ──────────────────────────────────────────────────

interface LegalPhrase {
  /** Per word: the phonetic key, or for words of ≤ 3 letters the text itself (short keys collide: o.o. ≠ ooo). */
  keys: string[];
  symbol: string;
  ambiguous: boolean;
  /**
   * From the ISO 20275 table only (not in LEGAL_FORMS): counts at an edge of the name (first or
   * last, or right before another legal form), never inside it ("Bund", "SON", "UAB" open or close
   * a company's name; inside one they are more often words).
   */
  edge: boolean;
}
/**
 * How a word is compared against legal-form phrases: short words and one-word forms by their
 * letters (keys of short words collide: Pruitt ~ PrAT, o.o. ~ OOO), the words of long
 * transliterated phrases by phonetic key (otvetstvennostyu / otvetstvennostiu).
 */
const legalKey = (w: string, inPhrase: boolean): string => (!inPhrase || w.length <= 4 ? `=${w}` : keysOf(w).key);
const LEGAL_PHRASES: LegalPhrase[] = Object.entries(LEGAL_FORMS)
  .flatMap(([symbol, phrases]) =>
    phrases.map((p) => {
      const words = p.split(/[\s-]+/);
      return {
        keys: words.map((w) => legalKey(w, words.length > 1)),
        symbol,
        ambiguous: words.length === 1 && AMBIGUOUS_LEGAL.has(p),
        edge: false,
      };
    }),
  )
  .sort((a, b) => b.keys.length - a.keys.length);
/** Legal-form symbols and one-word spellings, for pairing a word with a legal form (score.ts); the ISO 20275 ones are added at the end of this module. */
const legalWords = new Map(
  Object.entries(LEGAL_FORMS).flatMap(([symbol, phrases]) =>
    phrases.filter((p) => !/\s/.test(p)).map((p) => [p, symbol] as const),
  ),
);
export const LEGAL_WORDS: ReadonlyMap<string, string> = legalWords;
/** The hand table's one-word forms only: what marks a name as an organisation's (hasOrgMarker). */
const HAND_LEGAL_WORDS: ReadonlyMap<string, string> = new Map(legalWords);

/**
 * Legal forms written onto the word before them ("NORTHSTARltd", "KRIOGENMASHOAO", "PPIfze"): the
 * spellings of LEGAL_FORMS with their spaces removed, minus those that also end ordinary names
 * (AMBIGUOUS_LEGAL, and Slavic or Portuguese name endings: -tov, -nao, -pao…). Longest first.
 */
const GLUE_UNSAFE = new Set([
  'tov',
  'too',
  'nao',
  'pao',
  'pat',
  'prat',
  'ano',
  'nko',
  'spa',
  'sal',
  'sae',
  'mup',
  'gup',
]);
const GLUE_SAFE_SHORT = new Set(['nv', 'bv']); // consonant pairs no name word ends with
const GLUED_LEGAL: readonly (readonly [string, string])[] = Object.entries(LEGAL_FORMS)
  .flatMap(([symbol, phrases]) => phrases.map((p) => [p.replace(/[\s-]+/g, ''), symbol] as const))
  .filter(([c]) => GLUE_SAFE_SHORT.has(c) || (c.length >= 3 && !AMBIGUOUS_LEGAL.has(c) && !GLUE_UNSAFE.has(c)))
  .sort((a, b) => b[0].length - a[0].length);
/** Stems shorter than this keep their ending (Zinc is not Z Inc). */
const MIN_GLUED_STEM = 3;
function unglueLegal(text: string): { stem: string; symbol: string } | undefined {
  // A long form leaves no doubt even after a two-letter stem (UKLIMITED).
  for (const [suffix, symbol] of legalTables().glued)
    if (text.length >= suffix.length + (suffix.length >= 6 ? 2 : MIN_GLUED_STEM) && text.endsWith(suffix))
      return { stem: text.slice(0, -suffix.length), symbol };
  return undefined;
}
/**
 * Abbreviated legal forms with their letters spaced out ("L t d", "S A DE C V", "S R L"): the
 * abbreviation phrases of LEGAL_FORMS (every word ≤ 4 letters) with their spaces removed.
 */
const SPACED_LEGAL: ReadonlyMap<string, string> = new Map(
  Object.entries(LEGAL_FORMS).flatMap(([symbol, phrases]) =>
    phrases
      .filter((p) => p.split(/[\s-]+/).every((w) => w.length <= 4))
      .map((p) => [p.replace(/[\s-]+/g, ''), symbol] as const),
  ),
);
const legalToken = (symbol: string): NameToken => ({
  text: symbol,
  key: `#${symbol}`,
  cons: `#${symbol}`,
  kind: 'legal',
  abjad: false,
  surname: false,
  mask: letterMask(symbol),
});

// ── Name-level ────────────────────────────────────────────────────────────────────────────────

interface RawToken {
  text: string;
  script: ScriptClass;
  surname: boolean;
  /** The Arabic article split from a hyphenated prefix (ad-Din). */
  article: boolean;
}

/** Plain ASCII names (most list names) need none of cleanRaw's replacements. */
const PLAIN = /^[A-Za-z0-9 ,.'-]*$/;

/**
 * The one place where every name enters the matcher (list entries at index build and every query:
 * screen, batch, transaction counterparties, Travel Rule persons, KYC applicants): the Unicode
 * clean-up comes first, so that no invisible or compatibility character reaches script detection.
 */
function cleanRaw(raw: string): string {
  if (PLAIN.test(raw)) return raw;
  const text = cleanUnicode(raw)
    .replace(/[\u2018\u2019\u201b\u0060\u00b4\u02bb\u02bc\u02bf\u02be]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[()[\]{}"“”«»„<>|/\\_+*:;!?·•・،؛]/g, ' ');
  return foldConfusables(text);
}

/** Is every word of this fragment a legal form or particle? ("Ltd.", "Inc", "S.A. de C.V."). */
function isLegalTail(fragment: string): boolean {
  const words: RawToken[] = [];
  splitWords(fragment, false, words);
  return words.every((w) => w.text.length === 1 || PARTICLES.has(w.text) || mayStartLegal(w.text));
}

function splitWords(part: string, surname: boolean, out: RawToken[]): void {
  for (const word of part.split(/\s+/)) {
    if (!word) continue;
    const hy = word.includes('-') ? word.split('-').filter((p) => p.replace(/'/g, '')) : [word];
    for (let h = 0; h < hy.length; h++) {
      const piece = hy[h]!;
      const cases = caseWords(piece.includes("'") ? piece.replace(/'/g, '') : piece);
      for (let c = 0; c < cases.length; c++) {
        const form = foldWord(cases[c]!);
        // An article is a hyphenated prefix of the next part: al-Qaida, Abd-ur-Rahman, Nasr-ad-Din.
        const article =
          c === cases.length - 1 &&
          h < hy.length - 1 &&
          form.texts.length === 1 &&
          ARABIC_ARTICLE_PREFIXES.has(form.texts[0]!);
        for (const text of form.texts) out.push({ text, script: form.script, surname, article });
      }
    }
  }
}

/**
 * Words run together whose capitals still show where each began ("MoncefBen", "MedicalCentre",
 * "LLCTestkomplekt", "NORTHSTARltd"): split where the case changes, as search tokenisers do
 * (Elasticsearch word_delimiter_graph, split_on_case_change; Unicode UAX #29 leaves this to the
 * tailoring). Three shapes, each piece of two letters or more:
 *  - a lower-case letter then a capital (Moncef|Ben, Il|Kyu), unless what comes before is a
 *    surname prefix written with an inner capital by convention: Gaelic Mc/Mac/Fitz/O (McDonald,
 *    MacArthur, FitzGerald) and the particles (DeLuca, LeBron, VanDyke, DiCaprio), which keep
 *    their one-word form;
 *  - a run of capitals then a capitalised word (LLC|Testkomplekt, OJSC|Angarsk);
 *  - a run of capitals then a lower-case legal form (NORTHSTAR|ltd, SBT|sa: issue 16's example).
 * A one-letter piece never splits (GmbH, KGaA, iPhone, LeT stay whole).
 */
const CASE_CHANGE = /\p{Ll}\p{Lu}|\p{Lu}{3}\p{Ll}|\p{Lu}{2}\p{Ll}/u;
const INNER_CAPITAL_PREFIXES = new Set(['mc', 'mac', 'fitz', 'o']);
function caseWords(word: string): string[] {
  if (!CASE_CHANGE.test(word)) return [word];
  const tail = /^(\p{Lu}{2,})(\p{Ll}{2,})$/u.exec(word);
  if (tail && (LEGAL_WORDS.has(tail[2]!) || SPACED_LEGAL.has(tail[2]!))) return [tail[1]!, tail[2]!];
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < word.length; i++) {
    const prev = word[i - 1]!;
    const cur = word[i]!;
    const next = word[i + 1] ?? '';
    // The next piece begins as a word does (a capital, then lower case): an OCR "l" read for "I"
    // inside a word in capitals (INTERNATlONAL, GERMAlN, LlABILITY) splits nothing.
    if (!isUpper(cur) || !isLower(next)) continue;
    const left = word.slice(start, i);
    // Moncef|Ben: the word before is written as one too; LLC|Testkomplekt: capitals, then a word.
    const lowerUpper = isLower(prev) && left.length >= 2 && CAPITALISED.test(left);
    const upperRun = isUpper(prev) && i - start >= 2 && isLower(word[i + 2] ?? '') && UPPER.test(left);
    if (!lowerUpper && !upperRun) continue;
    const l = left.toLowerCase();
    if (lowerUpper && (INNER_CAPITAL_PREFIXES.has(l) || PARTICLES.has(l) || GLUEABLE_PARTICLES.includes(l))) continue;
    out.push(left);
    start = i;
  }
  if (out.length === 0) return [word];
  out.push(word.slice(start));
  return out;
}
const CAPITALISED = /^\p{Lu}?\p{Ll}+$/u;
const UPPER = /^\p{Lu}{2,}$/u;
const isLower = (c: string): boolean => c !== c.toUpperCase() && c === c.toLowerCase();
const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();

const ROMAN: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10 };
/** ii … xxx (at least two letters: a lone "v" or "i" is an initial). */
function romanValue(t: string): number | undefined {
  if (t.length < 2 || !/^(?:x{0,3})(?:ix|iv|v?i{0,3})$/.test(t)) return undefined;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = ROMAN[t[i]!]!;
    const next = ROMAN[t[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/**
 * A lone "I" closing an organisation's name, before nothing but legal forms (Capital Trust I, Fund I,
 * Ltd.), is the first of a numbered series, as II, III… are (romanValue): the Roman numeral one, not an
 * initial, which stands before a surname. Only where a word of the name itself marks an organisation
 * (a legal form, a business word), so that a typed list name and the same name typed without a type
 * read alike (the vessel HAPPINESS I keeps its "i" on both sides).
 */
function seriesOne(seq: readonly RawToken[], k: number): boolean {
  if (seq[k]!.text !== 'i') return false;
  for (let j = k + 1; j < seq.length; j++) if (!HAND_LEGAL_WORDS.has(seq[j]!.text)) return false;
  return seq.some((r) => hasOrgMarker(r.text));
}

function numberValue(t: string): number | undefined {
  const c = t.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const ord = /^([0-9]+)(?:st|nd|rd|th)?$/.exec(t);
    return ord ? Number(ord[1]) : undefined;
  }
  return NUMBER_WORDS.get(t);
}

/** Prepare a name for matching. Pure; cheap enough per query, memoised per word for list builds. */
export function prepareName(raw: string, opts: PrepareOptions = {}): PreparedName {
  const cleaned = cleanRaw(raw);
  const isPerson = opts.type === 'person';
  const maybePerson = opts.type === undefined || isPerson;

  // 1. "LAST, First" → First LAST (surname marked).
  const raws: RawToken[] = [];
  const commaParts = cleaned
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (maybePerson && commaParts.length >= 2 && !isLegalTail(commaParts.slice(1).join(' '))) {
    splitWords(commaParts.slice(1).join(' '), false, raws);
    splitWords(commaParts[0]!, true, raws);
  } else {
    splitWords(commaParts.join(' '), false, raws);
  }
  if (opts.last) {
    const lastTexts = new Set<string>();
    const tmp: RawToken[] = [];
    splitWords(cleanRaw(opts.last), true, tmp);
    for (const t of tmp) lastTexts.add(t.text);
    for (const t of raws) if (lastTexts.has(t.text)) t.surname = true;
  }

  // 2. Abbreviations and numbers ("forty four" → 44). Outside person names, legal-form words
  // misspelt by a letter or run into the next word are mended first (COMPANYVERUS, LIMUTED).
  const words: RawToken[] = [];
  const seq = isPerson
    ? raws
    : raws.flatMap((r, i) =>
        r.surname
          ? [r]
          : mendLegalWord(slipLegal(r, i === 0 || i === raws.length - 1), i > 0 || opensLegalPhrase(raws, i)),
      );
  for (let k = 0; k < seq.length; k++) {
    const t = seq[k]!;
    const abbr = ABBREVIATIONS.get(t.text);
    const text = abbr ?? t.text;
    // Series numbers in roman numerals (Fund IV, Solutions II), never the first word (Vi, Ix…).
    const value =
      numberValue(text) ??
      (words.length > 0 && opts.type !== 'person'
        ? (romanValue(text) ?? (seriesOne(seq, k) ? 1 : undefined))
        : undefined);
    const prev = words.at(-1);
    if (value !== undefined && value < 10 && prev && /^[2-9]0$/.test(prev.text) && NUMBER_TENS.has(Number(prev.text))) {
      prev.text = String(Number(prev.text) + value);
      continue;
    }
    t.text = value !== undefined && t.script !== 'literal' ? String(value) : text;
    words.push(t);
  }

  // 3. Leading titles go (keep at least one token) — not from organisations ("General Motors").
  let start = 0;
  if (words.length > 1 && TITLES.has(words[0]!.text)) {
    const org =
      (opts.type !== undefined && opts.type !== 'person') ||
      (!isPerson && words.some((t) => !TITLES.has(t.text) && hasOrgMarker(t.text)));
    while (!org && start < words.length - 1 && TITLES.has(words[start]!.text)) start++;
  }
  const body = words.slice(start);

  // 4. Legal-form phrases (longest first), on phonetic keys.
  const tokens: NameToken[] = [];
  const n = body.length;
  // Known organisations, or names that carry an unambiguous legal form or business word (asked
  // only when an ambiguous abbreviation turns up).
  let orgLikeMemo: boolean | undefined = opts.type !== undefined && opts.type !== 'person' ? true : undefined;
  const orgLike = (): boolean => (orgLikeMemo ??= body.some((t) => hasOrgMarker(t.text)));
  for (let i = 0; i < n; ) {
    const legal = isPerson ? undefined : (matchLegal(body, i, n) ?? matchSpacedLegal(body, i, n));
    if (legal) {
      tokens.push(legalToken(legal.symbol));
      i += legal.length;
      continue;
    }
    const t = body[i]!;
    // Only the last word: legal forms close a name, and an ending inside a name is more often a name.
    const glued = !isPerson && i === n - 1 && t.script !== 'literal' ? unglueLegal(t.text) : undefined;
    // A two-letter ending (NV, BV) is also what a slip leaves of a Slavic -nov/-bov surname
    // (GABRELYANOV typed GABRELYANV): only in an organisation's name.
    if (glued && (t.text.length - glued.stem.length > 2 || orgLike())) {
      tokens.push(classify({ ...t, text: glued.stem }, i, n), legalToken(glued.symbol));
      i++;
      continue;
    }
    // Two particles run together inside a name (OULDAL, VANDER): both, as particles.
    const pair = i > 0 && i < n - 1 && t.script === 'latin' ? particlePair(t.text) : undefined;
    if (pair) {
      for (const p of pair) tokens.push(makeToken(PARTICLES.get(p) ?? p, 'particle', false, t.surname));
      i++;
      continue;
    }
    tokens.push(classify(t, i, n));
    i++;
  }

  // 5. "Abd al-Rahman" / "Abd Rahman" → "abdul rahman", so it meets "Abdul Rahman" and "Abdulrahman".
  const merged: NameToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === 'abd' && t.kind === 'word') {
      const next = tokens[i + 1];
      // "Abd Allah" / عبد الله: the article is already in Allah (→ abd allah ~ Abdallah, Abdullah).
      if (next && next.text === 'allah') {
        merged.push(t);
        continue;
      }
      if (next && next.kind === 'particle' && next.text === 'al') i++;
      merged.push(makeToken('abdul', 'word', t.abjad, t.surname));
      continue;
    }
    merged.push(t);
  }

  const normalized = merged.map((t) => t.text).join(' ');
  return { raw, normalized, tokens: merged };

  function matchLegal(ws: RawToken[], i: number, len: number): { symbol: string; length: number } | undefined {
    if (ws[i]!.script === 'literal' || !mayStartLegal(ws[i]!.text)) return undefined;
    const fixed = misspeltLegal(ws[i]!.text);
    if (fixed !== undefined && len > 1) return { symbol: LEGAL_WORDS.get(fixed)!, length: 1 };
    const tables = legalTables();
    // Longest first: the phrases of several words (indexed by their first word's key), then one word.
    const candidates = [
      ...(tables.multi.get(legalKey(ws[i]!.text, true)) ?? []),
      ...(tables.single.get(legalKey(ws[i]!.text, false)) ?? []),
    ];
    for (const p of candidates) {
      if (i + p.keys.length > len) continue;
      let ok = true;
      let slipped = false;
      for (let k = 1; k < p.keys.length && ok; k++) {
        const key = legalKey(ws[i + k]!.text, true);
        ok = key === p.keys[k];
        // A phrase of three words or more survives one slip in a later word of five letters or more
        // (PUBLIC JOINT SGOCK COMPANY): one edit on the word's phonetic key, the rest as written.
        if (!ok && !slipped && p.keys.length >= 3 && ws[i + k]!.text.length >= 5 && !p.keys[k]!.startsWith('=')) {
          ok = slipped = withinOneEdit(key, p.keys[k]!);
        }
      }
      if (!ok) continue;
      if (p.keys.length === len) return undefined; // the whole name is a legal form: keep it a word
      // Ambiguous abbreviations (Co, Sa, Ao…) are also names (Thomas Sá): only for organisations,
      // at an edge of the name or right before another legal form.
      if (p.ambiguous && (!orgLike() || (i !== 0 && i + 1 !== len && !matchLegal(ws, i + 1, len)))) continue;
      const end = i + p.keys.length;
      if (p.edge && i !== 0 && end !== len && !matchLegal(ws, end, len)) continue;
      return { symbol: p.symbol, length: p.keys.length };
    }
    return undefined;
  }
}

/**
 * Words of LEGAL_FORMS phrases that occur in no ordinary name (company, limited, obshchestvo…): the
 * ones that do are left out (national: INTERNATIONAL; public: PUBLICATIONS; private, state,
 * federal, enterprise, association: words of names as much as of legal forms).
 */
const NAME_WORDS_IN_LEGAL = new Set([
  'national',
  'association',
  'public',
  'private',
  'federal',
  'state',
  'enterprise',
  'organization',
  'unitary',
  'proprietary',
  'partnership',
  'establishment',
  'autonomous',
  'european',
  'societas',
  'europaea',
]);
const LEGAL_VOCAB: readonly string[] = [
  ...new Set(Object.values(LEGAL_FORMS).flatMap((ps) => ps.flatMap((p) => p.split(/[\s-]+/)))),
].filter((w) => w.length >= 6 && !NAME_WORDS_IN_LEGAL.has(w));
const LEGAL_VOCAB_SET = new Set(LEGAL_VOCAB);
const LEGAL_VOCAB_MASKS = LEGAL_VOCAB.map((w) => letterMask(w));
function popcountBits(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
}
const mendCache = new Map<string, string[]>();
/** Legal-form words of this many letters or more may be two slips off (one, from six letters). */
const LONG_LEGAL_SLIPS = 9;
/**
 * A legal-form word one letter off (CPMPANY, LIMUTED), not first in the name → the word; one run into a neighbour
 * (JOINTSTOCK is not touched, COMPANYVERUS → company verus, deresponsabilidad → de responsabilidad)
 * → two words. Only words of six letters or more, and a rest of three letters or a particle, so
 * that names merely containing such a word keep it.
 */
function mendLegalWord(t: RawToken, notFirst: boolean): RawToken[] {
  if (t.script === 'literal' || t.text.length < 6 || LEGAL_VOCAB_SET.has(t.text)) return [t];
  let out = mendCache.get(t.text);
  if (!out) {
    out = [t.text];
    const restOk = (r: string): boolean => r.length >= 3 || PARTICLES.has(r);
    // One OCR confusion (CORNPANY, LIMlTED: token-similarity.ts OCR_PAIRS) is one slip too.
    const ocr = ocrVariants(t.text).find((v) => LEGAL_VOCAB_SET.has(v));
    if (ocr !== undefined) out = [ocr];
    else
      for (const w of LEGAL_VOCAB) {
        if (Math.abs(w.length - t.text.length) <= 1 && withinOneEdit(w, t.text)) {
          out = [w];
          break;
        }
        if (t.text.length > w.length) {
          if (t.text.startsWith(w) && restOk(t.text.slice(w.length))) {
            out = [w, t.text.slice(w.length)];
            break;
          }
          if (t.text.endsWith(w) && restOk(t.text.slice(0, -w.length))) {
            out = [t.text.slice(0, -w.length), w];
            break;
          }
        }
      }
    // Two slips in a long legal word (LIAJILIITY, COPORAION): as in any long word (token-similarity.ts).
    if (out.length === 1 && out[0] === t.text && t.text.length >= LONG_LEGAL_SLIPS - 1) {
      const mask = letterMask(t.text);
      const w = LEGAL_VOCAB.find(
        (v, k) =>
          v.length >= LONG_LEGAL_SLIPS &&
          Math.abs(v.length - t.text.length) <= 2 &&
          popcountBits(LEGAL_VOCAB_MASKS[k]! ^ mask) <= 4 &&
          withinTwoEdits(v, t.text),
      );
      if (w) out = [w];
    }
    if (mendCache.size > WORD_CACHE_MAX) mendCache.clear();
    mendCache.set(t.text, out);
  }
  // A misspelt legal word never opens a name ("Companys Juan" is a person).
  if (out.length === 1 && (out[0] === t.text || !notFirst)) return [t];
  return out.map((text) => ({ ...t, text }));
}

/**
 * The four-letter abbreviations of the hand table that no word resembles (OJSC, PJSC, CJSC, GMBH,
 * DMCC: consonant clusters, at most a leading vowel) with one neighbouring key struck after the
 * first letter (PJSD, GMNH: similarity.ts keyboardSlip), at the first or last place of a name,
 * where legal forms stand: the abbreviation. Forms with vowels inside are a slip away from words
 * (SAIC / Said, NYRT / Nytt, CORP / Cord) and are left alone.
 */
const SLIP_LEGAL: readonly string[] = [...HAND_LEGAL_WORDS.keys()].filter(
  (w) => w.length === 4 && !AMBIGUOUS_LEGAL.has(w) && !/[aeiouy]/.test(w.slice(1)),
);
function slipLegal(t: RawToken, edge: boolean): RawToken {
  if (!edge || t.text.length !== 4 || t.script === 'literal' || LEGAL_WORDS.has(t.text)) return t;
  const w = SLIP_LEGAL.find((v) => keyboardSlip(t.text, v));
  return w === undefined ? t : { ...t, text: w };
}

/**
 * The words after this one carry on a legal-form phrase (AKTSIONEWRNOE OBSHCHESTVO, SOCLEDAD DE
 * RESPONSABILIDAD LIMITADA): then a misspelt first word is that phrase's first word, not a name
 * ("Companys Juan" stays a person). The next word, or a particle and the word after it, must be
 * a legal-form word as written.
 */
function opensLegalPhrase(raws: readonly RawToken[], i: number): boolean {
  const next = raws[i + 1]?.text;
  if (next === undefined) return false;
  if (LEGAL_VOCAB_SET.has(next)) return true;
  const after = raws[i + 2]?.text;
  return PARTICLES.has(next) && after !== undefined && LEGAL_VOCAB_SET.has(after);
}

/** Two or more one- and two-letter words at the end of a name that spell an abbreviated legal form. */
function matchSpacedLegal(ws: RawToken[], i: number, len: number): { symbol: string; length: number } | undefined {
  if (i === 0 || ws[i]!.text.length > 2 || ws[i]!.script === 'literal') return undefined;
  let joined = '';
  let end = i;
  while (end < len && ws[end]!.text.length <= 2 && ws[end]!.script !== 'literal') joined += ws[end++]!.text;
  // Three letters at least: "A B" at the end of a person's name are initials, not Aktiebolag.
  if (end !== len || end - i < 2 || joined.length < 3) return undefined;
  const symbol = legalTables().spaced.get(joined);
  return symbol === undefined ? undefined : { symbol, length: end - i };
}

/** Long one-word legal forms, for a misspelling one letter off (Aktiengeselschaft). */
const LONG_LEGAL_WORDS = [...LEGAL_WORDS.keys()].filter((w) => w.length >= 10);
function misspeltLegal(text: string): string | undefined {
  if (text.length < 10) return undefined;
  return LONG_LEGAL_WORDS.find((w) => Math.abs(w.length - text.length) <= 1 && withinOneEdit(w, text));
}

const legalStartCache = new Map<string, boolean>();
function mayStartLegal(text: string): boolean {
  let v = legalStartCache.get(text);
  if (v === undefined) {
    v =
      legalTables().single.has(legalKey(text, false)) ||
      legalTables().multi.has(legalKey(text, true)) ||
      misspeltLegal(text) !== undefined;
    if (legalStartCache.size > WORD_CACHE_MAX) legalStartCache.clear();
    legalStartCache.set(text, v);
  }
  return v;
}

function hasOrgMarker(text: string): boolean {
  if (GENERIC_ORG_WORDS.has(text)) return true;
  const symbol = HAND_LEGAL_WORDS.get(text);
  return symbol !== undefined && !AMBIGUOUS_LEGAL.has(text);
}

function classify(t: RawToken, i: number, n: number): NameToken {
  const abjad = t.script === 'abjad';
  if (t.script === 'literal')
    return { text: t.text, key: t.text, cons: t.text, kind: 'literal', abjad: false, surname: t.surname, mask: 0 };
  if (numberValue(t.text) !== undefined && /^[0-9]+$/.test(t.text))
    return makeToken(t.text, 'number', false, t.surname);
  if (t.article) return makeToken('al', 'particle', abjad, t.surname);
  const particle = PARTICLES.get(t.text);
  if (particle !== undefined && n > 1 && !(i === 0 && PARTICLE_NOT_FIRST.has(t.text)))
    return makeToken(particle, 'particle', abjad, t.surname);
  if (HONORIFICS.has(t.text) && n > 1) return makeToken(t.text, 'title', abjad, t.surname);
  if (t.text.length === 1 && /[a-z]/.test(t.text)) return makeToken(t.text, 'initial', false, t.surname);
  return makeToken(t.text, 'word', abjad, t.surname);
}

/**
 * Tokens are immutable, so equal ones are one shared object (less garbage, cheap interning): one
 * map per (kind, abjad, surname), keyed by the text, which is itself a cached string.
 */
const KIND_INDEX: Record<TokenKind, number> = {
  word: 0,
  initial: 1,
  number: 2,
  particle: 3,
  legal: 4,
  title: 5,
  literal: 6,
};
const tokenCaches: Map<string, NameToken>[] = Array.from({ length: 28 }, () => new Map());
let tokenCacheSize = 0;
function makeToken(text: string, kind: TokenKind, abjad: boolean, surname: boolean): NameToken {
  const cache = tokenCaches[KIND_INDEX[kind] * 4 + (abjad ? 2 : 0) + (surname ? 1 : 0)]!;
  let t = cache.get(text);
  if (!t) {
    const { key, cons, mask } = keysOf(text);
    t = { text, key, cons, kind, abjad, surname, mask };
    if (++tokenCacheSize > WORD_CACHE_MAX) {
      for (const c of tokenCaches) c.clear();
      tokenCacheSize = 0;
    }
    cache.set(text, t);
  }
  return t;
}

/**
 * Particles that are written onto the name after them ("ALHASHIMI", "Abuzaid", "binladin",
 * "VANDERBERG"), by naming tradition. Sources: UK Government, "A Guide to Names and Naming
 * Practices" (FCO / Home Office, 2006): Arabic article and kinship words (al/el/ul; bin, ibn, ben,
 * bint; abu, abou; umm; ould in Mauritania), Dutch tussenvoegsels (van, der, den, ter, ten, de),
 * German (von, vom), Spanish, Portuguese, Italian and French particles (de, da, di, du, del,
 * della, dos, das, la, le); BGN/PCGN Romanization of Arabic (1956) and ICAO Doc 9303 Part 3
 * (transliteration of Arabic, article "al-" written joined or hyphenated).
 */
const GLUEABLE_PARTICLES = [
  'al',
  'el',
  'ul',
  'bin',
  'ibn',
  'ben',
  'bint',
  'abu',
  'abou',
  'abo',
  'umm',
  'ould',
  'van',
  'von',
  'vom',
  'der',
  'den',
  'ter',
  'ten',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'dos',
  'das',
  'la',
  'le',
].sort((a, b) => b.length - a.length);
/**
 * The Arabic article assimilated to a following "sun letter" (t, th, d, dh, r, z, s, sh, ṣ, ḍ, ṭ, ẓ,
 * n: BGN/PCGN 1956, note on the article; "ar-Rahman", "as-Sadiq", "ash-Shami"), glued: only before
 * the letter it is assimilated to (ASSADIQ is as + sadiq; ASTRID and ANDERSON are not split).
 */
const ASSIMILATED_ARTICLES: readonly (readonly [string, string])[] = [
  ['ash', 'sh'],
  ['ath', 'th'],
  ['adh', 'dh'],
  ['at', 't'],
  ['ad', 'd'],
  ['ar', 'r'],
  ['az', 'z'],
  ['as', 's'],
  ['an', 'n'],
];
/** Rests of at least this many letters (Alan is not al + an). */
const MIN_PARTICLE_REST = 3;

/**
 * Every particle the text may begin with: a longer one does not rule out a shorter one, since the
 * letters after a particle may begin the name (DELORETO is de + Loreto, not del + oreto; DELLAGO
 * del + lago or della + go).
 */
function gluedParticles(rest: string): string[] {
  const out: string[] = [];
  for (const x of GLUEABLE_PARTICLES)
    if (rest.length >= x.length + MIN_PARTICLE_REST && rest.startsWith(x)) out.push(x);
  for (const [a, next] of ASSIMILATED_ARTICLES)
    if (rest.length >= a.length + MIN_PARTICLE_REST && rest.startsWith(a) && rest.startsWith(next, a.length))
      out.push(a);
  return out;
}

/** What a token may be once the particles glued to its front are taken off (up to two: vanderberg → berg). */
export function gluedParticleRests(text: string): string[] {
  const out: string[] = [];
  for (const p of gluedParticles(text)) {
    const rest = text.slice(p.length);
    out.push(rest);
    for (const q of gluedParticles(rest)) out.push(rest.slice(q.length));
  }
  return out;
}

/**
 * Two particles run together inside a name (OULDAL WALID, "ben al" as BENAL; Dutch VANDER, VANDEN):
 * the two particles. Only a kinship word or van/von followed by an article, so that given names
 * that merely look like two particles (Delal, Dela) stay words.
 */
const PARTICLE_PAIR_FIRST = new Set(['bin', 'ibn', 'ben', 'bint', 'abu', 'abou', 'ould', 'umm', 'van', 'von']);
const PARTICLE_PAIR_SECOND: Record<string, ReadonlySet<string>> = {
  arabic: new Set(['al', 'el', 'ul']),
  dutch: new Set(['der', 'den', 'de']),
};
export function particlePair(text: string): [string, string] | undefined {
  for (const first of PARTICLE_PAIR_FIRST) {
    if (!text.startsWith(first) || text.length === first.length) continue;
    const second = text.slice(first.length);
    const set = first === 'van' || first === 'von' ? PARTICLE_PAIR_SECOND.dutch! : PARTICLE_PAIR_SECOND.arabic!;
    if (set.has(second)) return [first, second];
  }
  return undefined;
}

/**
 * The legal form a run of letters spells (ltd, ojsc, pao, coltd, sadecv → its symbol): the
 * one-word spellings of both tables (ISO 20275 included), the spaced abbreviations joined and the
 * glued ones. The index and the scorer ask it of the halves of a word the lists do not know
 * (OJSCANGARSK, TECGRCO, ZVEZDAPAO).
 */
export function legalSymbol(text: string): string | undefined {
  if (!legalSpellings) {
    legalSpellings = new Map(legalTables().glued.map(([g, symbol]) => [g, symbol] as const));
    for (const [w, symbol] of legalTables().spaced) legalSpellings.set(w, symbol);
    for (const [w, symbol] of LEGAL_WORDS) legalSpellings.set(w, symbol);
  }
  return legalSpellings.get(text);
}
let legalSpellings: Map<string, string> | undefined;

/** Convenience for tests and explanations: the normalised form of a raw name. */
export function normalizeName(raw: string, opts: PrepareOptions = {}): string {
  return prepareName(raw, opts).normalized;
}

// ── ISO 20275 legal forms (tables/elf-legal-forms.tsv), compiled once ────────────────────────────

interface LegalTables {
  /** Phrases of two words or more by their first word's key, longest first. */
  multi: ReadonlyMap<string, readonly LegalPhrase[]>;
  /** One-word phrases by key. */
  single: ReadonlyMap<string, readonly LegalPhrase[]>;
  /** Forms written onto the word before them, longest first. */
  glued: readonly (readonly [string, string])[];
  /** Spaced-out abbreviations ("S R L") joined. */
  spaced: ReadonlyMap<string, string>;
}
let tablesMemo: LegalTables | undefined;
/**
 * The hand table (LEGAL_FORMS) and the ISO 20275 table together, built on first use (the folding
 * below needs this whole module) and kept: once per process, never per query.
 */
function legalTables(): LegalTables {
  if (tablesMemo) return tablesMemo;
  const fold = (text: string): string[] => {
    const out: RawToken[] = [];
    splitWords(cleanRaw(text).replace(/[,()]/g, ' '), false, out);
    return out.filter((t) => t.script !== 'literal').map((t) => t.text);
  };
  const handSymbols = new Map<string, string>();
  for (const [symbol, phrases] of Object.entries(LEGAL_FORMS))
    for (const p of phrases) handSymbols.set(p.replace(/[\s-]+/g, ''), symbol);
  const elf = elfLegalPhrases(readElfTable(), { fold, handSymbols, genericWords: GENERIC_ORG_WORDS });
  // One-word forms that are also name tokens our own tables know (particles, titles, number words,
  // given names and their short forms, romanised surnames: DA, Sr, Sam, Li, Yu…) stay those.
  const nameTokens = new Set<string>([
    ...PARTICLES.keys(),
    ...ARABIC_ARTICLE_PREFIXES,
    ...TITLES,
    ...NUMBER_WORDS.keys(),
    ...NICKNAMES.keys(),
    ...[...NICKNAMES.values()].flat(),
    ...NAME_VARIANT_GROUPS.flat(),
  ]);
  const notLegal = (w: string): boolean => nameTokens.has(w);
  const all: LegalPhrase[] = [...LEGAL_PHRASES];
  const known = new Set(all.map((p) => p.keys.join(' ')));
  const elfGlued: (readonly [string, string])[] = [];
  const spaced = new Map(SPACED_LEGAL);
  for (const p of elf) {
    if (p.words.length === 1 && notLegal(p.words[0]!)) continue;
    const keys = p.words.map((w) => legalKey(w, p.words.length > 1));
    const id = keys.join(' ');
    if (known.has(id)) continue;
    known.add(id);
    const one = p.words.length === 1 ? p.words[0]! : undefined;
    // One word from the table (AD, UAB, Bund, Perum…) may well be a name token: as AMBIGUOUS_LEGAL,
    // only in organisations' names (typed, or carrying a legal form or business word of the hand
    // tables); typed as a word it still pairs with the list's legal form (LEGAL_WORDS).
    all.push({ keys, symbol: p.symbol, ambiguous: one !== undefined, edge: true });
    if (one !== undefined && !legalWords.has(one)) legalWords.set(one, p.symbol);
    const joined = p.words.join('');
    if (p.abbreviation && p.words.every((w) => w.length <= 4) && !spaced.has(joined)) spaced.set(joined, p.symbol);
    // Glued onto the word before (NORTHSTARgmbh): three letters or more and no vowel, so that no
    // ordinary word ending is taken for one (SON, ANS, SAS stay words: ERICSSON, HANS, KANSAS).
    if (p.abbreviation && one !== undefined && one.length >= 3 && !/[aeiouy]/.test(one)) elfGlued.push([one, p.symbol]);
  }
  const multi = new Map<string, LegalPhrase[]>();
  const single = new Map<string, LegalPhrase[]>();
  for (const p of all.sort((a, b) => b.keys.length - a.keys.length)) {
    const into = p.keys.length > 1 ? multi : single;
    const list = into.get(p.keys[0]!);
    if (list) list.push(p);
    else into.set(p.keys[0]!, [p]);
  }
  const handGlued = new Set(GLUED_LEGAL.map(([c]) => c));
  const glued = [...GLUED_LEGAL, ...elfGlued.filter(([c]) => !handGlued.has(c))].sort(
    (a, b) => b[0].length - a[0].length,
  );
  tablesMemo = { multi, single, glued, spaced };
  return tablesMemo;
}
legalTables();
