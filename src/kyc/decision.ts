/**
 * The compliance decision: what the verification becomes given the provider's outcome and our own
 * checks. Pure. The rule that matters most: a sanctions match is never auto-approved, and neither is
 * an applicant who could not be screened.
 *
 * | provider says          | our checks                                   | verification becomes     |
 * |------------------------|----------------------------------------------|--------------------------|
 * | approved               | no sanctions match, screened, adult          | approved                 |
 * | approved               | sanctions match ≥ threshold                  | manual_review            |
 * | approved               | lists not loaded at start (not screened)     | manual_review            |
 * | approved               | applicant under 18                           | manual_review            |
 * | approved               | name disguised (input.obfuscated_name)       | manual_review            |
 * | approved               | high risk, KYC_HIGH_RISK_MANUAL_REVIEW=true  | manual_review            |
 * | rejected               | any                                          | rejected (appealable)    |
 * | manual_review (review) | any                                          | manual_review            |
 * | resubmission_requested | any                                          | resubmission_requested   |
 * | expired                | any                                          | expired                  |
 * | pending / in_progress  | any                                          | unchanged (no decision)  |
 */
import type { RiskLevel, VerificationStatus } from './types.ts';

/** A name carrying bidi overrides, tag or invisible characters (sanctions/obfuscation.ts): someone tried to hide it. */
export const OBFUSCATED_NAME = 'input.obfuscated_name';

export interface DecisionInput {
  providerStatus: VerificationStatus;
  /** Matches at or above the review threshold. */
  sanctionsHits: number;
  sanctionsScreened: boolean;
  /** Risk reasons recorded at start (e.g. under_18, input.obfuscated_name). */
  riskReasons: readonly string[];
  riskLevel?: RiskLevel;
  /** Enhanced due diligence: a person looks at a high-risk applicant the provider approved (default true). */
  highRiskManualReview?: boolean;
}

export interface Decision {
  status: VerificationStatus;
  /** Stable reason codes for the audit trail. */
  reasons: string[];
}

export function decide(input: DecisionInput): Decision {
  const sanctions = input.sanctionsHits > 0 ? ['sanctions_match'] : [];
  switch (input.providerStatus) {
    case 'approved': {
      const blockers = [
        ...sanctions,
        ...(input.sanctionsScreened ? [] : ['sanctions_not_screened']),
        ...(input.riskReasons.includes('under_18') ? ['under_18'] : []),
        ...(input.riskReasons.includes(OBFUSCATED_NAME) ? [OBFUSCATED_NAME] : []),
      ];
      // Named only when nothing else holds it: a sanctions match or a minor is already what made it high risk.
      if (blockers.length === 0 && input.riskLevel === 'high' && (input.highRiskManualReview ?? true))
        blockers.push('high_risk_applicant');
      if (blockers.length > 0) return { status: 'manual_review', reasons: ['provider_approved', ...blockers] };
      return { status: 'approved', reasons: ['provider_approved', 'no_sanctions_match'] };
    }
    case 'rejected':
      return { status: 'rejected', reasons: ['provider_rejected', ...sanctions] };
    case 'manual_review':
      return { status: 'manual_review', reasons: ['provider_review', ...sanctions] };
    case 'resubmission_requested':
      return { status: 'resubmission_requested', reasons: ['provider_requested_resubmission', ...sanctions] };
    case 'expired':
      return { status: 'expired', reasons: ['session_expired'] };
    case 'pending':
    case 'in_progress':
      return { status: input.providerStatus, reasons: ['provider_in_progress'] };
  }
}
