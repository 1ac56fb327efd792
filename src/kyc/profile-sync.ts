/**
 * The customer profile that transaction screening reads follows the customer's verifications, with one
 * exception: an approved customer stays approved while a new verification is pending, in progress, in
 * review, waiting for a resubmission or lapses. Only a final decision (approved, rejected) changes an
 * approved customer's standing; otherwise starting a re-verification would hold their payments.
 */
import type { KycContext } from './context.ts';
import type { RiskLevel, VerificationStatus } from './types.ts';

const FINAL: ReadonlySet<VerificationStatus> = new Set(['approved', 'rejected']);

export interface ProfileChange {
  userId: string;
  status: VerificationStatus;
  riskLevel: RiskLevel;
  country: string;
}

/** Writes the verification's status to the profile where the rule above allows it; returns whether it did. */
export async function syncProfile(ctx: Pick<KycContext, 'customers'>, v: ProfileChange): Promise<boolean> {
  if (!FINAL.has(v.status) && (await ctx.customers.get(v.userId))?.kycStatus === 'approved') return false;
  await ctx.customers.upsert(v.userId, { kycStatus: v.status, riskLevel: v.riskLevel, country: v.country }, 'kyc');
  return true;
}
