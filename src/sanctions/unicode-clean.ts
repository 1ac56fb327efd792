/**
 * The character-level clean-up every name gets before its words are split and their script decided
 * (normalize.ts → cleanRaw), for list entries and queries alike. Without it one pasted invisible
 * character made a word compare literally and the name match nothing (issue 17).
 *
 *  1. NFKC: fullwidth, mathematical, circled and other compatibility letters become the plain ones;
 *  2. every whitespace character becomes a space, every dash (and the minus sign) a hyphen-minus;
 *  3. default-ignorable, format (Cf), control (Cc) and lone surrogate code points are removed: none of
 *     them changes which name is written. ZWNJ/ZWJ go too — they shape Persian and Indic letters but
 *     do not make a different name, and the list spellings of a name are not consistent about them.
 *
 * Whitespace is mapped before controls are removed, because tab, line feed and NEL are controls too.
 */

const WHITESPACE = /\p{White_Space}/gu;
const DASHES = /[\p{Pd}\u2212\u02d7\u2796]/gu;
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Cs}]/gu;
/** Plain text needs none of it: most list names and queries are printable ASCII. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The cleaned text of a name (see the file comment). Pure; cheap for ASCII. */
export function cleanUnicode(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  const mapped = text.normalize('NFKC').replace(WHITESPACE, ' ').replace(DASHES, '-');
  const stripped = mapped.replace(IGNORABLE, '');
  // A removed character may have stood between a letter and its accent: compose them again.
  return stripped.length === mapped.length ? stripped : stripped.normalize('NFC');
}
