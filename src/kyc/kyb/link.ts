/**
 * Links a person verification to a business's owner, director or controller: started with
 * `business: { businessId, personId }` in POST /v1/kyc/verifications. The link is checked before the
 * provider is paid, and recorded (with an audit entry on the business) once the session started.
 */
import { and, eq } from 'drizzle-orm';
import { kybBusinesses, kybPersons, kycVerifications } from '../../db/schema/kyc.ts';
import { ConflictError, InvalidInputError } from '../../errors.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { Actor } from '../types.ts';
import { refreshBusiness } from './status.ts';

export interface BusinessLink {
  businessId: string;
  personId: string;
}

/** A linked verification that ended without approval may be replaced by a new one. */
const REPLACEABLE = new Set(['rejected', 'expired', 'resubmission_requested']);

export async function assertLinkable(ctx: Pick<KycContext, 'db'>, link: BusinessLink) {
  const row = await ctx.db
    .select({ ref: kybBusinesses.id, person: kybPersons.id, verificationId: kybPersons.verificationId })
    .from(kybPersons)
    .innerJoin(kybBusinesses, eq(kybBusinesses.id, kybPersons.businessRef))
    .where(and(eq(kybBusinesses.businessId, link.businessId), eq(kybPersons.id, link.personId)))
    .get();
  if (!row)
    throw new InvalidInputError('No such person in that business.', [
      { path: 'business', message: `business ${link.businessId} has no person ${link.personId}` },
    ]);
  if (row.verificationId) {
    const v = await ctx.db
      .select({ status: kycVerifications.status })
      .from(kycVerifications)
      .where(eq(kycVerifications.id, row.verificationId))
      .get();
    if (v && !REPLACEABLE.has(v.status))
      throw new ConflictError(`That person already has verification ${row.verificationId} (${v.status}).`);
  }
  return row;
}

export async function linkVerification(
  ctx: KycContext,
  link: BusinessLink,
  v: { verificationId: string; userId: string },
  actor: Actor,
): Promise<void> {
  const row = await assertLinkable(ctx, link);
  await ctx.db
    .update(kybPersons)
    .set({ verificationId: v.verificationId, userId: v.userId })
    .where(eq(kybPersons.id, row.person));
  await appendAudit(ctx.db, ctx.clock(), {
    verificationId: row.ref,
    action: 'kyb_person_verification_linked',
    actor,
    details: { personId: row.person, linkedVerificationId: v.verificationId },
  });
  await refreshBusiness(ctx, row.ref);
}
