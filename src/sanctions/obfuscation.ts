/**
 * Signs that a name was disguised on purpose. The matcher removes every invisible character anyway
 * (normalize.ts), so a disguised name still matches; this only tells the decision that someone tried.
 *
 * Counted: bidirectional embeddings, overrides and isolates (Unicode TR9 §2.1–2.2: they reorder what a
 * reader sees, and have no place inside a personal or company name), tag characters (U+E0000–U+E007F,
 * deprecated for text since Unicode 5.1), and invisible characters with no orthographic use in names
 * (zero-width space, word joiner, invisible operators, Mongolian vowel separator used outside Mongolian,
 * Hangul fillers outside Hangul, interlinear annotation marks, a byte-order mark, C0/C1 controls).
 * Not counted: ZWNJ/ZWJ (required in Persian, Indic and emoji text), LRM/RLM (TR9's marks for mixed
 * right-to-left text, legitimately inserted by editors), soft hyphens, ordinary whitespace.
 */

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
const TAG_CHARACTERS = /[\u{e0000}-\u{e007f}]/u;
// \u180e is only a signal when no Mongolian letter is present; Hangul fillers when no Hangul is.
// Controls are C0/C1 (\p{Cc}) less tab, line feed and carriage return.
const INVISIBLE = /[\u200b\u2060-\u2064\ufeff\ufff9-\ufffb]|(?![\t\n\r])\p{Cc}/u;
const MONGOLIAN = /[\u1800-\u18af]/u;
const MVS = /\u180e/u;
const HANGUL_FILLER = /[\u115f\u1160\u3164\uffa0]/u;
// Every separator or filler is taken out before looking for its script (with the plain regexes only
// the first one was, and a second one then counted as a Mongolian or Hangul letter).
const ALL_MVS = /\u180e/gu;
const ALL_HANGUL_FILLERS = /[\u115f\u1160\u3164\uffa0]/gu;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;
const LONE_SURROGATE = /\p{Cs}/u;

export type ObfuscationKind = 'bidi_control' | 'tag_character' | 'invisible_character';

/** The kinds of disguise found in `text`, empty when none. Pure and cheap: a few regex tests. */
export function obfuscationKinds(text: string): ObfuscationKind[] {
  const kinds: ObfuscationKind[] = [];
  if (BIDI_CONTROLS.test(text)) kinds.push('bidi_control');
  if (TAG_CHARACTERS.test(text)) kinds.push('tag_character');
  if (
    INVISIBLE.test(text) ||
    LONE_SURROGATE.test(text) ||
    (MVS.test(text) && !MONGOLIAN.test(text.replace(ALL_MVS, ''))) ||
    (HANGUL_FILLER.test(text) && !HANGUL.test(text.replace(ALL_HANGUL_FILLERS, '')))
  ) {
    kinds.push('invisible_character');
  }
  return kinds;
}

export function isObfuscated(text: string): boolean {
  return obfuscationKinds(text).length > 0;
}
