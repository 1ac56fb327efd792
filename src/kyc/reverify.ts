/**
 * Periodic re-verification. An approval lasts KYC_REVERIFY_<risk level> (1, 2, 3 years by default) and
 * no longer than the identity document, when its expiry is known. When either falls due the customer gets
 * a re-verification case; after KYC_REVERIFY_GRACE without a new approval they are limited as unverified
 * (profile kycStatus `expired`, which transaction screening treats as unverified). The casework module
 * does not exist yet: the case is an audited event (`reverification_due`) and the dates in the KYC view.
 */
import { aliasedTable, and, eq, gt, isNotNull, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import { kycVerifications } from '../db/schema/kyc.ts';
import { appendAudit } from './audit.ts';
import type { KycConfig } from './config.ts';
import type { KycContext } from './context.ts';
import { limitAsUnverified } from './profile-sync.ts';
import { updateVerification, type VerificationRow } from './store.ts';
import type { Actor } from './types.ts';

const SYSTEM: Actor = { type: 'system', id: 'reverification' };
const SWEEP_BATCH = 500;

export interface Reverification {
  verificationId: string;
  approvedAt: string;
  /** approvedAt + the interval of the risk level. */
  periodicDueAt: string;
  documentExpiresOn: string | null;
  /** The earlier of the two: when the re-verification case opens. */
  dueAt: string;
  /** After it, the customer is limited as unverified until a new verification is approved. */
  graceEndsAt: string;
  state: 'current' | 'due' | 'overdue';
  reason: 'periodic' | 'document_expiry';
  caseOpenedAt: string | null;
  limitedAt: string | null;
}

type Basis = Pick<
  VerificationRow,
  'id' | 'riskLevel' | 'approvedAt' | 'documentExpiresOn' | 'reverificationOpenedAt' | 'reverificationLimitedAt'
>;

export function reverificationOf(config: KycConfig['reverify'], v: Basis, now: Date): Reverification | null {
  if (!v.approvedAt) return null;
  const periodic = new Date(v.approvedAt.getTime() + config.intervalMs[v.riskLevel]);
  const docExpiry = v.documentExpiresOn ? new Date(`${v.documentExpiresOn}T00:00:00Z`) : undefined;
  const byDocument = docExpiry !== undefined && docExpiry < periodic;
  const due = byDocument ? docExpiry : periodic;
  const graceEnds = new Date(due.getTime() + config.graceMs);
  return {
    verificationId: v.id,
    approvedAt: v.approvedAt.toISOString(),
    periodicDueAt: periodic.toISOString(),
    documentExpiresOn: v.documentExpiresOn ?? null,
    dueAt: due.toISOString(),
    graceEndsAt: graceEnds.toISOString(),
    state: now >= graceEnds ? 'overdue' : now >= due ? 'due' : 'current',
    reason: byDocument ? 'document_expiry' : 'periodic',
    caseOpenedAt: v.reverificationOpenedAt?.toISOString() ?? null,
    limitedAt: v.reverificationLimitedAt?.toISOString() ?? null,
  };
}

/** Stamps the approval time the interval runs from (once: a repeated approval event keeps the first). */
export async function markApproved(ctx: Pick<KycContext, 'db' | 'clock'>, verificationId: string): Promise<void> {
  await ctx.db
    .update(kycVerifications)
    .set({ approvedAt: ctx.clock() })
    .where(and(eq(kycVerifications.id, verificationId), isNull(kycVerifications.approvedAt)));
}

/** The user's approval that counts: the latest approved verification. */
export async function currentApproval(ctx: Pick<KycContext, 'db'>, userId: string) {
  return ctx.db
    .select()
    .from(kycVerifications)
    .where(
      and(
        eq(kycVerifications.userId, userId),
        eq(kycVerifications.status, 'approved'),
        isNotNull(kycVerifications.approvedAt),
      ),
    )
    .orderBy(sql`${kycVerifications.approvedAt} desc`)
    .limit(1)
    .get();
}

/**
 * Opens the case for every approval that fell due and limits the customers whose grace ran out. Runs on
 * the minute timer; each step is recorded on the row, so a repeat (or a second instance) does nothing twice.
 */
export async function sweepReverifications(ctx: KycContext): Promise<{ opened: number; limited: number }> {
  const now = ctx.clock();
  const cfg = ctx.config.reverify;
  const v = kycVerifications;
  const newer = aliasedTable(kycVerifications, 'newer');
  // Earliest possible due date: the document's expiry, or approval + the level's interval.
  const dueByLevel = or(
    ...(['low', 'medium', 'high'] as const).map((level) =>
      and(eq(v.riskLevel, level), lte(v.approvedAt, new Date(now.getTime() - cfg.intervalMs[level]))),
    ),
    lte(v.documentExpiresOn, now.toISOString().slice(0, 10)),
  );
  const rows = await ctx.db
    .select()
    .from(v)
    .where(
      and(
        eq(v.status, 'approved'),
        isNotNull(v.approvedAt),
        isNull(v.reverificationLimitedAt),
        dueByLevel,
        // Superseded by a later approval of the same customer: that one counts now.
        notExists(
          ctx.db
            .select({ id: newer.id })
            .from(newer)
            .where(and(eq(newer.userId, v.userId), eq(newer.status, 'approved'), gt(newer.approvedAt, v.approvedAt))),
        ),
      ),
    )
    .limit(SWEEP_BATCH);
  let opened = 0;
  let limited = 0;
  for (const row of rows) {
    const r = reverificationOf(cfg, row, now);
    if (!r || r.state === 'current') continue;
    if (!row.reverificationOpenedAt) {
      await updateVerification(ctx.db, row.id, { reverificationOpenedAt: now });
      await appendAudit(ctx.db, now, {
        verificationId: row.id,
        action: 'reverification_due',
        actor: SYSTEM,
        details: { reason: r.reason, dueAt: r.dueAt, graceEndsAt: r.graceEndsAt, riskLevel: row.riskLevel },
      });
      opened += 1;
    }
    if (r.state === 'overdue') {
      await updateVerification(ctx.db, row.id, { reverificationLimitedAt: now });
      const applied = await limitAsUnverified(ctx, {
        userId: row.userId,
        riskLevel: row.riskLevel,
        country: row.country,
      });
      await appendAudit(ctx.db, now, {
        verificationId: row.id,
        action: 'reverification_overdue',
        actor: SYSTEM,
        details: { reason: r.reason, graceEndedAt: r.graceEndsAt, customerLimited: applied },
      });
      limited += 1;
    }
  }
  if (opened + limited > 0) ctx.logger.info({ opened, limited }, 'KYC re-verification sweep');
  return { opened, limited };
}
