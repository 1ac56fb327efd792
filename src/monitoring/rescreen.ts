/**
 * Re-screens a batch of monitored customers and writes the outcome in one commit: new alerts, the customers'
 * screening dates, and the run's progress, so a crash leaves either all of a chunk or none of it.
 */
import type { SlaHours } from '../cases/sla.ts';
import { rescreenAlertCaseWrites } from '../cases/sources.ts';
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { monitoredCustomers, rescreenAlerts, screeningRuns } from '../db/schema/monitoring.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { Logger } from '../logger.ts';
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import type { MonitoringConfig } from './config.ts';
import { type Identity, readIdentity } from './identity.ts';
import {
  decide,
  entityRef,
  type MatchOutcome,
  type ScoredMatch,
  type Scope,
  scored,
  screenIdentity,
} from './matching.ts';
import type { OpenHits } from './open-hits.ts';
import type { DueRow, MonitoringStore, NewAlertRow } from './store.ts';

export interface RescreenContext {
  store: MonitoringStore;
  cipher: PiiCipher;
  openHits: OpenHits;
  config: MonitoringConfig;
  threshold: number;
  logger: Logger;
  /** CASES_SLA_*: the due dates of the hits' cases. */
  caseSla?: SlaHours;
  /** Told of every alert raised, after its commit (a business whose owner is hit goes under review). */
  onAlerts?: (alerts: readonly NewAlertRow[]) => Promise<void>;
}

export interface CustomerOutcome {
  userId: string;
  outcomes: MatchOutcome[];
  alerts: NewAlertRow[];
}

export interface BatchOptions {
  snapshot: ListSnapshot;
  scope: Scope;
  runId: string | null;
  /** full and on-demand screenings move the customer's schedule; a delta screening does not. */
  full: boolean;
  now: Date;
  /** The run's progress after this batch (cursor, counters), written in the same commit. */
  runProgress?: { cursor?: number; checked: number; candidates: number };
  /** Scores the batch elsewhere (the scoring worker of a full run); by default it is scored here, in slices. */
  scorer?: (identities: readonly (Identity | undefined)[]) => Promise<ScoredMatch[][]>;
}

/** Main-thread work between two turns of the event loop: requests wait at most about this long behind a run. */
const SLICE_MS = 2;
const turn = () => new Promise((r) => setImmediate(r));

export async function rescreenBatch(ctx: RescreenContext, rows: readonly DueRow[], o: BatchOptions) {
  const versions = listsProvenance(o.snapshot).versions as Record<string, string>;
  const userIds = rows.map((r) => r.userId);
  const clearingRows = await ctx.store.clearingsOf(userIds, true);
  const clearings = new Map<string, Map<string, string>>();
  for (const c of clearingRows) {
    let m = clearings.get(c.userId);
    if (!m) {
      m = new Map();
      clearings.set(c.userId, m);
    }
    // Newest first: the latest clearing of a pair is the one that counts.
    const ref = entityRef(c.source, c.sourceId);
    if (!m.has(ref)) m.set(ref, c.entityHash);
  }
  const screened: DueRow[] = [];
  const identities: (Identity | undefined)[] = [];
  let slice = performance.now();
  for (const row of rows) {
    try {
      identities.push(await readIdentity(ctx.store.db, ctx.cipher, row));
      screened.push(row);
    } catch (err) {
      // One undecryptable record must not stop the run; it is logged without its content.
      ctx.logger.error({ userId: row.userId, err: (err as Error).name }, 'monitored identity could not be read');
    }
    if (performance.now() - slice > SLICE_MS) {
      await turn();
      slice = performance.now();
    }
  }
  let matchesOf: ScoredMatch[][];
  if (o.scorer) matchesOf = await o.scorer(identities);
  else {
    matchesOf = [];
    for (const identity of identities) {
      matchesOf.push(identity ? screenIdentity(o.snapshot, identity, ctx.threshold, o.scope).map(scored) : []);
      if (performance.now() - slice > SLICE_MS) {
        await turn();
        slice = performance.now();
      }
    }
  }

  const results: CustomerOutcome[] = [];
  for (const [i, row] of screened.entries()) {
    const matches = matchesOf[i] ?? [];
    if (matches.length === 0) continue;
    const open = new Set((ctx.openHits.get(row.userId)?.alerts ?? []).map((a) => entityRef(a.source, a.sourceId)));
    const outcomes = decide(matches, { clearings: clearings.get(row.userId) ?? new Map(), open });
    const alerts: NewAlertRow[] = [];
    for (const out of outcomes) {
      if (out.kind !== 'raise') continue;
      const m = out.match;
      alerts.push({
        alertId: `alt_${randomUUID()}`,
        userId: row.userId,
        runId: o.runId,
        source: m.source,
        sourceId: m.sourceId,
        entityName: m.name,
        programs: m.programs,
        entityHash: out.hash,
        listVersion: versions[m.source] ?? null,
        score: m.score,
        explanationEnc: ctx.cipher.encryptJson(
          { matchedName: m.matchedName, explanation: m.explanation },
          `rescreen:${row.userId}`,
        ),
        clearedEntityChanged: out.clearedEntityChanged,
        status: 'open',
        detectedAt: o.now,
      });
    }
    results.push({ userId: row.userId, outcomes, alerts });
  }

  const alerts = results.flatMap((r) => r.alerts);
  const db = ctx.store.db;
  const writes: BatchItem<'sqlite'>[] = [];
  if (alerts.length > 0)
    writes.push(db.insert(rescreenAlerts).values(alerts), ...rescreenAlertCaseWrites(db, alerts, o.now, ctx.caseSla));
  if (o.full) {
    for (const level of ['high', 'medium', 'low'] as const) {
      const ids = screened.filter((r) => (r.riskLevel ?? 'medium') === level).map((r) => r.id);
      if (ids.length === 0) continue;
      writes.push(
        db
          .update(monitoredCustomers)
          .set({
            lastScreenedAt: o.now,
            lastFullAt: o.now,
            nextDueAt: new Date(o.now.getTime() + ctx.config.intervals[level]),
            listVersions: versions,
          })
          .where(inArray(monitoredCustomers.id, ids)),
      );
    }
  } else if (screened.length > 0) {
    writes.push(
      db
        .update(monitoredCustomers)
        .set({ lastScreenedAt: o.now, listVersions: versions })
        .where(
          inArray(
            monitoredCustomers.id,
            screened.map((r) => r.id),
          ),
        ),
    );
  }
  if (o.runId && o.runProgress) {
    const p = o.runProgress;
    writes.push(
      db
        .update(screeningRuns)
        .set({
          ...(p.cursor !== undefined ? { cursor: p.cursor } : {}),
          customersChecked: sql`${screeningRuns.customersChecked} + ${p.checked}`,
          candidates: sql`${screeningRuns.candidates} + ${p.candidates}`,
          hits: sql`${screeningRuns.hits} + ${alerts.length}`,
        })
        .where(eq(screeningRuns.id, o.runId)),
    );
  }
  if (writes.length > 0) await db.batch(writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  // Memory follows the commit: a failed write leaves no phantom hit behind.
  for (const a of alerts) ctx.openHits.add(a.userId, a);
  if (alerts.length > 0 && ctx.onAlerts)
    // The alert is committed and holds the customer's transactions whatever happens here; a failure is logged.
    await ctx
      .onAlerts(alerts)
      .catch((err: unknown) =>
        ctx.logger.error({ err: (err as Error).message }, 'consequences of re-screen alerts failed'),
      );
  return { results, alerts: alerts.length, screened: screened.length };
}
