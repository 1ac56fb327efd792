/**
 * GET /v1/alerts over both kinds: transaction alerts and re-screen alerts ("sanctions.rescreen"), newest first,
 * filtered by kind, status and customer. The two live in their own tables; a page is the merge of the next
 * rows of each, and the cursor says where the last alert shown sits in the merged order (time, then
 * transaction before re-screen within the same millisecond, then insertion order), so pages neither skip
 * nor repeat an alert.
 */
import { InvalidInputError } from '../errors.ts';
import { NotFoundError } from '../errors.ts';
import { eq } from 'drizzle-orm';
import type { CaseRecord } from '../cases/outcomes.ts';
import { decideCaseOfSubject, findCaseOf } from '../cases/store.ts';
import type { Db } from '../db/client.ts';
import { transactionAlerts } from '../db/schema/transactions.ts';
import { ConflictError } from '../errors.ts';
import {
  type AlertViewData,
  alertCaseView,
  alertForCase,
  alertView,
  closeTransactionAlert,
} from '../transactions/alerts.ts';
import type { TransactionStore } from '../transactions/store.ts';
import type { MonitoringService } from './service.ts';
import type { RescreenAlertView } from './views.ts';

export const ALERT_KINDS = ['transaction', 'sanctions.rescreen'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AllAlertsFilter {
  limit: number;
  kind?: AlertKind;
  status?: 'open' | 'closed';
  userId?: string;
  cursor?: string;
}

type Item = { kind: AlertKind; detectedAt: number; seq: number; view: AlertViewData | RescreenAlertView };

interface Position {
  detectedAt: number;
  seq: number;
  kind: AlertKind;
}

const RANK: Record<AlertKind, number> = { transaction: 0, 'sanctions.rescreen': 1 };

function encode(p: Position): string {
  return Buffer.from(`${p.detectedAt}:${p.seq}:${RANK[p.kind]}`).toString('base64url');
}

function decode(cursor: string): Position {
  const m = /^(\d{1,15}):(\d{1,15})(?::([01]))?$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new InvalidInputError('The cursor is not valid.', [
      { path: 'cursor', message: 'pass the `next` value of the previous page' },
    ]);
  return { detectedAt: Number(m[1]), seq: Number(m[2]), kind: m[3] === '1' ? 'sanctions.rescreen' : 'transaction' };
}

/** Where each table resumes after `p` in the merged order. */
function resumeAfter(p: Position, kind: AlertKind): { detectedAt: number; seq: number } {
  if (p.kind === kind) return { detectedAt: p.detectedAt, seq: p.seq };
  // The other kind: transaction alerts of that millisecond were all shown before it; re-screen ones were not.
  return kind === 'transaction'
    ? { detectedAt: p.detectedAt, seq: 0 }
    : { detectedAt: p.detectedAt, seq: Number.MAX_SAFE_INTEGER };
}

export async function listAllAlerts(
  transactions: TransactionStore,
  monitoring: MonitoringService,
  f: AllAlertsFilter,
): Promise<{ alerts: (AlertViewData | RescreenAlertView)[]; next: string | null }> {
  const at = f.cursor ? decode(f.cursor) : undefined;
  const base = { limit: f.limit, ...(f.status ? { status: f.status } : {}), ...(f.userId ? { userId: f.userId } : {}) };
  const items: Item[] = [];
  if (f.kind !== 'sanctions.rescreen') {
    const rows = await transactions.listAlerts({ ...base, ...(at ? { after: resumeAfter(at, 'transaction') } : {}) });
    for (const r of rows)
      items.push({ kind: 'transaction', detectedAt: r.detectedAt.getTime(), seq: r.seq, view: alertView(r) });
  }
  if (f.kind !== 'transaction') {
    const rows = await monitoring.listAlerts({
      ...base,
      ...(at ? { after: resumeAfter(at, 'sanctions.rescreen') } : {}),
    });
    for (const r of rows)
      items.push({ kind: 'sanctions.rescreen', detectedAt: r.row.detectedAt.getTime(), seq: r.row.seq, view: r.view });
  }
  items.sort((a, b) => b.detectedAt - a.detectedAt || RANK[a.kind] - RANK[b.kind] || b.seq - a.seq);
  const page = items.slice(0, f.limit);
  const last = page.at(-1);
  return { alerts: page.map((i) => i.view), next: page.length === f.limit && last ? encode(last) : null };
}

/** GET /v1/alerts/:id of either kind. */
export async function getAnyAlert(transactions: TransactionStore, monitoring: MonitoringService, alertId: string) {
  const t = await transactions.getAlert(alertId);
  if (t) return alertView(t);
  const r = await monitoring.getAlert(alertId);
  if (!r) throw new NotFoundError(`No alert ${alertId}.`);
  return r;
}

/**
 * PATCH /v1/alerts/:id of either kind. An alert and its case never disagree: closing an alert decides its case
 * (transaction: clear; re-screen: clear_false_positive, reason alert_resolved), in the same transaction for a
 * transaction alert. A held transaction is not closed here: it needs a final outcome (release or reject), which
 * only its case decision gives, so the answer is a 409 naming the case. An alert whose case is decided is not
 * reopened (the decision stands; 409).
 */
export async function setAnyAlertStatus(
  d: { db: Db; monitoring: MonitoringService },
  alertId: string,
  status: 'open' | 'closed',
  note: string | undefined,
  at: Date,
  actor: string,
) {
  const decision = (outcome: string) => ({
    outcome,
    reason: 'alert_closed',
    actor,
    data: { alertId, via: 'alerts_endpoint' },
  });
  const rescreen = await d.monitoring.getAlert(alertId);
  if (rescreen) {
    await d.db.transaction(async (tx) => {
      const c = await findCaseOf(tx, 'sanctions_rescreen', alertId);
      if (status === 'open') refuseReopen(c);
      else await decideCaseOfSubject(tx, 'sanctions_rescreen', alertId, decision('clear_false_positive'), at);
    });
    return d.monitoring.setAlertStatus(alertId, status, note);
  }
  await d.db.transaction(async (tx) => {
    const a = await alertForCase(tx, alertId);
    const c = await findCaseOf(tx, 'transaction', alertId);
    if (status === 'open') {
      refuseReopen(c);
      await tx
        .update(transactionAlerts)
        .set({ status, statusChangedAt: at, ...(note !== undefined ? { note } : {}) })
        .where(eq(transactionAlerts.alertId, alertId));
      return;
    }
    if (a.decision === 'review' && a.finalOutcome === null)
      throw new ConflictError(
        `The transaction is held: release or reject it with POST /v1/cases/${c?.id ?? '<case>'}/decision.`,
        { caseId: c?.id ?? null, transactionId: a.transactionId },
      );
    await closeTransactionAlert(tx, alertId, note, at);
    await decideCaseOfSubject(tx, 'transaction', alertId, decision('clear'), at);
  });
  return alertCaseView(d.db, alertId);
}

function refuseReopen(c: CaseRecord | undefined): void {
  if (c?.status === 'decided')
    throw new ConflictError(`The alert's case ${c.id} is decided (${c.outcome}); its decision stands.`, {
      caseId: c.id,
    });
}
