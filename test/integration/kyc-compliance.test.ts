/**
 * Compliance over HTTP: a sanctioned applicant (a real listed name, spelled differently) is never
 * auto-approved and lands in manual review; a compliance officer decides it with notes; personal data
 * is encrypted in the database file and kept out of logs and the audit trail; idempotent starts;
 * expiry; Jumio's retrieval lag.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, auth, deliver, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { SHARED_LISTS_DIR, describeShared } from '../helpers/shared-data.ts';

/** Nicolás Maduro Moros (OFAC SDN 22790, DOB 23 Nov 1962) as an onboarding form might spell him. */
const SANCTIONED = { firstName: 'Nicolás', lastName: 'Maduro-Moros', dateOfBirth: '1962-11-23', country: 'VE' };

describe('KYC compliance (bundled sample lists)', () => {
  let w: KycWorld;
  const logLines: string[] = [];
  let now = Date.now();
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) });
    w = await startKycWorld(
      { LOG_LEVEL: 'debug', KYC_JUMIO_RETRIEVAL_DELAYS: '50ms,50ms,50ms', KYC_SESSION_TTL: '1h' },
      { logger: pino({ level: 'debug' }, sink), clock: () => new Date(now) },
    );
  });
  afterAll(() => w.close());

  const view = async (id: string, key = KYC_KEY) => (await w.get(`/v1/kyc/verifications/${id}`, key)).body;
  const ref = async (id: string) => (await view(id, ADMIN_KEY)).providerRef as string;

  it('screens a sanctioned applicant, and a provider approval still ends in manual review, never approved', async () => {
    const a = applicant(SANCTIONED);
    const res = await w.start({ ...a, provider: 'onfido' });
    expect(res.status).toBe(201);
    expect(res.body.sanctions.screened).toBe(true);
    expect(res.body.sanctions.hits[0]).toMatchObject({
      source: 'ofac-sdn',
      sourceId: '22790',
      name: expect.stringMatching(/MADURO MOROS/i),
    });
    expect(res.body.riskLevel).toBe('high');

    const id = res.body.verificationId;
    const hook = await w.onfido.sendWebhook(await ref(id), 'approved');
    expect(hook.body).toMatchObject({ result: 'applied', status: 'manual_review' });
    const v = await view(id);
    expect(v).toMatchObject({
      status: 'manual_review',
      decisionReasons: ['provider_approved', 'sanctions_match'],
      complianceFlags: expect.arrayContaining(['sanctions_match']),
    });
    expect(v.sanctions.hits[0]).toMatchObject({ source: 'ofac-sdn', manualReviewRequired: true, reviewedBy: null });
    expect(v.applicant).toBeUndefined(); // scope kyc sees no personal data
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body).toMatchObject({
      kycStatus: 'manual_review',
      riskLevel: 'high',
    });
  });

  it('lets a compliance officer decide the manual review with notes, audited, and sets the risk level', async () => {
    const a = applicant(SANCTIONED);
    const id = (await w.start({ ...a, provider: 'veriff' })).body.verificationId;
    await w.veriff.send(w.veriff.decisionWebhook(await ref(id), 9001));
    expect((await view(id)).status).toBe('manual_review');

    const post = (key: string, body: unknown) =>
      fetch(`${w.baseUrl}/v1/kyc/verifications/${id}/decision`, {
        method: 'POST',
        headers: { ...auth(key), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(KYC_KEY, { decision: 'approved', notes: 'ok' })).status).toBe(403);
    const notes = 'Different person: passport shows DOB 1962 but born in Valencia, photo does not match listing.';
    const res = await post(ADMIN_KEY, { decision: 'approved', notes, riskLevel: 'medium' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ verificationId: id, status: 'approved', riskLevel: 'medium' });
    expect((await post(ADMIN_KEY, { decision: 'rejected', notes: 'again' })).status).toBe(409);

    const officerView = await view(id, ADMIN_KEY);
    expect(officerView).toMatchObject({
      status: 'approved',
      decidedBy: 'compliance_officer',
      reviewNotes: notes,
      applicant: { firstName: 'Nicolás', dateOfBirth: '1962-11-23' },
    });
    expect(officerView.sanctions.hits[0].reviewedBy).toMatch(/^api-key:/);
    const decided = officerView.audit.find((e: { action: string }) => e.action === 'manual_review_decided');
    expect(decided).toMatchObject({
      actorType: 'compliance_officer',
      fromStatus: 'manual_review',
      toStatus: 'approved',
      details: { reasons: ['compliance_officer_approved', 'sanctions_match_reviewed'], riskLevel: 'medium' },
    });
    expect(JSON.stringify(officerView.audit)).not.toContain('Valencia');
    expect(officerView.audit.some((e: { action: string }) => e.action === 'personal_data_viewed')).toBe(true);
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body).toMatchObject({
      kycStatus: 'approved',
      riskLevel: 'medium',
    });

    // A provider's later word does not undo the officer's decision.
    const late = await w.veriff.send(w.veriff.decisionWebhook(await ref(id), 9102));
    expect(late.body.result).toBe('stale');
    expect((await view(id)).status).toBe('approved');
  });

  it('approves a clean applicant automatically and records the decision with its reasons', async () => {
    const a = applicant();
    const id = (await w.start({ ...a, provider: 'shufti' })).body.verificationId;
    await w.shufti.sendCallback(await ref(id), 'verification.accepted');
    const v = await view(id);
    expect(v).toMatchObject({
      status: 'approved',
      decidedBy: 'system',
      decisionReasons: ['provider_approved', 'no_sanctions_match'],
    });
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body).toMatchObject({ kycStatus: 'approved', riskLevel: 'low' });
  });

  it('keeps personal data (and the session link) encrypted in the database file, out of the audit trail and out of the logs', async () => {
    const secret = {
      firstName: 'Zephyrine',
      lastName: 'Quillfeather',
      email: 'zephyrine.quill@example.org',
      dateOfBirth: '1979-03-14',
      address: { street: '17 Larkspur Lane', city: 'Springfield', postalCode: '49007', country: 'US' },
    };
    const a = applicant(secret);
    const res = await w.start({ ...a, provider: 'sumsub' }, { 'idempotency-key': `pii-${a.userId}` });
    expect(res.status).toBe(201);
    const id = res.body.verificationId;
    await w.sumsub.sendWebhook(await ref(id), {
      type: 'applicantReviewed',
      reviewStatus: 'completed',
      reviewAnswer: 'GREEN',
    });
    await w.rt.database.client.execute('PRAGMA wal_checkpoint(FULL)');

    const dbFile = path.join(w.rt.dir, 'sidecar.db');
    const bytes = Buffer.concat(
      [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(id))).toBe(true); // the records are there...
    for (const plain of [
      'Zephyrine',
      'Quillfeather',
      'zephyrine.quill@example.org',
      '1979-03-14',
      'Larkspur',
      res.body.redirectUrl,
    ]) {
      expect(bytes.includes(Buffer.from(plain)), `${plain} found in clear in the database file`).toBe(false); // ...the person is not
    }
    const audit = JSON.stringify((await view(id)).audit);
    const logs = logLines.join('');
    for (const plain of ['Zephyrine', 'Quillfeather', 'zephyrine.quill', '1979-03-14']) {
      expect(audit).not.toContain(plain);
      expect(logs).not.toContain(plain);
    }
    expect((await view(id, ADMIN_KEY)).applicant).toMatchObject(secret);
  });

  it('honours Idempotency-Key: same key and body → same answer; same key, other body → 422', async () => {
    const a = applicant();
    const key = { 'idempotency-key': `onboard-${a.userId}` };
    const first = await w.start(a, key);
    const again = await w.start(a, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await w.start({ ...a, lastName: 'Someoneelse' }, key);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('Idempotency-Key');
    const fresh = await w.start(a);
    expect(fresh.body.verificationId).not.toBe(first.body.verificationId);
  });

  it('validates the start request strictly', async () => {
    const bad = await w.start({ ...applicant(), dateOfBirth: '1990-02-30', email: 'nope', extra: true });
    expect(bad.status).toBe(422);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['dateOfBirth', 'email', 'extra']));
    expect((await w.get('/v1/kyc/verifications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await deliver(w.webhookUrl('acme'), '{}', {})).status).toBe(404);
  });

  it("confirms Jumio's unsigned callback through the retrieval API, reading again while it lags", async () => {
    const id = (await w.start(applicant())).body.verificationId;
    const account = await ref(id);
    w.jumio.retrievalLag = 1;
    const res = await w.jumio.sendCallback(account, { decision: 'PASSED' });
    expect(res.body).toMatchObject({ result: 'applied', status: 'in_progress' });
    await vi.waitFor(async () => expect((await view(id)).status).toBe('approved'), { timeout: 3000, interval: 50 });
    const unknown = await w.jumio.sendCallback(
      '11111111-2222-3333-4444-555555555555',
      { decision: 'PASSED' },
      { url: w.webhookUrl('jumio') },
    );
    expect(unknown.status).toBe(401);
  });

  it('confirms a Shufti "status changed" ping through /status', async () => {
    const id = (await w.start({ ...applicant(), provider: 'shufti' })).body.verificationId;
    const reference = await ref(id);
    w.shufti.setEvent(reference, 'verification.declined');
    const res = await w.shufti.sendCallback(reference, 'verification.status.changed');
    expect(res.body).toMatchObject({ result: 'applied', status: 'rejected' });
  });

  it('handles Sumsub GREEN then a later RED, and a RED delivered before an older GREEN', async () => {
    const id = (await w.start({ ...applicant(), provider: 'sumsub' })).body.verificationId;
    const applicantId = await ref(id);
    const t0 = Date.now();
    await w.sumsub.sendWebhook(applicantId, {
      type: 'applicantReviewed',
      reviewStatus: 'completed',
      reviewAnswer: 'GREEN',
      createdAtMs: t0,
    });
    expect((await view(id)).status).toBe('approved');
    await w.sumsub.sendWebhook(applicantId, {
      type: 'applicantReviewed',
      reviewStatus: 'completed',
      reviewAnswer: 'RED',
      rejectType: 'FINAL',
      createdAtMs: t0 + 1000,
    });
    expect((await view(id)).status).toBe('rejected');
    const older = await w.sumsub.sendWebhook(applicantId, {
      type: 'applicantReviewed',
      reviewStatus: 'completed',
      reviewAnswer: 'GREEN',
      createdAtMs: t0 + 500,
    });
    expect(older.body.result).toBe('stale');
    expect((await view(id)).status).toBe('rejected');
  });

  it('expires sessions nobody finished once their lifetime has passed', async () => {
    const a = applicant();
    const id = (await w.start({ ...a, provider: 'veriff' })).body.verificationId;
    now += 2 * 3_600_000;
    try {
      expect(await w.rt.deps.kyc.sweepExpired()).toBeGreaterThanOrEqual(1);
    } finally {
      now = Date.now();
    }
    const v = await view(id);
    expect(v.status).toBe('expired');
    expect(v.audit.at(-1)).toMatchObject({ actorType: 'system', actorId: 'expiry-sweep', toStatus: 'expired' });
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body.kycStatus).toBe('expired');
  });

  it('refuses to update or delete audit entries (append-only in the database)', async () => {
    await expect(w.rt.database.client.execute("UPDATE kyc_audit_events SET action = 'x'")).rejects.toThrow(
      /append-only/,
    );
    await expect(w.rt.database.client.execute('DELETE FROM kyc_audit_events')).rejects.toThrow(/append-only/);
  });
});

describeShared('KYC compliance with the real list snapshots', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({ LISTS_DIR: SHARED_LISTS_DIR, LIST_SOURCES: 'un-sc' });
  });
  afterAll(() => w?.close());

  it('sends a UN-listed person, spelled differently, to manual review', async () => {
    // UN QDi.154: SULAIMAN JASSEM SULAIMAN ALI ABO GHAITH, born 14 Dec 1965.
    const res = await w.start({
      ...applicant({ firstName: 'Sulaiman Jasem', lastName: 'Abu Ghaith', dateOfBirth: '1965-12-14', country: 'KW' }),
      provider: 'veriff',
    });
    expect(res.status).toBe(201);
    expect(res.body.sanctions.hits.map((h: { sourceId: string }) => h.sourceId)).toContain('111496');
    const id = res.body.verificationId;
    const sessionId = (await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body.providerRef;
    await w.veriff.send(w.veriff.decisionWebhook(sessionId, 9001));
    expect((await w.get(`/v1/kyc/verifications/${id}`)).body.status).toBe('manual_review');
  });
});
