/**
 * Callback bodies in the content types Jumio and Shufti Pro send: JSON (their documented default, also
 * when labelled text/plain or unlabelled), and application/x-www-form-urlencoded (Jumio's older
 * callbacks, and Shufti accounts set to form posts) — either one field holding the JSON document, or
 * fields named with dots or brackets (`account.id`, `account[id]`) that are rebuilt into the same shape.
 * The signature (Shufti) is always checked over the raw bytes, before this runs.
 */
import { InvalidWebhookError } from './types.ts';

export const CALLBACK_CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'] as const;

const mediaType = (contentType: string | null) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** True for the content types parseCallbackBody reads (an absent type is read as JSON). */
export function isCallbackContentType(contentType: string | null): boolean {
  const t = mediaType(contentType);
  return (
    t === '' || /^application\/([\w.-]+\+)?json$/.test(t) || (CALLBACK_CONTENT_TYPES as readonly string[]).includes(t)
  );
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_FORM_FIELDS = 200;

function fromForm(text: string): unknown {
  const params = [...new URLSearchParams(text)];
  if (params.length > MAX_FORM_FIELDS) throw new InvalidWebhookError('the callback has too many form fields');
  if (params.length === 1) {
    const only = params[0]![1].trim();
    if (only.startsWith('{')) return parseJson(only);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    const path = key.replace(/\]/g, '').split(/[.[]/).filter(Boolean);
    if (path.length === 0 || path.length > 5 || path.some((p) => UNSAFE_KEYS.has(p))) continue;
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidWebhookError('the callback body is not JSON');
  }
}

export function parseCallbackBody(raw: Uint8Array, contentType: string | null): unknown {
  const text = Buffer.from(raw).toString('utf8');
  return mediaType(contentType) === 'application/x-www-form-urlencoded' ? fromForm(text) : parseJson(text);
}
