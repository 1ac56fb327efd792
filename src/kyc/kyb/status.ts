/**
 * A business's status follows its persons and its screening: any open sanctions hit or any required
 * person rejected sends it to a case (manual_review, an audited `kyb_case_opened`, and a `kyc_review` case in
 * the one queue, subject `kyb:<businessRef>:<n>`, written in the same transaction); a required person in
 * manual review holds it in manual_review too, decided through that person's own case; approved once every
 * required person is approved and no hit is open; pending otherwise. `rejected` is an officer's decision of
 * that case (kyb/decision.ts) and final: nothing recomputes a rejected business. The customer profile (what
 * transaction screening reads, keyed by the business id) follows the business, as a person's follows their
 * verification.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { openKybReviewCase } from '../../cases/sources.ts';
import { kybBusinesses, kybPersons, kybSanctionsHits, kycVerifications } from '../../db/schema/kyc.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { DbOrTx } from '../db.ts';
import type { VerificationStatus } from '../types.ts';
import type { KybStatus } from './types.ts';

const SYSTEM = { type: 'system' as const, id: 'kyb' };

export function businessStatus(openHits: number, required: (VerificationStatus | null)[]): KybStatus {
  if (openHits > 0 || required.some((s) => s === 'rejected' || s === 'manual_review')) return 'manual_review';
  if (required.length > 0 && required.every((s) => s === 'approved')) return 'approved';
  return 'pending';
}

/** What a business's status is computed from: its required persons' verification statuses and open hits. */
export async function businessFindings(db: DbOrTx, businessRef: string) {
  const [persons, hits] = await Promise.all([
    db
      .select({ required: kybPersons.verificationRequired, status: kycVerifications.status })
      .from(kybPersons)
      .leftJoin(kycVerifications, eq(kycVerifications.id, kybPersons.verificationId))
      .where(eq(kybPersons.businessRef, businessRef)),
    db
      .select({ id: kybSanctionsHits.id })
      .from(kybSanctionsHits)
      .where(and(eq(kybSanctionsHits.businessRef, businessRef), isNull(kybSanctionsHits.clearedAt))),
  ]);
  const required = persons.filter((p) => p.required).map((p) => p.status ?? null);
  return {
    openHits: hits.length,
    required,
    rejectedPersons: required.filter((s) => s === 'rejected').length,
    personsInReview: required.filter((s) => s === 'manual_review').length,
  };
}

/** Recomputes one business; records and syncs a change. Returns the status. */
export async function refreshBusiness(
  ctx: Pick<KycContext, 'db' | 'clock' | 'customers'> & Partial<Pick<KycContext, 'caseSla'>>,
  businessRef: string,
): Promise<KybStatus | undefined> {
  const b = await ctx.db.select().from(kybBusinesses).where(eq(kybBusinesses.id, businessRef)).get();
  if (!b) return undefined;
  // An officer rejected the business (its case's decision): final.
  if (b.status === 'rejected') return 'rejected';
  const f = await businessFindings(ctx.db, businessRef);
  const next = businessStatus(f.openHits, f.required);
  const now = ctx.clock();
  const caseFacts = {
    businessRef: b.id,
    businessId: b.businessId,
    riskLevel: b.riskLevel,
    openHits: f.openHits,
    rejectedPersons: f.rejectedPersons,
  };
  // A hit or a rejected person is the business's own case; a person in manual review has theirs already (the
  // business waits in manual_review for it without a second case).
  const needsCase = next === 'manual_review' && (f.openHits > 0 || f.rejectedPersons > 0);
  if (next === b.status) {
    // Still under review: its case is kept (or opened: a new finding, or a review from before cases existed).
    if (needsCase) await openKybReviewCase(ctx.db, caseFacts, now, ctx.caseSla);
    return next;
  }
  const changed = await ctx.db.transaction(async (tx) => {
    // Guarded on the status read: an officer's decision or another refresh in between wins.
    const updated = await tx
      .update(kybBusinesses)
      .set({ status: next, updatedAt: now })
      .where(and(eq(kybBusinesses.id, b.id), eq(kybBusinesses.status, b.status)))
      .returning({ id: kybBusinesses.id });
    if (updated.length === 0) return false;
    const caseId = needsCase ? await openKybReviewCase(tx, caseFacts, now, ctx.caseSla) : undefined;
    await appendAudit(tx, now, {
      verificationId: b.id,
      action: next === 'manual_review' ? 'kyb_case_opened' : 'kyb_status_changed',
      actor: SYSTEM,
      fromStatus: b.status as VerificationStatus,
      toStatus: next as VerificationStatus,
      details: { openHits: f.openHits, requiredPersons: f.required.length, ...(caseId ? { caseId } : {}) },
    });
    return true;
  });
  if (!changed) return refreshBusiness(ctx, businessRef);
  await syncBusinessProfile(ctx, {
    businessId: b.businessId,
    status: next,
    riskLevel: b.riskLevel,
    country: b.country,
  });
  return next;
}

export async function syncBusinessProfile(
  ctx: Pick<KycContext, 'customers'>,
  b: { businessId: string; status: KybStatus; riskLevel: 'low' | 'medium' | 'high'; country: string },
): Promise<void> {
  await ctx.customers.upsert(b.businessId, { kycStatus: b.status, riskLevel: b.riskLevel, country: b.country }, 'kyc');
}

/** After a person verification changed: the businesses it is linked to are recomputed. */
export async function refreshBusinessesOf(ctx: KycContext, verificationId: string): Promise<void> {
  const refs = await ctx.db
    .select({ ref: kybPersons.businessRef })
    .from(kybPersons)
    .where(eq(kybPersons.verificationId, verificationId));
  for (const ref of new Set(refs.map((r) => r.ref))) await refreshBusiness(ctx, ref);
}

export async function personsOf(ctx: Pick<KycContext, 'db'>, businessRefs: string[]) {
  if (businessRefs.length === 0) return [];
  return ctx.db.select().from(kybPersons).where(inArray(kybPersons.businessRef, businessRefs));
}
