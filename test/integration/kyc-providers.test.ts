/**
 * The whole flow over HTTP for EVERY provider, against fake servers speaking its wire format: start a
 * session, a webhook for each outcome the provider has, a bad signature (401, nothing changed),
 * duplicate delivery (idempotent) and a late progress report (never overwrites a decision).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationStatus } from '../../src/kyc/types.ts';
import { ADMIN_KEY, applicant, deliver, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

interface Webhook {
  url: string;
  body: string;
  headers: Record<string, string>;
}

interface Driver {
  provider: 'onfido' | 'jumio' | 'shufti' | 'sumsub' | 'veriff';
  /** The webhook the provider sends when the session reaches this common outcome. */
  outcome(w: KycWorld, ref: string, status: VerificationStatus, at?: number): Webhook | undefined;
  /** The same kind of webhook signed with the wrong secret (or, for Jumio, not confirmed by the retrieval API). */
  forged(w: KycWorld, ref: string): Webhook;
}

const iso = (ms?: number) => new Date(ms ?? Date.now()).toISOString().replace(/\.\d+Z$/, 'Z');

const drivers: Driver[] = [
  {
    provider: 'onfido',
    outcome(w, ref, status, at) {
      const label = {
        pending: 'awaiting_input',
        in_progress: 'processing',
        approved: 'approved',
        rejected: 'declined',
        manual_review: 'review',
        expired: 'abandoned',
      }[status as string];
      if (!label) return undefined;
      const progress = status === 'pending' || status === 'in_progress';
      return {
        url: w.webhookUrl('onfido'),
        ...w.onfido.webhook(ref, label, {
          completedAt: iso(at),
          ...(progress ? { action: 'workflow_run.started' } : {}),
        }),
      };
    },
    forged: (w, ref) => ({
      url: w.webhookUrl('onfido'),
      ...w.onfido.webhook(ref, 'approved', { token: 'not-the-webhook-token' }),
    }),
  },
  {
    provider: 'jumio',
    outcome(w, ref, status) {
      const o = {
        approved: { decision: 'PASSED' },
        rejected: { decision: 'REJECTED' },
        manual_review: { decision: 'WARNING' },
        expired: { workflowStatus: 'SESSION_EXPIRED' },
      }[status as string];
      if (!o) return undefined;
      const c = w.jumio.callback(ref, o as never);
      return { url: c.url!, body: c.body, headers: c.headers };
    },
    forged(w, ref) {
      // Unsigned, so a forgery is a callback the retrieval API does not confirm: a made-up execution id.
      const c = w.jumio.callback(ref, { decision: 'PASSED' }, { executionId: '00000000-0000-0000-0000-000000000000' });
      w.jumio.accounts.get(ref)!.decision = undefined;
      w.jumio.accounts.get(ref)!.workflowStatus = 'INITIATED';
      return { url: c.url!, body: c.body, headers: c.headers };
    },
  },
  {
    provider: 'shufti',
    outcome(w, ref, status) {
      const event = {
        pending: 'request.pending',
        in_progress: 'request.received',
        approved: 'verification.accepted',
        rejected: 'verification.declined',
        manual_review: 'review.pending',
        expired: 'request.timeout',
      }[status as string];
      if (!event) return undefined;
      return { url: w.shufti.requests.get(ref)!.callbackUrl, ...w.shufti.callback(ref, event) };
    },
    forged: (w, ref) => ({
      url: w.shufti.requests.get(ref)!.callbackUrl,
      ...w.shufti.callback(ref, 'verification.accepted', { secret: 'guessed-secret' }),
    }),
  },
  {
    provider: 'sumsub',
    outcome(w, ref, status, at) {
      const ev = {
        pending: { type: 'applicantCreated', reviewStatus: 'init' },
        in_progress: { type: 'applicantPending', reviewStatus: 'pending' },
        approved: { type: 'applicantReviewed', reviewStatus: 'completed', reviewAnswer: 'GREEN' },
        rejected: { type: 'applicantReviewed', reviewStatus: 'completed', reviewAnswer: 'RED', rejectType: 'FINAL' },
        resubmission_requested: {
          type: 'applicantReviewed',
          reviewStatus: 'completed',
          reviewAnswer: 'RED',
          rejectType: 'RETRY',
        },
        manual_review: { type: 'applicantOnHold', reviewStatus: 'onHold' },
        expired: { type: 'applicantDeactivated', reviewStatus: 'completed' },
      }[status];
      return {
        url: w.webhookUrl('sumsub'),
        ...w.sumsub.webhook(ref, { ...(ev as object), createdAtMs: at ?? Date.now() } as never),
      };
    },
    forged: (w, ref) => ({
      url: w.webhookUrl('sumsub'),
      ...w.sumsub.webhook(
        ref,
        { type: 'applicantReviewed', reviewStatus: 'completed', reviewAnswer: 'GREEN' },
        { secret: 'sumsub-api-secret' },
      ),
    }),
  },
  {
    provider: 'veriff',
    outcome(w, ref, status) {
      if (status === 'in_progress' || status === 'pending')
        return { url: w.webhookUrl('veriff'), ...w.veriff.eventWebhook(ref, 7002) };
      const code = { approved: 9001, rejected: 9102, resubmission_requested: 9103, expired: 9104, manual_review: 9121 }[
        status as string
      ];
      return code ? { url: w.webhookUrl('veriff'), ...w.veriff.decisionWebhook(ref, code) } : undefined;
    },
    forged: (w, ref) => ({ url: w.webhookUrl('veriff'), ...w.veriff.decisionWebhook(ref, 9001, { secret: 'wrong' }) }),
  },
];

const OUTCOMES: VerificationStatus[] = ['approved', 'rejected', 'manual_review', 'expired', 'resubmission_requested'];

describe.each(drivers)('KYC over HTTP with $provider', (driver) => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld();
  });
  afterAll(() => w.close());

  const startOne = async () => {
    const a = applicant();
    const res = await w.start({ ...a, provider: driver.provider });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const view = await w.get(`/v1/kyc/verifications/${res.body.verificationId}`, ADMIN_KEY);
    return { a, id: res.body.verificationId as string, ref: view.body.providerRef as string, start: res.body };
  };
  const statusOf = async (id: string) => (await w.get(`/v1/kyc/verifications/${id}`)).body.status as VerificationStatus;
  const auditOf = async (id: string) =>
    (await w.get(`/v1/kyc/verifications/${id}`)).body.audit as {
      action: string;
      actorType: string;
      toStatus: string | null;
      details: any;
    }[];

  it('starts a session at the provider and answers with its redirect URL', async () => {
    const { start, a } = await startOne();
    expect(start).toMatchObject({
      provider: driver.provider,
      status: 'pending',
      riskLevel: 'low',
      sanctions: { screened: true, hits: [] },
    });
    expect(start.redirectUrl).toMatch(/^https:\/\//);
    expect(start.estimatedProcessingMinutes).toBeGreaterThan(0);
    const user = await w.get(`/v1/users/${a.userId}/kyc`);
    expect(user.body).toMatchObject({
      userId: a.userId,
      kycStatus: 'pending',
      riskLevel: 'low',
      latestVerification: { verificationId: start.verificationId, provider: driver.provider },
    });
  });

  it.each(OUTCOMES)('maps the provider outcome %s through a signed webhook', async (outcome) => {
    const { id, ref, a } = await startOne();
    const hook = driver.outcome(w, ref, outcome);
    if (!hook) return; // the provider has no such outcome (Onfido/Jumio/Shufti never ask for resubmission)
    const res = await deliver(hook.url, hook.body, hook.headers);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ result: 'applied', verificationId: id, status: outcome });
    expect(await statusOf(id)).toBe(outcome);
    const decision = (await auditOf(id)).find((e) => e.action === 'decision_recorded')!;
    expect(decision).toMatchObject({ actorType: 'provider', toStatus: outcome });
    expect((await w.get(`/v1/users/${a.userId}/kyc`)).body.kycStatus).toBe(outcome);
  });

  it('refuses a bad or missing signature with a 401 problem and changes nothing', async () => {
    const { id, ref } = await startOne();
    const before = await auditOf(id);
    const forged = driver.forged(w, ref);
    const res = await deliver(forged.url, forged.body, forged.headers);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: expect.stringContaining('/problems/unauthorized'), status: 401 });
    if (driver.provider !== 'jumio') {
      const unsigned = await deliver(forged.url, forged.body, {});
      expect(unsigned.status).toBe(401);
    }
    expect(await statusOf(id)).toBe('pending');
    expect(await auditOf(id)).toEqual(before);
  });

  it('accepts a duplicate delivery without effect', async () => {
    const { id, ref } = await startOne();
    const hook = driver.outcome(w, ref, 'approved')!;
    expect((await deliver(hook.url, hook.body, hook.headers)).body.result).toBe('applied');
    const after = await auditOf(id);
    const again = await deliver(hook.url, hook.body, hook.headers);
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('duplicate');
    expect(await auditOf(id)).toEqual(after);
    expect(await statusOf(id)).toBe('approved');
  });

  it('never lets a late progress report overwrite the decision', async () => {
    const { id, ref } = await startOne();
    const decidedAt = Date.now();
    const decision = driver.outcome(w, ref, 'rejected', decidedAt)!;
    if (driver.provider === 'jumio') {
      // Jumio's truth is the retrieval API: a lagging read that still says "acquired" arrives after the decision.
      await deliver(decision.url, decision.body, decision.headers);
      w.jumio.retrievalLag = 1;
      const late = w.jumio.callback(ref, { decision: 'REJECTED' });
      const res = await deliver(late.url!, `${late.body} `, late.headers);
      expect(res.body.result).toBe('stale');
    } else {
      const late = driver.outcome(w, ref, 'in_progress', decidedAt - 60_000)!;
      const early = driver.outcome(w, ref, 'pending', decidedAt - 120_000);
      await deliver(decision.url, decision.body, decision.headers);
      const res = await deliver(late.url, late.body, late.headers);
      expect(res.status).toBe(200);
      expect(res.body.result).toBe('stale');
      if (early) expect((await deliver(early.url, early.body, early.headers)).body.result).toMatch(/stale|unchanged/);
    }
    expect(await statusOf(id)).toBe('rejected');
  });

  it('exposes verification counts by provider and outcome, and provider latency, as metrics', async () => {
    const text = await (await fetch(`${w.baseUrl}/metrics`)).text();
    expect(text).toMatch(
      new RegExp(`kyc_verifications_total\\{provider="${driver.provider}",outcome="approved"\\} [1-9]`),
    );
    expect(text).toMatch(
      new RegExp(
        `kyc_provider_call_duration_seconds_count\\{provider="${driver.provider}",operation="[a-z_]+"\\} [1-9]`,
      ),
    );
    expect(text).toMatch(new RegExp(`kyc_webhooks_total\\{provider="${driver.provider}",result="duplicate"\\} 1`));
  });
});
