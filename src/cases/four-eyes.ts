/**
 * Four eyes (CASES_FOUR_EYES): approving a high-risk customer needs two officers. "High risk" is the
 * verification's risk level for a KYC review (the business's for a business review), and the customer's for the release of a held transaction.
 * Overturning an appeal reverses a rejection (the customer becomes approved against the earlier decision), so it
 * always needs the second officer, whatever the risk level.
 */
import { eq } from 'drizzle-orm';
import { customers } from '../db/schema/customers.ts';
import { kybBusinesses, kycVerifications } from '../db/schema/kyc.ts';
import type { DbOrTx } from '../kyc/db.ts';
import type { CaseRecord } from './outcomes.ts';
import { kycReviewSubject } from './sources.ts';

export async function needsSecondOfficer(tx: DbOrTx, record: CaseRecord, outcome: string): Promise<boolean> {
  if (record.kind === 'kyc_review' && outcome === 'approve') {
    const subject = kycReviewSubject(record.subjectId);
    // A re-verification is approved by the customer's new (already decided) verification: nothing to confirm.
    if (subject.source === 'reverification_due') return false;
    if (subject.source === 'kyb_review') {
      const b = await tx
        .select({ riskLevel: kybBusinesses.riskLevel })
        .from(kybBusinesses)
        .where(eq(kybBusinesses.id, subject.businessRef))
        .get();
      return b?.riskLevel === 'high';
    }
    const v = await tx
      .select({ riskLevel: kycVerifications.riskLevel })
      .from(kycVerifications)
      .where(eq(kycVerifications.id, record.subjectId))
      .get();
    return v?.riskLevel === 'high';
  }
  if (record.kind === 'appeal' && outcome === 'overturn') return true;
  if (record.kind === 'transaction' && outcome === 'release') {
    const c = await tx
      .select({ riskLevel: customers.riskLevel })
      .from(customers)
      .where(eq(customers.userId, record.userId))
      .get();
    return c?.riskLevel === 'high';
  }
  return false;
}
