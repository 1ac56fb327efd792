/**
 * An owner, director or controller who later turns up on a list (continuous monitoring: delta, scheduled or on
 * demand) puts every business they belong to under review (issue 15): the monitoring alert becomes an open
 * sanctions hit of that person in the business, which sends the business to manual_review with its case audit
 * and its kyc_review case in the queue (refreshBusiness; a business already under review keeps its open case). The hit's own explanation stays on the monitoring alert (encrypted there); the business
 * records the alert's id so the two are read together.
 */
import { eq } from 'drizzle-orm';
import { kybBusinesses, kybPersons, kybSanctionsHits } from '../../db/schema/kyc.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import { refreshBusiness } from './status.ts';

export interface CustomerListHit {
  userId: string;
  alertId: string;
  source: string;
  sourceId: string;
  entityName: string;
  score: number;
}

const MONITORING = { type: 'system' as const, id: 'monitoring' };

/** Returns the business ids put under review (or kept there) for these hits. */
export async function reviewBusinessesOfHits(
  ctx: Pick<KycContext, 'db' | 'clock' | 'customers'> & Partial<Pick<KycContext, 'caseSla'>>,
  hits: readonly CustomerListHit[],
): Promise<string[]> {
  const touched = new Set<string>();
  for (const hit of hits) {
    const persons = await ctx.db
      .select({ personId: kybPersons.id, businessRef: kybPersons.businessRef, role: kybPersons.role })
      .from(kybPersons)
      .where(eq(kybPersons.userId, hit.userId));
    for (const p of persons) {
      const now = ctx.clock();
      await ctx.db.insert(kybSanctionsHits).values({
        businessRef: p.businessRef,
        personId: p.personId,
        source: hit.source,
        sourceId: hit.sourceId,
        listedName: hit.entityName,
        score: hit.score,
        explanationEnc: null,
        createdAt: now,
      });
      await appendAudit(ctx.db, now, {
        verificationId: p.businessRef,
        action: 'kyb_person_monitoring_hit',
        actor: MONITORING,
        details: {
          personId: p.personId,
          role: p.role,
          alertId: hit.alertId,
          source: hit.source,
          sourceId: hit.sourceId,
        },
      });
      touched.add(p.businessRef);
    }
  }
  const businessIds: string[] = [];
  for (const ref of touched) {
    await refreshBusiness(ctx, ref);
    const b = await ctx.db
      .select({ businessId: kybBusinesses.businessId })
      .from(kybBusinesses)
      .where(eq(kybBusinesses.id, ref))
      .get();
    if (b) businessIds.push(b.businessId);
  }
  return businessIds;
}
