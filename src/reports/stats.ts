/** Order statistics over minutes (durations): exact median, nearest-rank p90. Sorted once by the caller. */
export function medianOf(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[percentileRank(sorted.length, p) - 1]!;
}

/** The 1-based rank of the nearest-rank p-th percentile among n values (n ≥ 1), as percentileOf picks it. */
export function percentileRank(n: number, p: number): number {
  return Math.min(n, Math.ceil((p / 100) * n));
}

export const minutes = (ms: number) => Math.round(ms / 600) / 100;

export const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** Integer cents as a decimal string ("350" → "3.50"); exact, no float. */
export function centsToUsd(cents: bigint): string {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** a / b cents rounded half up to a whole cent, exactly (bigint arithmetic). */
export function divideCents(total: bigint, by: bigint): bigint {
  return (total * 2n + by) / (by * 2n);
}
