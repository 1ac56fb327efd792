/**
 * An officer decides a business's review case (a kyc_review case, subject `kyb:<businessRef>:<n>`; see
 * src/cases/handlers/kyb-review.ts), in the case decision's transaction:
 * - approve: the open sanctions hits are cleared as reviewed, and the business takes the status its persons
 *   give it (approved, or pending while a required person has not been verified yet). A required person who is
 *   rejected or in their own manual review blocks it: their verification is replaced or decided first, or the
 *   business is rejected.
 * - reject: the business is rejected, for good (refreshBusiness never recomputes a rejected business).
 * Both are audited on the business (`kyb_case_decided`), and the onboarding service is told
 * (customer.status_changed). The customer profile transaction screening reads follows after the commit.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { kybBusinesses, kybSanctionsHits } from '../../db/schema/kyc.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { enqueueNotification } from '../../notifications/outbox.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { DbOrTx } from '../db.ts';
import type { Actor, VerificationStatus } from '../types.ts';
import { businessFindings, businessStatus, syncBusinessProfile } from './status.ts';
import type { KybStatus } from './types.ts';

export type BusinessDecision = 'approve' | 'reject';

export interface BusinessDecided {
  businessId: string;
  status: KybStatus;
  hitsCleared: number;
  /** After the commit: the customer profile. */
  after: () => Promise<void>;
}

export async function decideBusinessIn(
  ctx: Pick<KycContext, 'customers'>,
  tx: DbOrTx,
  businessRef: string,
  decision: BusinessDecision,
  officer: Actor,
  now: Date,
  caseId?: string,
): Promise<BusinessDecided> {
  const b = await tx.select().from(kybBusinesses).where(eq(kybBusinesses.id, businessRef)).get();
  if (!b) throw new NotFoundError(`No business ${businessRef}.`);
  if (b.status === 'rejected') throw new ConflictError(`Business ${b.businessId} is already rejected.`);
  const f = await businessFindings(tx, businessRef);
  let status: KybStatus = 'rejected';
  let hitsCleared = 0;
  if (decision === 'approve') {
    status = businessStatus(0, f.required);
    if (status === 'manual_review')
      throw new ConflictError(
        'A required person is rejected or in manual review: replace or decide their verification first, or reject the business.',
        { rejectedPersons: f.rejectedPersons, personsInReview: f.personsInReview },
      );
    const cleared = await tx
      .update(kybSanctionsHits)
      .set({ clearedAt: now })
      .where(and(eq(kybSanctionsHits.businessRef, businessRef), isNull(kybSanctionsHits.clearedAt)))
      .returning({ id: kybSanctionsHits.id });
    hitsCleared = cleared.length;
  }
  const updated = await tx
    .update(kybBusinesses)
    .set({ status, updatedAt: now })
    .where(and(eq(kybBusinesses.id, b.id), eq(kybBusinesses.status, b.status)))
    .returning({ id: kybBusinesses.id });
  if (updated.length === 0) throw new ConflictError('The business changed while it was being decided; reload it.');
  await appendAudit(tx, now, {
    verificationId: b.id,
    action: 'kyb_case_decided',
    actor: officer,
    fromStatus: b.status as VerificationStatus,
    toStatus: status as VerificationStatus,
    details: { outcome: decision, hitsCleared, openHits: f.openHits, ...(caseId ? { caseId } : {}) },
  });
  await enqueueNotification(
    tx,
    'customer.status_changed',
    { userId: b.businessId, kycStatus: status, riskLevel: b.riskLevel, businessId: b.businessId },
    now,
  );
  return {
    businessId: b.businessId,
    status,
    hitsCleared,
    after: () =>
      syncBusinessProfile(ctx, { businessId: b.businessId, status, riskLevel: b.riskLevel, country: b.country }),
  };
}
