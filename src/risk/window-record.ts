/**
 * One window entry as a fixed-width record of the slab (layout in window-slab.ts): written from an
 * ActivityEntry and read back as an equal one. Every field comes back exactly: the amount bit for bit
 * (never through a float), the id and the counterparty key as the same strings, so the rules decide as
 * they did on the objects.
 */
import type { ActivityEntry } from './activity.ts';
import { RECORD_BYTES, type SizeClass, type WindowSlab } from './window-slab.ts';

const WORDS64 = RECORD_BYTES / 8;
const WORDS32 = RECORD_BYTES / 4;

const INBOUND = 1;
const COUNTED = 2;
const WIDE_AMOUNT = 4;

const FLAGS = 28;
const ID_LENGTH = 29;
const KEY_KIND = 30;
const KEY_LENGTH = 31;
const KEY = 32;
const KEY_BYTES = 16;
const ID = 48;
export const ID_INLINE = 40;
const ID_INTERNED = 0xff;

const KEY_NONE = 0;
/** "wallet:" / "name:" + 22 base64url characters: counterpartyKey()'s 128-bit HMAC, held as its 16 bytes. */
const KEY_WALLET = 1;
const KEY_NAME = 2;
const KEY_INLINE = 3;
const KEY_INTERNED = 4;
const HASHED_PREFIXES = ['', 'wallet:', 'name:'] as const;

const U64 = 2n ** 64n;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64URL.length; i++) B64URL_VALUE[B64URL.charCodeAt(i)] = i;

/** Characters that fit one byte each, so the text comes back unchanged. */
function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

function writeLatin1(u8: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) u8[at + i] = s.charCodeAt(i);
}

function readLatin1(c: SizeClass, at: number, length: number): string {
  return c.u8.toString('latin1', at, at + length);
}

/**
 * Decodes 22 base64url characters of `s` from `from` into 16 bytes at `at`; false (nothing promised
 * about the bytes) unless the text is the canonical encoding of those bytes, so reading it back gives `s`.
 */
function decodeHash(s: string, from: number, u8: Uint8Array, at: number): boolean {
  if (s.length - from !== 22) return false;
  let bits = 0;
  let n = 0;
  let out = at;
  for (let i = from; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? B64URL_VALUE[code]! : -1;
    if (v < 0) return false;
    bits = (bits << 6) | v;
    n += 6;
    if (n >= 8) {
      n -= 8;
      u8[out++] = (bits >>> n) & 0xff;
      bits &= (1 << n) - 1;
    }
  }
  // 132 bits were read for 128: the last 4 must be zero in the canonical encoding.
  return bits === 0;
}

export function writeRecord(slab: WindowSlab, c: SizeClass, r: number, e: ActivityEntry): void {
  const base = r * RECORD_BYTES;
  const { u8 } = c;
  c.f64[r * WORDS64] = e.at;
  let flags = (e.direction === 'inbound' ? INBOUND : 0) | (e.counted ? COUNTED : 0);
  const amount = e.amountUsd;
  if (amount >= 0n && amount < U64 * U64) {
    c.u64[r * WORDS64 + 1] = BigInt.asUintN(64, amount);
    c.u64[r * WORDS64 + 2] = amount >> 64n;
  } else {
    flags |= WIDE_AMOUNT;
    c.u32[r * WORDS32 + 2] = slab.strings.intern(amount.toString());
  }
  c.u32[r * WORDS32 + 6] = e.bodyTag >>> 0;
  u8[base + FLAGS] = flags;

  const id = e.transactionId;
  if (id.length <= ID_INLINE && isLatin1(id)) {
    u8[base + ID_LENGTH] = id.length;
    writeLatin1(u8, base + ID, id);
  } else {
    u8[base + ID_LENGTH] = ID_INTERNED;
    c.u32[(base + ID) / 4] = slab.strings.intern(id);
  }

  const key = e.counterpartyKey;
  let kind = KEY_NONE;
  if (key !== undefined) {
    if (key.startsWith('wallet:') && decodeHash(key, 7, u8, base + KEY)) kind = KEY_WALLET;
    else if (key.startsWith('name:') && decodeHash(key, 5, u8, base + KEY)) kind = KEY_NAME;
    else if (key.length <= KEY_BYTES && isLatin1(key)) {
      kind = KEY_INLINE;
      u8[base + KEY_LENGTH] = key.length;
      writeLatin1(u8, base + KEY, key);
    } else {
      kind = KEY_INTERNED;
      c.u32[(base + KEY) / 4] = slab.strings.intern(key);
    }
  }
  u8[base + KEY_KIND] = kind;
}

export const recordAt = (c: SizeClass, r: number): number => c.f64[r * WORDS64]!;
export const recordCounted = (c: SizeClass, r: number): boolean => (c.u8[r * RECORD_BYTES + FLAGS]! & COUNTED) !== 0;

/** The record's transaction id is `id` (compared in place, nothing decoded). */
export function recordHasId(slab: WindowSlab, c: SizeClass, r: number, id: string): boolean {
  const base = r * RECORD_BYTES;
  const length = c.u8[base + ID_LENGTH]!;
  if (length === ID_INTERNED) return slab.strings.get(c.u32[(base + ID) / 4]!) === id;
  if (length !== id.length) return false;
  const u8 = c.u8;
  for (let i = 0; i < length; i++) if (u8[base + ID + i] !== id.charCodeAt(i)) return false;
  return true;
}

export function readRecord(slab: WindowSlab, c: SizeClass, r: number): ActivityEntry {
  const base = r * RECORD_BYTES;
  const { u8 } = c;
  const flags = u8[base + FLAGS]!;
  let amountUsd: bigint;
  if (flags & WIDE_AMOUNT) amountUsd = BigInt(slab.strings.get(c.u32[r * WORDS32 + 2]!));
  else {
    const high = c.u64[r * WORDS64 + 2]!;
    amountUsd = high === 0n ? c.u64[r * WORDS64 + 1]! : (high << 64n) | c.u64[r * WORDS64 + 1]!;
  }
  const idLength = u8[base + ID_LENGTH]!;
  const transactionId =
    idLength === ID_INTERNED ? slab.strings.get(c.u32[(base + ID) / 4]!) : readLatin1(c, base + ID, idLength);
  const at = c.f64[r * WORDS64]!;
  const direction = flags & INBOUND ? 'inbound' : 'outbound';
  // Signed: UNKNOWN_BODY_TAG is -1, the real tags are 30-bit.
  const bodyTag = c.u32[r * WORDS32 + 6]! | 0;
  const counted = (flags & COUNTED) !== 0;
  const kind = u8[base + KEY_KIND]!;
  if (kind === KEY_NONE) return { transactionId, at, direction, amountUsd, bodyTag, counted };
  let counterpartyKey: string;
  if (kind === KEY_WALLET || kind === KEY_NAME)
    counterpartyKey = HASHED_PREFIXES[kind] + u8.toString('base64url', base + KEY, base + KEY + KEY_BYTES);
  else if (kind === KEY_INLINE) counterpartyKey = readLatin1(c, base + KEY, u8[base + KEY_LENGTH]!);
  else counterpartyKey = slab.strings.get(c.u32[(base + KEY) / 4]!);
  // Two literal shapes (with and without a key), as the entries were built before.
  return { transactionId, at, direction, amountUsd, counterpartyKey, bodyTag, counted };
}

/** Drops the record's references to interned values (before it is overwritten or its block freed). */
export function releaseRecord(slab: WindowSlab, c: SizeClass, r: number): void {
  const base = r * RECORD_BYTES;
  if (c.u8[base + FLAGS]! & WIDE_AMOUNT) slab.strings.release(c.u32[r * WORDS32 + 2]!);
  if (c.u8[base + ID_LENGTH] === ID_INTERNED) slab.strings.release(c.u32[(base + ID) / 4]!);
  if (c.u8[base + KEY_KIND] === KEY_INTERNED) slab.strings.release(c.u32[(base + KEY) / 4]!);
}

/** Copies a record between blocks of one slab (its interned references move with it). */
export function copyRecord(from: SizeClass, rFrom: number, to: SizeClass, rTo: number): void {
  const src = rFrom * RECORD_BYTES;
  if (from === to) to.u8.copyWithin(rTo * RECORD_BYTES, src, src + RECORD_BYTES);
  else to.u8.set(from.u8.subarray(src, src + RECORD_BYTES), rTo * RECORD_BYTES);
}
