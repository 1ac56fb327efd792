/**
 * Periodic re-verification over HTTP (sandbox provider, injected clock): an approval falls due after the
 * risk level's interval, or earlier when the document the applicant checked expires first; the case is
 * opened (audited, and one kyc_review case in GET /v1/cases) when due, the customer stays approved through
 * the grace period and is limited as unverified after it, until a new verification is approved (which decides
 * the case). An officer decides it from the queue: reject limits the customer now; request_resubmission asks
 * for a new verification; approve only once one was approved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibsqlLeaseStore } from '../../src/db/lease.ts';
import { KYC_SWEEP_LEASE } from '../../src/kyc/service.ts';
import { passportJpeg, SAMPLE_TD3 } from '../fakes/document-images.ts';
import { ADMIN_KEY, KYC_KEY, applicant, auth, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import type { Json } from '../helpers/transactions.ts';

const DAY = 86_400_000;

describe('periodic re-verification', () => {
  let w: KycWorld;
  let now = Date.parse('2026-12-02T10:00:00Z');
  beforeAll(async () => {
    w = await startKycWorld(
      { KYC_REVERIFY_LOW: '3y', KYC_REVERIFY_GRACE: '30d', DOCUMENT_OCR_WORKERS: '1', KYC_SESSION_TTL: '10000d' },
      { withProviders: false, clock: () => new Date(now), background: false },
    );
  });
  afterAll(() => w.close());

  const approve = async (a: Record<string, unknown>) => {
    const res = await w.start(a);
    expect(res.status).toBe(201);
    const sessionId = res.body.redirectUrl.split('/').at(-1)!;
    const done = await fetch(`${w.baseUrl}/v1/kyc/sandbox/sessions/${sessionId}/complete`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'approved' }),
    });
    expect(done.status).toBe(200);
    return res.body.verificationId as string;
  };
  const userKyc = async (userId: string) => (await w.get(`/v1/users/${userId}/kyc`)).body;
  const actions = async (id: string) =>
    ((await w.get(`/v1/kyc/verifications/${id}`)).body.audit as { action: string }[]).map((e) => e.action);
  const casesOf = async (userId: string) => {
    const page = await w.get(`/v1/cases?userId=${userId}&kind=kyc_review`, ADMIN_KEY);
    expect(page.status).toBe(200);
    return page.body.cases as Json[];
  };
  const decide = async (caseId: string, outcome: string) => {
    const res = await fetch(`${w.baseUrl}/v1/cases/${caseId}/decision`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json', 'x-actor': 'Officer Ada' },
      body: JSON.stringify({ outcome, reason: 'periodic_review', notes: 'called the customer' }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('falls due after the interval, opens a case, and limits the customer after the grace', async () => {
    const a = applicant();
    const id = await approve(a);
    const approvedAt = now;
    let view = await userKyc(a.userId);
    expect(view.kycStatus).toBe('approved');
    expect(view.reverification).toMatchObject({
      verificationId: id,
      state: 'current',
      reason: 'periodic',
      dueAt: new Date(approvedAt + 3 * 365 * DAY).toISOString(),
      graceEndsAt: new Date(approvedAt + (3 * 365 + 30) * DAY).toISOString(),
      caseOpenedAt: null,
    });

    // Before the due date nothing happens.
    now = approvedAt + 3 * 365 * DAY - 1000;
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 0, limited: 0 });

    // Due: the case opens; within the grace the customer is still approved.
    now = approvedAt + 3 * 365 * DAY + DAY;
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 1, limited: 0 });
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 0, limited: 0 });
    view = await userKyc(a.userId);
    expect(view.kycStatus).toBe('approved');
    expect(view.reverification).toMatchObject({ state: 'due', caseOpenedAt: new Date(now).toISOString() });
    expect(await actions(id)).toContain('reverification_due');
    // Exactly one case in the queue, however often the sweep runs.
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 0, limited: 0 });
    const [c, ...more] = await casesOf(a.userId);
    expect(more).toEqual([]);
    expect(c).toMatchObject({
      kind: 'kyc_review',
      status: 'open',
      priority: 'normal',
      userId: a.userId,
      subjectId: `reverify:${id}`,
    });
    expect(c.summary).toMatch(/^re-verification due · periodic · due \d{4}-\d{2}-\d{2} · risk low$/);
    const detail = (await w.get(`/v1/cases/${c.id}`, ADMIN_KEY)).body;
    expect(detail.subject).toMatchObject({
      source: 'reverification_due',
      reverification: { verificationId: id, state: 'due' },
      verification: { verificationId: id, status: 'approved' },
    });
    expect(detail.timeline[0]).toMatchObject({ type: 'created' });
    // Not re-verified yet: the case cannot be approved.
    expect((await decide(c.id, 'approve')).status).toBe(409);

    // A re-verification started in the grace does not demote the customer meanwhile.
    const again = await w.start({ ...a, email: 'again@example.org' });
    expect(again.status).toBe(201);
    expect((await userKyc(a.userId)).kycStatus).toBe('approved');

    // Past the grace: limited as unverified (what transaction screening reads).
    now = approvedAt + (3 * 365 + 31) * DAY;
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 0, limited: 1 });
    view = await userKyc(a.userId);
    expect(view.kycStatus).toBe('expired');
    expect(view.reverification).toMatchObject({ state: 'overdue', limitedAt: new Date(now).toISOString() });
    expect(await actions(id)).toContain('reverification_overdue');
    const risk = await w.get(`/v1/users/${a.userId}/risk`, ADMIN_KEY);
    expect(risk.status).toBe(200);
    expect(risk.body.verification).toBe('unverified');

    // The new verification approved: approved again, and the clock restarts from it.
    const sessionId = again.body.redirectUrl.split('/').at(-1)!;
    await fetch(`${w.baseUrl}/v1/kyc/sandbox/sessions/${sessionId}/complete`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'approved' }),
    });
    view = await userKyc(a.userId);
    expect(view.kycStatus).toBe('approved');
    expect(view.reverification).toMatchObject({ verificationId: again.body.verificationId, state: 'current' });
    // The new approval decided the re-verification case.
    const [closed] = await casesOf(a.userId);
    expect(closed).toMatchObject({
      id: c.id,
      status: 'decided',
      decision: { outcome: 'approve', reason: 'reverified', decidedBy: 'system:reverification' },
    });
    expect(await actions(id)).toContain('reverification_case_decided');
    // The customer's KYC history holds both verifications, newest first.
    expect(view.verifications.map((v: { verificationId: string }) => v.verificationId)).toEqual([
      again.body.verificationId,
      id,
    ]);
    expect(await w.rt.deps.kyc.sweepReverifications()).toEqual({ opened: 0, limited: 0 });
  });

  it('a checked document that expires first brings the due date forward; the MRZ is compared with the applicant', async () => {
    now = Date.parse('2026-12-02T10:00:00Z');
    const a = applicant({ firstName: 'Harriet Ann', lastName: 'Plumtree' });
    const id = await approve(a);
    // Expires 2028-03-01, before the 3-year periodic date.
    const img = await passportJpeg({ fields: { ...SAMPLE_TD3, expiry: '280301' } });
    const form = new FormData();
    form.set('image', new Blob([img], { type: 'image/jpeg' }), 'passport.jpg');
    form.set('documentType', 'passport');
    form.set('verificationId', id);
    const res = await fetch(`${w.baseUrl}/v1/kyc/documents/check`, {
      method: 'POST',
      body: form,
      headers: auth(KYC_KEY),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.accepted).toBe(true);
    expect(body.checks.mrz.mismatches).toEqual([]);
    const view = await userKyc(a.userId);
    expect(view.reverification).toMatchObject({
      reason: 'document_expiry',
      documentExpiresOn: '2028-03-01',
      dueAt: '2028-03-01T00:00:00.000Z',
    });
    expect(await actions(id)).toContain('document_checked');

    now = Date.parse('2028-03-02T00:00:00Z');
    const swept = await w.rt.deps.kyc.sweepReverifications();
    expect(swept.opened).toBe(1);
    // Decided from the queue with reject: limited now, within the grace, and the sweep leaves it be.
    const [c] = await casesOf(a.userId);
    expect(c.summary).toContain('document_expiry · due 2028-03-01');
    const rejected = await decide(c.id, 'reject');
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'decided', decision: { outcome: 'reject' } });
    expect((await userKyc(a.userId)).kycStatus).toBe('expired');
    expect(await actions(id)).toContain('reverification_case_decided');
    expect((await decide(c.id, 'approve')).status).toBe(409);
    now = Date.parse('2028-04-15T00:00:00Z');
    await w.rt.deps.kyc.sweepReverifications();
    expect(await actions(id)).not.toContain('reverification_overdue');

    // A different birth date on the applicant is reported; an unknown verification is a 404.
    const other = await approve(
      applicant({ firstName: 'Harriet Ann', lastName: 'Plumtree', dateOfBirth: '1990-01-01' }),
    );
    const res2 = await w.rt.call(
      'POST',
      '/v1/kyc/documents/check',
      { image: img.toString('base64'), verificationId: other },
      auth(KYC_KEY),
    );
    expect(((await res2.json()) as any).checks.mrz.mismatches).toEqual(['dateOfBirth']);
    const res3 = await w.rt.call(
      'POST',
      '/v1/kyc/documents/check',
      { image: img.toString('base64'), verificationId: '00000000-0000-4000-8000-000000000000' },
      auth(KYC_KEY),
    );
    expect(res3.status).toBe(404);
  });

  it('request_resubmission asks for a new verification and leaves the customer approved through the grace', async () => {
    now = Date.parse('2026-12-02T10:00:00Z');
    const a = applicant();
    const id = await approve(a);
    now += (3 * 365 + 1) * DAY;
    await w.rt.deps.kyc.sweepReverifications();
    const [c, ...more] = await casesOf(a.userId);
    expect(more).toEqual([]);
    expect(c.subjectId).toBe(`reverify:${id}`);
    const d = await decide(c.id, 'request_resubmission');
    expect(d.status).toBe(200);
    expect((await userKyc(a.userId)).kycStatus).toBe('approved');
    const audit = (await w.get(`/v1/kyc/verifications/${id}`)).body.audit as Json[];
    expect(audit.find((e) => e.action === 'reverification_case_decided')).toMatchObject({
      details: { outcome: 'request_resubmission' },
    });
    // The decision does not reopen the case on the next sweep.
    await w.rt.deps.kyc.sweepReverifications();
    expect(await casesOf(a.userId)).toHaveLength(1);
  });

  it('runs the minute sweep under the kyc-sweep lease: skipped while another instance holds it, taken over once it ran out', async () => {
    const leases = new LibsqlLeaseStore(w.rt.deps.db);
    const ttl = 3 * 60_000;
    expect(await leases.acquire(KYC_SWEEP_LEASE, 'another-instance', new Date(now), ttl)).toBe(true);
    expect(await w.rt.deps.kyc.sweepUnderLease()).toBeNull();
    // The other instance died: its lease runs out and this instance's next tick takes the sweep over.
    now += ttl;
    expect(await w.rt.deps.kyc.sweepUnderLease()).toEqual(expect.any(Number));
    expect(await leases.acquire(KYC_SWEEP_LEASE, 'another-instance', new Date(now + 1), ttl)).toBe(false);
  });
});
