/** Idempotency fingerprint: SHA-256 over a canonical JSON form, so key order and whitespace do not matter. */
import { hash } from 'node:crypto';

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
  let out = '{';
  for (const k of Object.keys(record).sort()) {
    if (record[k] === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(record[k])}`;
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
