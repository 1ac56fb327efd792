/**
 * One breaker per provider: after `failureThreshold` consecutive failures the provider is skipped for
 * `cooldownMs`; then one trial call is let through (half-open) and its result closes or re-opens it.
 * In memory on purpose: after a restart every provider gets a fresh chance.
 */
import type { ProviderId } from './types.ts';

export type CircuitState = 'closed' | 'half_open' | 'open';

interface Entry {
  failures: number;
  openedAt?: number;
  trialInFlight: boolean;
}

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  clock: () => Date;
  onChange?: (provider: ProviderId, state: CircuitState) => void;
}

export class CircuitBreaker {
  readonly #entries = new Map<ProviderId, Entry>();

  constructor(private readonly opts: CircuitBreakerOptions) {}

  #entry(p: ProviderId): Entry {
    let e = this.#entries.get(p);
    if (!e) this.#entries.set(p, (e = { failures: 0, trialInFlight: false }));
    return e;
  }

  state(p: ProviderId): CircuitState {
    const e = this.#entries.get(p);
    if (e?.openedAt === undefined) return 'closed';
    return this.opts.clock().getTime() - e.openedAt >= this.opts.cooldownMs ? 'half_open' : 'open';
  }

  /** Whether a call may go out now; in half-open state only one trial at a time. Reserve the trial when it may. */
  tryAcquire(p: ProviderId): boolean {
    const s = this.state(p);
    if (s === 'closed') return true;
    if (s === 'open') return false;
    const e = this.#entry(p);
    if (e.trialInFlight) return false;
    e.trialInFlight = true;
    this.opts.onChange?.(p, 'half_open');
    return true;
  }

  /** Seconds until the provider will be tried again (0 when it may be called now). */
  retryAfterSeconds(p: ProviderId): number {
    const e = this.#entries.get(p);
    if (e?.openedAt === undefined) return 0;
    return Math.max(1, Math.ceil((e.openedAt + this.opts.cooldownMs - this.opts.clock().getTime()) / 1000));
  }

  success(p: ProviderId): void {
    const e = this.#entry(p);
    const wasOpen = e.openedAt !== undefined;
    e.failures = 0;
    e.openedAt = undefined;
    e.trialInFlight = false;
    if (wasOpen) this.opts.onChange?.(p, 'closed');
  }

  failure(p: ProviderId): void {
    const e = this.#entry(p);
    e.failures += 1;
    const trialFailed = e.trialInFlight;
    e.trialInFlight = false;
    if (trialFailed || e.failures >= this.opts.failureThreshold) {
      e.openedAt = this.opts.clock().getTime();
      this.opts.onChange?.(p, 'open');
    }
  }
}
