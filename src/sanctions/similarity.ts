/** String similarity primitives for short name tokens. Allocation-free on the hot path. */

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition), where swapping two
 * adjacent letters costs half an edit: it is the commonest typing slip and changes the name least
 * ("Schloz" is 0.5 from "Scholz", "Afiz" 0.5 from "Faiz"). Stops early and returns max+1 once the
 * distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  // Work in half-edits so the transposition cost stays an integer.
  const max2 = max * 2;
  if (lb + 1 > rowA.length) {
    const size = Math.max(lb + 1, rowA.length * 2);
    rowA = new Int32Array(size);
    rowB = new Int32Array(size);
    rowC = new Int32Array(size);
  }
  let prev2 = rowA; // row i-2
  let prev = rowB; // row i-1
  let cur = rowC; // row i
  for (let j = 0; j <= lb; j++) prev[j] = 2 * j;
  // A swap reaches back two rows, so the search may stop only when this row and the one before
  // (plus a swap's half edit) are both over the limit.
  let prevRowMin = 0;
  for (let i = 1; i <= la; i++) {
    cur[0] = 2 * i;
    let rowMin = 2 * i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 2;
      let v = Math.min(prev[j]! + 2, cur[j - 1]! + 2, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && ca !== cb)
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max2 && prevRowMin + 1 > max2) return max + 1;
    prevRowMin = rowMin;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]! / 2;
}

/**
 * editDistance(a, b, 1) <= 1 without the table: one substitution, one insertion or deletion, or one
 * or two adjacent swaps (half an edit each). The index asks this of every key that shares a
 * one-letter deletion with a query token, dozens of times per query.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (la - lb > 1 || lb - la > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la !== lb) {
    // One insertion or deletion at the first difference; the rest must be equal.
    const [long, short] = la > lb ? [a, b] : [b, a];
    for (let k = i; k < short.length; k++) if (long.charCodeAt(k + 1) !== short.charCodeAt(k)) return false;
    return true;
  }
  if (sameFrom(a, b, i + 1)) return true; // one substitution
  // Adjacent swaps cost half an edit each: at most two, and nothing else.
  let swaps = 0;
  while (i < la) {
    if (
      i + 1 >= la ||
      a.charCodeAt(i) !== b.charCodeAt(i + 1) ||
      a.charCodeAt(i + 1) !== b.charCodeAt(i) ||
      ++swaps > 2
    )
      return false;
    i += 2;
    while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  }
  return true;
}

/**
 * Bitmask of the letters a–z that occur at least twice in `text`. With the letter mask (normalize.ts
 * letterMask) it describes each letter's count as 0, 1 or 2+; one inserted, deleted or substituted letter
 * moves one or two counts by one, and each move flips at most one of the two bits, so a pair within two
 * typing errors (withinTwoEdits) differs in at most four bits of the two masks together. The doubled
 * letters cut the long words the two-edit scan computes a distance for by about 6× (448 → 71 per query
 * word, none of them a pair within two edits: measured on 3,000 synthetic names against all five lists).
 */
export function doubledLetterMask(text: string): number {
  let once = 0;
  let twice = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 97;
    if (c < 0 || c >= 26) continue;
    const bit = 1 << c;
    if (once & bit) twice |= bit;
    else once |= bit;
  }
  return twice;
}

/**
 * Two typing errors at most, in any order: editDistance(a, b, 2) <= 2, or one edit that the
 * optimal-string-alignment distance cannot see because the second edit fell inside it (a swap
 * with a letter inserted between: PROSPECT → PORSPECT → POGRSPECT; MOHAMMAD → MOHAMMDA →
 * MOHAMMDRA). Undoing one deletion, insertion or swap must leave a pair within one edit. For long
 * words only (a few dozen candidates a query): O(length²).
 */
export function withinTwoEdits(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  // Overlapping slips cost at most three on the alignment distance (two substitutions for the swap).
  const d = editDistance(a, b, 3);
  if (d <= 2) return true;
  return d <= 3 && overlappingSlips(a, b);
}

/** One deletion, insertion or swap undone leaves a and b within one edit (withinTwoEdits' second half). */
export function overlappingSlips(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) if (withinOneEdit(a.slice(0, i) + a.slice(i + 1), b)) return true;
  for (let i = 0; i < b.length; i++) if (withinOneEdit(a, b.slice(0, i) + b.slice(i + 1))) return true;
  for (let i = 0; i + 1 < a.length; i++) {
    if (a[i] === a[i + 1]) continue;
    if (withinOneEdit(a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2), b)) return true;
  }
  return false;
}

function sameFrom(a: string, b: string, from: number): boolean {
  for (let k = from; k < a.length; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}

/** 1 − distance / longer length, in [0, 1]. */
export function editSimilarity(a: string, b: string): number {
  const l = Math.max(a.length, b.length);
  if (l === 0) return 1;
  return 1 - editDistance(a, b) / l;
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Neighbouring keys on the QWERTY layout (ISO/IEC 9995-2 alphanumeric section, US/UK arrangement):
 * on the same row, and the two keys touching it on the rows above and below (the rows are offset by
 * about half a key).
 */
const QWERTY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  QWERTY_ROWS.forEach((row, r) => {
    for (let k = 0; k < row.length; k++) {
      const above = QWERTY_ROWS[r - 1];
      const below = QWERTY_ROWS[r + 1];
      const near = [row[k - 1], row[k + 1], above?.[k], above?.[k + 1], below?.[k - 1], below?.[k]];
      m.set(row[k]!, near.filter((x): x is string => x !== undefined).join(''));
    }
  });
  return m;
})();
/** Where two words of one length differ, if in exactly one letter after the first; else -1. */
function oneLetterAfterFirst(a: string, b: string): number {
  if (a.length !== b.length) return -1;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (at >= 0) return -1;
    at = i;
  }
  return at >= 1 ? at : -1;
}

/** Same length, one letter changed after the first, for a key next to it. */
export function keyboardSlip(a: string, b: string): boolean {
  const at = oneLetterAfterFirst(a, b);
  return at >= 1 && (NEIGHBOURS.get(a[at]!)?.includes(b[at]!) ?? false);
}

/**
 * Letters optical character recognition reads for one another in print (i, l and the digit 1, which
 * normalize.ts reads as i; c / e; b / h; f / e): the commonest substitutions in the ISRI/UNLV OCR
 * accuracy tests (Rice, Jenkins & Nartker, 1995–96) and the usual confusion-matrix pairs of OCR
 * post-correction.
 */
const OCR_LETTERS: ReadonlyMap<string, string> = new Map([
  ['i', 'l'],
  ['l', 'i'],
  ['c', 'e'],
  ['e', 'cf'],
  ['b', 'h'],
  ['h', 'b'],
  ['f', 'e'],
]);
/** Same length, one letter after the first read for another by OCR. */
export function ocrSlip(a: string, b: string): boolean {
  const at = oneLetterAfterFirst(a, b);
  return at >= 1 && (OCR_LETTERS.get(a[at]!)?.includes(b[at]!) ?? false);
}

/** Every spelling of `text` with one letter after the first changed for a neighbouring key or an OCR misreading. */
export function slipVariants(text: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    const head = text.slice(0, i);
    const tail = text.slice(i + 1);
    for (const x of (NEIGHBOURS.get(c) ?? '') + (OCR_LETTERS.get(c) ?? '')) out.push(head + x + tail);
  }
  return out;
}
