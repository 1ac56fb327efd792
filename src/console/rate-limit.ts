/**
 * Failed sign-ins per client address, in a sliding window. In memory per instance: a fleet of n instances
 * allows n times the figure, which still turns guessing a 16+ character key into hopeless work.
 */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** True when this address has used up its failures in the window. */
  blocked(address: string, now: number): boolean {
    return this.#recent(address, now).length >= this.max;
  }

  fail(address: string, now: number): void {
    const list = this.#recent(address, now);
    list.push(now);
    this.#failures.set(address, list);
    // Bound the map: forget addresses whose failures all lie outside the window.
    if (this.#failures.size > 10_000) {
      for (const [a, l] of this.#failures) if (l.every((t) => now - t >= this.windowMs)) this.#failures.delete(a);
    }
  }

  #recent(address: string, now: number): number[] {
    return (this.#failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
  }
}
