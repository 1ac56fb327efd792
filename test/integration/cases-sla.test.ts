/**
 * Every kind of case gets its due date from its own setting (CASES_SLA_<KIND>[_<PRIORITY>]_HOURS), end to end over
 * HTTP: a manual review (fake Onfido), an appeal of a rejection and a held transaction.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';
import { DAY, iso, type Json, txBody } from '../helpers/transactions.ts';

const HOUR = 3_600_000;
let w: KycWorld;

beforeAll(async () => {
  w = await startKycWorld(
    {
      API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen`,
      CASES_SLA_KYC_REVIEW_HOURS: '10',
      CASES_SLA_APPEAL_NORMAL_HOURS: '240',
      CASES_SLA_TRANSACTION_HIGH_HOURS: '2',
      // Every other kind at high priority: 30 h instead of 24 h; the kind settings above win over it.
      CASES_SLA_HIGH_HOURS: '30',
    },
    { background: false },
  );
});
afterAll(() => w.close());

async function call(method: string, path: string, key: string, body?: unknown) {
  const res = await w.rt.call(method, path, body, auth(key));
  return { status: res.status, body: (await res.json()) as Json };
}

async function caseOf(userId: string, kind: string) {
  const page = await call('GET', `/v1/cases?userId=${userId}&kind=${kind}`, ADMIN_KEY);
  expect(page.body.cases).toHaveLength(1);
  const c = page.body.cases[0];
  return { ...c, slaHours: (Date.parse(c.dueAt) - Date.parse(c.createdAt)) / HOUR };
}

it('a manual review, an appeal and a held transaction are each due after their kind’s hours', async () => {
  const reviewed = applicant({ country: 'DE' });
  const started = await w.start({ ...reviewed, provider: 'onfido' });
  const ref = (await w.get(`/v1/kyc/verifications/${started.body.verificationId}`, ADMIN_KEY)).body.providerRef;
  expect((await w.onfido.sendWebhook(ref, 'review')).body).toMatchObject({ status: 'manual_review' });
  expect(await caseOf(reviewed.userId, 'kyc_review')).toMatchObject({ priority: 'normal', slaHours: 10 });

  const rejected = applicant({ country: 'DE' });
  const s2 = await w.start({ ...rejected, provider: 'onfido' });
  const ref2 = (await w.get(`/v1/kyc/verifications/${s2.body.verificationId}`, ADMIN_KEY)).body.providerRef;
  expect((await w.onfido.sendWebhook(ref2, 'declined')).body).toMatchObject({ status: 'rejected' });
  const appeal = await call('POST', `/v1/kyc/verifications/${s2.body.verificationId}/appeals`, KYC_KEY, {
    reason: 'x',
  });
  expect(appeal.status).toBe(201);
  expect(await caseOf(rejected.userId, 'appeal')).toMatchObject({ priority: 'normal', slaHours: 240 });

  const userId = 'sla-held';
  const profile = { kycStatus: 'approved', riskLevel: 'medium', country: 'DE', createdAt: iso(Date.now() - 730 * DAY) };
  expect((await call('PUT', `/v1/users/${userId}`, ADMIN_KEY, profile)).status).toBe(201);
  const tx = await call(
    'POST',
    '/v1/transactions/screen',
    ADMIN_KEY,
    txBody({ userId, amount: '1500', at: Date.now() - 60_000, travelRule: false }),
  );
  expect(tx.body.decision).toBe('review');
  expect(await caseOf(userId, 'transaction')).toMatchObject({ priority: 'high', slaHours: 2 });
});
