/**
 * Routing and failover over the wire: a provider that is down, hangs or rate-limits is skipped for the
 * next in the ranking (EU residents stay with EU-resident providers), every attempt is recorded, the
 * circuit breaker stops calling a failing provider, and a provider named explicitly is never swapped:
 * if it is down the answer is a 503 problem with Retry-After.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

describe('KYC provider routing and failover', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({ KYC_CIRCUIT_FAILURES: '3' });
  });
  afterAll(() => w.close());
  afterEach(() => {
    for (const f of [w.onfido, w.jumio, w.shufti, w.sumsub, w.veriff]) f.setFault('none');
  });

  const attemptsOf = async (id: string) => {
    const audit = (await w.get(`/v1/kyc/verifications/${id}`)).body.audit as { action: string; details: any }[];
    return audit.find((e) => e.action === 'provider_selected')!.details;
  };

  it('routes by risk: default → Jumio, EU resident → Onfido, high-risk jurisdiction → Shufti Pro', async () => {
    expect((await w.start(applicant({ country: 'US' }))).body).toMatchObject({ provider: 'jumio', riskLevel: 'low' });
    expect((await w.start(applicant({ country: 'DE' }))).body).toMatchObject({ provider: 'onfido', riskLevel: 'low' });
    expect((await w.start(applicant({ country: 'IR' }))).body).toMatchObject({ provider: 'shufti', riskLevel: 'high' });
    expect((await w.start(applicant({ country: 'NG' }))).body).toMatchObject({
      provider: 'jumio',
      riskLevel: 'medium',
    });
    expect((await w.start(applicant({ country: 'US', dateOfBirth: '2015-01-01' }))).body).toMatchObject({
      provider: 'shufti',
      riskLevel: 'high',
    });
  });

  it('fails over from a provider in outage to the next in the ranking and records both attempts', async () => {
    w.jumio.setFault('outage');
    const before = w.jumio.calls('/api/v1/accounts');
    const res = await w.start(applicant());
    expect(res.status).toBe(201);
    expect(res.body.provider).toBe('onfido'); // next-cheapest per conclusive verification
    const sel = await attemptsOf(res.body.verificationId);
    expect(sel.attempts).toEqual([
      { provider: 'jumio', outcome: 'failed', errorKind: 'server' },
      { provider: 'onfido', outcome: 'started', errorKind: null },
    ]);
    // Never sent twice (a retry could create a second billed account); 0 when the token request failed first.
    expect(w.jumio.calls('/api/v1/accounts') - before).toBeLessThanOrEqual(1);
  });

  it('fails over from a provider that hangs (timeout) and one that rate-limits', async () => {
    w.jumio.setFault('hang');
    const hung = await w.start(applicant());
    expect(hung.body.provider).toBe('onfido');
    expect((await attemptsOf(hung.body.verificationId)).attempts[0]).toMatchObject({
      provider: 'jumio',
      errorKind: 'timeout',
    });
  });

  it('keeps an EU resident with EU-resident providers: Onfido down → Veriff, never Jumio', async () => {
    w.onfido.setFault('rate_limit');
    const res = await w.start(applicant({ country: 'FR' }));
    expect(res.status).toBe(201);
    expect(res.body.provider).toBe('veriff');
    const sel = await attemptsOf(res.body.verificationId);
    expect(sel.excluded.map((e: { provider: string }) => e.provider).sort()).toEqual(['jumio', 'shufti', 'sumsub']);
    expect(sel.attempts[0]).toMatchObject({ provider: 'onfido', errorKind: 'rate_limited' });

    w.veriff.setFault('outage');
    const none = await w.start(applicant({ country: 'FR' }));
    expect(none.status).toBe(503);
    expect(none.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
  });

  it('honours an explicitly requested provider: down → 503 with Retry-After, no silent switch, nothing created', async () => {
    w.sumsub.setFault('outage');
    const a = applicant();
    const res = await w.start({ ...a, provider: 'sumsub' });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ status: 503, type: expect.stringContaining('/problems/unavailable') });
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).status).toBe(404);
  });

  it('refuses a requested provider that policy excludes (EU residency) or that is not enabled', async () => {
    const eu = await w.start({ ...applicant({ country: 'DE' }), provider: 'jumio' });
    expect(eu.status).toBe(422);
    const sandbox = await w.start({ ...applicant(), provider: 'sandbox' });
    expect(sandbox.status).toBe(422);
  });

  it('opens the circuit after repeated failures and stops calling the provider', async () => {
    w.shufti.setFault('outage');
    for (let i = 0; i < 3; i++) expect((await w.start(applicant({ country: 'KP' }))).body.provider).not.toBe('shufti');
    const callsBefore = w.shufti.received.length;
    w.shufti.setFault('none');
    const res = await w.start(applicant({ country: 'KP' }));
    expect(res.body.provider).not.toBe('shufti');
    expect(w.shufti.received.length).toBe(callsBefore); // skipped, not called
    expect((await attemptsOf(res.body.verificationId)).attempts[0]).toMatchObject({
      provider: 'shufti',
      outcome: 'skipped_circuit_open',
    });

    const explicit = await w.start({ ...applicant(), provider: 'shufti' });
    expect(explicit.status).toBe(503);
    expect(Number(explicit.headers.get('retry-after'))).toBeGreaterThan(0);

    const overview = await w.get('/v1/kyc/providers', ADMIN_KEY);
    expect(overview.body.providers.find((p: { provider: string }) => p.provider === 'shufti')).toMatchObject({
      circuit: 'open',
    });
    const metrics = await (await fetch(`${w.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/kyc_provider_circuit_state\{provider="shufti"\} 2/);
    expect(metrics).toMatch(/kyc_failovers_total\{provider="shufti",reason="circuit_open"\} [1-9]/);
  });

  it('shows the live ranking to compliance officers: price, success rate, median time, webhook URL', async () => {
    const res = await w.get('/v1/kyc/providers', ADMIN_KEY);
    expect(res.status).toBe(200);
    const jumio = res.body.providers.find((p: { provider: string }) => p.provider === 'jumio');
    expect(jumio).toMatchObject({
      costUsd: '3.50',
      euDataResidency: false,
      webhookUrl: `${w.baseUrl}/v1/webhooks/jumio`,
    });
    expect(jumio.samples).toBeGreaterThan(0); // the failed starts above count against it
    expect(res.body.routing).toMatchObject({
      defaultProvider: 'jumio',
      highRiskProvider: 'shufti',
      euProvider: 'onfido',
    });
  });
});
