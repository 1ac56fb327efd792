/**
 * Batch name screening with bounded work: the batch gives the event loop back between slices (so one
 * batch never stalls /livez or other callers) and refuses an answer that would exceed a match cap.
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

export interface BatchResult {
  results: { id: string; matches: ScreenMatch[] }[];
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
 * Screens every query against one snapshot (a list refresh during the batch does not mix versions).
 * Results are those of screenName per query, in order. `signal` stops the work when the caller is gone.
 */
export async function screenBatch(
  snapshot: ListSnapshot,
  queries: readonly (NameQuery & { id: string })[],
  defaults: ScreeningDefaults,
  bounds: BatchBounds,
  signal?: AbortSignal,
): Promise<BatchResult> {
  const sliceMs = bounds.sliceMs ?? SLICE_MS;
  const sliceQueries = bounds.sliceQueries ?? SLICE_QUERIES;
  const results: BatchResult['results'] = [];
  let threshold = defaults.threshold;
  let total = 0;
  let sliceStart = performance.now();
  let inSlice = 0;
  for (const { id, ...q } of queries) {
    if (inSlice >= sliceQueries || performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      signal?.throwIfAborted();
      sliceStart = performance.now();
      inSlice = 0;
    }
    const r = screenName(snapshot, q, defaults);
    inSlice++;
    threshold = r.threshold;
    total += r.matches.length;
    // Refused rather than cut short: a truncated answer would report later queries as clear.
    if (total > bounds.maxMatches) throw tooManyMatches(bounds.maxMatches);
    results.push({ id, matches: r.matches });
  }
  return { results, threshold };
}

function tooManyMatches(max: number): InvalidInputError {
  const message =
    `The answer would hold more than ${max} matches (SCREEN_MAX_MATCHES_PER_RESPONSE): ` +
    'raise the threshold, lower the limit, or split the batch.';
  return new InvalidInputError(message, [{ path: 'queries', message: `more than ${max} matches in one answer` }]);
}
