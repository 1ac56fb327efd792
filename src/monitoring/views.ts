/** API shapes of monitoring records. Explanations (which quote the customer's name) only in admin views. */
import type { PiiCipher } from '../kyc/crypto.ts';
import type { AlertRow, ClearingRow, RunRow } from './store.ts';

export const RESCREEN_KIND = 'sanctions.rescreen' as const;

export function rescreenAlertView(a: AlertRow, cipher: PiiCipher) {
  const explained = cipher.decryptJson<{ matchedName: string; explanation: unknown }>(
    a.explanationEnc,
    `rescreen:${a.userId}`,
  );
  return {
    alertId: a.alertId,
    kind: RESCREEN_KIND,
    userId: a.userId,
    runId: a.runId,
    entity: { source: a.source, sourceId: a.sourceId, name: a.entityName, programs: a.programs },
    listVersion: a.listVersion,
    score: a.score,
    matchedName: explained.matchedName,
    explanation: explained.explanation,
    clearedEntityChanged: a.clearedEntityChanged,
    ...(a.clearedEntityChanged
      ? { message: 'This entity had been cleared for this customer; its identifying content changed since.' }
      : {}),
    detectedAt: a.detectedAt.toISOString(),
    status: a.status,
    closeReason: a.closeReason ?? null,
    statusChangedAt: a.statusChangedAt?.toISOString() ?? null,
    note: a.note ?? null,
  };
}

export type RescreenAlertView = ReturnType<typeof rescreenAlertView>;

export function clearingView(c: ClearingRow, cipher: PiiCipher) {
  return {
    clearingId: c.id,
    source: c.source,
    sourceId: c.sourceId,
    entityHash: c.entityHash,
    reason: cipher.decrypt(c.reasonEnc, `clearing:${c.id}`),
    clearedBy: c.clearedBy,
    clearedAt: c.clearedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedBy: c.revokedBy ?? null,
  };
}

export function runView(r: RunRow) {
  return {
    runId: r.id,
    kind: r.kind,
    status: r.status,
    details: r.details,
    listVersions: r.listVersions,
    customersTotal: r.customersTotal,
    customersChecked: r.customersChecked,
    candidates: r.candidates,
    hits: r.hits,
    error: r.error ?? null,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
