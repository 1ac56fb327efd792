/**
 * Re-screens a batch of monitored customers and writes the outcome in one commit: new alerts, the customers'
 * screening dates, and the run's progress, so a crash leaves either all of a chunk or none of it.
 */
import type { SlaHours } from '../cases/sla.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { Logger } from '../logger.ts';
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import {
  clearingMaps,
  commit,
  commitWrites,
  decideAlerts,
  type RunProgress,
  type SingleWriter,
} from './chunk-commit.ts';
import type { MonitoringConfig } from './config.ts';
import { type Identity, readIdentity } from './identity.ts';
import { entityRef, type ScoredMatch, type Scope, scored, screenIdentity } from './matching.ts';
import type { OpenHits } from './open-hits.ts';
import type { DueRow, MonitoringStore, NewAlertRow } from './store.ts';

export type { CustomerOutcome } from './chunk-commit.ts';

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
  /** The service's writer thread: batches commit there (chunk-commit.ts commit); absent, through `store.db`. */
  writer?: SingleWriter;
}

export interface BatchOptions {
  snapshot: ListSnapshot;
  scope: Scope;
  runId: string | null;
  /** full and on-demand screenings move the customer's schedule; a delta screening does not. */
  full: boolean;
  now: Date;
  /** The run's progress after this batch (cursor, counters), written in the same commit. */
  runProgress?: RunProgress;
  /** Scores the batch elsewhere (the scoring worker of a full run); by default it is scored here, in slices. */
  scorer?: (identities: readonly (Identity | undefined)[]) => Promise<ScoredMatch[][]>;
}

/** Main-thread work between two turns of the event loop: requests wait at most about this long behind a run. */
const SLICE_MS = 2;
const turn = () => new Promise((r) => setImmediate(r));

export async function rescreenBatch(ctx: RescreenContext, rows: readonly DueRow[], o: BatchOptions) {
  const versions = listsProvenance(o.snapshot).versions as Record<string, string>;
  const clearings = clearingMaps(
    await ctx.store.clearingsOf(
      rows.map((r) => r.userId),
      true,
    ),
  );
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

  const results = decideAlerts({
    cipher: ctx.cipher,
    matched: screened
      .map((row, i) => ({ userId: row.userId, matches: matchesOf[i] ?? [] }))
      .filter((m) => m.matches.length > 0),
    clearings,
    openOf: (userId) => new Set((ctx.openHits.get(userId)?.alerts ?? []).map((a) => entityRef(a.source, a.sourceId))),
    runId: o.runId,
    versions,
    now: o.now,
  });
  const alerts = results.flatMap((r) => r.alerts);
  await commit(
    ctx.store.db,
    commitWrites(ctx.store.db, {
      alerts,
      screened,
      full: o.full,
      now: o.now,
      versions,
      intervals: ctx.config.intervals,
      runId: o.runId,
      ...(o.runProgress ? { runProgress: o.runProgress } : {}),
      ...(ctx.caseSla ? { caseSla: ctx.caseSla } : {}),
    }),
    ctx.writer,
  );
  await afterCommit(ctx, alerts);
  return { results, alerts: alerts.length, screened: screened.length };
}

/** Memory follows the commit (a failed write leaves no phantom hit behind); then the alerts' consequences. */
export async function afterCommit(ctx: RescreenContext, alerts: readonly NewAlertRow[]): Promise<void> {
  for (const a of alerts) ctx.openHits.add(a.userId, a);
  if (alerts.length > 0 && ctx.onAlerts)
    // The alert is committed and holds the customer's transactions whatever happens here; a failure is logged.
    await ctx
      .onAlerts(alerts)
      .catch((err: unknown) =>
        ctx.logger.error({ err: (err as Error).message }, 'consequences of re-screen alerts failed'),
      );
}
