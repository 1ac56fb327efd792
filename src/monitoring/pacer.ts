/**
 * How fast the full re-screen goes: transactions first. A run's customers are scored in a worker thread,
 * but on a small machine that thread competes for the same cores as the thread serving transactions; at
 * full speed the run starved the transactions (p99 up 2–7×, issue 10's bench). The pacer watches the
 * main thread's event-loop delay during each chunk and backs off when requests wait: multiplicative
 * decrease when the delay's p99 is over the target, additive increase while it stays well under it
 * (AIMD, the rule TCP congestion control uses to share a link without oscillating: Jacobson 1988,
 * RFC 5681). The rate stays within [minRate, maxRate]: the run always progresses, and never goes faster
 * than SCREENING_MAX_RATE.
 */
export interface PacerConfig {
  /** SCREENING_MAX_RATE: customers/s, the ceiling; 0 = no bound and no pacing (the run goes flat out). */
  maxRate: number;
  /** SCREENING_MIN_RATE: customers/s, the floor the run never goes below. */
  minRate: number;
  /** SCREENING_YIELD_LAG: the event-loop delay p99 (ms) above which the run slows down. */
  lagMs: number;
}

const DECREASE = 0.5;
/** Each calm chunk adds this share of the ceiling (about 20 calm chunks from the floor to the ceiling). */
const INCREASE_SHARE = 0.05;

export class Pacer {
  #rate: number;
  readonly #ceiling: number;
  readonly #floor: number;

  constructor(private readonly config: PacerConfig) {
    this.#ceiling = config.maxRate > 0 ? config.maxRate : Number.POSITIVE_INFINITY;
    this.#floor = Math.min(config.minRate, this.#ceiling);
    this.#rate = this.#ceiling;
  }

  /** Customers per second for the next chunk (Infinity: no bound). */
  get rate(): number {
    return this.#rate;
  }

  /** After a chunk: the main thread's event-loop delay p99 (ms) while it ran. Returns the next rate. */
  observe(lagP99Ms: number): number {
    if (this.#ceiling === Number.POSITIVE_INFINITY) return this.#rate;
    const { lagMs } = this.config;
    if (lagP99Ms > lagMs) this.#rate = Math.max(this.#floor, this.#rate * DECREASE);
    else if (lagP99Ms < lagMs / 2) this.#rate = Math.min(this.#ceiling, this.#rate + this.#ceiling * INCREASE_SHARE);
    return this.#rate;
  }
}
