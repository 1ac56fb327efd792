/**
 * A compliance officer decides a verification in manual review, with notes. The notes may quote the
 * applicant, so they are stored encrypted; the audit trail records the decision, its reasons and who
 * took it, and that notes exist.
 */
import { and, eq } from 'drizzle-orm';
import { kycSanctionsResults, kycVerifications } from '../db/schema/kyc.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { KycContext } from './context.ts';
import { syncProfile } from './profile-sync.ts';
import { markApproved } from './reverify.ts';
import { refreshBusinessesOf } from './kyb/status.ts';
import { findVerification } from './store.ts';
import type { Actor, RiskLevel, VerificationStatus } from './types.ts';

export const REVIEW_DECISIONS = ['approved', 'rejected', 'resubmission_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface ReviewInput {
  decision: ReviewDecision;
  notes: string;
  /** Overrides the risk level the transaction rules will use from now on. */
  riskLevel?: RiskLevel;
}

export async function decideReview(
  ctx: KycContext,
  verificationId: string,
  input: ReviewInput,
  officer: Actor,
): Promise<{ status: VerificationStatus; riskLevel: RiskLevel }> {
  const now = ctx.clock();
  const result = await ctx.db.transaction(async (tx) => {
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
    return { v, riskLevel };
  });
  ctx.metrics.verifications.inc({ provider: result.v.provider, outcome: input.decision });
  if (input.decision === 'approved') await markApproved(ctx, verificationId);
  await syncProfile(ctx, {
    userId: result.v.userId,
    status: input.decision,
    riskLevel: result.riskLevel,
    country: result.v.country,
  });
  await refreshBusinessesOf(ctx, verificationId);
  return { status: input.decision, riskLevel: result.riskLevel };
}
