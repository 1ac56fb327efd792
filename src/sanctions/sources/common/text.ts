/** Text cleanup shared by the list parsers. */

const NUMERIC_REF = /&#(x[0-9a-f]+|\d+);/gi;

/**
 * Trims, collapses whitespace runs (lists wrap long values and double spaces inside names:
 * "Tionscail  Ceimiceán Parchin") and decodes numeric character references the XML parser leaves
 * as-is. Non-strings (absent elements, parsed objects) become "".
 */
const NEEDS_CLEANING = /\s\s|[\t\n\r\f\v\u00a0]|^\s|\s$|&#/;

export function clean(value: unknown): string {
  if (typeof value !== 'string') return '';
  // Most values are already clean: test (no allocation) before rewriting.
  if (!NEEDS_CLEANING.test(value)) return value;
  let s = value;
  if (s.includes('&#')) {
    s = s.replace(NUMERIC_REF, (ref, code: string) => {
      const n = code[0] === 'x' || code[0] === 'X' ? parseInt(code.slice(1), 16) : parseInt(code, 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ref;
    });
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** clean(), with "" mapped to undefined so optional fields stay absent. */
export function cleanOpt(value: unknown): string | undefined {
  const s = clean(value);
  return s === '' ? undefined : s;
}

/** A letter that is not Latin-script: the name is written in an original (non-Latin) script. */
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}]/u;

export function isNonLatin(text: string): boolean {
  return NON_LATIN_LETTER.test(text);
}

/** Joins the non-empty parts with ", ". */
export function joinParts(parts: readonly (string | undefined)[], sep = ', '): string {
  let out = '';
  for (const p of parts) {
    if (p === undefined || p === '') continue;
    out = out === '' ? p : out + sep + p;
  }
  return out;
}

/** Strips a UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
