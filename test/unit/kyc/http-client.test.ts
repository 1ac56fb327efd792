/** Outbound calls over real HTTP to a fake: retries with back-off on 429/5xx, timeouts, classification, metrics. */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      sleep: async (ms) => void sleeps.push(ms),
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
    expect(text).toMatch(/kyc_provider_errors_total\{provider="onfido",operation="op",kind="timeout"\} 1/);
    expect(text).toMatch(/kyc_provider_call_duration_seconds_count\{provider="onfido",operation="op"\} \d+/);
  });
});
