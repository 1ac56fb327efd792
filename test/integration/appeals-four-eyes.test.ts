/**
 * Four eyes on appeals (CASES_FOUR_EYES=true), over HTTP: overturning an appeal reverses a rejection, so the first
 * officer's overturn only proposes it (the verification stays rejected, the appeal pending); the same officer
 * cannot confirm it; a second officer's overturn approves. Escalated appeals need a senior for both. An uphold
 * keeps the rejection and needs one officer, also over a pending overturn (the second officer disagrees: the
 * conservative outcome, as for the other four-eyes decisions).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';
import { DAY, iso, txBody } from '../helpers/transactions.ts';

const ADMIN2_KEY = 'admin2-key-0123456789abcdef';
const SENIOR_KEY = 'senior-key-0123456789abcdef';
const SENIOR2_KEY = 'senior2-key-0123456789abcdef';

let w: KycWorld;

beforeAll(async () => {
  w = await startKycWorld(
    {
      API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen,${ADMIN2_KEY}:admin,${SENIOR_KEY}:senior,${SENIOR2_KEY}:senior`,
      CASES_FOUR_EYES: 'true',
      APPEAL_ESCALATION_VOLUME_USD: '10000',
      RISK_LIMIT_SINGLE_USD: '1000000',
      RISK_LIMIT_DAILY_USD: '10000000',
      RISK_MONITOR_DAILY_VOLUME_USD: '10000000',
    },
    { background: false },
  );
});
afterAll(() => w.close());

async function call(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await w.rt.call(method, path, body, { ...auth(key), ...headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A customer rejected at KYC by Onfido (with one 50,000 USD payment when `highValue`), and the open appeal. */
async function openAppeal(highValue = false) {
  const a = applicant({ country: 'DE' });
  if (highValue) {
    const body = { kycStatus: 'approved', riskLevel: 'low', country: 'DE', createdAt: iso(Date.now() - 730 * DAY) };
    expect((await call('PUT', `/v1/users/${a.userId}`, ADMIN_KEY, body)).status).toBe(201);
    const tx = await call('POST', '/v1/transactions/screen', ADMIN_KEY, {
      ...txBody({ userId: a.userId, amount: '50000', at: Date.now() - DAY }),
    });
    expect(tx.body.decision).toBe('approve');
  }
  const started = await w.start({ ...a, provider: 'onfido' });
  expect(started.status).toBe(201);
  const verificationId = started.body.verificationId as string;
  const ref = (await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.providerRef;
  expect((await w.onfido.sendWebhook(ref, 'declined')).body).toMatchObject({ status: 'rejected' });
  const appeal = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, { reason: 'blurry' });
  expect(appeal.status).toBe(201);
  expect(appeal.body.escalated).toBe(highValue);
  return { userId: a.userId, verificationId, appealId: appeal.body.appealId as string, caseId: appeal.body.caseId };
}

const overturn = { outcome: 'overturn', notes: 'Clear photo received' };

describe('four eyes on appeal overturns', () => {
  it('a first overturn only proposes; the same officer and another outcome are refused; a second officer approves', async () => {
    const { userId, verificationId, appealId, caseId } = await openAppeal();

    const first = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn, { 'x-actor': 'Ann' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      appealId,
      status: 'pending_review',
      outcome: null,
      caseStatus: 'awaiting_confirmation',
    });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');
    expect((await w.get(`/v1/users/${userId}/kyc`)).body).toMatchObject({ kycStatus: 'rejected' });

    const same = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn, { 'x-actor': 'Ann' });
    expect(same.status).toBe(409);
    expect(same.body.type).toContain('conflict');
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');

    const second = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN2_KEY, overturn, { 'x-actor': 'Ben' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'overturned', outcome: 'overturn', caseStatus: 'decided' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('approved');
    expect((await w.get(`/v1/users/${userId}/kyc`)).body).toMatchObject({ kycStatus: 'approved' });

    const theCase = (await call('GET', `/v1/cases/${caseId}`, ADMIN_KEY)).body;
    const proposed = theCase.timeline.find((e: { type: string }) => e.type === 'decision_proposed');
    const decided = theCase.timeline.find((e: { type: string }) => e.type === 'decided');
    expect(proposed.actor).toMatchObject({ officer: 'Ann' });
    expect(decided.actor).toMatchObject({ officer: 'Ben' });
  });

  it('the same API key with another X-Actor officer counts as the second officer, as for the other decisions', async () => {
    const { verificationId, appealId } = await openAppeal();
    await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn, { 'x-actor': 'Ann' });
    const second = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn, { 'x-actor': 'Cat' });
    expect(second.body).toMatchObject({ status: 'overturned', caseStatus: 'decided' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('approved');
  });

  it('an escalated appeal: a plain admin may neither propose nor confirm; two seniors overturn it', async () => {
    const { verificationId, appealId } = await openAppeal(true);
    expect((await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn)).status).toBe(403);
    const first = await call('POST', `/v1/appeals/${appealId}/decision`, SENIOR_KEY, overturn);
    expect(first.body.caseStatus).toBe('awaiting_confirmation');
    expect((await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN2_KEY, overturn)).status).toBe(403);
    const second = await call('POST', `/v1/appeals/${appealId}/decision`, SENIOR2_KEY, overturn);
    expect(second.body).toMatchObject({ status: 'overturned', caseStatus: 'decided' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('approved');
  });

  it('a second officer who disagrees upholds over the pending overturn: the rejection stands', async () => {
    const { verificationId, appealId } = await openAppeal();
    await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, overturn, { 'x-actor': 'Ann' });
    const upheld = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN2_KEY, {
      outcome: 'uphold',
      notes: 'The new photo is of someone else',
    });
    expect(upheld.body).toMatchObject({ status: 'upheld', outcome: 'uphold', caseStatus: 'decided' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');
    expect((await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN2_KEY, overturn)).status).toBe(409);
  });

  it('upholding keeps the rejection and needs one officer', async () => {
    const { verificationId, appealId } = await openAppeal();
    const upheld = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, {
      outcome: 'uphold',
      notes: 'Still unreadable',
    });
    expect(upheld.body).toMatchObject({ status: 'upheld', caseStatus: 'decided' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');
  });
});
