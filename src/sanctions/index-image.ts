/**
 * The sanctions index as flat typed arrays (an "image"): what the index worker (index-worker.ts)
 * builds and hands to the main thread by transfer, so the main thread never builds an index and
 * the index's strings, maps and tokens are not JavaScript objects on the V8 heap.
 *
 * - Strings (phonetic keys, word texts, consonant skeletons, token texts) live once in a string
 *   table: UTF-16 code units in one Uint16Array with their offsets (UTF-16 rather than UTF-8: JS
 *   strings round-trip exactly, lone surrogates included, and decoding is String.fromCharCode).
 * - The maps of the object build (key → id, word text → key, skeleton → keys) are open-addressing
 *   hash tables over string ids (FNV-1a, linear probing).
 * - Tokens are fixed-width columns (text, key, skeleton, kind, flags, letter mask, rarity, key id);
 *   names are a CSR of token ids. Token objects are decoded on demand, when a name is scored, and
 *   memoised per token id so the scorer's per-token memo (keyed by object) keeps working.
 *
 * `Lexicon` is what the query code (index.ts) asks of either form: `ObjectLexicon` answers from the
 * Maps and arrays of an in-process build (index-build.ts), `FlatLexicon` from an image. Both answer
 * the same, so the matcher's results do not depend on where the index was built (checked by
 * test/unit/matcher/index-worker.test.ts).
 */
import type { IndexedToken, NameParts } from './index-build.ts';
import { fnv1a, hashDirectory } from './index-build.ts';
import type { IndexStats } from './index.ts';
import type { NameToken, TokenKind } from './normalize.ts';

/** The string-valued parts of the index, however they are stored. */
export interface Lexicon {
  /** Names in the index. */
  readonly names: number;
  keyId(key: string): number | undefined;
  keyString(id: number): string;
  /** Word text (deletion-indexed) by id. */
  text(id: number): string;
  /** Word text → its key id. */
  textKey(text: string): number | undefined;
  /** Keys sharing a consonant skeleton. */
  consKeys(cons: string): ArrayLike<number> | undefined;
  nameTokens(name: number): readonly NameToken[];
}

export class ObjectLexicon implements Lexicon {
  readonly names: number;
  constructor(private readonly parts: NameParts) {
    this.names = parts.nameTokens.length;
  }
  keyId(key: string): number | undefined {
    return this.parts.keyIds.get(key);
  }
  keyString(id: number): string {
    return this.parts.keyStrings[id]!;
  }
  text(id: number): string {
    return this.parts.texts[id]!;
  }
  textKey(text: string): number | undefined {
    return this.parts.textToKey.get(text);
  }
  consKeys(cons: string): ArrayLike<number> | undefined {
    return this.parts.consToKeys.get(cons);
  }
  nameTokens(name: number): readonly NameToken[] {
    return this.parts.nameTokens[name]!;
  }
}

const KINDS: readonly TokenKind[] = ['word', 'initial', 'number', 'particle', 'legal', 'title', 'literal'];
const ABJAD = 1;
const SURNAME = 2;

/** Every part of the index, as typed arrays (transferable) plus the small stats record. */
export interface IndexImage {
  chars: Uint16Array;
  strStart: Uint32Array;
  keyStr: Uint32Array;
  keyTable: Int32Array;
  textStr: Uint32Array;
  t2kStr: Uint32Array;
  t2kKey: Uint32Array;
  t2kTable: Int32Array;
  consStr: Uint32Array;
  consStart: Uint32Array;
  consKeys: Uint32Array;
  consTable: Int32Array;
  tokText: Uint32Array;
  tokKey: Uint32Array;
  tokCons: Uint32Array;
  tokKind: Uint8Array;
  tokFlags: Uint8Array;
  tokMask: Uint32Array;
  tokRarity: Float64Array;
  tokKeyId: Int32Array;
  nameTokStart: Uint32Array;
  nameTokIds: Uint32Array;
  nameWeight: Float32Array;
  nameInitialWeight: Float32Array;
  nameHasInitial: Uint8Array;
  nameEntity: Uint32Array;
  nameIdx: Uint16Array;
  nameSource: Uint8Array;
  postStart: Uint32Array;
  postNames: Uint32Array;
  postWeight: Float32Array;
  keyRarity: Float32Array;
  keyAbjad: Uint8Array;
  delHash: Uint32Array;
  delKey: Uint32Array;
  delDirStarts: Uint32Array;
  delDirShift: number;
  textDelHash: Uint32Array;
  textDelId: Uint32Array;
  textDelDirStarts: Uint32Array;
  textDelDirShift: number;
  textKey: Uint32Array;
  longIds: Uint32Array;
  longMasks: Uint32Array;
  longDoubles: Uint32Array;
  longStart: Uint32Array;
  stats: IndexStats;
}

/** The ArrayBuffers of an image, for postMessage's transfer list (each exactly once). */
export function imageBuffers(image: IndexImage): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(image)) if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
  return [...out];
}

type TypedArray = Exclude<IndexImage[keyof IndexImage], number | IndexStats>;

/**
 * The same image with every array in shared memory (copied once, in the index worker): the main thread then
 * receives it without a copy, and can hand it on to another worker (the monitoring scoring worker) without a
 * copy either. Nothing writes to an image after packing, so sharing it between threads is safe.
 */
export function shareImage(image: IndexImage): IndexImage {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(image)) {
    if (!ArrayBuffer.isView(v)) {
      out[k] = v;
      continue;
    }
    const a = v as TypedArray;
    const Ctor = a.constructor as new (b: SharedArrayBuffer) => TypedArray;
    const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
    copy.set(a as never);
    out[k] = copy;
  }
  return out as unknown as IndexImage;
}

/** Bytes held by an image's arrays. */
export function imageBytes(image: IndexImage): number {
  let n = 0;
  for (const v of Object.values(image)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

/** Flattens an in-process build into an image (runs in the index worker). */
export function packParts(parts: NameParts): IndexImage {
  const strings = new StringTableBuilder();
  const keyStr = Uint32Array.from(parts.keyStrings, (s) => strings.add(s));
  const textStr = Uint32Array.from(parts.texts, (s) => strings.add(s));

  const t2k = [...parts.textToKey];
  const t2kStr = Uint32Array.from(t2k, ([s]) => strings.add(s));
  const t2kKey = Uint32Array.from(t2k, ([, k]) => k);

  const cons = [...parts.consToKeys];
  const consStr = Uint32Array.from(cons, ([s]) => strings.add(s));
  const consStart = new Uint32Array(cons.length + 1);
  for (let i = 0; i < cons.length; i++) consStart[i + 1] = consStart[i]! + cons[i]![1].length;
  const consKeys = new Uint32Array(consStart[cons.length]!);
  for (let i = 0; i < cons.length; i++) consKeys.set(cons[i]![1], consStart[i]!);

  // Tokens by their interned id (names share token objects; ids are dense up to stats.tokens).
  const nTok = parts.stats.tokens;
  const tokText = new Uint32Array(nTok);
  const tokKey = new Uint32Array(nTok);
  const tokCons = new Uint32Array(nTok);
  const tokKind = new Uint8Array(nTok);
  const tokFlags = new Uint8Array(nTok);
  const tokMask = new Uint32Array(nTok);
  const tokRarity = new Float64Array(nTok);
  const tokKeyId = new Int32Array(nTok);
  const done = new Uint8Array(nTok);
  const nameTokStart = new Uint32Array(parts.nameTokens.length + 1);
  for (let n = 0; n < parts.nameTokens.length; n++)
    nameTokStart[n + 1] = nameTokStart[n]! + parts.nameTokens[n]!.length;
  const nameTokIds = new Uint32Array(nameTokStart[parts.nameTokens.length]!);
  for (let n = 0; n < parts.nameTokens.length; n++) {
    const toks = parts.nameTokens[n]! as readonly IndexedToken[];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      nameTokIds[nameTokStart[n]! + i] = t.id;
      if (done[t.id]) continue;
      done[t.id] = 1;
      tokText[t.id] = strings.add(t.text);
      tokKey[t.id] = strings.add(t.key);
      tokCons[t.id] = strings.add(t.cons);
      tokKind[t.id] = KINDS.indexOf(t.kind);
      tokFlags[t.id] = (t.abjad ? ABJAD : 0) | (t.surname ? SURNAME : 0);
      tokMask[t.id] = t.mask;
      tokRarity[t.id] = t.rarity;
      tokKeyId[t.id] = t.keyId;
    }
  }

  const { chars, strStart } = strings.finish();
  const table = new StringTable(chars, strStart);
  const delDir = hashDirectory(parts.delHash);
  const textDelDir = hashDirectory(parts.textDelHash);
  return {
    chars,
    strStart,
    keyStr,
    keyTable: buildHashTable(keyStr, table),
    textStr,
    t2kStr,
    t2kKey,
    t2kTable: buildHashTable(t2kStr, table),
    consStr,
    consStart,
    consKeys,
    consTable: buildHashTable(consStr, table),
    tokText,
    tokKey,
    tokCons,
    tokKind,
    tokFlags,
    tokMask,
    tokRarity,
    tokKeyId,
    nameTokStart,
    nameTokIds,
    nameWeight: parts.nameWeight,
    nameInitialWeight: parts.nameInitialWeight,
    nameHasInitial: parts.nameHasInitial,
    nameEntity: parts.nameEntity,
    nameIdx: parts.nameIdx,
    nameSource: parts.nameSource,
    postStart: parts.postStart,
    postNames: parts.postNames,
    postWeight: parts.postWeight,
    keyRarity: parts.keyRarity,
    keyAbjad: parts.keyAbjad,
    delHash: parts.delHash,
    delKey: parts.delKey,
    delDirStarts: delDir.starts,
    delDirShift: delDir.shift,
    textDelHash: parts.textDelHash,
    textDelId: parts.textDelId,
    textDelDirStarts: textDelDir.starts,
    textDelDirShift: textDelDir.shift,
    textKey: parts.textKey,
    longIds: parts.longIds,
    longMasks: parts.longMasks,
    longDoubles: parts.longDoubles,
    longStart: parts.longStart,
    stats: parts.stats,
  };
}

/** Distinct strings → ids, then one code-unit array. */
class StringTableBuilder {
  #ids = new Map<string, number>();
  #list: string[] = [];
  add(s: string): number {
    let id = this.#ids.get(s);
    if (id === undefined) {
      id = this.#list.length;
      this.#ids.set(s, id);
      this.#list.push(s);
    }
    return id;
  }
  finish(): { chars: Uint16Array; strStart: Uint32Array } {
    const strStart = new Uint32Array(this.#list.length + 1);
    for (let i = 0; i < this.#list.length; i++) strStart[i + 1] = strStart[i]! + this.#list[i]!.length;
    const chars = new Uint16Array(strStart[this.#list.length]!);
    for (let i = 0; i < this.#list.length; i++) {
      const s = this.#list[i]!;
      const at = strStart[i]!;
      for (let j = 0; j < s.length; j++) chars[at + j] = s.charCodeAt(j);
    }
    return { chars, strStart };
  }
}

class StringTable {
  constructor(
    readonly chars: Uint16Array,
    readonly strStart: Uint32Array,
  ) {}
  get(id: number): string {
    const a = this.strStart[id]!;
    const b = this.strStart[id + 1]!;
    // Index strings are short (a token, a key): one call, no intermediate array.
    if (b - a <= 4096) return String.fromCharCode.apply(null, this.chars.subarray(a, b) as unknown as number[]);
    let s = '';
    for (let i = a; i < b; i += 4096)
      s += String.fromCharCode.apply(null, this.chars.subarray(i, Math.min(b, i + 4096)) as unknown as number[]);
    return s;
  }
  equals(id: number, s: string): boolean {
    const a = this.strStart[id]!;
    if (this.strStart[id + 1]! - a !== s.length) return false;
    const chars = this.chars;
    for (let i = 0; i < s.length; i++) if (chars[a + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  hash(id: number): number {
    let h = 0x811c9dc5;
    const chars = this.chars;
    for (let i = this.strStart[id]!, end = this.strStart[id + 1]!; i < end; i++) {
      h ^= chars[i]!;
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }
}

/** Slots (a power of two, at most half full) holding entry + 1; 0 is empty. Entries' strings are distinct. */
function buildHashTable(entryStr: Uint32Array, table: StringTable): Int32Array {
  let size = 4;
  while (size < entryStr.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let e = 0; e < entryStr.length; e++) {
    let s = table.hash(entryStr[e]!) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = e + 1;
  }
  return slots;
}

function lookup(slots: Int32Array, entryStr: Uint32Array, table: StringTable, key: string): number {
  const mask = slots.length - 1;
  let s = fnv1a(key) & mask;
  for (;;) {
    const e = slots[s]!;
    if (e === 0) return -1;
    if (table.equals(entryStr[e - 1]!, key)) return e - 1;
    s = (s + 1) & mask;
  }
}

/** Answers the index's string questions from an image; decodes strings and tokens when asked. */
export class FlatLexicon implements Lexicon {
  readonly names: number;
  readonly #table: StringTable;
  readonly #img: IndexImage;
  /** Token objects decoded so far, by token id (the scorer memoises per token object). */
  readonly #tokens: (IndexedToken | undefined)[];
  /** Key strings decoded so far (the fuzzy lookups compare a few per query token). */
  readonly #keys: (string | undefined)[];

  constructor(image: IndexImage) {
    this.#img = image;
    this.#table = new StringTable(image.chars, image.strStart);
    this.names = image.nameTokStart.length - 1;
    // Packed arrays (filled with undefined), not holey ones, which V8 turns into dictionaries when
    // written far from their end.
    this.#tokens = new Array(image.tokKind.length).fill(undefined);
    this.#keys = new Array(image.keyStr.length).fill(undefined);
  }

  keyId(key: string): number | undefined {
    const e = lookup(this.#img.keyTable, this.#img.keyStr, this.#table, key);
    return e < 0 ? undefined : e;
  }

  keyString(id: number): string {
    let s = this.#keys[id];
    if (s === undefined) {
      s = this.#table.get(this.#img.keyStr[id]!);
      this.#keys[id] = s;
    }
    return s;
  }

  text(id: number): string {
    return this.#table.get(this.#img.textStr[id]!);
  }

  textKey(text: string): number | undefined {
    const e = lookup(this.#img.t2kTable, this.#img.t2kStr, this.#table, text);
    return e < 0 ? undefined : this.#img.t2kKey[e]!;
  }

  consKeys(cons: string): ArrayLike<number> | undefined {
    const e = lookup(this.#img.consTable, this.#img.consStr, this.#table, cons);
    return e < 0 ? undefined : this.#img.consKeys.subarray(this.#img.consStart[e]!, this.#img.consStart[e + 1]!);
  }

  nameTokens(name: number): readonly NameToken[] {
    const { nameTokStart, nameTokIds } = this.#img;
    const out: NameToken[] = [];
    for (let i = nameTokStart[name]!, end = nameTokStart[name + 1]!; i < end; i++)
      out.push(this.#token(nameTokIds[i]!));
    return out;
  }

  #token(id: number): IndexedToken {
    let t = this.#tokens[id];
    if (t === undefined) {
      const img = this.#img;
      const flags = img.tokFlags[id]!;
      t = {
        text: this.#table.get(img.tokText[id]!),
        key: this.#table.get(img.tokKey[id]!),
        cons: this.#table.get(img.tokCons[id]!),
        kind: KINDS[img.tokKind[id]!]!,
        abjad: (flags & ABJAD) !== 0,
        surname: (flags & SURNAME) !== 0,
        mask: img.tokMask[id]!,
        rarity: img.tokRarity[id]!,
        id,
        keyId: img.tokKeyId[id]!,
      };
      this.#tokens[id] = t;
    }
    return t;
  }
}
