/**
 * The delta re-screen: when a refresh brings added or changed entities, only their names are matched
 * against the customer-name index, and only the candidates it returns are decrypted and scored. Removed
 * entities close their open alerts as "delisted".
 */
import type { ListDelta } from '../sanctions/delta.ts';
import type { Entity, SourceId } from '../sanctions/entity.ts';
import { SanctionsIndex } from '../sanctions/index.ts';
import type { NameToken } from '../sanctions/normalize.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { tokenWeight } from '../sanctions/score.ts';
import type { CustomerNameIndex } from './name-index.ts';
import { queryPositions } from './name-keys.ts';
import { entityRef } from './matching.ts';
import { type RescreenContext, rescreenBatch } from './rescreen.ts';

/**
 * How far below the threshold a name-only bound may be and still be scored: birth date and nationality can lift
 * a near match (adjust.ts), and the bound ignores initials and cross-script pairings.
 */
const BOUND_MARGIN = 0.15;

/** Candidate customer ids for the changed entities, and how many each entity brought (for the bench). */
export function deltaCandidates(
  index: CustomerNameIndex,
  delta: ListDelta,
  snapshot: ListSnapshot,
  threshold: number,
): { ids: Set<number>; perEntity: number[] } {
  const ids = new Set<number>();
  const perEntity: number[] = [];
  const weigh = (t: NameToken) => tokenWeight(t, snapshot.index);
  const minBound = threshold - BOUND_MARGIN;
  for (const s of delta.sources) {
    for (const e of [...s.added, ...s.changed]) {
      const mine = new Set<number>();
      for (const n of e.names) index.candidates(queryPositions(n.full, { fuzzy: true, weigh }), mine, minBound);
      perEntity.push(mine.size);
      for (const id of mine) ids.add(id);
    }
  }
  return { ids, perEntity };
}

export interface DeltaRunOutcome {
  candidates: number;
  hits: number;
  delisted: { alertId: string; userId: string }[];
  /** Stopped between chunks (shutdown, or the lease was lost): the run stays running and is resumed. */
  interrupted: boolean;
}

export interface DeltaRunContext extends RescreenContext {
  index: CustomerNameIndex;
  clock: () => Date;
  chunkSize: number;
  /** Asked before each chunk: false stops the run where it is (its cursor is committed with each chunk). */
  shouldContinue: () => Promise<boolean>;
}

/**
 * Works through a delta run after its cursor. Candidates are taken in id order and the cursor (the last id
 * done) is committed with each chunk's results, so a run resumed after a restart, from the same recorded
 * changes, starts where the last commit left it: nobody screened twice, nobody skipped. Customers registered
 * after the run began are candidates too when it resumes (their first screening is then not delayed).
 */
export async function runDelta(
  ctx: DeltaRunContext,
  run: { id: string; cursor: number },
  delta: ListDelta,
  snapshot: ListSnapshot,
): Promise<DeltaRunOutcome> {
  const now = ctx.clock();
  const delisted: { alertId: string; userId: string }[] = [];
  // Closing is idempotent (open alerts only): a run resumed before its first commit closes them again.
  if (run.cursor === 0)
    for (const s of delta.sources)
      for (const r of s.removed) {
        const closed = await ctx.store.closeOpen({ source: r.source, sourceId: r.sourceId }, 'delisted', now);
        for (const c of closed) ctx.openHits.remove(c.userId, c.alertId);
        delisted.push(...closed);
      }

  const entities = new Set<string>();
  const sources = new Set<SourceId>();
  const changed: Entity[] = [];
  for (const s of delta.sources)
    for (const e of [...s.added, ...s.changed]) {
      entities.add(entityRef(e.source, e.sourceId));
      sources.add(e.source);
      changed.push(e);
    }
  const prefilter = changed.length > 0 ? SanctionsIndex.build(changed) : undefined;
  const { ids } = deltaCandidates(ctx.index, delta, snapshot, ctx.threshold);
  const all = [...ids].filter((id) => id > run.cursor).sort((a, b) => a - b);
  let hits = 0;
  for (let i = 0; i < all.length; i += ctx.chunkSize) {
    if (!(await ctx.shouldContinue())) return { candidates: i, hits, delisted, interrupted: true };
    const slice = all.slice(i, i + ctx.chunkSize);
    const rows = await ctx.store.byIds(slice);
    const out = await rescreenBatch(ctx, rows, {
      snapshot,
      scope: { entities, sources: [...sources], ...(prefilter ? { prefilter } : {}) },
      runId: run.id,
      full: false,
      now,
      runProgress: { cursor: slice.at(-1)!, checked: 0, candidates: slice.length },
    });
    hits += out.alerts;
    // Let requests in between chunks.
    await new Promise((r) => setImmediate(r));
  }
  return { candidates: all.length, hits, delisted, interrupted: false };
}
