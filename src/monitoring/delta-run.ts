/**
 * The delta re-screen: when a refresh brings added or changed entities, only their names are matched
 * against the customer-name index, and only the candidates it returns are decrypted and scored. Removed
 * entities close their open alerts as "delisted".
 */
import type { ListDelta } from '../sanctions/delta.ts';
import type { Entity, SourceId } from '../sanctions/entity.ts';
import { serializeEntitiesYielding } from '../sanctions/entity-transfer.ts';
import { SanctionsIndex } from '../sanctions/index.ts';
import { buildIndexImageInWorker } from '../sanctions/index-worker.ts';
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

/** Up to this many changed entities the prefilter index is built on this thread (about 0.3 ms each). */
const PREFILTER_IN_THREAD = 20;
/** Main-thread work between yields while collecting candidates, ms. */
const SLICE_MS = 5;

/**
 * The index over the delta's added and changed entities that scopes the re-screen's scoring. A few are indexed
 * here; more in the index worker (a list update can change thousands: ~0.3 ms each on the event loop), the
 * entities crossing in shared chunks serialised one per macrotask. Same index either way (fromImage ≡ build).
 */
export async function prefilterIndex(changed: readonly Entity[]): Promise<SanctionsIndex | undefined> {
  if (changed.length === 0) return undefined;
  if (changed.length <= PREFILTER_IN_THREAD) return SanctionsIndex.build(changed);
  const chunks = await serializeEntitiesYielding(changed);
  try {
    const { image } = await buildIndexImageInWorker(chunks);
    return SanctionsIndex.fromImage(image, changed, chunks);
  } catch {
    // As in the registry: an index that matches the delta, even built here with a stall, beats a failed run.
    return SanctionsIndex.build(changed);
  }
}

/** One step per changed entity: its candidates go into `ids`, their count into `perEntity`. */
function* candidateSteps(
  index: CustomerNameIndex,
  delta: ListDelta,
  snapshot: ListSnapshot,
  threshold: number,
  ids: Set<number>,
  perEntity: number[],
): Generator<void> {
  const weigh = (t: NameToken) => tokenWeight(t, snapshot.index);
  const minBound = threshold - BOUND_MARGIN;
  for (const s of delta.sources) {
    for (const e of [...s.added, ...s.changed]) {
      const mine = new Set<number>();
      for (const n of e.names) index.candidates(queryPositions(n.full, { fuzzy: true, weigh }), mine, minBound);
      perEntity.push(mine.size);
      for (const id of mine) ids.add(id);
      yield;
    }
  }
}

/** Candidate customer ids for the changed entities, and how many each entity brought (for the bench). */
export function deltaCandidates(
  index: CustomerNameIndex,
  delta: ListDelta,
  snapshot: ListSnapshot,
  threshold: number,
): { ids: Set<number>; perEntity: number[] } {
  const ids = new Set<number>();
  const perEntity: number[] = [];
  for (const _ of candidateSteps(index, delta, snapshot, threshold, ids, perEntity));
  return { ids, perEntity };
}

/** deltaCandidates, yielding to the event loop every few ms (a delta can bring thousands of entities). */
export async function deltaCandidatesYielding(
  index: CustomerNameIndex,
  delta: ListDelta,
  snapshot: ListSnapshot,
  threshold: number,
): Promise<{ ids: Set<number>; perEntity: number[] }> {
  const ids = new Set<number>();
  const perEntity: number[] = [];
  let slice = performance.now();
  for (const _ of candidateSteps(index, delta, snapshot, threshold, ids, perEntity)) {
    if (performance.now() - slice < SLICE_MS) continue;
    await new Promise((r) => setImmediate(r));
    slice = performance.now();
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
  const prefilter = await prefilterIndex(changed);
  const { ids } = await deltaCandidatesYielding(ctx.index, delta, snapshot, ctx.threshold);
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
