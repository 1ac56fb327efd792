/**
 * One chunk of a full re-screen, start to commit, in the scoring worker: read the next due customers (the worker's
 * own read connection; WAL lets it read beside the service's), decrypt their identities, score them, decide, and
 * commit the alerts, the customers' dates and the run's cursor in one transaction, exactly as rescreenBatch does
 * on the main thread. The main thread gets back the counts and the alerts (ids, the list entity, the explanation
 * still encrypted): no personal data in clear crosses threads, and none of this work runs on the event loop.
 *
 * Open alerts are read from the database, for the few customers with a match: it is what the main thread's memory
 * (OpenHits) mirrors, and it sees other instances' closings without waiting for a reload.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { SlaHours } from '../cases/sla.ts';
import type { Db } from '../db/client.ts';
import { rescreenAlerts } from '../db/schema/monitoring.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { SanctionsIndex } from '../sanctions/index.ts';
import { clearingMaps, commit, commitWrites, decideAlerts, type SingleWriter } from './chunk-commit.ts';
import type { MonitoringConfig } from './config.ts';
import { readIdentities } from './identity.ts';
import { entityRef, type ScoredMatch, scored, screenWith } from './matching.ts';
import { type DueRow, MonitoringStore, type NewAlertRow } from './store.ts';

export interface DueChunkRequest {
  runId: string;
  /** The run's cursor: customers after this id. */
  afterId: number;
  dueBefore: Date;
  limit: number;
  now: Date;
  threshold: number;
  /** The lists' versions the run screens against (written on each customer). */
  versions: Record<string, string>;
}

export interface DueChunkResult {
  /** Customers read (0: the run has nobody left). */
  read: number;
  screened: number;
  alerts: NewAlertRow[];
  /** Customers whose identity could not be read, with the error's name only. */
  unreadable: { userId: string; err: string }[];
}

export interface DueChunkDeps {
  db: Db;
  cipher: PiiCipher;
  index: SanctionsIndex;
  intervals: MonitoringConfig['intervals'];
  caseSla?: SlaHours;
  /** The service's writer thread, when it has one: the chunk's commit goes there (chunk-commit.ts commit). */
  writer?: Pick<SingleWriter, 'execute'>;
}

export async function screenDueChunk(d: DueChunkDeps, r: DueChunkRequest): Promise<DueChunkResult> {
  const store = new MonitoringStore(d.db);
  const rows = await store.dueChunk(r.afterId, r.dueBefore, r.limit);
  if (rows.length === 0) return { read: 0, screened: 0, alerts: [], unreadable: [] };
  const identities = await readIdentities(d.db, d.cipher, rows);
  const screened: DueRow[] = [];
  const unreadable: DueChunkResult['unreadable'] = [];
  const matched: { userId: string; matches: ScoredMatch[] }[] = [];
  for (const [i, row] of rows.entries()) {
    const identity = identities[i];
    if (identity instanceof Error) {
      unreadable.push({ userId: row.userId, err: identity.name });
      continue;
    }
    screened.push(row);
    const matches = identity ? screenWith(d.index, identity, r.threshold).map(scored) : [];
    if (matches.length > 0) matched.push({ userId: row.userId, matches });
  }
  // Clearings and open alerts matter only where something matched: a few customers per chunk.
  const users = matched.map((m) => m.userId);
  const clearings = clearingMaps(await store.clearingsOf(users, true));
  const open = new Map<string, Set<string>>();
  if (users.length > 0) {
    const a = rescreenAlerts;
    const openRows = await d.db
      .select({ userId: a.userId, source: a.source, sourceId: a.sourceId })
      .from(a)
      .where(and(inArray(a.userId, users), eq(a.status, 'open')));
    for (const o of openRows) {
      let s = open.get(o.userId);
      if (!s) {
        s = new Set();
        open.set(o.userId, s);
      }
      s.add(entityRef(o.source, o.sourceId));
    }
  }
  const alerts = decideAlerts({
    cipher: d.cipher,
    matched,
    clearings,
    openOf: (userId) => open.get(userId) ?? new Set(),
    runId: r.runId,
    versions: r.versions,
    now: r.now,
  }).flatMap((o) => o.alerts);
  await commit(
    d.db,
    commitWrites(d.db, {
      alerts,
      screened,
      full: true,
      now: r.now,
      versions: r.versions,
      intervals: d.intervals,
      runId: r.runId,
      runProgress: { cursor: rows.at(-1)!.id, checked: rows.length, candidates: rows.length },
      ...(d.caseSla ? { caseSla: d.caseSla } : {}),
    }),
    d.writer,
  );
  return { read: rows.length, screened: screened.length, alerts, unreadable };
}
