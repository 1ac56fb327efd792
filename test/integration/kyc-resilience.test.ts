/**
 * Resilience of session starts over the wire, at the default settings unless a test says otherwise:
 * a half-open circuit is released by every outcome of its trial, a create is never sent twice to a
 * provider that has no idempotency key, and a hanging provider is abandoned well inside the start
 * deadline so the next provider still answers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

/** The documented defaults, replacing the quick settings the KYC test world uses elsewhere. */
const DEFAULT_RESILIENCE = {
  KYC_PROVIDER_TIMEOUT: '15s',
  KYC_PROVIDER_RETRIES: '2',
  KYC_PROVIDER_BACKOFF: '250ms',
  KYC_CIRCUIT_FAILURES: '5',
  KYC_CIRCUIT_COOLDOWN: '60s',
};

const selection = async (w: KycWorld, id: string) => {
  const audit = (await w.get(`/v1/kyc/verifications/${id}`)).body.audit as { action: string; details: any }[];
  return audit.find((e) => e.action === 'provider_selected')!.details;
};

describe('KYC start at default resilience settings', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld(DEFAULT_RESILIENCE);
  });
  afterAll(() => w.close());
  afterEach(() => {
    for (const f of [w.onfido, w.jumio, w.shufti, w.sumsub, w.veriff]) f.setFault('none');
  });

  it('abandons a hanging first provider inside the start deadline and answers 201 from the next one', async () => {
    w.jumio.setFault('hang');
    const res = await w.start(applicant({ country: 'US' }));
    expect(res.status).toBe(201);
    expect(res.body.provider).toBe('onfido');
    const sel = await selection(w, res.body.verificationId);
    expect(sel.attempts).toEqual([
      { provider: 'jumio', outcome: 'abandoned', errorKind: 'timeout' },
      { provider: 'onfido', outcome: 'started', errorKind: null },
    ]);
    expect(w.jumio.aborted).toBeGreaterThanOrEqual(1); // the hanging request was aborted, not left open
  });

  it('does not send a create twice after a 5xx: fails over (no provider documents an idempotency key)', async () => {
    w.onfido.setFault('outage');
    const before = w.onfido.calls('/v3.6/applicants');
    const res = await w.start(applicant({ country: 'DE' }));
    expect(res.status).toBe(201);
    expect(res.body.provider).toBe('veriff');
    expect(w.onfido.calls('/v3.6/applicants') - before).toBe(1);
    expect((await selection(w, res.body.verificationId)).attempts[0]).toMatchObject({
      provider: 'onfido',
      outcome: 'failed',
      errorKind: 'server',
    });
  });

  it('does not send a create twice after a reset connection or a 429', async () => {
    w.veriff.setFault('reset');
    const before = w.veriff.calls('/v1/sessions');
    const reset = await w.start({ ...applicant({ country: 'FR' }), provider: 'veriff' });
    expect(reset.status).toBe(503);
    expect(w.veriff.calls('/v1/sessions') - before).toBe(1);

    w.veriff.setFault('rate_limit');
    const limited = await w.start({ ...applicant({ country: 'FR' }), provider: 'veriff' });
    expect(limited.status).toBe(503);
    expect(w.veriff.calls('/v1/sessions') - before).toBe(2);
  });

  it('still retries a token request, which creates nothing', async () => {
    w.jumio.setFault('outage', 1);
    const before = w.jumio.calls('/oauth2/token');
    const res = await w.start({ ...applicant({ country: 'US' }), provider: 'jumio' });
    expect(res.status).toBe(201);
    expect(w.jumio.calls('/oauth2/token') - before).toBe(2);
  });
});

describe('KYC circuit release and the start deadline', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({
      KYC_PROVIDER_TIMEOUT: '15s',
      KYC_START_DEADLINE: '1s',
      KYC_START_ATTEMPT_TIMEOUT: '300ms',
      KYC_CIRCUIT_FAILURES: '1',
      KYC_CIRCUIT_COOLDOWN: '1s',
    });
  });
  afterAll(() => w.close());

  const circuit = async (provider: string) =>
    (await w.get('/v1/kyc/providers', ADMIN_KEY)).body.providers.find(
      (p: { provider: string }) => p.provider === provider,
    ).circuit;

  it('releases a half-open circuit when the trial ends with the provider refusing the input', async () => {
    w.onfido.setFault('outage');
    expect((await w.start({ ...applicant({ country: 'DE' }), provider: 'onfido' })).status).toBe(503);
    w.onfido.setFault('none');
    expect(await circuit('onfido')).toBe('open');
    const skipped = await w.start({ ...applicant({ country: 'DE' }), provider: 'onfido' });
    expect(skipped.status).toBe(503);

    await sleep(1100); // the cooldown: the next call is the half-open trial
    w.onfido.setFault('reject', 1);
    const trial = await w.start({ ...applicant({ country: 'DE' }), provider: 'onfido' });
    expect(trial.status).not.toBe(201);

    // The provider answered, so it is healthy: the circuit is closed again and the provider is called.
    const after = await w.start({ ...applicant({ country: 'DE' }), provider: 'onfido' });
    expect(after.status).toBe(201);
    expect(await circuit('onfido')).toBe('closed');
    const metrics = await (await fetch(`${w.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/kyc_provider_circuit_state\{provider="onfido"\} 0/);
  });

  it('answers 503 with every attempt recorded when no provider answers within the start deadline', async () => {
    for (const f of [w.onfido, w.jumio, w.shufti, w.sumsub, w.veriff]) f.setFault('hang');
    try {
      const res = await w.start(applicant({ country: 'US' }));
      expect(res.status).toBe(503);
      expect(res.body.detail).toMatch(/start deadline/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const attempts = res.body.attempts as { provider: string; outcome: string; errorKind: string }[];
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      for (const a of attempts) expect(a).toMatchObject({ outcome: 'abandoned', errorKind: 'timeout' });
    } finally {
      for (const f of [w.onfido, w.jumio, w.shufti, w.sumsub, w.veriff]) f.setFault('none');
    }
  });
});
