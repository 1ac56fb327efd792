/**
 * Outbound calls over real HTTP to a fake: retries with back-off on 429/5xx for calls that create nothing,
 * a create sent once, timeouts and the caller's deadline, classification, metrics.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderHttp } from '../../../src/kyc/http-client.ts';
import { createKycMetrics } from '../../../src/kyc/metrics.ts';
import { ProviderCallError } from '../../../src/kyc/providers/types.ts';
import { HttpFake } from '../../fakes/http-fake.ts';

describe('ProviderHttp', () => {
  const registry = new Registry();
  const metrics = createKycMetrics(registry);
  const sleeps: number[] = [];
  let fake: HttpFake;
  const client = (retries = 2, timeoutMs = 300) =>
    new ProviderHttp('onfido', {
      timeoutMs,
      retries,
      backoffMs: 100,
      metrics,
      onRetry: (e) => void sleeps.push(e.delayMs),
      errorCode: (b) => (b as { error?: { type?: string } }).error?.type,
    });

  beforeAll(async () => {
    fake = await new HttpFake(
      (req) =>
        req.path === '/missing'
          ? { status: 404, body: { error: { type: 'resource_not_found' } } }
          : { status: 200, body: { ok: true } },
      {
        rateLimited: () => ({ status: 429, body: { error: { type: 'rate_limit' } }, headers: { 'retry-after': '1' } }),
        outage: () => ({ status: 503, body: { error: { type: 'unavailable' } } }),
      },
    ).listen();
  });
  afterAll(() => fake.close());

  it('retries a rate-limited call after Retry-After and succeeds', async () => {
    sleeps.length = 0;
    fake.setFault('rate_limit', 1);
    const res = await client().json({ operation: 'op', method: 'GET', url: `${fake.url}/x` });
    expect(res.body).toEqual({ ok: true });
    expect(sleeps).toEqual([1000]);
  });

  it('backs off exponentially on 5xx and gives up after the configured retries', async () => {
    sleeps.length = 0;
    fake.setFault('outage');
    const err = await client(2)
      .json({ operation: 'op', method: 'GET', url: `${fake.url}/x` })
      .catch((e) => e);
    fake.setFault('none');
    expect(err).toBeInstanceOf(ProviderCallError);
    expect(err).toMatchObject({ kind: 'server', httpStatus: 503, code: 'unavailable' });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('times out a hanging call and does not retry it', async () => {
    sleeps.length = 0;
    fake.setFault('hang');
    const err = await client(2, 200)
      .json({ operation: 'op', method: 'GET', url: `${fake.url}/x` })
      .catch((e) => e);
    fake.setFault('none');
    expect(err).toMatchObject({ kind: 'timeout' });
    expect(sleeps).toHaveLength(0);
  });

  it('sends a create once: no retry after a 5xx, a 429 or a reset connection', async () => {
    sleeps.length = 0;
    for (const fault of ['outage', 'rate_limit', 'reset'] as const) {
      fake.setFault(fault);
      const before = fake.calls('/applicants');
      const err = await client(2)
        .json({ operation: 'create_applicant', method: 'POST', url: `${fake.url}/applicants`, body: '{}' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(ProviderCallError);
      expect(fake.calls('/applicants') - before).toBe(1);
    }
    fake.setFault('none');
    expect(sleeps).toHaveLength(0);
  });

  it('retries a POST marked idempotent (a token request)', async () => {
    sleeps.length = 0;
    fake.setFault('outage', 1);
    const before = fake.calls('/token');
    const res = await client(2).json({
      operation: 'oauth_token',
      method: 'POST',
      url: `${fake.url}/token`,
      idempotent: true,
    });
    expect(res.body).toEqual({ ok: true });
    expect(fake.calls('/token') - before).toBe(2);
  });

  it("stops at the caller's deadline and aborts the call", async () => {
    fake.setFault('hang');
    const abortedBefore = fake.aborted;
    const err = await client(2, 10_000)
      .json({ operation: 'op', method: 'GET', url: `${fake.url}/x`, signal: AbortSignal.timeout(100) })
      .catch((e) => e);
    fake.setFault('none');
    expect(err).toMatchObject({ kind: 'timeout' });
    await vi.waitFor(() => expect(fake.aborted).toBeGreaterThan(abortedBefore));
  });

  it('classifies 4xx answers without retrying, and a refused connection as network', async () => {
    const notFound = await client()
      .json({ operation: 'op', method: 'GET', url: `${fake.url}/missing` })
      .catch((e) => e);
    expect(notFound).toMatchObject({ kind: 'not_found', httpStatus: 404, code: 'resource_not_found' });
    const refused = await client(0)
      .json({ operation: 'op', method: 'GET', url: 'http://127.0.0.1:1/x' })
      .catch((e) => e);
    expect(refused).toMatchObject({ kind: 'network' });
  });

  it('counts calls, errors and latency per provider', async () => {
    const text = await registry.metrics();
    expect(text).toMatch(/kyc_provider_calls_total\{provider="onfido",operation="op",outcome="rate_limited"\} 1/);
    expect(text).toMatch(/kyc_provider_errors_total\{provider="onfido",operation="op",kind="timeout"\} 2/);
    expect(text).toMatch(/kyc_provider_call_duration_seconds_count\{provider="onfido",operation="op"\} \d+/);
  });
});
