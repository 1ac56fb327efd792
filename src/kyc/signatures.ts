/** Webhook signature primitives shared by the adapters: digests over raw bytes and a constant-time compare. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Bytes = Uint8Array | string;

export function hmacHex(algorithm: 'sha1' | 'sha256' | 'sha512', secret: string, data: Bytes): string {
  return createHmac(algorithm, secret).update(data).digest('hex');
}

export function sha256Hex(data: Bytes): string {
  return createHash('sha256').update(data).digest('hex');
}

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Compares a presented hex signature with the expected one in constant time. Both sides are hashed to
 * equal-length digests first, so neither the content nor the length of the expected value leaks
 * through timing, and a malformed or missing value takes the same path as a wrong one.
 */
export function safeEqualHex(expectedHex: string, presented: string | null | undefined): boolean {
  const candidate = (presented ?? '').trim().toLowerCase();
  const wellFormed = candidate.length > 0 && HEX.test(candidate);
  const a = createHash('sha256').update(expectedHex.toLowerCase()).digest();
  const b = createHash('sha256')
    .update(wellFormed ? candidate : `invalid:${candidate}`)
    .digest();
  return timingSafeEqual(a, b) && wellFormed;
}
