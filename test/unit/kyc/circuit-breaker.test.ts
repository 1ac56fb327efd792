/** The breaker opens after consecutive failures, lets one trial through after the cooldown, and closes on success. */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/kyc/circuit-breaker.ts';

describe('CircuitBreaker', () => {
  it('opens, half-opens with a single trial, then closes or re-opens', () => {
    let now = 0;
    const changes: string[] = [];
    const b = new CircuitBreaker({
      failureThreshold: 2,
      cooldownMs: 10_000,
      clock: () => new Date(now),
      onChange: (p, s) => changes.push(`${p}:${s}`),
    });
    expect(b.tryAcquire('onfido')).toBe(true);
    b.failure('onfido');
    expect(b.state('onfido')).toBe('closed');
    b.failure('onfido');
    expect(b.state('onfido')).toBe('open');
    expect(b.tryAcquire('onfido')).toBe(false);
    expect(b.retryAfterSeconds('onfido')).toBe(10);

    now = 10_000;
    expect(b.state('onfido')).toBe('half_open');
    expect(b.tryAcquire('onfido')).toBe(true);
    expect(b.tryAcquire('onfido')).toBe(false); // one trial at a time
    b.failure('onfido');
    expect(b.state('onfido')).toBe('open');

    now = 20_000;
    expect(b.tryAcquire('onfido')).toBe(true);
    b.success('onfido');
    expect(b.state('onfido')).toBe('closed');
    expect(changes).toEqual(['onfido:open', 'onfido:half_open', 'onfido:open', 'onfido:half_open', 'onfido:closed']);
  });

  it('keeps providers apart and resets the count on success', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, clock: () => new Date(0) });
    b.failure('jumio');
    b.success('jumio');
    b.failure('jumio');
    expect(b.state('jumio')).toBe('closed');
    b.failure('shufti');
    b.failure('shufti');
    expect(b.state('shufti')).toBe('open');
    expect(b.state('jumio')).toBe('closed');
  });
});
