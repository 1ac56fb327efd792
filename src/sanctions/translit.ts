/**
 * Script → Latin transliteration for name matching (not for display).
 *
 * The goal is that a name written in Cyrillic, Greek, Arabic, Hebrew, Armenian, Georgian, Hangul,
 * Kana, Han or an Indic script lands on the same Latin spelling family that the lists use, so that the
 * phonetic key (normalize.ts) can make them equal. Schemes follow the common English-language
 * romanisations used by OFAC/UN/EU/UK ("kh", "zh", "shch", "ya"…), because those are what the lists
 * print. Abjads (Arabic, Hebrew) do not write short vowels: their tokens are flagged so that the scorer
 * compares them on the consonant skeleton only. Han goes to pinyin and kana to Hepburn through
 * maintained packages (pinyin-pro, wanakana); Thai/Khmer/Ethiopic… are NOT transliterated (that needs
 * a dictionary): such tokens match literally, by script.
 */
import { pinyin } from 'pinyin-pro';
import { toRomaji } from 'wanakana';

export type ScriptClass = 'latin' | 'alphabet' | 'abjad' | 'literal';

export interface TranslitResult {
  /** Latin text (lowercase not guaranteed) or, for literal scripts, the original text. */
  text: string;
  script: ScriptClass;
}

// ── Cyrillic ────────────────────────────────────────────────────────────────────────────────────
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Ukrainian / Belarusian
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
  // Serbian / Macedonian
  ђ: 'dj',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  џ: 'dz',
  ѓ: 'gj',
  ќ: 'kj',
  ѕ: 'dz',
  // Kazakh / Kyrgyz / Mongolian / Tatar / Bashkir
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  ҳ: 'h',
  ҷ: 'j',
  ӣ: 'i',
  ӯ: 'u',
  ҡ: 'k',
  ҙ: 'z',
  ҫ: 's',
  ӑ: 'a',
  ӗ: 'e',
};
/** Ukrainian-only letters: when a word has them, г is h and и is y (Volodymyr, Hryhoriy). */
const UKRAINIAN_MARK = /[іїєґ]/u;

function cyrillicWord(w: string): string {
  const ukrainian = UKRAINIAN_MARK.test(w);
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    if (ukrainian && ch === 'г') out += 'h';
    else if (ukrainian && ch === 'и') out += 'y';
    else if (ch === 'е' && (i === 0 || 'аеёиоуыэюяіїєьъ'.includes(w[i - 1]!))) {
      // Word-initial / post-vowel е is "ye" in the lists' romanisation (Yevgeny, Sergeyev).
      out += 'ye';
    } else out += CYRILLIC[ch] ?? ch;
  }
  return out;
}

// ── Greek ───────────────────────────────────────────────────────────────────────────────────────
// Modern pronunciation (η, ι, υ → i) with the digraphs that write foreign sounds (μπ b, ντ d, γκ g):
// the EU prints foreign names in Greek and those digraphs are how it spells b/d/g.
const GREEK_DIGRAPHS: [string, string][] = [
  ['ου', 'ou'],
  ['αι', 'e'],
  ['ει', 'i'],
  ['οι', 'i'],
  ['υι', 'i'],
  ['μπ', 'b'],
  ['ντ', 'd'],
  ['γκ', 'g'],
  ['γγ', 'ng'],
  ['τσ', 'ts'],
  ['τζ', 'dz'],
  ['αυ', 'av'],
  ['ευ', 'ev'],
];
const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};
function greekWord(w: string): string {
  // Accents are stripped by the caller (NFD), so digraphs see bare letters.
  let out = '';
  for (let i = 0; i < w.length; ) {
    const pair = w.slice(i, i + 2);
    const d = GREEK_DIGRAPHS.find(([g]) => g === pair);
    if (d) {
      out += d[1];
      i += 2;
      continue;
    }
    const ch = w[i]!;
    out += GREEK[ch] ?? ch;
    i++;
  }
  return out;
}

// ── Arabic / Persian / Urdu / Pashto ────────────────────────────────────────────────────────────
const ARABIC: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  ى: 'a',
  ء: '',
  ئ: 'y',
  ؤ: 'w',
  // Persian / Urdu / Pashto
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'y',
  ی‌: 'y',
  ٹ: 't',
  ڈ: 'd',
  ڑ: 'r',
  ں: 'n',
  ھ: 'h',
  ے: 'e',
  ۃ: 'a',
  ۀ: 'e',
  ښ: 'sh',
  ږ: 'zh',
  ځ: 'dz',
  څ: 'ts',
  ډ: 'd',
  ړ: 'r',
  ڼ: 'n',
  ې: 'e',
  ۍ: 'ay',
  ڤ: 'v',
  ڨ: 'g',
};
const ARABIC_VOWEL_SIGNS: Record<string, string> = { '\u064E': 'a', '\u0650': 'i', '\u064F': 'u' };

/** و / ي are consonants (w, y) at the start or next to a vowel, long vowels (u, i) between consonants. */
function arabicWord(w: string): string {
  // The name of God closes many names (عبدالله Abdallah, عبد الله): its spelling is fixed.
  if (w.endsWith('الله') || w.endsWith('لله')) {
    const stem = w.endsWith('الله') ? w.slice(0, -4) : w.slice(0, -3);
    return `${stem ? arabicWord(stem) : ''}allah`;
  }
  const letters = [...w];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i]!;
    const sign = ARABIC_VOWEL_SIGNS[ch];
    if (sign) {
      out += sign;
      continue;
    }
    if (ch === 'و' || ch === 'ي' || ch === 'ی' || ch === 'ى') {
      const prev = out.at(-1);
      const prevVowel = prev === undefined || 'aeiou'.includes(prev);
      // Before a long-vowel letter it is the consonant (Mousavi موسوی, Dawood داود, Bayan بيان).
      const nextLong = 'اويیى'.includes(letters[i + 1] ?? '-');
      if (ch === 'ى' && i === letters.length - 1) out += 'a';
      else if (i === 0 || prevVowel || nextLong) out += ch === 'و' ? 'w' : 'y';
      else out += ch === 'و' ? 'u' : 'i';
      continue;
    }
    if (ch === 'ع' && i === 0) {
      out += 'a'; // word-initial ayn is written as a vowel in Latin (Ali, Abd, Omar)
      continue;
    }
    if (ch === 'ه' && i === letters.length - 1 && i > 0) {
      // Word-final ه after a consonant is a vowel (Fatemeh فاطمه, Zadeh زاده); after a vowel it is h
      // (Shah شاه), which the phonetic key then treats as silent.
      out += 'aeiou'.includes(out.at(-1) ?? 'a') ? 'h' : 'e';
      continue;
    }
    out += ARABIC[ch] ?? '';
  }
  return out;
}

// ── Hebrew ──────────────────────────────────────────────────────────────────────────────────────
const HEBREW: Record<string, string> = {
  א: '',
  ב: 'b',
  ג: 'g',
  ד: 'd',
  ה: 'h',
  ז: 'z',
  ח: 'kh',
  ט: 't',
  כ: 'k',
  ך: 'kh',
  ל: 'l',
  מ: 'm',
  ם: 'm',
  נ: 'n',
  ן: 'n',
  ס: 's',
  ע: '',
  פ: 'p',
  ף: 'f',
  צ: 'ts',
  ץ: 'ts',
  ק: 'k',
  ר: 'r',
  ש: 'sh',
  ת: 't',
};
function hebrewWord(w: string): string {
  const letters = [...w];
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const ch = letters[i]!;
    const last = i === letters.length - 1;
    if (ch === 'ו' || ch === 'י') {
      const prev = out.at(-1);
      const prevVowel = prev === undefined || 'aeiou'.includes(prev);
      if (i === 0 || prevVowel) out += ch === 'ו' ? 'v' : 'y';
      else out += ch === 'ו' ? 'o' : 'i';
      continue;
    }
    if ((ch === 'א' || ch === 'ע') && i === 0) {
      out += 'a'; // a word-initial alef/ayin carries a vowel (Avraham, Ali)
      continue;
    }
    if (ch === 'ה' && last && i > 0) {
      out += 'e'; // final he is a vowel letter (Moshe)
      continue;
    }
    out += HEBREW[ch] ?? '';
  }
  return out;
}

// ── Armenian ────────────────────────────────────────────────────────────────────────────────────
const ARMENIAN: Record<string, string> = {
  ա: 'a',
  բ: 'b',
  գ: 'g',
  դ: 'd',
  ե: 'e',
  զ: 'z',
  է: 'e',
  ը: 'y',
  թ: 't',
  ժ: 'zh',
  ի: 'i',
  լ: 'l',
  խ: 'kh',
  ծ: 'ts',
  կ: 'k',
  հ: 'h',
  ձ: 'dz',
  ղ: 'gh',
  ճ: 'ch',
  մ: 'm',
  յ: 'y',
  ն: 'n',
  շ: 'sh',
  ո: 'o',
  չ: 'ch',
  պ: 'p',
  ջ: 'j',
  ռ: 'r',
  ս: 's',
  վ: 'v',
  տ: 't',
  ր: 'r',
  ց: 'ts',
  ւ: 'v',
  փ: 'p',
  ք: 'k',
  օ: 'o',
  ֆ: 'f',
  և: 'ev',
};
function armenianWord(w: string): string {
  return w.replace(/ու/g, 'u').replace(/./gu, (c) => ARMENIAN[c] ?? c);
}

// ── Georgian (Mkhedruli) ────────────────────────────────────────────────────────────────────────
const GEORGIAN: Record<string, string> = {
  ა: 'a',
  ბ: 'b',
  გ: 'g',
  დ: 'd',
  ე: 'e',
  ვ: 'v',
  ზ: 'z',
  თ: 't',
  ი: 'i',
  კ: 'k',
  ლ: 'l',
  მ: 'm',
  ნ: 'n',
  ო: 'o',
  პ: 'p',
  ჟ: 'zh',
  რ: 'r',
  ს: 's',
  ტ: 't',
  უ: 'u',
  ფ: 'p',
  ქ: 'k',
  ღ: 'gh',
  ყ: 'q',
  შ: 'sh',
  ჩ: 'ch',
  ც: 'ts',
  ძ: 'dz',
  წ: 'ts',
  ჭ: 'ch',
  ხ: 'kh',
  ჯ: 'j',
  ჰ: 'h',
};

// ── Hangul (algorithmic decomposition, Revised Romanisation with list-style initials) ─────────
const HANGUL_L = ['k', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
// Vowels as McCune-Reischauer writes them without breves (ㅓ o, ㅡ u): the lists' Korean names are
// mostly North Korean, romanised that way (Kim Jong Un, Ri Chol, Kim Kyong Hui).
const HANGUL_V = [
  'a',
  'ae',
  'ya',
  'yae',
  'o',
  'e',
  'yo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'u',
  'ui',
  'i',
];
const HANGUL_T = [
  '',
  'k',
  'k',
  'k',
  'n',
  'n',
  'n',
  't',
  'l',
  'k',
  'm',
  'p',
  't',
  't',
  'p',
  'l',
  'm',
  'p',
  'p',
  't',
  't',
  'ng',
  't',
  't',
  'k',
  't',
  'p',
  't',
];
function hangulWord(w: string): string {
  const syllables: string[] = [];
  for (const ch of w) {
    const code = ch.codePointAt(0)! - 0xac00;
    if (code < 0 || code > 11171) continue;
    const l = Math.floor(code / 588);
    const v = Math.floor((code % 588) / 28);
    const t = code % 28;
    syllables.push((HANGUL_L[l] ?? '') + (HANGUL_V[v] ?? '') + (HANGUL_T[t] ?? ''));
  }
  // Korean personal names are written without a space: surname (1 syllable) + given name (2).
  // Split them the way the lists print them ("Kim Jong Un"): the scorer can join the given name back.
  const surname = (s: string): string => (s === 'i' ? 'yi' : s); // 이 alone would read as an initial
  if (syllables.length === 3) return `${surname(syllables[0]!)} ${syllables[1]}${syllables[2]}`;
  if (syllables.length === 1) return surname(syllables[0]!);
  return syllables.join('');
}

// ── Kana (Hepburn, by wanakana) and Han (Hanyu Pinyin, by pinyin-pro) ──────────────────────────

/**
 * Kana → Hepburn romaji. The long-vowel mark is dropped first, as the lists' romanisations do
 * (プーチン → puchin, not puuchin); wanakana's syllable separator (jon'un) is not a letter.
 */
function kanaWord(w: string): string {
  return toRomaji(w.replace(/ー/g, '')).replace(/['’]/g, '');
}

/**
 * Han → Hanyu Pinyin without tones, written as the Chinese standard for personal names writes it
 * (GB/T 28039-2011): the surname apart, the given name's syllables as one word (习近平 → xi jinping).
 * pinyin-pro's surname mode reads the characters that have a surname reading (单 shan, 曾 zeng).
 * Han in a Japanese or Korean name is read here as Chinese: 山田 → shan tian, not Yamada; 金正恩 →
 * jin zheng en, not Kim Jong Un. Such names meet their Latin entries only through the original-script
 * names the lists carry (both sides read the same way), which is what is left ambiguous.
 */
function hanWord(w: string): string {
  const syllables = pinyin(w, { toneType: 'none', type: 'array', mode: 'surname', v: false }).filter((x) =>
    /^[a-zü]+$/.test(x),
  );
  if (syllables.length <= 2) return syllables.join(' ');
  return `${syllables[0]} ${syllables.slice(1).join('')}`;
}

// ── Indic (Brahmic) scripts share one layout: offset from the block start gives the letter ──────
const INDIC_BLOCKS = [0x0900, 0x0980, 0x0a00, 0x0a80, 0x0b00, 0x0b80, 0x0c00, 0x0c80, 0x0d00];
const INDIC_CONS: Record<number, string> = {
  0x15: 'k',
  0x16: 'kh',
  0x17: 'g',
  0x18: 'gh',
  0x19: 'n',
  0x1a: 'ch',
  0x1b: 'chh',
  0x1c: 'j',
  0x1d: 'jh',
  0x1e: 'n',
  0x1f: 't',
  0x20: 'th',
  0x21: 'd',
  0x22: 'dh',
  0x23: 'n',
  0x24: 't',
  0x25: 'th',
  0x26: 'd',
  0x27: 'dh',
  0x28: 'n',
  0x29: 'n',
  0x2a: 'p',
  0x2b: 'ph',
  0x2c: 'b',
  0x2d: 'bh',
  0x2e: 'm',
  0x2f: 'y',
  0x30: 'r',
  0x31: 'r',
  0x32: 'l',
  0x33: 'l',
  0x34: 'l',
  0x35: 'v',
  0x36: 'sh',
  0x37: 'sh',
  0x38: 's',
  0x39: 'h',
  0x58: 'q',
  0x59: 'kh',
  0x5a: 'gh',
  0x5b: 'z',
  0x5c: 'r',
  0x5d: 'rh',
  0x5e: 'f',
  0x5f: 'y',
};
const INDIC_VOWELS: Record<number, string> = {
  0x05: 'a',
  0x06: 'a',
  0x07: 'i',
  0x08: 'i',
  0x09: 'u',
  0x0a: 'u',
  0x0b: 'ri',
  0x0d: 'e',
  0x0e: 'e',
  0x0f: 'e',
  0x10: 'ai',
  0x11: 'o',
  0x12: 'o',
  0x13: 'o',
  0x14: 'au',
};
const INDIC_SIGNS: Record<number, string> = {
  0x3e: 'a',
  0x3f: 'i',
  0x40: 'i',
  0x41: 'u',
  0x42: 'u',
  0x43: 'ri',
  0x45: 'e',
  0x46: 'e',
  0x47: 'e',
  0x48: 'ai',
  0x49: 'o',
  0x4a: 'o',
  0x4b: 'o',
  0x4c: 'au',
};
function indicOffset(cp: number): number | undefined {
  for (const b of INDIC_BLOCKS) if (cp >= b && cp < b + 0x80) return cp - b;
  return undefined;
}
function indicWord(w: string): string {
  let out = '';
  let pendingA = false; // a consonant's inherent vowel, dropped before a sign/virama and word-finally
  for (const ch of w) {
    const off = indicOffset(ch.codePointAt(0)!);
    if (off === undefined) continue;
    const cons = INDIC_CONS[off];
    if (cons !== undefined) {
      if (pendingA) out += 'a';
      out += cons;
      pendingA = true;
      continue;
    }
    const sign = INDIC_SIGNS[off];
    if (sign !== undefined) {
      out += sign;
      pendingA = false;
      continue;
    }
    if (off === 0x4d) {
      pendingA = false; // virama
      continue;
    }
    if (off === 0x02 || off === 0x01) {
      if (pendingA) out += 'a';
      out += 'n'; // anusvara / candrabindu
      pendingA = false;
      continue;
    }
    const vowel = INDIC_VOWELS[off];
    if (vowel !== undefined) {
      if (pendingA) out += 'a';
      out += vowel;
      pendingA = false;
    }
  }
  return out; // schwa deletion: a pending inherent vowel at the end is not written
}

// ── Dispatcher ──────────────────────────────────────────────────────────────────────────────────

const RE_CYRILLIC = /[\u0400-\u052f]/u;
const RE_GREEK = /[\u0370-\u03ff\u1f00-\u1fff]/u;
const RE_ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u;
const RE_HEBREW = /[\u0590-\u05ff]/u;
const RE_ARMENIAN = /[\u0530-\u058f]/u;
const RE_GEORGIAN = /[\u10a0-\u10ff]/u;
const RE_HANGUL = /[\uac00-\ud7a3]/u;
const RE_KANA = /[\u3040-\u30ff]/u;
const RE_HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const RE_HAN_ALL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
const RE_INDIC = /[\u0900-\u0d7f]/u;
const RE_LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}\p{M}'’.\-&]*$/u;

/**
 * Transliterate one word (no spaces). The caller lowercases and strips diacritics afterwards; we
 * lowercase here only so that the per-letter tables can be written in lowercase.
 */
export function transliterateWord(word: string): TranslitResult {
  if (RE_LATIN_OR_DIGIT.test(word)) return { text: word, script: 'latin' };
  const w = word.normalize('NFC').toLowerCase();
  if (RE_CYRILLIC.test(w))
    return {
      text: cyrillicWord(
        w
          .normalize('NFD')
          .replace(/[\u0300\u0301]/g, '')
          .normalize('NFC'),
      ),
      script: 'alphabet',
    };
  if (RE_GREEK.test(w)) return { text: greekWord(w.normalize('NFD').replace(/\p{M}/gu, '')), script: 'alphabet' };
  if (RE_ARABIC.test(w))
    return { text: arabicWord(w.replace(/[\u0640\u064b-\u064d\u0651-\u065f\u0670]/g, '')), script: 'abjad' };
  if (RE_HEBREW.test(w)) return { text: hebrewWord(w.replace(/[\u0591-\u05c7]/g, '')), script: 'abjad' };
  if (RE_ARMENIAN.test(w)) return { text: armenianWord(w), script: 'alphabet' };
  if (RE_GEORGIAN.test(w)) return { text: w.replace(/./gu, (c) => GEORGIAN[c] ?? c), script: 'alphabet' };
  if (RE_HANGUL.test(w)) return { text: hangulWord(w), script: 'alphabet' };
  if (RE_HAN.test(w) && !RE_KANA.test(w)) return { text: hanWord(w), script: 'alphabet' };
  if (RE_KANA.test(w))
    return { text: kanaWord(w.replace(RE_HAN_ALL, (c) => pinyin(c, { toneType: 'none' }))), script: 'alphabet' };
  if (RE_INDIC.test(w)) return { text: indicWord(w), script: 'alphabet' };
  return { text: w, script: 'literal' };
}

/** Does this string contain any letter outside the Latin script? */
export function hasNonLatin(s: string): boolean {
  return /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(s);
}

// ── Han and Hangul names compared as written ───────────────────────────────────────────────────

/** A name of Han and Hangul characters only (and the separators names are written with). */
const RE_HAN_HANGUL_NAME = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\s·・.\-,]+$/u;
const syllableCache = new Map<string, string[] | null>();
/**
 * The syllables of a name written only in Han or Hangul, one per character: a Hangul block as
 * written, a Han character by its pinyin reading (so that a traditional and a simplified character
 * of one reading, 習 / 习, stay one syllable). Undefined for any other name. In these scripts one
 * character is one syllable of the name, chosen whole: a different character is a different name
 * (김정은 / 김종은, 习近平 / 习近朋), although the romanisations may write both alike (ㅓ and ㅗ are
 * both o without McCune–Reischauer's breve; jinping / jinpeng is a one-letter slip in Latin).
 * What is left ambiguous: two Han characters of one pinyin reading (Japanese 高市 / 高石) count as
 * the same syllable.
 */
export function hanHangulSyllables(raw: string): string[] | undefined {
  let v = syllableCache.get(raw);
  if (v === undefined) {
    v = null;
    if (RE_HAN_HANGUL_NAME.test(raw)) {
      const out: string[] = [];
      for (const ch of raw) {
        if (RE_HANGUL.test(ch)) out.push(ch);
        else if (RE_HAN.test(ch)) out.push(pinyin(ch, { toneType: 'none' }));
      }
      if (out.length > 0) v = out;
    }
    if (syllableCache.size > 10_000) syllableCache.clear();
    syllableCache.set(raw, v);
  }
  return v ?? undefined;
}
