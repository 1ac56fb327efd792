/**
 * Database access for transaction screening: the group-commit writes, the per-customer history
 * load that rebuilds risk state, stored decisions for idempotent replays, and alerts.
 */
import { and, desc, eq, getTableColumns, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';
import {
  screenedTransactions,
  transactionAlerts,
  transactionDecisions,
  userMonitoring,
} from '../db/schema/transactions.ts';
import type { ActivityEntry } from '../risk/activity.ts';
import { parseDecimal } from '../risk/money.ts';
import type { Monitoring } from '../risk/types.ts';
import { bodyTag } from './body-hash.ts';
import type { BatchWriter, CommitOutcome } from './group-commit.ts';
import { KEYED_BODY_HASH_PREFIX } from './pii.ts';
import type { HistoryReader, HistoryRow } from './history-reader.ts';
import { TableRows, type RowGroup, type RowWriter } from './row-writer.ts';
import { lifetimeVolumeDeltas, lifetimeVolumeRows } from '../customers/lifetime-volume.ts';
import { caseEvents, cases } from '../db/schema/cases.ts';
import { notificationEvents } from '../db/schema/notifications.ts';
import { CASE_SEQ_EXPRESSION, transactionAlertCases } from '../cases/sources.ts';
import type { SlaHours } from '../cases/sla.ts';

/** Everything one screened transaction writes, in one commit. */
export interface DecisionRecord {
  transaction: typeof screenedTransactions.$inferInsert;
  decision: typeof transactionDecisions.$inferInsert;
  alert?: typeof transactionAlerts.$inferInsert;
  /** Set when this decision moved the customer to enhanced monitoring. */
  monitoring?: typeof userMonitoring.$inferInsert;
}

export interface UserHistory {
  entries: ActivityEntry[];
  /** Latest counted transaction at or before `from` (older than the loaded entries). */
  lastActiveBeforeHeld?: number;
  firstSeenAt?: number;
  monitoring: Monitoring;
}

export interface StoredDecision {
  userId: string;
  bodyHash: string;
  response: Record<string, unknown>;
  /** A held transaction's decision from its case (null while held, and for other decisions). */
  finalOutcome: 'released' | 'rejected' | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  counted: boolean;
}

export type AlertRow = typeof transactionAlerts.$inferSelect & { seq: number };

export interface LegacyRow {
  rowid: number;
  transactionId: string;
  /** The request JSON in clear. */
  request: string;
  counterpartyKey: string | null;
}

export interface SealedRow {
  transactionId: string;
  request: string;
  counterpartyKey: string | null;
  bodyHash: string;
}

export interface AlertFilter {
  status?: 'open' | 'closed';
  userId?: string;
  /** Page after this position (newest first): detection time and insertion order of the last alert seen. */
  after?: { detectedAt: number; seq: number };
  limit: number;
}

/** bodyTag of a row whose fingerprint predates keyed fingerprints: not comparable, the stored hash decides. */
export const UNKNOWN_BODY_TAG = -1;

const transactionRows = new TableRows(screenedTransactions);
const decisionRows = new TableRows(transactionDecisions);
const alertRows = new TableRows(transactionAlerts);
// Enhanced monitoring is sticky and its `since` is the first escalation: never overwritten.
const monitoringRows = new TableRows(userMonitoring, 'ignore');
// Every alert opens its case in the same commit (src/cases/sources.ts), so none is ever without one.
const caseRows = new TableRows(cases, 'fail', { seq: CASE_SEQ_EXPRESSION });
const caseEventRows = new TableRows(caseEvents);
const notificationRows = new TableRows(notificationEvents);

/** Rows of one table, typed by that table. */
const group = <T extends SQLiteTable>(rows: TableRows<T>, values: readonly T['$inferInsert'][]): RowGroup => ({
  rows,
  values,
});

/** A stored transaction as a window entry, whichever read path (the reader thread's tuples, drizzle's rows). */
export function activityEntry(
  transactionId: string,
  at: number,
  direction: ActivityEntry['direction'],
  amountUsd: string,
  counterpartyKey: string | null,
  bodyHash: string,
  counted: boolean,
): ActivityEntry {
  return {
    transactionId,
    at,
    direction,
    amountUsd: parseDecimal(amountUsd),
    ...(counterpartyKey ? { counterpartyKey } : {}),
    bodyTag: bodyHash.startsWith(KEYED_BODY_HASH_PREFIX) ? bodyTag(bodyHash) : UNKNOWN_BODY_TAG,
    counted,
  };
}

/** A row as the reader thread returns it. */
const entryOf = ([transactionId, at, direction, amountUsd, counterpartyKey, hash, counted]: HistoryRow) =>
  activityEntry(
    transactionId,
    new Date(at).getTime(),
    direction,
    amountUsd,
    counterpartyKey,
    hash,
    Number(counted) === 1,
  );

/** A customer's window entries with the summary of their older history. */
export function history(
  entries: ActivityEntry[],
  firstSeen: number | null | undefined,
  lastActive: number | null | undefined,
  monitoring: string | null | undefined,
): UserHistory {
  return {
    entries,
    ...(lastActive !== null && lastActive !== undefined ? { lastActiveBeforeHeld: Number(lastActive) } : {}),
    ...(firstSeen !== null && firstSeen !== undefined ? { firstSeenAt: Number(firstSeen) } : {}),
    monitoring: monitoring === 'enhanced' ? 'enhanced' : 'standard',
  };
}

export class TransactionStore implements BatchWriter<DecisionRecord> {
  /** `writer` takes the hot-path inserts; `db` serves everything else. */
  constructor(
    private readonly db: Db,
    /** Also the embedded file's writer for the re-screen commits (src/monitoring/chunk-commit.ts). */
    readonly writer: RowWriter,
    /** Due dates of the cases opened for alerts (CASES_SLA_*). */
    private readonly caseSla?: SlaHours,
    /** The cold path's reads off the event loop (embedded database); without it they go through `db`. */
    private readonly reader?: HistoryReader,
  ) {}

  /** One write transaction; multi-row inserts, one statement per table whatever the batch size. */
  async writeBatch(records: readonly DecisionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const alerts = records.flatMap((r) => (r.alert ? [r.alert] : []));
    const monitoring = records.flatMap((r) => (r.monitoring ? [r.monitoring] : []));
    const groups = [
      group(
        transactionRows,
        records.map((r) => r.transaction),
      ),
      group(
        decisionRows,
        records.map((r) => r.decision),
      ),
    ];
    if (alerts.length > 0) {
      groups.push(group(alertRows, alerts));
      const opened = transactionAlertCases(
        records.flatMap((r) =>
          r.alert
            ? [
                {
                  alertId: r.alert.alertId,
                  detectedAt: r.alert.detectedAt,
                  userId: r.alert.userId,
                  decision: r.alert.decision,
                  reasonCodes: r.decision.reasonCodes,
                  amountUsd: r.transaction.amountUsd,
                },
              ]
            : [],
        ),
        records[0]!.decision.evaluatedAt,
        this.caseSla,
      );
      groups.push(group(caseRows, opened.cases), group(caseEventRows, opened.events));
      groups.push(group(notificationRows, opened.notifications));
    }
    if (monitoring.length > 0) groups.push(group(monitoringRows, monitoring));
    // Held (review) transactions count when released, blocked ones never.
    const approved = records.filter((r) => r.decision.decision === 'approve');
    if (approved.length > 0) {
      const volume = approved.map((r) => ({
        userId: r.transaction.userId,
        amountUsd: parseDecimal(r.transaction.amountUsd),
      }));
      groups.push(group(lifetimeVolumeRows, lifetimeVolumeDeltas(volume, approved[0]!.decision.evaluatedAt)));
    }
    await this.writer.write(groups);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.reader?.close();
  }

  /** Every customer id with stored history (for the negative cache), in chunks; false when not supported here. */
  async knownCustomers(onIds: (ids: readonly string[]) => void): Promise<boolean> {
    if (!this.reader) return false;
    await this.reader.knownCustomers(onIds);
    return true;
  }

  async writeOne(record: DecisionRecord): Promise<CommitOutcome> {
    const existing = await this.db
      .select({ id: screenedTransactions.transactionId })
      .from(screenedTransactions)
      .where(eq(screenedTransactions.transactionId, record.transaction.transactionId))
      .get();
    if (existing) return 'duplicate';
    await this.writeBatch([record]);
    return 'written';
  }

  /** The customer's transactions after `from`, plus the summary the windows need about older ones. */
  async loadHistory(userId: string, from: number): Promise<UserHistory> {
    if (this.reader) {
      const { rows, summary } = await this.reader.history(userId, from);
      return history(rows.map(entryOf), summary.firstSeen, summary.lastActive, summary.monitoring);
    }
    const t = screenedTransactions;
    const rows = await this.db
      .select({
        transactionId: t.transactionId,
        at: t.occurredAt,
        direction: t.direction,
        amountUsd: t.amountUsd,
        counterpartyKey: t.counterpartyKey,
        bodyHash: t.bodyHash,
        counted: t.counted,
      })
      .from(t)
      .where(and(eq(t.userId, userId), gt(t.occurredAt, new Date(from))))
      .orderBy(t.occurredAt)
      .all();
    // Each aggregate in its own subquery so SQLite answers it from the (user_id, occurred_at) index.
    const summary = await this.db.get<{
      first_seen: number | null;
      last_active: number | null;
      monitoring: string | null;
    }>(sql`
      select
        (select min(${t.occurredAt}) from ${t} where ${t.userId} = ${userId}) as first_seen,
        (select max(${t.occurredAt}) from ${t} where ${t.userId} = ${userId} and ${t.counted} = 1 and ${t.occurredAt} <= ${from}) as last_active,
        (select ${userMonitoring.level} from ${userMonitoring} where ${userMonitoring.userId} = ${userId}) as monitoring`);
    const entries = rows.map((r) =>
      activityEntry(
        r.transactionId,
        r.at.getTime(),
        r.direction,
        r.amountUsd,
        r.counterpartyKey,
        r.bodyHash,
        r.counted,
      ),
    );
    return history(entries, summary?.first_seen, summary?.last_active, summary?.monitoring);
  }

  async findDecision(transactionId: string): Promise<StoredDecision | undefined> {
    const row = await this.db
      .select({
        userId: screenedTransactions.userId,
        bodyHash: screenedTransactions.bodyHash,
        response: transactionDecisions.response,
        finalOutcome: transactionDecisions.finalOutcome,
        decidedBy: transactionDecisions.decidedBy,
        decidedAt: transactionDecisions.decidedAt,
        counted: screenedTransactions.counted,
      })
      .from(screenedTransactions)
      .innerJoin(transactionDecisions, eq(transactionDecisions.transactionId, screenedTransactions.transactionId))
      .where(eq(screenedTransactions.transactionId, transactionId))
      .get();
    return row ?? undefined;
  }

  async listAlerts(filter: AlertFilter): Promise<AlertRow[]> {
    const a = transactionAlerts;
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(a.status, filter.status));
    if (filter.userId) conditions.push(eq(a.userId, filter.userId));
    // rowid orders alerts detected in the same millisecond, so pages neither skip nor repeat any.
    const seq = sql<number>`${a}.rowid`;
    if (filter.after)
      conditions.push(
        sql`(${a.detectedAt} < ${filter.after.detectedAt} or (${a.detectedAt} = ${filter.after.detectedAt} and ${seq} < ${filter.after.seq}))`,
      );
    return this.db
      .select({ ...getTableColumns(a), seq })
      .from(a)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(a.detectedAt), desc(seq))
      .limit(filter.limit)
      .all();
  }

  async getAlert(alertId: string): Promise<AlertRow | undefined> {
    const a = transactionAlerts;
    return (
      (await this.db
        .select({ ...getTableColumns(a), seq: sql<number>`${a}.rowid` })
        .from(a)
        .where(eq(a.alertId, alertId))
        .get()) ?? undefined
    );
  }

  async countOpenAlerts(userId: string): Promise<number> {
    const row = await this.db
      .select({ n: sql<number>`count(*)` })
      .from(transactionAlerts)
      .where(and(eq(transactionAlerts.userId, userId), eq(transactionAlerts.status, 'open')))
      .get();
    return Number(row?.n ?? 0);
  }

  /**
   * Rows written before personal data was sealed, oldest first: rowids grow with inserts, so they are a
   * prefix of the table and a sealed first row means there are none (one row read at every later start).
   */
  async legacyRows(afterRowid: number, limit: number): Promise<LegacyRow[]> {
    const t = screenedTransactions;
    const rows = await this.db
      .select({
        rowid: sql<number>`${t}.rowid`,
        transactionId: t.transactionId,
        request: t.request,
        counterpartyKey: t.counterpartyKey,
      })
      .from(t)
      .where(sql`${t}.rowid > ${afterRowid}`)
      .orderBy(sql`${t}.rowid`)
      .limit(limit)
      .all();
    const legacy: LegacyRow[] = [];
    for (const r of rows) {
      if (r.request.startsWith('v1.')) break;
      legacy.push(r);
    }
    return legacy;
  }

  /** Replaces legacy rows' clear values by their sealed and hashed forms, in one transaction. */
  async sealRows(rows: readonly SealedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const t = screenedTransactions;
    const [first, ...rest] = rows.map((r) =>
      this.db
        .update(t)
        .set({ request: r.request, counterpartyKey: r.counterpartyKey, bodyHash: r.bodyHash })
        .where(eq(t.transactionId, r.transactionId)),
    );
    await this.db.batch([first!, ...rest]);
  }

  /** Ids among `ids` already stored (used by tests and diagnostics). */
  async existing(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .select({ id: screenedTransactions.transactionId })
      .from(screenedTransactions)
      .where(inArray(screenedTransactions.transactionId, [...ids]))
      .all();
    return rows.map((r) => r.id);
  }
}
