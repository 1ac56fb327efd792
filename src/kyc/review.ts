/**
 * A compliance officer decides a verification in manual review, with notes. The notes may quote the
 * applicant, so they are stored encrypted; the audit trail records the decision, its reasons and who
 * took it, and that notes exist.
 */
import { and, eq } from 'drizzle-orm';
import { kycSanctionsResults, kycVerifications } from '../db/schema/kyc.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { decideCaseOfSubject } from '../cases/store.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { appendAudit } from './audit.ts';
import type { KycContext } from './context.ts';
import type { DbOrTx } from './db.ts';
import { syncProfile } from './profile-sync.ts';
import { markApproved } from './reverify.ts';
import { refreshBusinessesOf } from './kyb/status.ts';
import { findVerification, type VerificationRow } from './store.ts';
import type { Actor, RiskLevel, VerificationStatus } from './types.ts';

export const REVIEW_DECISIONS = ['approved', 'rejected', 'resubmission_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewInput {
  decision: ReviewDecision;
  notes: string;
  /** Overrides the risk level the transaction rules will use from now on. */
  riskLevel?: RiskLevel;
}

/** What a decided review leaves for after the commit. */
export interface ReviewDecided {
  v: VerificationRow;
  decision: ReviewDecision;
  riskLevel: RiskLevel;
}

/** The queue's outcome for each review decision (src/cases/types.ts CASE_OUTCOMES.kyc_review). */
export const CASE_OUTCOME_OF: Record<ReviewDecision, 'approve' | 'reject' | 'request_resubmission'> = {
  approved: 'approve',
  rejected: 'reject',
  resubmission_requested: 'request_resubmission',
};

/** The decision itself, in the caller's transaction (its own, or the case decision's). */
export async function decideReviewIn(
  ctx: KycContext,
  tx: DbOrTx,
  verificationId: string,
  input: ReviewInput,
  officer: Actor,
  now: Date,
): Promise<ReviewDecided> {
  const v = await findVerification(tx, verificationId);
  if (!v) throw new NotFoundError(`No verification ${verificationId}.`);
  if (v.status !== 'manual_review') {
    throw new ConflictError(
      `Only a verification in manual_review can be decided by a compliance officer; this one is ${v.status}.`,
      { currentStatus: v.status },
    );
  }
  const riskLevel = input.riskLevel ?? v.riskLevel;
  const reasons = [
    `compliance_officer_${input.decision}`,
    ...(v.sanctionsHits > 0 ? ['sanctions_match_reviewed'] : []),
  ];
  const updated = await tx
    .update(kycVerifications)
    .set({
      status: input.decision,
      riskLevel,
      decidedBy: 'compliance_officer',
      decisionReasons: reasons,
      reviewNotesEnc: ctx.cipher.encrypt(input.notes, verificationId),
      updatedAt: now,
    })
    .where(and(eq(kycVerifications.id, verificationId), eq(kycVerifications.status, 'manual_review')))
    .returning({ id: kycVerifications.id });
  if (updated.length === 0)
    throw new ConflictError('The verification changed while it was being decided; reload and decide again.');
  if (v.sanctionsHits > 0) {
    await tx
      .update(kycSanctionsResults)
      .set({
        reviewerNotesEnc: ctx.cipher.encrypt(input.notes, verificationId),
        reviewedBy: officer.id,
        reviewedAt: now,
      })
      .where(eq(kycSanctionsResults.verificationId, verificationId));
  }
  await appendAudit(tx, now, {
    verificationId,
    action: 'manual_review_decided',
    actor: officer,
    fromStatus: 'manual_review',
    toStatus: input.decision,
    details: {
      reasons,
      riskLevel,
      previousRiskLevel: v.riskLevel,
      sanctionsMatchesReviewed: v.sanctionsHits,
      notesRecorded: true,
      notesLength: input.notes.length,
    },
  });
  // The onboarding service learns of the customer's new standing from the same commit.
  await enqueueNotification(
    tx,
    'customer.status_changed',
    { userId: v.userId, kycStatus: input.decision, riskLevel, verificationId },
    now,
  );
  return { v, decision: input.decision, riskLevel };
}

/** After the commit: metrics, the approval's re-verification clock, the customer's profile, their businesses. */
export async function afterReviewDecided(ctx: KycContext, r: ReviewDecided): Promise<void> {
  ctx.metrics.verifications.inc({ provider: r.v.provider, outcome: r.decision });
  if (r.decision === 'approved') await markApproved(ctx, r.v.id);
  await syncProfile(ctx, { userId: r.v.userId, status: r.decision, riskLevel: r.riskLevel, country: r.v.country });
  await refreshBusinessesOf(ctx, r.v.id);
}

/**
 * POST /v1/kyc/verifications/:id/decision: the same decision outside the queue; the verification's kyc_review
 * case is decided with it, so the queue never shows a review that was already decided.
 */
export async function decideReview(
  ctx: KycContext,
  verificationId: string,
  input: ReviewInput,
  officer: Actor,
): Promise<{ status: VerificationStatus; riskLevel: RiskLevel }> {
  const now = ctx.clock();
  const result = await ctx.db.transaction(async (tx) => {
    const r = await decideReviewIn(ctx, tx, verificationId, input, officer, now);
    await decideCaseOfSubject(
      tx,
      'kyc_review',
      verificationId,
      {
        outcome: CASE_OUTCOME_OF[input.decision],
        reason: `compliance_officer_${input.decision}`,
        notes: input.notes,
        cipher: ctx.cipher,
        actor: officer.id,
        data: { verificationId, via: 'kyc_decision_endpoint' },
      },
      now,
    );
    return r;
  });
  await afterReviewDecided(ctx, result);
  return { status: input.decision, riskLevel: result.riskLevel };
}
