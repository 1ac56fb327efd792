/**
 * The latest transaction screening times, for work that must give way to them (the monitoring scheduler paces
 * its full re-screen on them). A fixed ring: recording is one store, nothing is allocated per request, and a
 * window holds at most the last RING samples however long it lasts.
 */
const RING = 4_096;

export interface LatencySample {
  /** Screenings recorded since the last take (at most RING are kept). */
  count: number;
  /** Their 99th percentile, ms (0 when none). */
  p99Ms: number;
}

export class LatencyWindow {
  readonly #ring = new Float64Array(RING);
  #recorded = 0;

  record(ms: number): void {
    this.#ring[this.#recorded % RING] = ms;
    this.#recorded++;
  }

  /** The window since the last take, and a new window. */
  take(): LatencySample {
    const n = Math.min(this.#recorded, RING);
    const count = this.#recorded;
    this.#recorded = 0;
    if (n === 0) return { count: 0, p99Ms: 0 };
    const sorted = this.#ring.slice(0, n).sort();
    return { count, p99Ms: sorted[Math.min(n - 1, Math.ceil(n * 0.99) - 1)]! };
  }
}
