/**
 * The quick start: with no provider configured (outside production) the sandbox stands in. A developer
 * opens the local redirect URL and completes the session with an admin call, which delivers a signed
 * webhook through the same verification path a real provider's takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, auth, deliver, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

describe('KYC sandbox provider', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({}, { withProviders: false });
  });
  afterAll(() => w.close());

  const complete = (sessionId: string, outcome: string, key = ADMIN_KEY) =>
    fetch(`${w.baseUrl}/v1/kyc/sandbox/sessions/${sessionId}/complete`, {
      method: 'POST',
      headers: { ...auth(key), 'content-type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });

  it('runs the whole flow locally: start, local redirect page, admin completion, decision', async () => {
    const a = applicant();
    const res = await w.start(a);
    expect(res.status).toBe(201);
    expect(res.body.provider).toBe('sandbox');
    expect(res.body.redirectUrl).toMatch(new RegExp(`^${w.baseUrl}/v1/kyc/sandbox/sessions/sbx_`));

    const page = await fetch(res.body.redirectUrl);
    expect(page.status).toBe(200);
    const sessionId = res.body.redirectUrl.split('/').at(-1)!;
    expect(await page.json()).toMatchObject({ sessionId, verificationId: res.body.verificationId, status: 'pending' });

    expect((await complete(sessionId, 'approved', KYC_KEY)).status).toBe(403);
    const done = await complete(sessionId, 'approved');
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      result: 'applied',
      status: 'approved',
      verificationId: res.body.verificationId,
    });
    const v = (await w.get(`/v1/kyc/verifications/${res.body.verificationId}`)).body;
    expect(v.audit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['sandbox_session_completed', 'decision_recorded']),
    );
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body.kycStatus).toBe('approved');
  });

  it('refuses a webhook to the sandbox endpoint that the sandbox did not sign', async () => {
    const res = await w.start(applicant());
    const sessionId = res.body.redirectUrl.split('/').at(-1)!;
    const forged = await deliver(w.webhookUrl('sandbox'), JSON.stringify({ sessionId, status: 'approved' }), {
      'x-sandbox-signature': 'ab'.repeat(32),
    });
    expect(forged.status).toBe(401);
    expect((await w.get(`/v1/kyc/verifications/${res.body.verificationId}`)).body.status).toBe('pending');
  });

  it('has no real provider webhooks and no sandbox call once providers are configured', async () => {
    expect((await deliver(w.webhookUrl('onfido'), '{}', {})).status).toBe(404);
  });
});
