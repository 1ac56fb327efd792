/**
 * What a re-screened batch writes, in one commit: the alerts it raises (with their cases), the customers' new
 * screening dates and the run's progress. Shared by the main thread (delta and on-demand screenings, and full runs
 * without a worker) and the scoring worker (full runs), so both decide and write exactly alike.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { MessagePort } from 'node:worker_threads';
import type { InValue } from '@libsql/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SlaHours } from '../cases/sla.ts';
import { rescreenAlertCaseWrites } from '../cases/sources.ts';
import type { Db } from '../db/client.ts';
import type { SqlStatement } from '../db/statement-port.ts';
import { monitoredCustomers, rescreenAlerts, screeningRuns } from '../db/schema/monitoring.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { MonitoringConfig } from './config.ts';
import { decide, entityRef, type MatchOutcome, type ScoredMatch } from './matching.ts';
import type { ClearingRow, DueRow, NewAlertRow } from './store.ts';

export interface CustomerOutcome {
  userId: string;
  outcomes: MatchOutcome[];
  alerts: NewAlertRow[];
}

export interface RunProgress {
  cursor?: number;
  checked: number;
  candidates: number;
}

/** Per customer, the active clearings: entity ref → the entity hash when cleared (rows newest first). */
export function clearingMaps(rows: readonly ClearingRow[]): Map<string, Map<string, string>> {
  const clearings = new Map<string, Map<string, string>>();
  for (const c of rows) {
    let m = clearings.get(c.userId);
    if (!m) {
      m = new Map();
      clearings.set(c.userId, m);
    }
    // Newest first: the latest clearing of a pair is the one that counts.
    const ref = entityRef(c.source, c.sourceId);
    if (!m.has(ref)) m.set(ref, c.entityHash);
  }
  return clearings;
}

export interface DecideInput {
  cipher: PiiCipher;
  /** Customers with at least one match. */
  matched: readonly { userId: string; matches: readonly ScoredMatch[] }[];
  clearings: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Entity refs under an open alert, per customer. */
  openOf: (userId: string) => ReadonlySet<string>;
  runId: string | null;
  versions: Record<string, string>;
  now: Date;
}

/** Which matches become alerts (clearings and open alerts decide), and the alert rows, explanation encrypted. */
export function decideAlerts(d: DecideInput): CustomerOutcome[] {
  const results: CustomerOutcome[] = [];
  for (const { userId, matches } of d.matched) {
    const outcomes = decide(matches, { clearings: d.clearings.get(userId) ?? new Map(), open: d.openOf(userId) });
    const alerts: NewAlertRow[] = [];
    for (const out of outcomes) {
      if (out.kind !== 'raise') continue;
      const m = out.match;
      alerts.push({
        alertId: `alt_${randomUUID()}`,
        userId,
        runId: d.runId,
        source: m.source,
        sourceId: m.sourceId,
        entityName: m.name,
        programs: m.programs,
        entityHash: out.hash,
        listVersion: d.versions[m.source] ?? null,
        score: m.score,
        explanationEnc: d.cipher.encryptJson(
          { matchedName: m.matchedName, explanation: m.explanation },
          `rescreen:${userId}`,
        ),
        clearedEntityChanged: out.clearedEntityChanged,
        status: 'open',
        detectedAt: d.now,
      });
    }
    results.push({ userId, outcomes, alerts });
  }
  return results;
}

export interface CommitInput {
  alerts: readonly NewAlertRow[];
  /** The customers screened (an unreadable identity is not): their dates move. */
  screened: readonly Pick<DueRow, 'id' | 'riskLevel'>[];
  /** full and on-demand screenings move the customer's schedule; a delta screening does not. */
  full: boolean;
  now: Date;
  versions: Record<string, string>;
  intervals: MonitoringConfig['intervals'];
  runId: string | null;
  runProgress?: RunProgress;
  caseSla?: SlaHours;
}

/** The statements of the batch's one commit (empty when there is nothing to write). */
export function commitWrites(db: Db, c: CommitInput): BatchItem<'sqlite'>[] {
  const writes: BatchItem<'sqlite'>[] = [];
  if (c.alerts.length > 0)
    writes.push(
      db.insert(rescreenAlerts).values([...c.alerts]),
      ...rescreenAlertCaseWrites(db, c.alerts, c.now, c.caseSla),
    );
  if (c.full) {
    for (const level of ['high', 'medium', 'low'] as const) {
      const ids = c.screened.filter((r) => (r.riskLevel ?? 'medium') === level).map((r) => r.id);
      if (ids.length === 0) continue;
      writes.push(
        db
          .update(monitoredCustomers)
          .set({
            lastScreenedAt: c.now,
            lastFullAt: c.now,
            nextDueAt: new Date(c.now.getTime() + c.intervals[level]),
            listVersions: c.versions,
          })
          .where(inArray(monitoredCustomers.id, ids)),
      );
    }
  } else if (c.screened.length > 0) {
    writes.push(
      db
        .update(monitoredCustomers)
        .set({ lastScreenedAt: c.now, listVersions: c.versions })
        .where(
          inArray(
            monitoredCustomers.id,
            c.screened.map((r) => r.id),
          ),
        ),
    );
  }
  if (c.runId && c.runProgress) {
    const p = c.runProgress;
    writes.push(
      db
        .update(screeningRuns)
        .set({
          ...(p.cursor !== undefined ? { cursor: p.cursor } : {}),
          customersChecked: sql`${screeningRuns.customersChecked} + ${p.checked}`,
          candidates: sql`${screeningRuns.candidates} + ${p.candidates}`,
          hits: sql`${screeningRuns.hits} + ${c.alerts.length}`,
        })
        .where(eq(screeningRuns.id, c.runId)),
    );
  }
  return writes;
}

/** Statements run elsewhere in one transaction: the service's writer thread (src/db/statement-port.ts). */
export type ExecuteStatements = (statements: SqlStatement[]) => Promise<void>;

/** The service's one writer of its embedded file (src/transactions/row-writer.ts), as monitoring uses it. */
export interface SingleWriter {
  execute: ExecuteStatements;
  /** A port the scoring worker commits through; undefined when the writer has no thread (a libSQL server). */
  attachPort(): MessagePort | undefined;
}

/**
 * The batch's one commit: through the writer thread when there is one (the file then has one writer, see
 * statement-port.ts), else through `db`.
 */
export async function commit(
  db: Db,
  writes: BatchItem<'sqlite'>[],
  writer?: Pick<SingleWriter, 'execute'>,
): Promise<void> {
  if (writes.length === 0) return;
  if (writer) {
    await writer.execute(
      writes.map((w) => {
        const q = (w as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
        return { sql: q.sql, params: q.params as InValue[] };
      }),
    );
    return;
  }
  await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}
