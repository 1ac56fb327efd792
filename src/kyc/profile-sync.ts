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
  const update = { kycStatus: v.status, riskLevel: v.riskLevel, country: v.country };
  const { applied } = await ctx.customers.upsert(v.userId, update, 'kyc', { keepApproved: !FINAL.has(v.status) });
  return applied;
}

/**
 * Re-verification overdue: an approved customer is limited as unverified (kycStatus `expired`) until a
 * new verification is approved. A customer whose standing already changed (rejected, or re-verifying
 * from an unapproved state) keeps it. Returns whether the profile changed.
 */
export async function limitAsUnverified(
  ctx: Pick<KycContext, 'customers'>,
  v: { userId: string; riskLevel: RiskLevel; country: string },
): Promise<boolean> {
  if ((await ctx.customers.get(v.userId))?.kycStatus !== 'approved') return false;
  await ctx.customers.upsert(v.userId, { kycStatus: 'expired', riskLevel: v.riskLevel, country: v.country }, 'kyc');
  return true;
}
