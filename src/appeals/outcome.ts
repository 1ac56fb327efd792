/**
 * The seed's processAppeal, as the `appeal` kind's OutcomeHandler: the cases service runs it inside the
 * transaction that marks the case decided, so the appeal, its case timeline, the verification, the customer's
 * standing, the KYC audit trail and the notifications change together or not at all.
 *
 * - overturn: the verification becomes approved and so does the customer;
 * - uphold: the rejection stands;
 * - reverify: a new verification with another provider than the one that rejected, linked to the appeal. The
 *   provider call cannot roll back, so it runs after the commit.
 */
import { and, eq } from 'drizzle-orm';
import { actorString, type OutcomeHandler } from '../cases/outcomes.ts';
import { customers } from '../db/schema/customers.ts';
import { APPEAL_OUTCOMES, appeals } from '../db/schema/appeals.ts';
import { kycVerifications } from '../db/schema/kyc.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { appendAudit } from '../kyc/audit.ts';
import type { KycContext } from '../kyc/context.ts';
import type { Tx } from '../kyc/db.ts';
import { refreshBusinessesOf } from '../kyc/kyb/status.ts';
import { syncProfile } from '../kyc/profile-sync.ts';
import { startVerification } from '../kyc/start.ts';
import { findVerification, type VerificationRow } from '../kyc/store.ts';
import type { Actor, Applicant, ProviderId } from '../kyc/types.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { type AppealRow, type AppealStatus, findAppeal } from './store.ts';

export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

const STATUS_AFTER: Record<AppealOutcome, AppealStatus> = {
  overturn: 'overturned',
  uphold: 'upheld',
  reverify: 'reverification_started',
};

export function appealOutcomeHandler(kyc: KycContext): OutcomeHandler {
  return async ({ tx, record, input, actor, at }) => {
    const outcome = input.outcome as AppealOutcome;
    if (!(APPEAL_OUTCOMES as readonly string[]).includes(outcome))
      throw new InvalidInputError(`An appeal is decided with ${APPEAL_OUTCOMES.join(', ')}.`, [
        { path: 'outcome', message: `one of ${APPEAL_OUTCOMES.join(', ')}` },
      ]);
    const appeal = await findAppeal(tx, record.subjectId);
    if (!appeal) throw new NotFoundError(`No appeal ${record.subjectId}.`);
    if (appeal.status !== 'pending_review')
      throw new ConflictError(`The appeal was already decided (${appeal.status}).`, { status: appeal.status });
    const v = await findVerification(tx, appeal.verificationId);
    if (!v) throw new NotFoundError(`No verification ${appeal.verificationId}.`);
    const officer: Actor = { type: 'compliance_officer', id: actorString(actor) };

    const afterCommit = outcome === 'overturn' ? await overturn(kyc, tx, v, appeal, at) : undefined;
    const status = STATUS_AFTER[outcome];
    const decided = await tx
      .update(appeals)
      .set({
        status,
        outcome,
        notesEnc: input.notes === undefined ? null : kyc.cipher.encrypt(input.notes, appeal.id),
        decidedBy: officer.id,
        decidedAt: at,
      })
      .where(and(eq(appeals.id, appeal.id), eq(appeals.status, 'pending_review')))
      .returning({ id: appeals.id });
    if (decided.length === 0) throw new ConflictError('The appeal changed while it was being decided; reload it.');
    await appendAudit(tx, at, {
      verificationId: v.id,
      action: 'appeal_decided',
      actor: officer,
      fromStatus: 'rejected',
      toStatus: outcome === 'overturn' ? 'approved' : 'rejected',
      details: {
        appealId: appeal.id,
        caseId: appeal.caseId,
        outcome,
        reason: input.reason,
        escalated: appeal.escalated,
        notesRecorded: input.notes !== undefined,
      },
    });
    const note = { appealId: appeal.id, verificationId: v.id, userId: v.userId, caseId: appeal.caseId };
    await enqueueNotification(tx, 'appeal.decided', { ...note, outcome, status }, at);
    return {
      data: { appealId: appeal.id, outcome, verificationId: v.id },
      afterCommit: outcome === 'reverify' ? () => reverify(kyc, v, appeal, officer) : afterCommit,
    };
  };
}

/** In the decision's transaction: the verification and the customer become approved; after it, caches follow. */
async function overturn(
  kyc: KycContext,
  tx: Tx,
  v: VerificationRow,
  appeal: AppealRow,
  at: Date,
): Promise<() => Promise<void>> {
  const approved = await tx
    .update(kycVerifications)
    .set({
      status: 'approved',
      decidedBy: 'compliance_officer',
      decisionReasons: [...v.decisionReasons, 'appeal_overturned'],
      approvedAt: v.approvedAt ?? at,
      updatedAt: at,
    })
    .where(and(eq(kycVerifications.id, v.id), eq(kycVerifications.status, 'rejected')))
    .returning({ id: kycVerifications.id });
  if (approved.length === 0)
    throw new ConflictError(`The verification is no longer rejected (${v.status}); the appeal cannot overturn it.`);
  const before = await tx
    .select({ kycStatus: customers.kycStatus })
    .from(customers)
    .where(eq(customers.userId, v.userId))
    .get();
  // Written here, not only through CustomerProfiles after the commit: the customer's standing and the
  // customer.status_changed event must commit with the approval, whatever happens to this process next.
  const profile = {
    kycStatus: 'approved' as const,
    riskLevel: v.riskLevel,
    country: v.country,
    origin: 'kyc' as const,
  };
  await tx
    .insert(customers)
    .values({ userId: v.userId, ...profile, updatedAt: at })
    .onConflictDoUpdate({ target: customers.userId, set: { ...profile, updatedAt: at } });
  const from = before?.kycStatus ?? 'unverified';
  if (from !== 'approved')
    await enqueueNotification(
      tx,
      'customer.status_changed',
      {
        userId: v.userId,
        from,
        to: 'approved',
        reason: 'appeal_overturned',
        appealId: appeal.id,
        verificationId: v.id,
      },
      at,
    );
  return async () => {
    kyc.metrics.verifications.inc({ provider: v.provider, outcome: 'approved' });
    // The same values again, through the profile cache transaction screening reads.
    await syncProfile(kyc, { userId: v.userId, status: 'approved', riskLevel: v.riskLevel, country: v.country });
    await refreshBusinessesOf(kyc, v.id);
  };
}

/** After the commit: the new verification with another provider, linked to the appeal and audited. */
async function reverify(kyc: KycContext, v: VerificationRow, appeal: AppealRow, officer: Actor): Promise<void> {
  const applicant = kyc.cipher.decryptJson<Applicant>(v.applicantEnc, v.id);
  try {
    const started = await startVerification(
      kyc,
      { ...applicant, userId: v.userId, excludeProviders: [v.provider as ProviderId] },
      officer,
    );
    const at = kyc.clock();
    await kyc.db.transaction(async (tx) => {
      await tx.update(appeals).set({ reverificationId: started.verificationId }).where(eq(appeals.id, appeal.id));
      await appendAudit(tx, at, {
        verificationId: v.id,
        action: 'appeal_reverification_started',
        actor: officer,
        details: {
          appealId: appeal.id,
          reverificationId: started.verificationId,
          provider: started.provider,
          previousProvider: v.provider,
        },
      });
    });
  } catch (err) {
    // The decision stands (its case is decided); the failed start is on record, and the appeal shows no
    // reverificationId, so an officer starts one by hand.
    const error = err instanceof Error ? err.name : 'Error';
    kyc.logger.error({ appealId: appeal.id, error }, 'appeal re-verification could not be started');
    await appendAudit(kyc.db, kyc.clock(), {
      verificationId: v.id,
      action: 'appeal_reverification_failed',
      actor: officer,
      details: { appealId: appeal.id, previousProvider: v.provider, error },
    });
  }
}
