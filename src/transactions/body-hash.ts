/** Idempotency fingerprint: SHA-256 over a canonical JSON form, so key order and whitespace do not matter. */
import { hash } from 'node:crypto';

/**
 * Object keys as JSON text, remembered: the same few dozen keys (the request schema's) come in every body.
 * Bounded, and short keys only, since the body's keys are the caller's.
 */
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (k.length <= 64 && quotedKeys.size < 4096) quotedKeys.set(k, q);
  }
  return q;
}

/** JSON with object keys sorted at every level; undefined members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Loops and concatenation: this runs on every screened transaction.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i > 0 ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Often in order already (a body we wrote, a nested object of one or two keys): a pass is cheaper than a sort.
  // `>` compares UTF-16 code units, as sort() does.
  for (let i = 1; i < keys.length; i++)
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${quotedKey(k)}:${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return `${out}}`;
}

export function bodyHash(body: unknown): string {
  return hash('sha256', canonicalJson(body), 'base64url');
}

/**
 * 30 bits of a body hash: small enough for V8 to keep inline (a small integer, no heap object) in
 * every in-memory activity entry. Different tags prove different bodies; equal tags are confirmed
 * against the full hash stored with the transaction.
 */
export function bodyTag(bodyHash: string): number {
  let tag = 0;
  for (let i = 0; i < bodyHash.length; i++) tag = (Math.imul(tag, 31) + bodyHash.charCodeAt(i)) | 0;
  return tag & 0x3fffffff;
}
