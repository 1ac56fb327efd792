/**
 * Batch screening off the main thread: one BatchWorker for the live snapshot, started on the first batch and
 * dropped after IDLE_MS without one or once the lists change (it holds its own copy of the entities, and the
 * service has a peak-RSS budget). Batches run one at a time in it, in arrival order; a bounded number wait.
 * Whatever goes wrong with the worker (it cannot start, it dies), the batch is answered by the in-process sliced
 * path (screenBatch), never a 500 and never a partial answer; so is a batch on an index without a shared form
 * (built in this thread). Answers are those of screenBatch: same order, threshold and match cap.
 */
import { ServiceUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { type BatchOutcome, BatchWorker } from './batch-worker.ts';
import type { ListSnapshot } from './registry.ts';
import { type BatchBounds, type BatchQuery, type BatchResult, screenBatch, tooManyMatches } from './screen-batch.ts';
import type { ScreeningDefaults } from './screening.ts';

/** What the batch route calls (AppDeps.batchScreening). */
export interface BatchScreening {
  screen(
    snapshot: ListSnapshot,
    queries: readonly BatchQuery[],
    defaults: ScreeningDefaults,
    bounds: BatchBounds,
    signal?: AbortSignal,
  ): Promise<BatchResult>;
  /** A list refresh swapped the snapshot: the worker of the old one is dropped once it is idle. */
  onListChange(snapshot: ListSnapshot): void;
  /**
   * A refresh is building its index (the refresh's memory peak): the worker and its copy of the entities go once
   * idle, and batches run in process until `onRebuildEnd`, so the two peaks never add up.
   */
  onRebuildStart(): void;
  onRebuildEnd(): void;
  close(): Promise<void>;
}

export interface BatchWorkerHostOptions {
  logger: Logger;
  /** Drop the worker after this long without a batch (ms). */
  idleMs?: number;
  /** Batches waiting for the worker beyond the running one; past this a batch gets a 503. */
  maxWaiting?: number;
  /** After the worker failed, batches run in process for this long before a new worker is tried (ms). */
  retryMs?: number;
  /** Starts a worker (tests wrap it). */
  start?: (snapshot: ListSnapshot) => Promise<BatchWorker>;
}

const IDLE_MS = 15_000;
// A waiting batch holds only its parsed queries (MAX_BATCH_SIZE bounds them); 8 of them wait ~2 s at most.
const MAX_WAITING = 8;
const RETRY_MS = 60_000;

interface Job {
  snapshot: ListSnapshot;
  queries: readonly BatchQuery[];
  defaults: ScreeningDefaults;
  bounds: BatchBounds;
  signal: AbortSignal | undefined;
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
}

export class BatchWorkerHost implements BatchScreening {
  readonly #opts: Required<Omit<BatchWorkerHostOptions, 'logger'>> & { logger: Logger };
  readonly #waiting: Job[] = [];
  #running: Job | undefined;
  #current: { snapshot: ListSnapshot; worker: Promise<BatchWorker> } | undefined;
  #latest: ListSnapshot | undefined;
  #idle: NodeJS.Timeout | undefined;
  /** Until when batches run in process after a worker failure (warned once per failure). */
  #degradedUntil = 0;
  #closed = false;
  #rebuilding = false;

  constructor(opts: BatchWorkerHostOptions) {
    this.#opts = {
      idleMs: IDLE_MS,
      maxWaiting: MAX_WAITING,
      retryMs: RETRY_MS,
      start: (s) => BatchWorker.start(s),
      ...opts,
    };
  }

  async screen(
    snapshot: ListSnapshot,
    queries: readonly BatchQuery[],
    defaults: ScreeningDefaults,
    bounds: BatchBounds,
    signal?: AbortSignal,
  ): Promise<BatchResult> {
    if (!this.#usesWorker(snapshot)) return screenBatch(snapshot, queries, defaults, bounds, signal);
    if (this.#waiting.length >= this.#opts.maxWaiting)
      throw new ServiceUnavailableError(
        `Batch screening is busy: ${this.#waiting.length} batches are waiting. Retry shortly.`,
        1,
      );
    signal?.throwIfAborted();
    let onAbort: (() => void) | undefined;
    try {
      return await new Promise<BatchResult>((resolve, reject) => {
        const job: Job = { snapshot, queries, defaults, bounds, signal, resolve, reject };
        onAbort = () => this.#abort(job);
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiting.push(job);
        void this.#pump();
      });
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  onListChange(snapshot: ListSnapshot): void {
    this.#latest = snapshot;
    if (!this.#running && this.#current && this.#current.snapshot !== snapshot) void this.#drop();
  }

  onRebuildStart(): void {
    this.#rebuilding = true;
    if (!this.#running) void this.#drop();
  }

  onRebuildEnd(): void {
    this.#rebuilding = false;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idle);
    await this.#drop();
  }

  #usesWorker(snapshot: ListSnapshot): boolean {
    return (
      !this.#closed && !this.#rebuilding && Date.now() >= this.#degradedUntil && snapshot.index.shared() !== undefined
    );
  }

  /** The caller is gone: a waiting batch leaves the queue; a running one is cancelled at the worker's next slice. */
  #abort(job: Job): void {
    const reason: unknown = job.signal?.reason;
    const at = this.#waiting.indexOf(job);
    if (at >= 0) this.#waiting.splice(at, 1);
    else if (this.#running === job)
      void this.#current?.worker.then(
        (w) => w.cancel(),
        () => undefined,
      );
    job.reject(reason);
  }

  async #pump(): Promise<void> {
    if (this.#running) return;
    clearTimeout(this.#idle);
    for (let job = this.#waiting.shift(); job; job = this.#waiting.shift()) {
      this.#running = job;
      try {
        job.resolve(await this.#run(job));
      } catch (err) {
        job.reject(err);
      }
      this.#running = undefined;
    }
    // The lists changed, or a rebuild began, while the worker was busy: its copy of the entities goes now.
    if (this.#rebuilding || (this.#latest && this.#current && this.#current.snapshot !== this.#latest))
      void this.#drop();
    this.#idle = setTimeout(() => void this.#drop(), this.#opts.idleMs);
    this.#idle.unref();
  }

  async #run(job: Job): Promise<BatchResult> {
    const { snapshot, queries, defaults, bounds, signal } = job;
    signal?.throwIfAborted();
    const inProcess = () => screenBatch(snapshot, queries, defaults, bounds, signal);
    if (!this.#usesWorker(snapshot)) return inProcess();
    let worker: BatchWorker | undefined;
    let outcome: BatchOutcome;
    try {
      worker = await this.#workerFor(snapshot);
      // A cancel asked for while the worker started would be lost: run() clears the flag.
      signal?.throwIfAborted();
      outcome = await worker.run(queries, defaults, bounds.maxMatches);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // A worker that is still alive only failed on this batch: the main thread answers it (as it would have).
      if (!worker || worker.failed) this.#failed(err);
      return inProcess();
    }
    if (outcome.kind === 'refused') throw tooManyMatches(bounds.maxMatches);
    if (outcome.kind === 'cancelled') throw signal?.reason ?? new Error('batch cancelled');
    return outcome.result;
  }

  /** The worker of this snapshot: the one running, or a new one (a worker of an older snapshot is dropped first). */
  async #workerFor(snapshot: ListSnapshot): Promise<BatchWorker> {
    const current = this.#current;
    if (current?.snapshot === snapshot) {
      const worker = await current.worker;
      if (!worker.failed) return worker;
    }
    await this.#drop();
    const started = performance.now();
    const worker = this.#opts.start(snapshot);
    this.#current = { snapshot, worker };
    const w = await worker;
    this.#opts.logger.info({ startMs: Math.round(performance.now() - started) }, 'batch screening worker started');
    return w;
  }

  #failed(err: unknown): void {
    const first = Date.now() >= this.#degradedUntil;
    this.#degradedUntil = Date.now() + this.#opts.retryMs;
    if (first)
      this.#opts.logger.warn(
        { err: err instanceof Error ? err.message : String(err), retryMs: this.#opts.retryMs },
        'batch screening worker failed: batches run on the main thread for now',
      );
    void this.#drop();
  }

  async #drop(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    try {
      await (await current.worker).close();
    } catch {
      // It never started, or is gone already.
    }
  }
}
