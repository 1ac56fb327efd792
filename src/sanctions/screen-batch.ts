/**
 * Batch name screening with bounded work: the batch gives the event loop back between slices (so one
 * batch never stalls /livez or other callers) and refuses an answer that would exceed a match cap.
 * The slicing itself (screenSlices) is shared with the batch worker (batch-worker-entry.ts), which checks
 * for a cancel between the same slices: both paths give the same answers.
 */
import { InvalidInputError } from '../errors.ts';
import type { ScreenMatch } from './index.ts';
import type { ListSnapshot } from './registry.ts';
import { type NameQuery, type ScreeningDefaults, screenName } from './screening.ts';

export interface BatchBounds {
  /** Most matches one answer may hold, over all queries (SCREEN_MAX_MATCHES_PER_RESPONSE). */
  maxMatches: number;
  /** Yield to the event loop once a slice has run this long (ms)... */
  sliceMs?: number;
  /** ...or has screened this many queries, whichever comes first. */
  sliceQueries?: number;
}

/** A match as a batch answers it: the wire form needs no entity, and the worker does not send it back. */
export type BatchMatch = Omit<ScreenMatch, 'entity'>;

export type BatchQuery = NameQuery & { id: string };

export interface BatchResult {
  results: { id: string; matches: BatchMatch[] }[];
  /** The threshold of the last query (the batch answer's `threshold`, as before batches were sliced). */
  threshold: number;
}

// A transaction waits behind at most one slice per turn of the event loop it needs (several: body, lock,
// commit, answer), so a slice is ~2 ms: a 1,000-name batch (150–270 ms of matching) yields ~100 times,
// at ~1 µs per yield. 16 queries bound a slice where queries are fast. (Issue #13: a batch must not delay a
// transaction by more than a few ms; was 10 ms / 32 queries.)
const SLICE_MS = 2;
const SLICE_QUERIES = 16;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Screens the queries slice by slice: yields each finished slice's results (in order) before starting the
 * next, and returns the last slice's with the batch threshold. Throws tooManyMatches past the cap.
 */
export function* screenSlices(
  snapshot: Pick<ListSnapshot, 'index'>,
  queries: readonly BatchQuery[],
  defaults: ScreeningDefaults,
  bounds: BatchBounds,
): Generator<BatchResult['results'], BatchResult, void> {
  const sliceMs = bounds.sliceMs ?? SLICE_MS;
  const sliceQueries = bounds.sliceQueries ?? SLICE_QUERIES;
  let slice: BatchResult['results'] = [];
  let threshold = defaults.threshold;
  let total = 0;
  let sliceStart = performance.now();
  for (const { id, ...q } of queries) {
    if (slice.length >= sliceQueries || performance.now() - sliceStart >= sliceMs) {
      yield slice;
      slice = [];
      sliceStart = performance.now();
    }
    const r = screenName(snapshot, q, defaults);
    threshold = r.threshold;
    total += r.matches.length;
    // Refused rather than cut short: a truncated answer would report later queries as clear.
    if (total > bounds.maxMatches) throw tooManyMatches(bounds.maxMatches);
    slice.push({ id, matches: r.matches });
  }
  return { results: slice, threshold };
}

/**
 * Screens every query against one snapshot on this thread (a list refresh during the batch does not mix
 * versions). Results are those of screenName per query, in order. `signal` stops the work when the caller is gone.
 */
export async function screenBatch(
  snapshot: Pick<ListSnapshot, 'index'>,
  queries: readonly BatchQuery[],
  defaults: ScreeningDefaults,
  bounds: BatchBounds,
  signal?: AbortSignal,
): Promise<BatchResult> {
  const results: BatchResult['results'] = [];
  const slices = screenSlices(snapshot, queries, defaults, bounds);
  for (let next = slices.next(); ; next = slices.next()) {
    if (next.done) {
      for (const r of next.value.results) results.push(r);
      return { results, threshold: next.value.threshold };
    }
    for (const r of next.value) results.push(r);
    await nextTurn();
    signal?.throwIfAborted();
  }
}

export function tooManyMatches(max: number): InvalidInputError {
  const message =
    `The answer would hold more than ${max} matches (SCREEN_MAX_MATCHES_PER_RESPONSE): ` +
    'raise the threshold, lower the limit, or split the batch.';
  return new InvalidInputError(message, [{ path: 'queries', message: `more than ${max} matches in one answer` }]);
}
