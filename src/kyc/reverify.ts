/**
 * Periodic re-verification. An approval lasts KYC_REVERIFY_<risk level> (1, 2, 3 years by default) and
 * no longer than the identity document, when its expiry is known. When either falls due the customer gets
 * a re-verification case; after KYC_REVERIFY_GRACE without a new approval they are limited as unverified
 * (profile kycStatus `expired`, which transaction screening treats as unverified). The case is a `kyc_review`
 * case in the one queue (subject `reverify:<verificationId>`, src/cases/sources.ts), opened in the same
 * transaction as the audited `reverification_due`; an officer decides it (decideReverificationIn), and a new
 * approval of the customer decides it by itself (closeReverificationCases).
 */
import { aliasedTable, and, eq, gt, isNotNull, isNull, like, lte, ne, notExists, or, sql } from 'drizzle-orm';
import { openReverificationCase, reverificationSubjectId } from '../cases/sources.ts';
import { markCaseDecided } from '../cases/store.ts';
import { cases } from '../db/schema/cases.ts';
import { kycVerifications } from '../db/schema/kyc.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import type { KycConfig } from './config.ts';
import type { KycContext } from './context.ts';
import type { DbOrTx } from './db.ts';
import { limitAsUnverified } from './profile-sync.ts';
import { findVerification, updateVerification, type VerificationRow } from './store.ts';
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
  const stamped = await ctx.db
    .update(kycVerifications)
    .set({ approvedAt: ctx.clock() })
    .where(and(eq(kycVerifications.id, verificationId), isNull(kycVerifications.approvedAt)))
    .returning({ id: kycVerifications.id, userId: kycVerifications.userId });
  // The first time this approval counts: it answers the customer's open re-verification case.
  if (stamped[0]) await closeReverificationCases(ctx, stamped[0]);
}

/** The user's approval that counts: the latest approved verification. */
export async function currentApproval(ctx: { db: DbOrTx }, userId: string) {
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
      // The due date, its audit entry and the queue's case in one write: a repeated sweep finds the stamp.
      await ctx.db.transaction(async (tx) => {
        const stamped = await tx
          .update(kycVerifications)
          .set({ reverificationOpenedAt: now })
          .where(and(eq(kycVerifications.id, row.id), isNull(kycVerifications.reverificationOpenedAt)))
          .returning({ id: kycVerifications.id });
        if (stamped.length === 0) return; // another instance got there first
        const caseId = await openReverificationCase(
          tx,
          { verificationId: row.id, userId: row.userId, riskLevel: row.riskLevel, reason: r.reason, dueAt: r.dueAt },
          now,
          ctx.caseSla,
        );
        await appendAudit(tx, now, {
          verificationId: row.id,
          action: 'reverification_due',
          actor: SYSTEM,
          details: {
            reason: r.reason,
            dueAt: r.dueAt,
            graceEndsAt: r.graceEndsAt,
            riskLevel: row.riskLevel,
            ...(caseId ? { caseId } : {}),
          },
        });
        opened += 1;
      });
    }
    if (r.state === 'overdue') {
      // Stamped by compare-and-set, like the case above: of two sweeps (a fleet's lease changing hands), one limits.
      const stamped = await ctx.db
        .update(kycVerifications)
        .set({ reverificationLimitedAt: now })
        .where(and(eq(kycVerifications.id, row.id), isNull(kycVerifications.reverificationLimitedAt)))
        .returning({ id: kycVerifications.id });
      if (stamped.length === 0) continue;
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

// ── The re-verification case's decision ──────────────────────────────────────────────────────

/**
 * How an officer closes a re-verification case (a kyc_review case, src/cases/handlers/reverification.ts):
 * - request_resubmission: the customer is asked to verify again (the case.decided notification tells the
 *   onboarding service); the grace period runs on, and the sweep limits them when it ends;
 * - approve: the customer was re-verified: allowed only once a later verification of theirs is approved;
 * - reject: the customer is limited as unverified now, without waiting for the grace to end.
 */
export type ReverificationDecision = 'approve' | 'reject' | 'request_resubmission';

export interface ReverificationDecided {
  verificationId: string;
  userId: string;
  decision: ReverificationDecision;
  /** The later approval that re-verified the customer (approve). */
  reverifiedBy?: string;
  /** After the commit: what cannot join the transaction (the customer profile). */
  after?: () => Promise<void>;
}

/** The decision, in the case decision's transaction. */
export async function decideReverificationIn(
  ctx: KycContext,
  tx: DbOrTx,
  verificationId: string,
  decision: ReverificationDecision,
  officer: Actor,
  now: Date,
): Promise<ReverificationDecided> {
  const v = await findVerification(tx, verificationId);
  if (!v) throw new NotFoundError(`No verification ${verificationId}.`);
  const latest = await currentApproval({ db: tx }, v.userId);
  const reverifiedBy = latest && latest.id !== v.id ? latest.id : undefined;
  if (decision === 'approve' && !reverifiedBy)
    throw new ConflictError(
      'The customer has not been re-verified: approve needs a later approved verification. Ask for one with request_resubmission, or reject.',
      { verificationId },
    );
  if (decision === 'reject' && reverifiedBy)
    throw new ConflictError(`The customer was re-verified since (verification ${reverifiedBy}); decide with approve.`, {
      reverifiedBy,
    });
  const limitNow = decision === 'reject' && !v.reverificationLimitedAt;
  if (limitNow) await updateVerification(tx, v.id, { reverificationLimitedAt: now });
  await appendAudit(tx, now, {
    verificationId,
    action: 'reverification_case_decided',
    actor: officer,
    details: {
      outcome: decision,
      ...(reverifiedBy ? { reverifiedBy } : {}),
      ...(decision === 'reject' ? { customerLimited: limitNow } : {}),
    },
  });
  return {
    verificationId,
    userId: v.userId,
    decision,
    ...(reverifiedBy ? { reverifiedBy } : {}),
    ...(limitNow
      ? {
          after: async () => {
            await limitAsUnverified(ctx, { userId: v.userId, riskLevel: v.riskLevel, country: v.country });
          },
        }
      : {}),
  };
}

/**
 * A new approval of the customer answers their open re-verification cases: each is decided `approve` by the
 * system, with the approving verification on the case's timeline and in the old verification's audit trail.
 */
export async function closeReverificationCases(
  ctx: Pick<KycContext, 'db' | 'clock'>,
  approved: { id: string; userId: string },
): Promise<number> {
  const open = await ctx.db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.userId, approved.userId),
        eq(cases.kind, 'kyc_review'),
        ne(cases.status, 'decided'),
        like(cases.subjectId, `${reverificationSubjectId('')}%`),
      ),
    )
    .all();
  const now = ctx.clock();
  let closed = 0;
  for (const record of open) {
    const verificationId = record.subjectId.slice(reverificationSubjectId('').length);
    if (verificationId === approved.id) continue;
    await ctx.db.transaction(async (tx) => {
      await markCaseDecided(
        tx,
        record,
        {
          outcome: 'approve',
          reason: 'reverified',
          actor: `system:${SYSTEM.id}`,
          data: { verificationId, reverifiedBy: approved.id },
        },
        now,
      );
      await appendAudit(tx, now, {
        verificationId,
        action: 'reverification_case_decided',
        actor: SYSTEM,
        details: { outcome: 'approve', reverifiedBy: approved.id },
      });
    });
    closed += 1;
  }
  return closed;
}
