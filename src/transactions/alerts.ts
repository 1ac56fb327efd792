/** Alert queries and status changes for compliance officers. */
import { and, eq, isNull } from 'drizzle-orm';
import {
  type FINAL_OUTCOMES,
  screenedTransactions,
  transactionAlerts,
  transactionDecisions,
} from '../db/schema/transactions.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { DbOrTx } from '../kyc/db.ts';
import type { AlertFilter, AlertRow, TransactionStore } from './store.ts';

export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

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

/** One transaction alert as GET /v1/alerts shows it. */
export async function alertCaseView(db: DbOrTx, alertId: string): Promise<AlertViewData> {
  const row = await db.select().from(transactionAlerts).where(eq(transactionAlerts.alertId, alertId)).get();
  if (!row) throw new NotFoundError(`No alert ${alertId}.`);
  return alertView({ ...row, seq: 0 });
}

// ── Verbs the case layer decides through (inside the case decision's transaction) ───────────────

/** A transaction alert as its case needs it: the alert, and the transaction's amount and final outcome. */
export async function alertForCase(tx: DbOrTx, alertId: string) {
  const a = transactionAlerts;
  const row = await tx
    .select({
      alertId: a.alertId,
      transactionId: a.transactionId,
      userId: a.userId,
      decision: a.decision,
      status: a.status,
      amountUsd: screenedTransactions.amountUsd,
      finalOutcome: transactionDecisions.finalOutcome,
    })
    .from(a)
    .innerJoin(screenedTransactions, eq(screenedTransactions.transactionId, a.transactionId))
    .innerJoin(transactionDecisions, eq(transactionDecisions.transactionId, a.transactionId))
    .where(eq(a.alertId, alertId))
    .get();
  if (!row) throw new NotFoundError(`No alert ${alertId}.`);
  return row;
}

/** Closes a transaction alert (a note, when given, replaces the previous one). */
export async function closeTransactionAlert(tx: DbOrTx, alertId: string, note: string | undefined, at: Date) {
  await tx
    .update(transactionAlerts)
    .set({ status: 'closed', statusChangedAt: at, ...(note !== undefined ? { note } : {}) })
    .where(eq(transactionAlerts.alertId, alertId));
}

/**
 * A held transaction's final outcome. Released: executed, it stays counted in the customer's aggregates.
 * Rejected: not executed, so it stops counting (`counted` = false; the in-memory state must be rebuilt after
 * the commit). Guarded: a transaction gets one final outcome.
 */
export async function finishHeldTransaction(
  tx: DbOrTx,
  transactionId: string,
  outcome: FinalOutcome,
  decidedBy: string,
  at: Date,
): Promise<void> {
  const d = transactionDecisions;
  const updated = await tx
    .update(d)
    .set({ finalOutcome: outcome, decidedBy, decidedAt: at })
    .where(and(eq(d.transactionId, transactionId), eq(d.decision, 'review'), isNull(d.finalOutcome)))
    .returning({ id: d.transactionId });
  if (updated.length === 0)
    throw new ConflictError(`Transaction ${transactionId} is not held, or already has its final outcome.`);
  if (outcome === 'rejected')
    await tx
      .update(screenedTransactions)
      .set({ counted: false })
      .where(eq(screenedTransactions.transactionId, transactionId));
}

/** The alert with its reasons and aggregates, and where its transaction stands (GET /v1/cases/:id). */
export async function alertCaseSubject(db: DbOrTx, alertId: string) {
  const row = await db
    .select({ alert: transactionAlerts, d: transactionDecisions, amountUsd: screenedTransactions.amountUsd })
    .from(transactionAlerts)
    .innerJoin(transactionDecisions, eq(transactionDecisions.transactionId, transactionAlerts.transactionId))
    .innerJoin(screenedTransactions, eq(screenedTransactions.transactionId, transactionAlerts.transactionId))
    .where(eq(transactionAlerts.alertId, alertId))
    .get();
  if (!row) return null;
  return {
    alert: alertView({ ...row.alert, seq: 0 }),
    transaction: {
      transactionId: row.d.transactionId,
      decision: row.d.decision,
      amountUsd: row.amountUsd,
      held: row.d.decision === 'review',
      finalOutcome: row.d.finalOutcome ?? null,
      decidedBy: row.d.decidedBy ?? null,
      decidedAt: row.d.decidedAt?.toISOString() ?? null,
    },
  };
}
