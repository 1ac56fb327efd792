/** What the API shows of an appeal. The reason, documents and notes only for a viewer allowed personal data. */
import type { PiiCipher } from '../kyc/crypto.ts';
import type { AppealDocument } from './submit.ts';
import type { AppealRow } from './store.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function appealSummary(a: AppealRow) {
  return {
    appealId: a.id,
    verificationId: a.verificationId,
    userId: a.userId,
    status: a.status,
    escalated: a.escalated,
    priority: a.priority,
    lifetimeVolumeUsd: a.lifetimeVolumeUsd,
    caseId: a.caseId,
    documentCount: a.documentCount,
    createdAt: a.createdAt.toISOString(),
    outcome: a.outcome ?? null,
    decidedBy: a.decidedBy ?? null,
    decidedAt: iso(a.decidedAt),
    reverificationId: a.reverificationId ?? null,
  };
}

export function appealDetail(a: AppealRow, cipher: PiiCipher) {
  return {
    ...appealSummary(a),
    reason: cipher.decrypt(a.reasonEnc, a.id),
    documents: cipher.decryptJson<AppealDocument[]>(a.documentsEnc, a.id),
    notes: a.notesEnc ? cipher.decrypt(a.notesEnc, a.id) : null,
  };
}
