/**
 * What a verification decides and records: an approved customer is not demoted by a new verification
 * until it is decided, a high-risk applicant's approval is looked at by a person, a disguised name is
 * never auto-approved, the answer and the record carry the list versions that decided, and every
 * array of the KYC contract is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { txBody } from '../helpers/transactions.ts';

describe('KYC decisions and records', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({ API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen` });
  });
  afterAll(() => w.close());

  const view = async (id: string, key = ADMIN_KEY) => (await w.get(`/v1/kyc/verifications/${id}`, key)).body;
  const userKyc = async (userId: string) => (await w.get(`/v1/users/${userId}/kyc`)).body;

  it('does not demote an approved customer while a new verification is in progress or in review', async () => {
    const a = applicant({ country: 'DE' });
    const first = await w.start({ ...a, provider: 'onfido' });
    await w.onfido.sendWebhook((await view(first.body.verificationId)).providerRef, 'approved');
    expect(await userKyc(a.userId)).toMatchObject({ kycStatus: 'approved', riskLevel: 'low' });

    const second = await w.start({ ...a, provider: 'onfido' });
    expect(second.status).toBe(201);
    const run = (await view(second.body.verificationId)).providerRef;
    expect((await w.onfido.sendWebhook(run, 'processing')).body).toMatchObject({ result: 'applied' });
    expect(await userKyc(a.userId)).toMatchObject({ kycStatus: 'approved' });
    expect((await w.onfido.sendWebhook(run, 'review')).body).toMatchObject({ status: 'manual_review' });
    expect(await userKyc(a.userId)).toMatchObject({ kycStatus: 'approved', riskLevel: 'low' });

    const tx = await w.rt.call(
      'POST',
      '/v1/transactions/screen',
      txBody({ userId: a.userId, amount: '5000', at: Date.now() }),
      {
        authorization: `Bearer ${ADMIN_KEY}`,
      },
    );
    expect(tx.status).toBe(200);
    const screened = (await tx.json()) as { reasons: { code: string }[] };
    expect(screened.reasons.map((r: { code: string }) => r.code).filter((c: string) => c.startsWith('kyc.'))).toEqual(
      [],
    );

    // A final decision does change the profile.
    expect((await w.onfido.sendWebhook(run, 'declined')).body).toMatchObject({ status: 'rejected' });
    expect(await userKyc(a.userId)).toMatchObject({ kycStatus: 'rejected' });
  });

  it('sends a high-risk applicant to manual review even when the provider approves', async () => {
    const a = applicant({ country: 'IR' });
    const res = await w.start({ ...a, provider: 'shufti' });
    expect(res.body.riskLevel).toBe('high');
    const id = res.body.verificationId;
    const hook = await w.shufti.sendCallback((await view(id)).providerRef, 'verification.accepted');
    expect(hook.body).toMatchObject({ result: 'applied', status: 'manual_review' });
    expect(await view(id)).toMatchObject({
      status: 'manual_review',
      decisionReasons: ['provider_approved', 'high_risk_applicant'],
    });
    expect(await userKyc(a.userId)).toMatchObject({ kycStatus: 'manual_review', riskLevel: 'high' });
  });

  it('never auto-approves a name disguised with invisible or bidi characters, and says why', async () => {
    const a = applicant({ firstName: 'Har\u200briet', lastName: '\u202ePlumtree\u202c' });
    const res = await w.start({ ...a, provider: 'veriff' });
    expect(res.status).toBe(201);
    const id = res.body.verificationId;
    await w.veriff.send(w.veriff.decisionWebhook((await view(id)).providerRef, 9001));
    const v = await view(id);
    expect(v.status).toBe('manual_review');
    expect(v.decisionReasons).toEqual(['provider_approved', 'input.obfuscated_name']);
    expect(v.riskReasons).toContain('input.obfuscated_name');
    const assessed = v.audit.find((e: { action: string }) => e.action === 'risk_assessed');
    expect(assessed.details.reasons).toContain('input.obfuscated_name');
    const decided = v.audit.find((e: { action: string }) => e.action === 'decision_recorded');
    expect(decided.details.reasons).toContain('input.obfuscated_name');

    // Ordinary names with diacritics or Persian ZWNJ are not disguises.
    const plain = await w.start({
      ...applicant({ firstName: 'Zoë', lastName: 'Müller-Lüdenscheidt' }),
      provider: 'veriff',
    });
    const pid = plain.body.verificationId;
    await w.veriff.send(w.veriff.decisionWebhook((await view(pid)).providerRef, 9001));
    expect((await view(pid)).status).toBe('approved');
  });

  it('answers and keeps the list versions the applicant was screened against', async () => {
    const lists = (await w.get('/v1/lists')).body;
    const res = await w.start(applicant());
    expect(res.status).toBe(201);
    expect(res.body.lists).toEqual({ sample: true, versions: expect.any(Object) });
    const sources = Object.keys(res.body.lists.versions);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.sort()).toEqual(
      lists.sources
        .filter((s: { loaded: boolean }) => s.loaded)
        .map((s: { source: string }) => s.source)
        .sort(),
    );
    for (const v of Object.values(res.body.lists.versions)) expect(v).toEqual(expect.any(String));
    expect((await view(res.body.verificationId, KYC_KEY)).lists).toEqual(res.body.lists);
  });

  it('bounds every array of the KYC contract (requests and answers)', async () => {
    const doc = (await (await w.rt.call('GET', '/openapi.json')).json()) as any;
    const resolve = (node: any): any =>
      node?.$ref ? doc.components.schemas[String(node.$ref).replace('#/components/schemas/', '')] : node;
    const unbounded: string[] = [];
    const seen = new Set<unknown>();
    const walk = (node: any, at: string) => {
      const n = resolve(node);
      if (!n || typeof n !== 'object' || seen.has(n)) return;
      seen.add(n);
      if (n.type === 'array' && typeof n.maxItems !== 'number') unbounded.push(at);
      for (const [k, v] of Object.entries(n)) if (v && typeof v === 'object') walk(v, `${at}.${k}`);
    };
    const kycPaths = Object.entries(doc.paths).filter(([p]) =>
      /^\/v1\/(kyc|webhooks)\/|^\/v1\/users\/\{userId\}\/kyc$/.test(p),
    );
    expect(kycPaths.length).toBeGreaterThanOrEqual(6);
    for (const [p, ops] of kycPaths) {
      for (const [method, op] of Object.entries(ops as Record<string, any>)) {
        walk(op.requestBody, `${method} ${p} request`);
        for (const [status, r] of Object.entries(op.responses ?? {}))
          if (status.startsWith('2')) walk(r, `${method} ${p} ${status}`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
