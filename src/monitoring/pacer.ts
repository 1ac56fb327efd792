/**
 * How fast the full re-screen goes: transactions first. A run's customers are scored in a worker thread,
 * but on a small machine that thread competes for the same cores as the threads serving transactions; at
 * full speed the run starved the transactions (p99 up 2–13×, issue 10's bench). After each chunk the pacer
 * looks at two signals:
 * - the transactions' own screening time (p99 over about a second against its p99 before the run): the cores
 *   the request, writer and scoring threads share show up there, not on the event loop (measured: a
 *   transaction p99 of 1.5 s beside an event-loop lateness p99 of ~25 ms);
 * - the main thread's event-loop lateness, for what stalls the loop itself (and when no transactions come).
 * It backs off when either is over its bound: multiplicative decrease, and additive increase while both
 * stay well under (AIMD, the rule TCP congestion control uses to share a link without oscillating:
 * Jacobson 1988, RFC 5681). The rate stays within [minRate, maxRate]: the run always progresses, and never
 * goes faster than SCREENING_MAX_RATE.
 */
export interface PacerConfig {
  /** SCREENING_MAX_RATE: customers/s, the ceiling; 0 = no bound and no pacing (the run goes flat out). */
  maxRate: number;
  /** SCREENING_MIN_RATE: customers/s, the floor the run never goes below. */
  minRate: number;
  /** SCREENING_YIELD_LAG: event-loop lateness p99 (ms) above which the run slows down. */
  lagMs: number;
}

export interface PaceSignal {
  /** The main thread's event-loop lateness p99 during the chunk, ms. */
  lagMs: number;
  /**
   * Transaction screening p99 over the last window, and before the run (its baseline), ms. Windows span several
   * chunks (a p99 over one chunk's few hundred transactions is mostly noise): undefined means no window closed
   * with this chunk and the last window's verdict holds; null, a window with too little traffic to judge.
   */
  screening?: { p99Ms: number; baselineMs: number } | null;
}

const DECREASE = 0.5;
/** Each calm chunk adds this share of the ceiling (about 20 calm chunks from the floor to the ceiling). */
const INCREASE_SHARE = 0.05;
/** Back off when transactions' p99 passes this multiple of their p99 before the run (issue 10's goal: 2×). */
const YIELD_RATIO = 1.5;
/** Speed up only while it stays under this multiple. */
const CALM_RATIO = 1.2;

export class Pacer {
  #rate: number;
  readonly #ceiling: number;
  readonly #floor: number;
  /** The last screening window left room to speed up (or had no traffic to judge). */
  #screeningCalm = true;

  constructor(private readonly config: PacerConfig) {
    this.#ceiling = config.maxRate > 0 ? config.maxRate : Number.POSITIVE_INFINITY;
    this.#floor = Math.min(config.minRate, this.#ceiling);
    this.#rate = this.#ceiling;
  }

  /** Customers per second for the next chunk (Infinity: no bound). */
  get rate(): number {
    return this.#rate;
  }

  /** After a chunk: what the requests saw while it ran. Returns the next rate. */
  observe(signal: PaceSignal): number {
    if (this.#ceiling === Number.POSITIVE_INFINITY) return this.#rate;
    const { lagMs } = this.config;
    const s = signal.screening;
    // A baseline below the lag bound is noise-sized: the bound then decides (a 1 ms p99 doubling is no harm).
    const screeningOver = !!s && s.p99Ms > Math.max(YIELD_RATIO * s.baselineMs, lagMs);
    // A window backs off once, when it closes; its verdict holds back any increase until the next one.
    if (s !== undefined) this.#screeningCalm = !s || s.p99Ms < Math.max(CALM_RATIO * s.baselineMs, lagMs / 2);
    const over = signal.lagMs > lagMs || screeningOver;
    const calm = signal.lagMs < lagMs / 2 && this.#screeningCalm;
    if (over) this.#rate = Math.max(this.#floor, this.#rate * DECREASE);
    else if (calm) this.#rate = Math.min(this.#ceiling, this.#rate + this.#ceiling * INCREASE_SHARE);
    return this.#rate;
  }
}
