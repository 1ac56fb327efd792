/**
 * Starting a verification: risk assessment (jurisdiction, age), provider choice, the provider session
 * with failover while the sanctions screening runs, then one transaction that records the
 * verification, its sanctions results, its attempts and its audit trail.
 */
import { randomUUID } from 'node:crypto';
import { InvalidInputError, ProviderUnavailableError } from '../errors.ts';
import { kycSanctionsResults, kycVerifications } from '../db/schema/kyc.ts';
import { appendAudit } from './audit.ts';
import type { KycContext } from './context.ts';
import { type FailoverResult, SessionStartFailedError, startWithFailover } from './failover.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { listsProvenance, type ListsProvenance } from '../sanctions/provenance.ts';
import { OBFUSCATED_NAME } from './decision.ts';
import { syncProfile } from './profile-sync.ts';
import { assessApplicant, withNameCheck, withSanctions } from './risk.ts';
import { planRoute } from './router.ts';
import { screenApplicant, type SanctionsCheck } from './sanctions-check.ts';
import { recordAttempts, type VerificationRow } from './store.ts';
import type { Actor, Applicant, ProviderId, RiskLevel, VerificationStatus } from './types.ts';

/** The stored column's shape: the same object, with the source ids widened to strings. */
type StoredLists = VerificationRow['listsProvenance'];

export interface StartInput extends Applicant {
  userId: string;
  provider?: ProviderId;
  /** Providers not to use (an appeal's re-verification goes to another provider than the one that rejected). */
  excludeProviders?: readonly ProviderId[];
}

export interface StartResult {
  verificationId: string;
  provider: ProviderId;
  status: VerificationStatus;
  riskLevel: RiskLevel;
  redirectUrl: string;
  sanctions: { screened: boolean; hits: { source: string; sourceId: string; name: string; score: number }[] };
  /** The list versions the applicant was screened against; null when no lists were loaded (not screened). */
  lists: ListsProvenance | null;
  estimatedProcessingMinutes: number;
}

/** Shown until a provider has enough decided sessions for a measured median. */
const DEFAULT_PROCESSING_MINUTES = 10;

export async function startVerification(ctx: KycContext, input: StartInput, actor: Actor): Promise<StartResult> {
  const now = ctx.clock();
  const { userId, provider: requested, excludeProviders = [], ...applicant } = input;
  if (requested && !ctx.providers.has(requested)) {
    throw new InvalidInputError(`The provider "${requested}" is not enabled here.`, [
      { path: 'provider', message: `enabled: ${[...ctx.providers.keys()].join(', ') || 'none'}` },
    ]);
  }
  if (ctx.providers.size === 0) throw new ProviderUnavailableError('No identity provider is configured.', 300);

  const initial = withNameCheck(assessApplicant(applicant, now, ctx.config.routing), [
    applicant.firstName,
    applicant.lastName,
  ]);
  const stats = await ctx.stats.get();
  const plan = planRoute(
    { country: applicant.country, riskLevel: initial.level, ...(requested ? { requested } : {}) },
    [...ctx.providers.keys()].filter((p) => !excludeProviders.includes(p)),
    stats,
    ctx.config.routing,
  );
  if (plan.candidates.length === 0) {
    if (requested) {
      const why = plan.excluded.find((e) => e.provider === requested)?.reason;
      throw new InvalidInputError(`The provider "${requested}" may not be used for this applicant (${why}).`, [
        { path: 'provider', message: `not allowed: ${why}` },
      ]);
    }
    throw new ProviderUnavailableError('No enabled identity provider is allowed for this applicant.', 300, {
      excluded: plan.excluded,
    });
  }

  const verificationId = randomUUID();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs);
  // The provider call goes out first; the sanctions screening (CPU, in memory) runs while it is in flight.
  const started = startWithFailover(
    ctx,
    plan.candidates,
    { verificationId, userId, riskLevel: initial.level, applicant, expiresAt },
    requested !== undefined,
  );
  started.catch(() => undefined);
  // One snapshot for the screening and its provenance, even if a refresh swaps the lists meanwhile.
  const snapshot = ctx.lists();
  const sanctions = screenSafely(ctx, snapshot, applicant);
  const lists = sanctions.screened && snapshot ? listsProvenance(snapshot) : null;
  let result: FailoverResult;
  try {
    result = await started;
  } catch (err) {
    if (err instanceof SessionStartFailedError) await recordAttempts(ctx.db, err.attempts);
    throw err;
  }
  const { provider, session, attempts } = result;
  const risk = withSanctions(initial, { screened: sanctions.screened, hits: sanctions.hits.length });
  const flags = [
    ...(sanctions.hits.length > 0 ? ['sanctions_match'] : []),
    ...(sanctions.screened ? [] : ['sanctions_not_screened']),
    ...risk.reasons.filter((r) => r === 'under_18' || r === OBFUSCATED_NAME),
  ];
  const system: Actor = { type: 'system', id: 'kyc-service' };

  await ctx.db.transaction(async (tx) => {
    await tx.insert(kycVerifications).values({
      id: verificationId,
      userId,
      provider,
      providerRef: session.providerRef,
      status: session.status,
      riskLevel: risk.level,
      riskReasons: risk.reasons,
      country: applicant.country,
      applicantEnc: ctx.cipher.encryptJson(applicant, verificationId),
      redirectUrl: ctx.cipher.encrypt(session.redirectUrl, verificationId),
      sanctionsScreened: sanctions.screened,
      sanctionsHits: sanctions.hits.length,
      providerResult: null,
      listsProvenance: lists as StoredLists,
      complianceFlags: [...new Set(flags)],
      decisionReasons: [],
      createdAt: now,
      updatedAt: now,
      expiresAt,
    });
    if (sanctions.hits.length > 0) {
      await tx.insert(kycSanctionsResults).values(
        sanctions.hits.map((h) => ({
          verificationId,
          source: h.source,
          sourceId: h.sourceId,
          listedName: h.name,
          score: h.score,
          details: { matchedListName: h.matchedName, programs: h.programs, threshold: sanctions.threshold },
          explanationEnc: ctx.cipher.encryptJson(h.explanation ?? null, verificationId),
          manualReviewRequired: true,
          createdAt: now,
        })),
      );
    }
    await recordAttempts(tx, attempts);
    await appendAudit(
      tx,
      now,
      {
        verificationId,
        action: 'verification_requested',
        actor,
        toStatus: null,
        details: { country: applicant.country, requestedProvider: requested ?? null },
      },
      {
        verificationId,
        action: 'risk_assessed',
        actor: system,
        details: { riskLevel: risk.level, reasons: risk.reasons },
      },
      {
        verificationId,
        action: 'sanctions_screened',
        actor: system,
        details: {
          screened: sanctions.screened,
          threshold: sanctions.threshold,
          lists,
          hits: sanctions.hits.map((h) => ({ source: h.source, sourceId: h.sourceId, score: h.score })),
        },
      },
      {
        verificationId,
        action: 'provider_selected',
        actor: system,
        details: {
          provider,
          basis: plan.basis,
          preferred: plan.preferred ?? null,
          candidates: plan.candidates,
          excluded: plan.excluded,
          attempts: attempts.map((a) => ({ provider: a.provider, outcome: a.outcome, errorKind: a.errorKind })),
        },
      },
      {
        verificationId,
        action: 'session_started',
        actor: { type: 'provider', id: provider },
        toStatus: session.status,
        details: { providerRef: session.providerRef, expiresAt: expiresAt.toISOString() },
      },
    );
  });
  ctx.stats.invalidate();
  ctx.metrics.verifications.inc({ provider, outcome: session.status });

  // The customer's state for transaction screening: a new verification does not demote an approved customer.
  await syncProfile(ctx, { userId, status: session.status, riskLevel: risk.level, country: applicant.country });

  const median = stats.get(provider)?.medianMinutes;
  return {
    verificationId,
    provider,
    status: session.status,
    riskLevel: risk.level,
    redirectUrl: session.redirectUrl,
    sanctions: {
      screened: sanctions.screened,
      hits: sanctions.hits.map((h) => ({ source: h.source, sourceId: h.sourceId, name: h.name, score: h.score })),
    },
    lists,
    estimatedProcessingMinutes: Math.max(1, Math.round(median ?? DEFAULT_PROCESSING_MINUTES)),
  };
}

/** A failure inside screening must not approve anyone: it counts as "not screened", which blocks auto-approval. */
function screenSafely(ctx: KycContext, snapshot: ListSnapshot | undefined, applicant: Applicant): SanctionsCheck {
  try {
    return screenApplicant(snapshot, applicant, ctx.matchThreshold);
  } catch (err) {
    ctx.logger.error(
      { err: err instanceof Error ? err.message : String(err) },
      'sanctions screening failed during KYC start; the verification cannot be auto-approved',
    );
    return { screened: false, hits: [], threshold: ctx.matchThreshold };
  }
}
