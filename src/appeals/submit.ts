/**
 * The seed's submitAppeal: a customer contests a rejected verification. One transaction writes the appeal, its
 * case (escalated for a high-value customer), the KYC audit entry and the notifications, so none exists without
 * the others.
 */
import { randomUUID } from 'node:crypto';
import { openCase } from '../cases/store.ts';
import { lifetimeVolumeUsd } from '../customers/lifetime-volume.ts';
import { appeals } from '../db/schema/appeals.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { appendAudit } from '../kyc/audit.ts';
import type { KycContext } from '../kyc/context.ts';
import { findVerification } from '../kyc/store.ts';
import type { Actor } from '../kyc/types.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import type { AppealsConfig } from './config.ts';
import { escalationFor } from './escalation.ts';
import { openAppealOf } from './store.ts';

export interface AppealDocument {
  type: string;
  reference: string;
}

export interface AppealInput {
  reason: string;
  documents?: AppealDocument[];
}

export interface SubmittedAppeal {
  appealId: string;
  status: 'pending_review';
  escalated: boolean;
  priority: 'high' | 'normal';
  caseId: string;
}

export interface SubmitDeps {
  kyc: Pick<KycContext, 'db' | 'cipher' | 'clock' | 'caseSla'>;
  config: AppealsConfig;
}

/** `actor.id` is `api-key:<id>`; `officer` is the X-Actor name, if any, recorded as given. */
export async function submitAppeal(
  deps: SubmitDeps,
  verificationId: string,
  input: AppealInput,
  actor: Actor,
  officer?: string,
): Promise<SubmittedAppeal> {
  const { db, cipher } = deps.kyc;
  const at = deps.kyc.clock();
  try {
    return await db.transaction(async (tx) => {
      const v = await findVerification(tx, verificationId);
      if (!v) throw new NotFoundError(`No verification ${verificationId}.`);
      if (v.status !== 'rejected')
        throw new ConflictError(`Only a rejected verification can be appealed; this one is ${v.status}.`, {
          currentStatus: v.status,
        });
      const open = await openAppealOf(tx, verificationId);
      if (open) throw alreadyOpen(open.id);
      const volume = await lifetimeVolumeUsd(tx, v.userId);
      const { escalated, priority } = escalationFor(volume, deps.config.escalationVolumeUsd);
      const appealId = `apl_${randomUUID()}`;
      const documents = input.documents ?? [];
      const caseId = await openCase(
        tx,
        {
          kind: 'appeal',
          userId: v.userId,
          subjectId: appealId,
          summary: `appeal of a ${v.provider} rejection${escalated ? ' · high-value customer' : ''}`,
          priority,
          escalated,
          ...(deps.kyc.caseSla ? { sla: deps.kyc.caseSla } : {}),
          actor: actor.id,
          ...(officer ? { officer } : {}),
        },
        at,
      );
      await tx.insert(appeals).values({
        id: appealId,
        verificationId,
        userId: v.userId,
        status: 'pending_review',
        reasonEnc: cipher.encrypt(input.reason, appealId),
        documentsEnc: cipher.encryptJson(documents, appealId),
        documentCount: documents.length,
        escalated,
        priority,
        lifetimeVolumeUsd: volume,
        caseId,
        submittedBy: actor.id,
        createdAt: at,
      });
      await appendAudit(tx, at, {
        verificationId,
        action: 'appeal_submitted',
        actor,
        fromStatus: 'rejected',
        toStatus: 'rejected',
        details: {
          appealId,
          caseId,
          escalated,
          priority,
          lifetimeVolumeUsd: volume,
          documentCount: documents.length,
          reasonLength: input.reason.length,
        },
      });
      await enqueueNotification(
        tx,
        'appeal.created',
        { appealId, verificationId, userId: v.userId, caseId, status: 'pending_review', escalated, priority },
        at,
      );
      return {
        appealId,
        status: 'pending_review' as const,
        escalated,
        priority: priority as 'high' | 'normal',
        caseId,
      };
    });
  } catch (err) {
    // Two submissions at once: the partial unique index lets one through, the other is the 409 it would have got.
    if (isUniqueViolation(err)) throw alreadyOpen();
    throw err;
  }
}

function alreadyOpen(appealId?: string): ConflictError {
  return new ConflictError(
    'This verification already has an open appeal; it can be appealed again once that one is decided.',
    appealId ? { appealId } : {},
  );
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (
      (e as { code?: string }).code === '23505' ||
      /UNIQUE constraint failed: appeals\.verification_id/.test(e.message)
    )
      return true;
  }
  return false;
}
