/**
 * What the API shows of a verification. Personal data is decrypted only for a caller allowed to see
 * it (a compliance officer, scope admin), and that access is itself audited.
 */
import { NotFoundError } from '../errors.ts';
import { appendAudit, listAudit } from './audit.ts';
import type { KycContext } from './context.ts';
import { currentApproval, reverificationOf } from './reverify.ts';
import { type VerificationRow, findVerification, sanctionsResultsOf, verificationsOfUser } from './store.ts';
import type { Actor, Applicant } from './types.ts';

export async function viewVerification(ctx: KycContext, id: string, viewer: { actor: Actor; personalData: boolean }) {
  const v = await findVerification(ctx.db, id);
  if (!v) throw new NotFoundError(`No verification ${id}.`);
  if (viewer.personalData) {
    await appendAudit(ctx.db, ctx.clock(), {
      verificationId: id,
      action: 'personal_data_viewed',
      actor: viewer.actor,
      details: {},
    });
  }
  const [audit, sanctions] = await Promise.all([listAudit(ctx.db, id), sanctionsResultsOf(ctx.db, id)]);
  const pii = viewer.personalData;
  return {
    verificationId: v.id,
    userId: v.userId,
    provider: v.provider,
    providerRef: v.providerRef,
    status: v.status,
    riskLevel: v.riskLevel,
    riskReasons: v.riskReasons,
    country: v.country,
    redirectUrl: ctx.cipher.decrypt(v.redirectUrl, v.id),
    providerResult: v.providerResult,
    lists: v.listsProvenance ?? null,
    complianceFlags: v.complianceFlags,
    decisionReasons: v.decisionReasons,
    decidedBy: v.decidedBy,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    expiresAt: v.expiresAt.toISOString(),
    ...(pii ? { applicant: ctx.cipher.decryptJson<Applicant>(v.applicantEnc, v.id) } : {}),
    ...(pii && v.reviewNotesEnc ? { reviewNotes: ctx.cipher.decrypt(v.reviewNotesEnc, v.id) } : {}),
    sanctions: {
      screened: v.sanctionsScreened,
      hits: sanctions.map((s) => ({
        source: s.source,
        sourceId: s.sourceId,
        name: s.listedName,
        score: s.score,
        details: s.details,
        manualReviewRequired: s.manualReviewRequired,
        reviewedBy: s.reviewedBy,
        reviewedAt: s.reviewedAt?.toISOString() ?? null,
        ...(pii && s.explanationEnc ? { explanation: ctx.cipher.decryptJson<unknown>(s.explanationEnc, v.id) } : {}),
      })),
    },
    audit: audit.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}

/** How many of a customer's verifications the customer view lists (a re-verified customer has a few). */
export const MAX_VERIFICATION_HISTORY = 50;

const historyEntry = (v: VerificationRow) => ({
  verificationId: v.id,
  provider: v.provider,
  status: v.status,
  createdAt: v.createdAt.toISOString(),
  updatedAt: v.updatedAt.toISOString(),
});

export async function viewUserKyc(ctx: KycContext, userId: string) {
  const [profile, history, approval] = await Promise.all([
    ctx.customers.get(userId),
    verificationsOfUser(ctx.db, userId, MAX_VERIFICATION_HISTORY),
    currentApproval(ctx, userId),
  ]);
  const latest = history[0];
  if (!profile && !latest) throw new NotFoundError(`No KYC record for user ${userId}.`);
  return {
    userId,
    kycStatus: profile?.kycStatus ?? latest!.status,
    riskLevel: profile?.riskLevel ?? latest!.riskLevel,
    latestVerification: latest ? historyEntry(latest) : null,
    verifications: history.map(historyEntry),
    reverification: approval ? reverificationOf(ctx.config.reverify, approval, ctx.clock()) : null,
    updatedAt: (profile?.updatedAt ?? latest!.updatedAt).toISOString(),
  };
}
