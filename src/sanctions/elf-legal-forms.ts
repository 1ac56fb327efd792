/**
 * Entity legal forms from ISO 20275 (the GLEIF ELF code list), as data: tables/elf-legal-forms.tsv
 * holds the active forms that have an abbreviation (source, date and transcription rules in its
 * header). This module only reads that table and turns it into legal-form phrases for the
 * matcher; the matcher (normalize.ts) folds the words and decides where a phrase may stand.
 *
 * Pure apart from readElfTable(); compiled once, when normalize.ts is first loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One line of the table: one ELF code in one language. */
export interface ElfLegalForm {
  elf: string;
  country: string;
  lang: string;
  /** Latin-script abbreviations, as written in the source. */
  abbreviations: readonly string[];
  /** Transliterated (or Latin-script local) name of the form. */
  name: string;
}

/** Parse the TSV (comment lines start with #). Throws on a malformed line: the table is ours. */
export function parseElfTable(text: string): ElfLegalForm[] {
  const out: ElfLegalForm[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f.length !== 5 || !/^[A-Z0-9]{4}$/.test(f[0]!) || !/^[A-Z]{2}$/.test(f[1]!))
      throw new Error(`elf-legal-forms.tsv line ${i + 1}: expected elf, country, lang, abbreviations, name`);
    const abbreviations = f[3]!
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
    out.push({ elf: f[0]!, country: f[1]!, lang: f[2]!, abbreviations, name: f[4]!.trim() });
  }
  return out;
}

/**
 * The abbreviation field sometimes lists several spellings with commas or slashes instead of ";"
 * ("RLLP, LLP, R.L.L.P., L.L.P.", "PULC / uc", "Cía., S.C.A."): one spelling each. Entries that are
 * prose rather than a spelling ("limited or ltd.", "… for those rendering professional services")
 * are dropped by the word limit in elfLegalPhrases.
 */
export function splitSpellings(abbreviation: string): string[] {
  return abbreviation
    .split(/\s*,\s+|\s+\/\s+|,(?=\S)(?![^(]*\))/)
    .map((s) => s.replace(/^[\s,.;:]+|[\s,;:]+$/g, ''))
    .filter((s) => s && !/^(?:or|and)\b/i.test(s));
}

/** A legal-form phrase from the table: folded words, the symbol it stands for, the ELF code. */
export interface ElfPhrase {
  words: readonly string[];
  symbol: string;
  elf: string;
  /** From an abbreviation (true) or from the form's name (false). */
  abbreviation: boolean;
}

export interface ElfCompileOptions {
  /** Fold a spelling into the matcher's words (normalize.ts: the same folding as names). */
  fold: (text: string) => string[];
  /** Compact spelling (words joined) → symbol, from the hand table (cross-jurisdiction classes). */
  handSymbols: ReadonlyMap<string, string>;
  /** Words that describe a business rather than its legal form (trust, bank, association…). */
  genericWords: ReadonlySet<string>;
}

/** Longest abbreviation kept, in words ("S. A. de C. V., F. I. de O. L." has eight). */
const MAX_ABBREVIATION_WORDS = 8;
/** Form names kept as phrases: two to six words ("Gesellschaft mit beschränkter Haftung"). */
const MAX_NAME_WORDS = 6;
/** A one-word form name must be a long compound to be kept (Aktiengesellschaft, Osakeyhtiö). */
const MIN_ONE_WORD_NAME = 10;

const compact = (words: readonly string[]): string => words.join('');
/** One word of six letters or more, no dot, capitalised like a word (Gemeinde, canton), not like an abbreviation (GmbH, SPRL). */
const spelledOutWord = (raw: string): boolean => /^\p{Lu}?\p{Ll}{5,}$/u.test(raw);

/**
 * Table → phrases. Every abbreviation of every form, every form name of two to six words (or one
 * long compound word), each mapped to a symbol: the hand table's class when one of the form's
 * abbreviations or its name already belongs to one (ООО, TOV and LLC are one class there), else the
 * form's first abbreviation, compacted ("uab", "eood"). A spelling is kept once (first row wins);
 * one letter is never a legal form, nor a word that only says what the business does (Trust).
 */
export function elfLegalPhrases(forms: readonly ElfLegalForm[], opts: ElfCompileOptions): ElfPhrase[] {
  const out: ElfPhrase[] = [];
  const seen = new Set<string>();
  for (const form of forms) {
    const spellings = form.abbreviations
      .flatMap(splitSpellings)
      .map((s) => ({ raw: s, words: opts.fold(s) }))
      .filter(({ words: w }) => w.length > 0 && w.length <= MAX_ABBREVIATION_WORDS && compact(w).length >= 2)
      .filter(({ words: w }) => !/^[0-9]+$/.test(compact(w)))
      // A word spelled out in the abbreviation column (Gemeinde, Canton, Einzelfirma, Procura) is a
      // word of names, not an abbreviation: kept only when the hand table already knows it.
      .filter(({ raw, words: w }) => !spelledOutWord(raw) || opts.handSymbols.has(compact(w)))
      .map(({ words }) => words);
    const nameWords = opts.fold(form.name.replace(/\([^)]*\)/g, ' '));
    const nameOk =
      !/[0-9]/.test(form.name) &&
      nameWords.length <= MAX_NAME_WORDS &&
      (nameWords.length >= 2 || (nameWords.length === 1 && nameWords[0]!.length >= MIN_ONE_WORD_NAME)) &&
      !nameWords.every((w) => opts.genericWords.has(w));
    if (spellings.length === 0) continue;
    const symbol =
      spellings.map((w) => opts.handSymbols.get(compact(w))).find((s) => s !== undefined) ??
      (nameOk ? opts.handSymbols.get(compact(nameWords)) : undefined) ??
      compact(spellings[0]!);
    const add = (words: readonly string[], abbreviation: boolean): void => {
      if (words.length === 1 && opts.genericWords.has(words[0]!)) return;
      const key = words.join(' ');
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ words, symbol: opts.handSymbols.get(compact(words)) ?? symbol, elf: form.elf, abbreviation });
    };
    for (const w of spellings) {
      add(w, true);
      // Written without spaces too ("S.A. de C.V." → SADECV) when every word is a short one.
      if (w.length > 1 && w.every((x) => x.length <= 4)) add([compact(w)], true);
    }
    if (nameOk) add(nameWords, false);
  }
  return out;
}

/** The committed table, read from next to this module (src/ in development, dist/ once built). */
export function readElfTable(): ElfLegalForm[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(here, 'tables', 'elf-legal-forms.tsv'),
    // Compiled to dist/sanctions/: the table stays in src/ unless the build copies it.
    path.resolve(here, '..', '..', 'src', 'sanctions', 'tables', 'elf-legal-forms.tsv'),
  ];
  for (const file of candidates) if (fs.existsSync(file)) return parseElfTable(fs.readFileSync(file, 'utf8'));
  throw new Error(`ISO 20275 legal-form table not found (looked in ${candidates.join(', ')})`);
}
