/**
 * kyc_review: approve / reject / request_resubmission go through the KYC module's own verbs. The subject id says
 * which (src/cases/sources.ts kycReviewSubject): a verification in manual review (the review decision), an
 * approval whose re-verification fell due (decideReverificationIn), or a business under review
 * (decideBusinessIn, approve / reject only).
 */
import type { KycContext } from '../../kyc/context.ts';
import { decideBusinessIn } from '../../kyc/kyb/decision.ts';
import { decideReverificationIn } from '../../kyc/reverify.ts';
import { afterReviewDecided, decideReviewIn, type ReviewDecision } from '../../kyc/review.ts';
import { InvalidInputError } from '../../errors.ts';
import { actorString, type OutcomeHandler } from '../outcomes.ts';
import { kycReviewSubject } from '../sources.ts';

const DECISION_OF: Record<string, ReviewDecision> = {
  approve: 'approved',
  reject: 'rejected',
  request_resubmission: 'resubmission_requested',
};

type KycOutcome = 'approve' | 'reject' | 'request_resubmission';

export function kycReviewOutcomeHandler(kyc: KycContext): OutcomeHandler {
  return async ({ tx, record, input, actor, at }) => {
    const officer = { type: 'compliance_officer' as const, id: actorString(actor) };
    const outcome = input.outcome as KycOutcome;
    const subject = kycReviewSubject(record.subjectId);
    if (subject.source === 'reverification_due') {
      const d = await decideReverificationIn(kyc, tx, subject.verificationId, outcome, officer, at);
      return {
        data: {
          source: subject.source,
          verificationId: d.verificationId,
          ...(d.reverifiedBy ? { reverifiedBy: d.reverifiedBy } : {}),
        },
        ...(d.after ? { afterCommit: d.after } : {}),
      };
    }
    if (subject.source === 'kyb_review') {
      if (outcome === 'request_resubmission')
        throw new InvalidInputError('A business review is decided with approve or reject.', [
          { path: 'outcome', message: 'one of approve, reject' },
        ]);
      const d = await decideBusinessIn(kyc, tx, subject.businessRef, outcome, officer, at, record.id);
      return {
        data: { source: subject.source, businessId: d.businessId, status: d.status, hitsCleared: d.hitsCleared },
        afterCommit: d.after,
      };
    }
    const decision = DECISION_OF[outcome]!;
    // The verification keeps the officer's notes (encrypted) like a decision made on the KYC endpoint.
    const notes = input.notes ?? input.reason;
    const decided = await decideReviewIn(kyc, tx, record.subjectId, { decision, notes }, officer, at);
    return {
      data: { verificationId: record.subjectId, status: decision, riskLevel: decided.riskLevel },
      afterCommit: () => afterReviewDecided(kyc, decided),
    };
  };
}
