/** kyc_review: approve / reject / request_resubmission go through the KYC module's own review decision. */
import type { KycContext } from '../../kyc/context.ts';
import { afterReviewDecided, decideReviewIn, type ReviewDecision } from '../../kyc/review.ts';
import { actorString, type OutcomeHandler } from '../outcomes.ts';

const DECISION_OF: Record<string, ReviewDecision> = {
  approve: 'approved',
  reject: 'rejected',
  request_resubmission: 'resubmission_requested',
};

export function kycReviewOutcomeHandler(kyc: KycContext): OutcomeHandler {
  return async ({ tx, record, input, actor, at }) => {
    const decision = DECISION_OF[input.outcome]!;
    const officer = { type: 'compliance_officer' as const, id: actorString(actor) };
    // The verification keeps the officer's notes (encrypted) like a decision made on the KYC endpoint.
    const notes = input.notes ?? input.reason;
    const decided = await decideReviewIn(kyc, tx, record.subjectId, { decision, notes }, officer, at);
    return {
      data: { verificationId: record.subjectId, status: decision, riskLevel: decided.riskLevel },
      afterCommit: () => afterReviewDecided(kyc, decided),
    };
  };
}
