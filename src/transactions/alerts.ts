/** Alert queries and status changes for compliance officers. */
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { AlertFilter, AlertRow, TransactionStore } from './store.ts';

export interface AlertViewData {
  alertId: string;
  kind: 'transaction';
  transactionId: string;
  userId: string;
  decision: AlertRow['decision'];
  riskScore: number;
  ruleHits: Record<string, unknown>[];
  aggregates: Record<string, unknown>;
  detectedAt: string;
  status: AlertRow['status'];
  statusChangedAt: string | null;
  note: string | null;
}

export function alertView(a: AlertRow): AlertViewData {
  return {
    alertId: a.alertId,
    kind: 'transaction',
    transactionId: a.transactionId,
    userId: a.userId,
    decision: a.decision,
    riskScore: a.riskScore,
    ruleHits: a.ruleHits,
    aggregates: a.aggregates,
    detectedAt: a.detectedAt.toISOString(),
    status: a.status,
    statusChangedAt: a.statusChangedAt?.toISOString() ?? null,
    note: a.note ?? null,
  };
}

/** Opaque page cursor: where the last alert of a page sits in the newest-first order. */
export function encodeCursor(row: AlertRow): string {
  return Buffer.from(`${row.detectedAt.getTime()}:${row.seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): { detectedAt: number; seq: number } {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new InvalidInputError('The cursor is not valid.', [
      { path: 'cursor', message: 'pass the `next` value of the previous page' },
    ]);
  return { detectedAt: Number(m[1]), seq: Number(m[2]) };
}

/** Newest first; `next` is the cursor for the following page when this one is full. */
export async function listAlerts(
  store: TransactionStore,
  filter: AlertFilter,
): Promise<{ alerts: AlertViewData[]; next: string | null }> {
  const rows = await store.listAlerts(filter);
  const last = rows.at(-1);
  return { alerts: rows.map(alertView), next: rows.length === filter.limit && last ? encodeCursor(last) : null };
}

export async function getAlert(store: TransactionStore, alertId: string): Promise<AlertViewData> {
  const row = await store.getAlert(alertId);
  if (!row) throw new NotFoundError(`No alert ${alertId}.`);
  return alertView(row);
}

export async function setAlertStatus(
  store: TransactionStore,
  alertId: string,
  status: 'open' | 'closed',
  note: string | undefined,
  at: Date,
): Promise<AlertViewData> {
  const row = await store.setAlertStatus(alertId, status, note, at);
  if (!row) throw new NotFoundError(`No alert ${alertId}.`);
  return alertView(row);
}
