/** What GET /v1/kyc/businesses/{id} shows: structure, each person's status, screening, audit trail. */
import { eq } from 'drizzle-orm';
import { kybBusinesses, kybSanctionsHits, kycVerifications } from '../../db/schema/kyc.ts';
import { NotFoundError } from '../../errors.ts';
import { appendAudit, listAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import type { Actor } from '../types.ts';
import { percentText } from './create.ts';
import { personsOf } from './status.ts';
import type { BusinessDetails, BusinessPerson } from './types.ts';

export async function viewBusiness(
  ctx: KycContext,
  businessId: string,
  viewer: { actor: Actor; personalData: boolean },
) {
  const b = await ctx.db.select().from(kybBusinesses).where(eq(kybBusinesses.businessId, businessId)).get();
  if (!b) throw new NotFoundError(`No business ${businessId}.`);
  const pii = viewer.personalData;
  if (pii)
    await appendAudit(ctx.db, ctx.clock(), {
      verificationId: b.id,
      action: 'personal_data_viewed',
      actor: viewer.actor,
    });
  const [persons, hits, audit] = await Promise.all([
    personsOf(ctx, [b.id]),
    ctx.db.select().from(kybSanctionsHits).where(eq(kybSanctionsHits.businessRef, b.id)),
    listAudit(ctx.db, b.id),
  ]);
  const statuses = new Map<string, string>();
  for (const p of persons) {
    if (!p.verificationId) continue;
    const v = await ctx.db
      .select({ status: kycVerifications.status })
      .from(kycVerifications)
      .where(eq(kycVerifications.id, p.verificationId))
      .get();
    if (v) statuses.set(p.verificationId, v.status);
  }
  const details = ctx.cipher.decryptJson<BusinessDetails>(b.detailsEnc, b.id);
  return {
    businessId: b.businessId,
    status: b.status,
    riskLevel: b.riskLevel,
    legalName: details.legalName,
    country: b.country,
    lei: b.lei,
    ...(pii
      ? {
          registrationNumber: details.registrationNumber,
          incorporationDate: details.incorporationDate ?? null,
          address: details.address,
        }
      : {}),
    persons: persons.map((p) => ({
      personId: p.id,
      role: p.role,
      ownershipPercent: percentText(p.ownershipBasisPoints),
      verificationRequired: p.verificationRequired,
      verification: p.verificationId
        ? { verificationId: p.verificationId, status: statuses.get(p.verificationId) ?? 'pending' }
        : null,
      sanctionsHits: hits.filter((h) => h.personId === p.id).length,
      ...(pii ? { person: ctx.cipher.decryptJson<BusinessPerson>(p.personEnc, p.id) } : {}),
    })),
    sanctions: {
      screened: b.sanctionsScreened,
      hits: hits.map((h) => ({
        subject: h.personId ?? 'company',
        source: h.source,
        sourceId: h.sourceId,
        name: h.listedName,
        score: h.score,
        open: h.clearedAt === null,
      })),
    },
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    audit: audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}

/** The same view by the internal reference (a review case's subject). */
export async function viewBusinessByRef(
  ctx: KycContext,
  businessRef: string,
  viewer: { actor: Actor; personalData: boolean },
) {
  const b = await ctx.db
    .select({ businessId: kybBusinesses.businessId })
    .from(kybBusinesses)
    .where(eq(kybBusinesses.id, businessRef))
    .get();
  if (!b) throw new NotFoundError(`No business ${businessRef}.`);
  return viewBusiness(ctx, b.businessId, viewer);
}
