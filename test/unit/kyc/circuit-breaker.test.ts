/**
 * The per-provider circuits (cockatiel): open after consecutive failures, one trial after the cooldown,
 * and every way a trial can end settles it — the wedge where a refused input left it half-open for good
 * is gone. Cockatiel reads the wall clock, so the test moves a fake Date.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProviderCircuits } from '../../../src/kyc/circuit-breaker.ts';
import { ProviderCallError } from '../../../src/kyc/providers/types.ts';
import type { ProviderId } from '../../../src/kyc/types.ts';

const failWith = (c: ProviderCircuits, p: ProviderId, err: unknown) =>
  c
    .policy(p)
    .execute(() => Promise.reject(err))
    .catch(() => undefined);
const server = (p: ProviderId) => new ProviderCallError(p, 'op', 'server', 503);
const refused = (p: ProviderId) => new ProviderCallError(p, 'op', 'rejected', 422);
const succeed = (c: ProviderCircuits, p: ProviderId) => c.policy(p).execute(async () => 'ok');

describe('ProviderCircuits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('opens, half-opens with a single trial, then closes or re-opens', async () => {
    const changes: string[] = [];
    const c = new ProviderCircuits({
      failureThreshold: 2,
      cooldownMs: 10_000,
      onChange: (p, s) => changes.push(`${p}:${s}`),
    });
    await failWith(c, 'onfido', server('onfido'));
    expect(c.state('onfido')).toBe('closed');
    await failWith(c, 'onfido', server('onfido'));
    expect(c.state('onfido')).toBe('open');
    expect(c.available('onfido')).toBe(false);
    expect(c.retryAfterSeconds('onfido')).toBe(10);

    vi.setSystemTime(10_000);
    expect(c.state('onfido')).toBe('half_open');
    expect(c.available('onfido')).toBe(true);
    let release!: () => void;
    const trial = c
      .policy('onfido')
      .execute(() => new Promise<never>((_, reject) => (release = () => reject(server('onfido')))));
    expect(c.available('onfido')).toBe(false); // one trial at a time: others fail over instead of queueing
    release();
    await trial.catch(() => undefined);
    expect(c.state('onfido')).toBe('open');

    vi.setSystemTime(20_000);
    await succeed(c, 'onfido');
    expect(c.state('onfido')).toBe('closed');
    expect(changes).toEqual(['onfido:open', 'onfido:half_open', 'onfido:open', 'onfido:half_open', 'onfido:closed']);
  });

  it('settles a half-open trial whatever it ends with: refused input closes, an exception re-opens', async () => {
    const c = new ProviderCircuits({ failureThreshold: 1, cooldownMs: 1000 });
    await failWith(c, 'shufti', server('shufti'));
    vi.setSystemTime(1000);
    await failWith(c, 'shufti', refused('shufti'));
    expect(c.state('shufti')).toBe('closed');
    expect(c.available('shufti')).toBe(true);

    await failWith(c, 'jumio', server('jumio'));
    vi.setSystemTime(2000);
    await failWith(c, 'jumio', new TypeError('adapter bug'));
    expect(c.state('jumio')).toBe('open');
    vi.setSystemTime(3000);
    expect(c.available('jumio')).toBe(true);
  });

  it('does not count refused input against a closed circuit, keeps providers apart and resets on success', async () => {
    const c = new ProviderCircuits({ failureThreshold: 2, cooldownMs: 1000 });
    await failWith(c, 'jumio', server('jumio'));
    await succeed(c, 'jumio');
    await failWith(c, 'jumio', server('jumio'));
    await failWith(c, 'jumio', refused('jumio'));
    expect(c.state('jumio')).toBe('closed');
    await failWith(c, 'shufti', server('shufti'));
    await failWith(c, 'shufti', server('shufti'));
    expect(c.state('shufti')).toBe('open');
    expect(c.state('jumio')).toBe('closed');
  });
});
