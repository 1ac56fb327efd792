/**
 * A business's status follows its persons and its screening: any open sanctions hit or any required
 * person rejected sends it to a case (manual_review; the casework module is not built yet, so the case
 * is the status plus an audited `kyb_case_opened`); approved once every required person is approved and
 * no hit is open; pending otherwise. The customer profile (what transaction screening reads, keyed by the
 * business id) follows the business, as a person's follows their verification.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { kybBusinesses, kybPersons, kybSanctionsHits, kycVerifications } from '../../db/schema/kyc.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { VerificationStatus } from '../types.ts';
import type { KybStatus } from './types.ts';

const SYSTEM = { type: 'system' as const, id: 'kyb' };

export function businessStatus(openHits: number, required: (VerificationStatus | null)[]): KybStatus {
  if (openHits > 0 || required.some((s) => s === 'rejected' || s === 'manual_review')) return 'manual_review';
  if (required.length > 0 && required.every((s) => s === 'approved')) return 'approved';
  return 'pending';
}

/** Recomputes one business; records and syncs a change. Returns the status. */
export async function refreshBusiness(
  ctx: Pick<KycContext, 'db' | 'clock' | 'customers'>,
  businessRef: string,
): Promise<KybStatus | undefined> {
  const b = await ctx.db.select().from(kybBusinesses).where(eq(kybBusinesses.id, businessRef)).get();
  if (!b) return undefined;
  const [persons, hits] = await Promise.all([
    ctx.db
      .select({ required: kybPersons.verificationRequired, status: kycVerifications.status })
      .from(kybPersons)
      .leftJoin(kycVerifications, eq(kycVerifications.id, kybPersons.verificationId))
      .where(eq(kybPersons.businessRef, businessRef)),
    ctx.db
      .select({ id: kybSanctionsHits.id })
      .from(kybSanctionsHits)
      .where(and(eq(kybSanctionsHits.businessRef, businessRef), isNull(kybSanctionsHits.clearedAt))),
  ]);
  const next = businessStatus(
    hits.length,
    persons.filter((p) => p.required).map((p) => p.status ?? null),
  );
  if (next === b.status) return next;
  const now = ctx.clock();
  await ctx.db.update(kybBusinesses).set({ status: next, updatedAt: now }).where(eq(kybBusinesses.id, b.id));
  await appendAudit(ctx.db, now, {
    verificationId: b.id,
    action: next === 'manual_review' ? 'kyb_case_opened' : 'kyb_status_changed',
    actor: SYSTEM,
    fromStatus: b.status as VerificationStatus,
    toStatus: next as VerificationStatus,
    details: { openHits: hits.length, requiredPersons: persons.filter((p) => p.required).length },
  });
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
