/**
 * One worker thread that screens name batches against one snapshot's index, off the request path (issue #13): at
 * 1,000 transactions/s the main thread of this 2-core machine is ~70 % busy, and a 1,000-name batch is 150–270 ms
 * of matching; sliced on the main thread it still adds that load, and transaction p99 grows with the queue.
 * The worker opens the snapshot's own index from shared memory (SanctionsIndex.shared: the image and the
 * serialised entities), so starting it copies nothing on this thread; it holds its own deserialised entities
 * (~125 MiB of RSS with all five lists, measured), which is why the host (batch-worker-host.ts) starts it lazily
 * and drops it when idle or while a refresh builds its index.
 * A hand-written worker, not tinypool/piscina: it is one long-lived thread tied to one snapshot's shared memory,
 * one batch at a time; a pool would add nothing on 2 cores but a second copy of the entities.
 */
import { Worker } from 'node:worker_threads';
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX } from '../worker-source.ts';
import type { FromWorker, ToWorker } from './batch-worker-entry.ts';
import type { ListSnapshot } from './registry.ts';
import type { BatchQuery, BatchResult } from './screen-batch.ts';
import type { ScreeningDefaults } from './screening.ts';

const ENTRY_URL = moduleUrl('batch-worker-entry', import.meta.url);
/** At the list workers' lower priority: when both want a core, the request thread runs first. */
const WORKER_SOURCE = `${REGISTER_TSX}\n${LOWER_PRIORITY}\nawait import(${JSON.stringify(ENTRY_URL)});`;

/** How a batch ended in the worker: answered, refused (too many matches), or stopped on cancel(). */
export type BatchOutcome = { kind: 'done'; result: BatchResult } | { kind: 'refused' } | { kind: 'cancelled' };

interface Job {
  results: BatchResult['results'];
  resolve: (o: BatchOutcome) => void;
  reject: (e: Error) => void;
}

export class BatchWorker {
  readonly #worker: Worker;
  readonly #cancel: Int32Array;
  #job: Job | undefined;
  #failed: Error | undefined;

  private constructor(
    /** The snapshot whose index the worker opened: its answers are that version's. */
    readonly snapshot: ListSnapshot,
    worker: Worker,
    cancel: Int32Array,
  ) {
    this.#worker = worker;
    this.#cancel = cancel;
    worker.on('message', (m: FromWorker) => this.#onMessage(m));
    const fail = (err: Error) => {
      this.#failed ??= err;
      this.#settle((job) => job.reject(err));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`batch worker exited with ${code}`)));
  }

  /** Starts a worker on the snapshot's shared index; rejects when there is none (an index built in this thread). */
  static async start(snapshot: ListSnapshot): Promise<BatchWorker> {
    const shared = snapshot.index.shared();
    if (!shared) throw new Error('the index has no shared form');
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // An idle worker never holds the process open; shutdown closes it anyway.
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => m.kind === 'ready' && resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`batch worker exited with ${code} before it was ready`)));
    });
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const open: ToWorker = { kind: 'open', image: shared.image, chunks: shared.chunks, cancel };
    worker.postMessage(open);
    try {
      await ready;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return new BatchWorker(snapshot, worker, cancel);
  }

  /** Screens one batch (one at a time); rejects if the worker dies or fails on it. */
  run(queries: readonly BatchQuery[], defaults: ScreeningDefaults, maxMatches: number): Promise<BatchOutcome> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#job) return Promise.reject(new Error('the batch worker is busy'));
    Atomics.store(this.#cancel, 0, 0);
    return new Promise<BatchOutcome>((resolve, reject) => {
      this.#job = { results: [], resolve, reject };
      const batch: ToWorker = { kind: 'batch', queries: [...queries], defaults, maxMatches };
      this.#worker.postMessage(batch);
    });
  }

  /** Asks the worker to stop the batch at its next slice; run() then answers `cancelled`. */
  cancel(): void {
    Atomics.store(this.#cancel, 0, 1);
  }

  get failed(): boolean {
    return this.#failed !== undefined;
  }

  async close(): Promise<void> {
    this.#failed ??= new Error('batch worker closed');
    await this.#worker.terminate();
  }

  #onMessage(m: FromWorker): void {
    const job = this.#job;
    if (!job) return;
    if (m.kind === 'part') for (const r of m.results) job.results.push(r);
    else if (m.kind === 'done') {
      for (const r of m.results) job.results.push(r);
      this.#settle((j) => j.resolve({ kind: 'done', result: { results: j.results, threshold: m.threshold } }));
    } else if (m.kind === 'refused' || m.kind === 'cancelled') this.#settle((j) => j.resolve({ kind: m.kind }));
    else if (m.kind === 'failed') this.#settle((j) => j.reject(new Error(m.error)));
  }

  #settle(how: (job: Job) => void): void {
    const job = this.#job;
    this.#job = undefined;
    if (job) how(job);
  }
}
