/**
 * One circuit per provider, on cockatiel's breaker: after `failureThreshold` consecutive failed session
 * starts the provider is skipped for `cooldownMs`; then one trial call goes through (half-open). Every
 * way a trial can end settles it: a success or an answer that is not the provider's fault (input it
 * refused) closes the circuit, a failure (5xx, 429, timeout, network, unexpected error) re-opens it.
 * In memory on purpose: after a restart every provider gets a fresh chance.
 *
 * Cockatiel measures the cooldown on the wall clock (Date.now), not on the service's injected clock:
 * it is an operational timer, not a business date.
 */
import {
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  CircuitState as CockatielState,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { ProviderCallError } from './providers/types.ts';
import type { ProviderId } from './types.ts';

export type CircuitState = 'closed' | 'half_open' | 'open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  onChange?: (provider: ProviderId, state: CircuitState) => void;
}

/** Input the provider refused says nothing about its health; every other failure does. */
export const countsAgainstProvider = (err: unknown) => !(err instanceof ProviderCallError && err.kind === 'rejected');

interface Circuit {
  policy: CircuitBreakerPolicy;
  openedAt?: number;
}

export class ProviderCircuits {
  readonly #circuits = new Map<ProviderId, Circuit>();

  constructor(private readonly opts: CircuitBreakerOptions) {}

  /** The provider's breaker policy, to compose with the other policies of a call. */
  policy(p: ProviderId): CircuitBreakerPolicy {
    return this.#circuit(p).policy;
  }

  #circuit(p: ProviderId): Circuit {
    const c = this.#circuits.get(p);
    if (c) return c;
    const policy = circuitBreaker(handleWhen(countsAgainstProvider), {
      halfOpenAfter: this.opts.cooldownMs,
      breaker: new ConsecutiveBreaker(this.opts.failureThreshold),
    });
    const circuit: Circuit = { policy };
    policy.onBreak(() => {
      circuit.openedAt = Date.now();
      this.opts.onChange?.(p, 'open');
    });
    policy.onHalfOpen(() => this.opts.onChange?.(p, 'half_open'));
    policy.onReset(() => {
      circuit.openedAt = undefined;
      this.opts.onChange?.(p, 'closed');
    });
    this.#circuits.set(p, circuit);
    return circuit;
  }

  /** Open and cooled down reads as half-open: the next call is the trial. */
  state(p: ProviderId): CircuitState {
    const c = this.#circuits.get(p);
    if (!c) return 'closed';
    switch (c.policy.state) {
      case CockatielState.Closed:
        return 'closed';
      case CockatielState.HalfOpen:
        return 'half_open';
      default:
        return this.#cooledDown(c) ? 'half_open' : 'open';
    }
  }

  /**
   * Whether a call may go out now. While the one trial call is running the answer is no: cockatiel
   * would hold further calls until the trial ends, and a session start fails over instead of waiting.
   */
  available(p: ProviderId): boolean {
    const c = this.#circuits.get(p);
    if (!c) return true;
    const s = c.policy.state;
    if (s === CockatielState.Closed) return true;
    return s === CockatielState.Open && this.#cooledDown(c);
  }

  /** Seconds until the provider will be tried again (0 when it may be called now). */
  retryAfterSeconds(p: ProviderId): number {
    const c = this.#circuits.get(p);
    if (!c || c.policy.state === CockatielState.Closed) return 0;
    if (c.policy.state === CockatielState.HalfOpen || c.openedAt === undefined) return 1;
    return Math.max(1, Math.ceil((c.openedAt + this.opts.cooldownMs - Date.now()) / 1000));
  }

  #cooledDown(c: Circuit): boolean {
    return c.openedAt !== undefined && Date.now() - c.openedAt >= this.opts.cooldownMs;
  }
}
