/**
 * Forwarding a document to the provider that holds the verification (issue 15): the same document check
 * as POST /v1/kyc/documents/check runs first, and only an accepted photo is sent, in the provider's own
 * wire format, through its adapter; a refused photo is a RefusedError (422) carrying the check's problems. Nothing of the image is stored or logged; the audit trail gets the
 * document type, side, the check's codes and the provider's document id.
 *
 * No failover: the verification lives at one provider, and a document for its session means nothing to
 * another. A provider that cannot be reached is a 503 with Retry-After; the caller sends it again.
 */
import { BrokenCircuitError, TaskCancelledError, TimeoutStrategy, timeout, wrap } from 'cockatiel';
import countries from 'i18n-iso-countries';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  ProviderUnavailableError,
  RefusedError,
} from '../../errors.ts';
import { appendAudit } from '../audit.ts';
import { type KycContext, webhookUrl } from '../context.ts';
import { ProviderCallError, type DocumentImageType } from '../providers/types.ts';
import { FINAL_STATUSES } from '../state-machine.ts';
import { findVerification } from '../store.ts';
import type { Actor, Applicant, ProviderId } from '../types.ts';
import { checkDocument, type DocumentCheckDeps, type DocumentCheckInput, type DocumentCheckResult } from './check.ts';
import { linkDocumentCheck, type MrzField } from './link.ts';

export type ForwardChecks = DocumentCheckResult['checks'] & {
  mrz: DocumentCheckResult['checks']['mrz'] & { mismatches: MrzField[] };
};

export interface ForwardResult {
  forwarded: true;
  verificationId: string;
  provider: ProviderId;
  providerDocumentId?: string;
  checks: ForwardChecks;
}

/** The check accepted only JPEG, PNG and WebP: the magic bytes say which. */
export function imageContentType(b: Uint8Array): DocumentImageType {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45)
    return 'image/webp';
  return 'image/jpeg';
}

/**
 * The document's country for the provider: on a valid passport MRZ the nationality is the issuing
 * state's code (alpha-3); otherwise the applicant's country of residence is the best guess.
 */
function documentCountry(mrz: DocumentCheckResult['checks']['mrz'], applicant: Applicant): string {
  const fromMrz = mrz.valid && mrz.nationality ? countries.alpha3ToAlpha2(mrz.nationality) : undefined;
  return fromMrz ?? applicant.country;
}

export async function forwardDocument(
  ctx: KycContext,
  checkDeps: DocumentCheckDeps,
  input: DocumentCheckInput & { verificationId: string },
  actor: Actor,
): Promise<ForwardResult> {
  const { verificationId, ...check } = input;
  // What makes the call pointless is ruled out before the (costly) check runs.
  const v = await findVerification(ctx.db, verificationId);
  if (!v) throw new NotFoundError(`No verification ${verificationId}.`);
  const providerId = v.provider as ProviderId;
  if (FINAL_STATUSES.has(v.status))
    throw new ConflictError(`The verification is ${v.status}: it takes no more documents.`, { status: v.status });
  const provider = ctx.providers.get(providerId);
  if (!provider)
    throw new ProviderUnavailableError(`${providerId}, which holds this verification, is not configured.`, 60, {
      provider: providerId,
    });
  if (!provider.uploadDocument)
    throw new ConflictError(
      `${providerId} collects documents in its hosted flow: send the applicant to the verification's redirect URL.`,
      { provider: providerId },
    );

  // An open circuit is known before the check costs its OCR time; one that opens meanwhile is caught below.
  if (!ctx.circuits.available(providerId))
    throw new ProviderUnavailableError(
      `${providerId} is not being called for now after repeated failures.`,
      ctx.circuits.retryAfterSeconds(providerId),
      { provider: providerId },
    );

  const result = await checkDocument(checkDeps, check);
  // The same MRZ comparison and expiry record as a check made with a verificationId ('document_checked').
  const mismatches = await linkDocumentCheck(ctx, verificationId, result, actor);
  const checks: ForwardChecks = { ...result.checks, mrz: { ...result.checks.mrz, mismatches } };
  const summary = {
    provider: providerId,
    documentType: check.documentType ?? null,
    side: check.side ?? null,
    problems: result.problems.map((p) => p.code),
    mrzValid: result.checks.mrz.valid,
    mismatches,
  };
  if (!result.accepted) {
    await appendAudit(ctx.db, ctx.clock(), {
      verificationId,
      action: 'document_refused',
      actor,
      details: summary,
    });
    throw new RefusedError(
      'document-refused',
      'Document refused',
      'The photo did not pass the document check and was not forwarded: fix the problems listed and retake it.',
      { problems: result.problems, checks },
    );
  }

  /*
   * An MRZ that names someone else does not stop the forward: it is reported (`checks.mrz.mismatches`)
   * and kept in the audit trail. MRZ names legitimately differ from what the platform holds
   * (transliteration, a maiden or a middle name, truncation), the provider compares the document with
   * the applicant itself and decides with authority, and a wrong person is exactly what its decision
   * (and a compliance officer reading the trail) must see. Refusing here would hide the attempt.
   */
  const applicant = ctx.cipher.decryptJson<Applicant>(v.applicantEnc, v.id);
  const upload = provider.uploadDocument.bind(provider);
  // The provider's circuit around a deadline (KYC_START_DEADLINE): the same policies as a session start.
  const policy = wrap(
    ctx.circuits.policy(providerId),
    timeout(ctx.config.start.deadlineMs, TimeoutStrategy.Aggressive),
  );
  let providerDocumentId: string | undefined;
  try {
    const uploaded = await policy.execute(({ signal }) =>
      upload({
        verificationId,
        providerRef: v.providerRef,
        image: check.image,
        contentType: imageContentType(check.image),
        ...(check.documentType ? { documentType: check.documentType } : {}),
        ...(check.side ? { side: check.side } : {}),
        country: documentCountry(result.checks.mrz, applicant),
        callbackUrl: webhookUrl(ctx, providerId),
        signal,
      }),
    );
    providerDocumentId = uploaded.providerDocumentId;
  } catch (e) {
    // Another request's trial call holds the half-open circuit: nothing was sent.
    if (e instanceof BrokenCircuitError)
      throw new ProviderUnavailableError(
        `${providerId} is not being called for now after repeated failures.`,
        ctx.circuits.retryAfterSeconds(providerId),
        { provider: providerId },
      );
    const err = e instanceof TaskCancelledError ? new ProviderCallError(providerId, 'upload_document', 'timeout') : e;
    if (!(err instanceof ProviderCallError)) throw err;
    ctx.logger.warn(
      { provider: providerId, kind: err.kind, httpStatus: err.httpStatus, code: err.code, verificationId },
      'identity provider did not take the document',
    );
    await appendAudit(ctx.db, ctx.clock(), {
      verificationId,
      action: 'document_forward_failed',
      actor,
      details: { ...summary, errorKind: err.kind, httpStatus: err.httpStatus ?? null, errorCode: err.code ?? null },
    });
    // A document the provider refused (a 4xx on input) is the caller's to fix, not an outage.
    if (err.kind === 'rejected')
      throw new InvalidInputError(`${providerId} refused the document.`, [
        {
          path: 'image',
          message: `refused by ${providerId}${err.httpStatus ? ` (HTTP ${err.httpStatus}${err.code ? ` ${err.code}` : ''})` : ''}`,
        },
      ]);
    const wait = err.retryAfterSeconds ?? (ctx.circuits.retryAfterSeconds(providerId) || 30);
    throw new ProviderUnavailableError(`${providerId} did not take the document (${err.kind}).`, wait, {
      provider: providerId,
    });
  }
  await appendAudit(ctx.db, ctx.clock(), {
    verificationId,
    action: 'document_forwarded',
    actor,
    details: { ...summary, providerDocumentId: providerDocumentId ?? null },
  });
  return {
    forwarded: true,
    verificationId,
    provider: providerId,
    ...(providerDocumentId ? { providerDocumentId } : {}),
    checks,
  };
}
