/**
 * The batch worker's thread: opens the snapshot's index from its shared image and entity chunks (nothing is
 * built), then screens one batch at a time with the same slicing as the in-process path (screenSlices). After
 * each slice it sends that slice's results (small messages: the main thread never deserialises a whole answer
 * in one go) and looks at the cancel flag the main thread sets when the caller is gone.
 * Matches go back without their entity: the batch answer does not show it, and cloning it would cost both threads.
 */
import { parentPort } from 'node:worker_threads';
import { InvalidInputError } from '../errors.ts';
import { deserializeEntities } from './entity-transfer.ts';
import { type ScreenMatch, SanctionsIndex } from './index.ts';
import type { IndexImage } from './index-image.ts';
import { type BatchMatch, type BatchQuery, type BatchResult, screenSlices } from './screen-batch.ts';
import type { ScreeningDefaults } from './screening.ts';

export type ToWorker =
  | { kind: 'open'; image: IndexImage; chunks: readonly SharedArrayBuffer[]; cancel: Int32Array }
  | { kind: 'batch'; queries: BatchQuery[]; defaults: ScreeningDefaults; maxMatches: number };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'part'; results: BatchResult['results'] }
  | { kind: 'done'; results: BatchResult['results']; threshold: number }
  | { kind: 'refused' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: string };

const port = parentPort!;
let index: SanctionsIndex | undefined;
let cancel: Int32Array | undefined;

const send = (m: FromWorker) => port.postMessage(m);

const withoutEntity = ({ entity: _entity, ...m }: ScreenMatch): BatchMatch => m;
const stripped = (results: BatchResult['results']) =>
  results.map(({ id, matches }) => ({ id, matches: (matches as ScreenMatch[]).map(withoutEntity) }));

function batch(m: Extract<ToWorker, { kind: 'batch' }>): void {
  const slices = screenSlices({ index: index! }, m.queries, m.defaults, { maxMatches: m.maxMatches });
  for (let next = slices.next(); ; next = slices.next()) {
    if (next.done) {
      send({ kind: 'done', results: stripped(next.value.results), threshold: next.value.threshold });
      return;
    }
    send({ kind: 'part', results: stripped(next.value) });
    if (Atomics.load(cancel!, 0) !== 0) {
      send({ kind: 'cancelled' });
      return;
    }
  }
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'open') {
    // An error here ends the thread: the main thread then answers in process.
    index = SanctionsIndex.fromImage(m.image, deserializeEntities(m.chunks));
    cancel = m.cancel;
    send({ kind: 'ready' });
    return;
  }
  try {
    batch(m);
  } catch (err) {
    if (err instanceof InvalidInputError) send({ kind: 'refused' });
    else send({ kind: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
});
