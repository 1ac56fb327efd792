/**
 * The appeal flow over HTTP: a customer with 150,000 USD of screened, approved transactions is rejected at
 * KYC (fake Onfido server), appeals → escalated; a plain admin is refused, a senior overturns; the customer is
 * approved; a local receiver got every notification, each with a valid signature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';
import { DAY, iso, txBody } from '../helpers/transactions.ts';
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.ts';

const SENIOR_KEY = 'senior-key-0123456789abcdef';
const SECRET = 'whsec-appeals-0123456789';
const REASON = 'My passport photo was blurry; Harriet Plumtree, born 1988-06-21';

let w: KycWorld;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver(SECRET, () => new Date());
  w = await startKycWorld(
    {
      API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen,${SENIOR_KEY}:senior`,
      NOTIFY_WEBHOOK_URLS: receiver.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      // The volume, not the transaction rules, is under test: three 50,000 USD payments are approved.
      RISK_LIMIT_SINGLE_USD: '1000000',
      RISK_LIMIT_DAILY_USD: '10000000',
      RISK_MONITOR_DAILY_VOLUME_USD: '10000000',
    },
    { background: false },
  );
});
afterAll(async () => {
  await w.close();
  await receiver.close();
});

async function call(method: string, path: string, key: string, body?: unknown) {
  const res = await w.rt.call(method, path, body, auth(key));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A customer with `payments` approved transactions of 50,000 USD, rejected at KYC by Onfido. */
async function rejectedCustomer(payments: number) {
  const a = applicant({ country: 'DE' });
  const profile = await call('PUT', `/v1/users/${a.userId}`, ADMIN_KEY, {
    kycStatus: 'approved',
    riskLevel: 'medium',
    country: 'DE',
    createdAt: iso(Date.now() - 730 * DAY),
  });
  expect(profile.status).toBe(201);
  for (let i = payments; i > 0; i--) {
    const r = await call('POST', '/v1/transactions/screen', ADMIN_KEY, {
      ...txBody({ userId: a.userId, amount: '50000', at: Date.now() - i * DAY }),
    });
    expect(r.body.decision).toBe('approve');
  }
  const started = await w.start({ ...a, provider: 'onfido' });
  expect(started.status).toBe(201);
  const id = started.body.verificationId as string;
  const ref = (await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body.providerRef;
  expect((await w.onfido.sendWebhook(ref, 'declined')).body).toMatchObject({ status: 'rejected' });
  return { userId: a.userId, verificationId: id };
}

describe('appeals', () => {
  it('escalates a 150,000 USD customer’s appeal, refuses a plain admin, and a senior overturns it', async () => {
    const { userId, verificationId } = await rejectedCustomer(3);
    expect((await call('GET', `/v1/users/${userId}/risk`, ADMIN_KEY)).body.lifetimeVolumeUsd).toBe('150000');
    expect((await w.get(`/v1/users/${userId}/kyc`)).body).toMatchObject({ kycStatus: 'rejected' });

    const appeal = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, {
      reason: REASON,
      documents: [{ type: 'passport', reference: 'upload://docs/81723' }],
    });
    expect(appeal.status).toBe(201);
    expect(appeal.body).toMatchObject({ status: 'pending_review', escalated: true, priority: 'high' });
    const appealId = appeal.body.appealId as string;

    const again = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.type).toContain('conflict');

    const byAdmin = await call('POST', `/v1/appeals/${appealId}/decision`, ADMIN_KEY, {
      outcome: 'overturn',
      notes: 'Clear photo received',
    });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body).toMatchObject({ status: 403 });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');

    const bySenior = await w.rt
      .call(
        'POST',
        `/v1/appeals/${appealId}/decision`,
        { outcome: 'overturn', notes: 'Clear photo received' },
        { ...auth(SENIOR_KEY), 'x-actor': 'Senior Officer Ada' },
      )
      .then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(bySenior.status).toBe(200);
    expect(bySenior.body).toMatchObject({ appealId, status: 'overturned', outcome: 'overturn' });

    const verification = (await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body;
    expect(verification.status).toBe('approved');
    const actions = verification.audit.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['appeal_submitted', 'appeal_decided']));
    expect(verification.audit.find((e: { action: string }) => e.action === 'appeal_decided')).toMatchObject({
      fromStatus: 'rejected',
      toStatus: 'approved',
      details: { appealId, outcome: 'overturn', escalated: true },
    });
    expect((await w.get(`/v1/users/${userId}/kyc`)).body).toMatchObject({ kycStatus: 'approved' });
    expect((await call('GET', `/v1/users/${userId}/risk`, ADMIN_KEY)).body.verification).toBe('verified');

    // The case and the appeal agree: decided by the senior key, with the officer X-Actor named, on its timeline.
    const theCase = await call('GET', `/v1/cases/${appeal.body.caseId}`, ADMIN_KEY);
    expect(theCase.body).toMatchObject({ kind: 'appeal', status: 'decided', escalated: true, priority: 'high' });
    expect(theCase.body.decision).toMatchObject({ outcome: 'overturn' });
    const decided = theCase.body.timeline.find((e: { type: string }) => e.type === 'decided');
    expect(decided.actor).toMatchObject({ officer: 'Senior Officer Ada' });
    expect(theCase.body.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['created', 'escalated', 'decided']),
    );
    expect(theCase.body.subject).toMatchObject({ appealId, reason: REASON, status: 'overturned' });

    await w.rt.deps.notifications.runOnce();
    const mine = receiver.received.filter(
      (e) => e.data.appealId === appealId || e.data.caseId === appeal.body.caseId || e.data.userId === userId,
    );
    expect(mine.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'appeal.created',
        'case.created',
        'case.escalated',
        'appeal.decided',
        'customer.status_changed',
        'case.decided',
      ]),
    );
    expect(mine.every((e) => e.signatureValid && e.webhookId === e.id)).toBe(true);
    expect(mine.find((e) => e.type === 'customer.status_changed')!.data).toMatchObject({
      userId,
      from: 'rejected',
      to: 'approved',
    });
    expect(mine.find((e) => e.type === 'appeal.decided')!.data).toMatchObject({ appealId, outcome: 'overturn' });
    // Notifications carry ids and statuses, never the customer's words.
    expect(JSON.stringify(mine)).not.toContain('blurry');
  });

  it('keeps the reason encrypted at rest, shows it to an admin (audited), and lists appeals without it', async () => {
    const { verificationId } = await rejectedCustomer(0);
    const appeal = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, { reason: REASON });
    expect(appeal.body).toMatchObject({ escalated: false, priority: 'normal' });
    const stored = await w.rt.database.client.execute({
      sql: 'select reason_enc from appeals where id = ?',
      args: [appeal.body.appealId],
    });
    expect(String(stored.rows[0]!.reason_enc)).not.toContain('blurry');

    const detail = await call('GET', `/v1/appeals/${appeal.body.appealId}`, ADMIN_KEY);
    expect(detail.body).toMatchObject({ reason: REASON, documents: [], status: 'pending_review', notes: null });
    const audit = (await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.audit;
    expect(audit.at(-2)).toMatchObject({ action: 'personal_data_viewed', details: { appealId: appeal.body.appealId } });

    const list = await call('GET', '/v1/appeals?status=pending_review', ADMIN_KEY);
    expect(list.body.appeals.map((x: { appealId: string }) => x.appealId)).toContain(appeal.body.appealId);
    expect(JSON.stringify(list.body)).not.toContain('blurry');
    expect((await call('GET', '/v1/appeals', KYC_KEY)).status).toBe(403);
  });

  it('upholds (a plain admin may decide a non-escalated appeal), then reverifies with another provider', async () => {
    const { userId, verificationId } = await rejectedCustomer(1);
    const first = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, { reason: 'x' });
    expect(first.body.escalated).toBe(false);
    const upheld = await call('POST', `/v1/appeals/${first.body.appealId}/decision`, ADMIN_KEY, {
      outcome: 'uphold',
      notes: 'Document still unreadable',
    });
    expect(upheld.body).toMatchObject({ status: 'upheld', outcome: 'uphold' });
    expect((await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.status).toBe('rejected');
    const twice = await call('POST', `/v1/appeals/${first.body.appealId}/decision`, ADMIN_KEY, {
      outcome: 'overturn',
      notes: 'changed my mind',
    });
    expect(twice.status).toBe(409);

    // Decided, so the verification can be appealed again.
    const second = await call('POST', `/v1/kyc/verifications/${verificationId}/appeals`, KYC_KEY, { reason: 'y' });
    expect(second.status).toBe(201);
    const reverified = await call('POST', `/v1/appeals/${second.body.appealId}/decision`, ADMIN_KEY, {
      outcome: 'reverify',
      notes: 'Try another provider',
    });
    expect(reverified.body).toMatchObject({ status: 'reverification_started', outcome: 'reverify' });
    const linked = (await call('GET', `/v1/appeals/${second.body.appealId}`, ADMIN_KEY)).body.reverificationId;
    expect(linked).toEqual(expect.any(String));
    const fresh = (await w.get(`/v1/kyc/verifications/${linked}`, ADMIN_KEY)).body;
    expect(fresh.userId).toBe(userId);
    expect(fresh.provider).not.toBe('onfido');
    const audit = (await w.get(`/v1/kyc/verifications/${verificationId}`, ADMIN_KEY)).body.audit;
    expect(audit.find((e: { action: string }) => e.action === 'appeal_reverification_started').details).toMatchObject({
      reverificationId: linked,
      previousProvider: 'onfido',
    });
  });

  it('refuses an appeal of a verification that is not rejected, or does not exist, and bad input', async () => {
    const a = applicant({ country: 'DE' });
    const started = await w.start({ ...a, provider: 'onfido' });
    const pending = await call('POST', `/v1/kyc/verifications/${started.body.verificationId}/appeals`, KYC_KEY, {
      reason: 'x',
    });
    expect(pending.status).toBe(409);
    const missing = await call('POST', `/v1/kyc/verifications/${crypto.randomUUID()}/appeals`, KYC_KEY, {
      reason: 'x',
    });
    expect(missing.status).toBe(404);
    const empty = await call('POST', `/v1/kyc/verifications/${started.body.verificationId}/appeals`, KYC_KEY, {
      reason: '',
    });
    expect(empty.status).toBe(422);
    expect((await call('POST', '/v1/appeals/apl_nope/decision', ADMIN_KEY, { outcome: 'x', notes: 'n' })).status).toBe(
      422,
    );
    expect(
      (await call('POST', '/v1/appeals/apl_nope/decision', ADMIN_KEY, { outcome: 'uphold', notes: 'n' })).status,
    ).toBe(404);
  });
});
