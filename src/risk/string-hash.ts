/**
 * FNV-1a over a string's UTF-16 code units, then Murmur3's 32-bit finaliser: the open-addressing tables of customer
 * ids (known-customers.ts, customer-slots.ts) probe linearly from the low bits, which FNV alone mixes poorly.
 */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
