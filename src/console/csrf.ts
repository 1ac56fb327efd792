/**
 * CSRF tokens: one per session, derived from the session id (HMAC), so nothing more is stored and every
 * instance of a fleet computes the same token. Checked in constant time on every POST.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';

export function csrfToken(sessionId: string): string {
  return createHmac('sha256', sessionId).update('console-csrf').digest('base64url');
}

export function csrfValid(sessionId: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfToken(sessionId));
  const given = Buffer.from(presented);
  // Lengths differ only for a malformed token; the comparison itself must not depend on the content.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
