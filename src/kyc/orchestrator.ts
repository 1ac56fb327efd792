/**
 * The verification state machine at work: provider outcomes (webhooks, API reads, expiry) go through
 * the compliance decision and the transition rules (state-machine.ts), and what changes is recorded
 * with its audit entry and receipt in one transaction. Duplicates are answered from the receipt log;
 * a late "pending" never overwrites a decision.
 */
import { openKycReviewCase } from '../cases/sources.ts';
import { and, eq } from 'drizzle-orm';
import { kycVerifications } from '../db/schema/kyc.ts';
import { NotFoundError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { KycContext } from './context.ts';
import { decide } from './decision.ts';
import { ProviderCallError, type ProviderOutcome, WebhookAuthError, type WebhookEvent } from './providers/types.ts';
import { sha256Hex } from './signatures.ts';
import { syncProfile } from './profile-sync.ts';
import { markApproved } from './reverify.ts';
import { refreshBusinessesOf } from './kyb/status.ts';
import { judgeTransition } from './state-machine.ts';
import {
  findByProviderRef,
  findVerification,
  overdue,
  receiptExists,
  recordReceipt,
  type VerificationRow,
} from './store.ts';
import { DECISION_STATUSES, PROVIDER_IDS, type Actor, type ProviderId, type VerificationStatus } from './types.ts';

export type WebhookResult = 'applied' | 'unchanged' | 'duplicate' | 'stale' | 'ignored';

export interface WebhookAnswer {
  result: WebhookResult;
  verificationId?: string;
  status?: VerificationStatus;
}

interface ApplyOptions {
  actor: Actor;
  authoritative: boolean;
  /** Digest of the webhook body, recorded as a receipt in the same transaction. */
  receipt?: { provider: ProviderId; digest: string };
}

/** Provider reason codes kept per outcome: a bounded record and answer, whatever the provider sends. */
export const MAX_PROVIDER_REASONS = 20;

/** Thrown inside the transaction when a concurrent delivery of the same body got there first. */
class DuplicateDelivery extends Error {}
/** Thrown inside the transaction when another writer changed the verification since it was read. */
class ConcurrentChange extends Error {}

export class Orchestrator {
  readonly #refetches = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: KycContext) {}

  /** A provider webhook: authenticate on the raw bytes, confirm where the provider requires it, apply. */
  async handleWebhook(providerName: string, raw: Uint8Array, headers: Headers): Promise<WebhookAnswer> {
    const { ctx } = this;
    const provider = (PROVIDER_IDS as readonly string[]).includes(providerName)
      ? ctx.providers.get(providerName as ProviderId)
      : undefined;
    if (!provider) throw new NotFoundError(`No identity provider "${providerName}" is enabled here.`);
    const count = (result: string) => ctx.metrics.webhooks.inc({ provider: provider.id, result });

    let event: WebhookEvent;
    try {
      event = provider.readWebhook(raw, headers);
    } catch (err) {
      count(err instanceof WebhookAuthError ? 'unauthorized' : 'invalid');
      throw err;
    }
    const digest = sha256Hex(raw);
    if (await receiptExists(ctx.db, provider.id, digest)) {
      count('duplicate');
      return { result: 'duplicate' };
    }
    const v = await findByProviderRef(ctx.db, provider.id, event.providerRef);
    if (!v) {
      if (event.confirm?.why === 'unsigned') {
        // Unsigned (Jumio): a callback about a session we never started is not confirmed by anything, and
        // calling the provider's API for arbitrary ids would let anyone spend our rate limit.
        count('unauthorized');
        throw new WebhookAuthError('The callback names a session this service did not start.');
      }
      count('ignored');
      await recordReceipt(ctx.db, {
        provider: provider.id,
        bodyDigest: digest,
        verificationId: null,
        result: 'unknown_session',
        receivedAt: ctx.clock(),
      });
      return { result: 'ignored' };
    }

    let outcome: ProviderOutcome = event;
    let authoritative = false;
    if (event.confirm) {
      try {
        outcome = await provider.fetchResult(event.providerRef, event.confirm.locator);
        authoritative = true;
      } catch (err) {
        if (err instanceof ProviderCallError && (err.kind === 'not_found' || err.kind === 'rejected')) {
          count('unauthorized');
          throw new WebhookAuthError('The provider API does not confirm this callback.');
        }
        count('unconfirmed');
        throw err;
      }
    }
    if (outcome.status === undefined) {
      count('ignored');
      await recordReceipt(ctx.db, {
        provider: provider.id,
        bodyDigest: digest,
        verificationId: v.id,
        result: `informational:${outcome.providerStatus}`.slice(0, 80),
        receivedAt: ctx.clock(),
      });
      return { result: 'ignored', verificationId: v.id, status: v.status };
    }
    const answer = await this.apply(v.id, outcome as ProviderOutcome & { status: VerificationStatus }, {
      actor: { type: 'provider', id: provider.id },
      authoritative,
      receipt: { provider: provider.id, digest },
    });
    count(answer.result);
    if (event.confirm?.locator && authoritative && !DECISION_STATUSES.has(answer.status ?? 'pending')) {
      this.#scheduleRefetch(v.id, provider.id, event.providerRef, event.confirm.locator, 0);
    }
    return answer;
  }

  /** Runs the decision and the transition rules on one outcome; records the change, its audit entry and receipt together. */
  async apply(
    verificationId: string,
    outcome: ProviderOutcome & { status: VerificationStatus },
    opts: ApplyOptions,
    attempt = 0,
  ): Promise<WebhookAnswer> {
    const { ctx } = this;
    const now = ctx.clock();
    if (outcome.reasons.length > MAX_PROVIDER_REASONS)
      outcome = { ...outcome, reasons: outcome.reasons.slice(0, MAX_PROVIDER_REASONS) };
    let changed: VerificationRow | undefined;
    let answer: WebhookAnswer;
    try {
      answer = await ctx.db.transaction(async (tx) => {
        const cur = await findVerification(tx, verificationId);
        if (!cur) throw new NotFoundError(`No verification ${verificationId}.`);
        const decision = decide({
          providerStatus: outcome.status,
          sanctionsHits: cur.sanctionsHits,
          sanctionsScreened: cur.sanctionsScreened,
          riskReasons: cur.riskReasons,
          riskLevel: cur.riskLevel,
          highRiskManualReview: ctx.config.highRiskManualReview,
        });
        const verdict = judgeTransition(
          {
            status: cur.status,
            officerDecided: cur.decidedBy === 'compliance_officer',
            ...(cur.lastEventAt ? { lastEventAt: cur.lastEventAt } : {}),
          },
          {
            status: decision.status,
            authoritative: opts.authoritative,
            ...(outcome.occurredAt ? { occurredAt: outcome.occurredAt } : {}),
          },
        );
        const providerFacts = {
          providerStatus: outcome.providerStatus,
          providerOutcome: outcome.status,
          providerReasons: outcome.reasons,
        };
        if (verdict.apply) {
          const isDecision = DECISION_STATUSES.has(decision.status);
          const patch = {
            status: decision.status,
            providerResult: {
              status: outcome.status,
              providerStatus: outcome.providerStatus,
              reasons: outcome.reasons,
            },
            decisionReasons: decision.reasons,
            updatedAt: now,
            ...(isDecision ? { decidedBy: 'system' as const } : {}),
            ...(DECISION_STATUSES.has(outcome.status) && outcome.status !== 'expired' && !cur.providerDecidedAt
              ? { providerDecidedAt: now }
              : {}),
            ...(outcome.occurredAt && (!cur.lastEventAt || outcome.occurredAt > cur.lastEventAt)
              ? { lastEventAt: outcome.occurredAt }
              : {}),
          };
          // Guarded on the status read above: a concurrent writer makes this a no-op rather than a lost update.
          const updated = await tx
            .update(kycVerifications)
            .set(patch)
            .where(and(eq(kycVerifications.id, cur.id), eq(kycVerifications.status, cur.status)))
            .returning({ id: kycVerifications.id });
          if (updated.length === 0) throw new ConcurrentChange();
          // The review queue's case is written with the status change, so no manual review goes unlisted.
          if (decision.status === 'manual_review' && cur.status !== 'manual_review')
            await openKycReviewCase(tx, cur, now, this.ctx.caseSla);
          await appendAudit(tx, now, {
            verificationId,
            action: isDecision ? 'decision_recorded' : 'status_changed',
            actor: opts.actor,
            fromStatus: cur.status,
            toStatus: decision.status,
            details: { ...providerFacts, reasons: decision.reasons, authoritative: opts.authoritative },
          });
          changed = { ...cur, ...patch };
        } else if (verdict.why !== 'unchanged') {
          await appendAudit(tx, now, {
            verificationId,
            action: 'provider_event_ignored',
            actor: opts.actor,
            fromStatus: cur.status,
            toStatus: cur.status,
            details: { ...providerFacts, wouldBe: decision.status, why: verdict.why },
          });
        }
        if (opts.receipt) {
          const fresh = await recordReceipt(tx, {
            provider: opts.receipt.provider,
            bodyDigest: opts.receipt.digest,
            verificationId,
            result: verdict.apply ? 'applied' : verdict.why,
            receivedAt: now,
          });
          if (!fresh) throw new DuplicateDelivery();
        }
        const result: WebhookResult = verdict.apply
          ? 'applied'
          : verdict.why === 'officer_decided' || verdict.why === 'regression'
            ? 'stale'
            : verdict.why;
        return { result, verificationId, status: verdict.apply ? decision.status : cur.status };
      });
    } catch (err) {
      if (err instanceof DuplicateDelivery) return { result: 'duplicate', verificationId };
      if (err instanceof ConcurrentChange && attempt < 3) return this.apply(verificationId, outcome, opts, attempt + 1);
      throw err;
    }
    if (changed) await this.#afterChange(changed);
    return answer;
  }

  /** The customer's profile follows the verification (profile-sync.ts); metrics count the change. */
  async #afterChange(v: VerificationRow): Promise<void> {
    const { ctx } = this;
    ctx.stats.invalidate();
    ctx.metrics.verifications.inc({ provider: v.provider, outcome: v.status });
    if (v.status === 'approved') await markApproved(ctx, v.id);
    await syncProfile(ctx, v);
    await refreshBusinessesOf(ctx, v.id);
  }

  /** Expires verifications whose session lifetime ran out undecided. Runs on a timer; returns how many. */
  async sweepExpired(): Promise<number> {
    const rows = await overdue(this.ctx.db, this.ctx.clock());
    let n = 0;
    for (const v of rows) {
      const a = await this.apply(
        v.id,
        { providerRef: v.providerRef, status: 'expired', providerStatus: 'session_ttl_elapsed', reasons: [] },
        { actor: { type: 'system', id: 'expiry-sweep' }, authoritative: true },
      );
      if (a.result === 'applied') n++;
    }
    return n;
  }

  /**
   * Jumio's retrieval can lag its callback: while it still shows no decision, read it again on the
   * configured schedule (40 s, 60 s, 100 s... by default). Timers do not keep the process alive.
   */
  #scheduleRefetch(
    verificationId: string,
    provider: ProviderId,
    providerRef: string,
    locator: string,
    step: number,
  ): void {
    const delays = this.ctx.config.jumioRetrievalDelaysMs;
    const delay = delays[step];
    if (delay === undefined || this.#refetches.has(verificationId)) return;
    const timer = setTimeout(async () => {
      this.#refetches.delete(verificationId);
      try {
        const outcome = await this.ctx.providers.get(provider)!.fetchResult(providerRef, locator);
        if (outcome.status === undefined)
          return this.#scheduleRefetch(verificationId, provider, providerRef, locator, step + 1);
        const a = await this.apply(verificationId, outcome as ProviderOutcome & { status: VerificationStatus }, {
          actor: { type: 'provider', id: provider },
          authoritative: true,
        });
        if (!DECISION_STATUSES.has(a.status ?? 'pending'))
          this.#scheduleRefetch(verificationId, provider, providerRef, locator, step + 1);
      } catch (err) {
        this.ctx.logger.warn(
          { verificationId, provider, err: err instanceof Error ? err.message : String(err) },
          'delayed provider result read failed',
        );
        this.#scheduleRefetch(verificationId, provider, providerRef, locator, step + 1);
      }
    }, delay);
    timer.unref();
    this.#refetches.set(verificationId, timer);
  }

  stop(): void {
    for (const t of this.#refetches.values()) clearTimeout(t);
    this.#refetches.clear();
  }
}
