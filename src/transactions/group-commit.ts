/**
 * Group commit: every request waits for its own write to be durable before it is answered, but the
 * writes of all requests that arrive together share one database transaction.
 *
 * submit() queues an item and schedules a flush with setImmediate, i.e. after the event loop has
 * taken in every request that was readable in this turn; those all land in one batch. While a batch
 * is being written, new items queue for the next one. The embedded libSQL driver writes
 * synchronously, so one write per turn also bounds how long the event loop is held.
 *
 * A batch is all-or-nothing. When it fails (typically a transactionId stored earlier and not in
 * memory, or the same id twice in one batch), its items are retried one by one, so one bad item
 * fails alone and a duplicate is reported as such instead of as an error.
 *
 * The queue is bounded: when the database falls behind, a submit beyond `maxQueue` waiting items is
 * refused at once (QueueFullError) instead of holding ever more requests and their memory.
 */

export type CommitOutcome = 'written' | 'duplicate';

export interface BatchWriter<T> {
  /** Writes every item in one transaction, or none. */
  writeBatch(items: readonly T[]): Promise<void>;
  /** Writes one item, or reports that its key is already stored. */
  writeOne(item: T): Promise<CommitOutcome>;
}

export interface CommitObserver {
  batch(size: number, seconds: number, ok: boolean): void;
}

interface Pending<T> {
  item: T;
  resolve(outcome: CommitOutcome): void;
  reject(err: unknown): void;
}

export class CommitClosedError extends Error {}

/** The queue holds `maxQueue` items already: the item was not queued and nothing of it will be written. */
export class QueueFullError extends Error {
  constructor(readonly maxQueue: number) {
    super(`the transaction write queue is full (${maxQueue} waiting)`);
    this.name = 'QueueFullError';
  }
}

export class GroupCommitter<T> {
  #queue: Pending<T>[] = [];
  #scheduled = false;
  #flushing: Promise<void> | undefined;
  #closed = false;
  #writing = 0;

  constructor(
    private readonly writer: BatchWriter<T>,
    private readonly maxBatch: number,
    private readonly observer?: CommitObserver,
    private readonly maxQueue = Number.POSITIVE_INFINITY,
  ) {}

  /** Resolves once the item is durable (or known to be a duplicate); rejects if it could not be written. */
  submit(item: T): Promise<CommitOutcome> {
    if (this.#closed) return Promise.reject(new CommitClosedError('the transaction writer is closed (shutting down)'));
    if (this.#queue.length >= this.maxQueue) return Promise.reject(new QueueFullError(this.maxQueue));
    return new Promise<CommitOutcome>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Items in the batch being written now (they left the queue). */
  get writing(): number {
    return this.#writing;
  }

  /** True when a submit now would be refused: lets a caller refuse before doing the work. */
  get full(): boolean {
    return this.#queue.length >= this.maxQueue;
  }

  /** Stops accepting items and waits until everything queued is written. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#flushing || this.#queue.length > 0) await (this.#flushing ?? this.#drain());
  }

  #schedule(): void {
    if (this.#scheduled || this.#flushing) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#flushing) void this.#drain();
    });
  }

  /** Writes batches until the queue is empty; `#flushing` is the running drain, cleared when it ends. */
  #drain(): Promise<void> {
    const run = this.#drainLoop().finally(() => {
      if (this.#flushing === run) this.#flushing = undefined;
      // Items queued after the loop last looked: write them too.
      if (this.#queue.length > 0) this.#schedule();
    });
    this.#flushing = run;
    return run;
  }

  async #drainLoop(): Promise<void> {
    while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.maxBatch));
  }

  async #commit(batch: Pending<T>[]): Promise<void> {
    this.#writing = batch.length;
    try {
      await this.#write(batch);
    } finally {
      this.#writing = 0;
    }
  }

  async #write(batch: Pending<T>[]): Promise<void> {
    const started = performance.now();
    try {
      await this.writer.writeBatch(batch.map((p) => p.item));
      this.observer?.batch(batch.length, (performance.now() - started) / 1000, true);
      for (const p of batch) p.resolve('written');
      return;
    } catch {
      this.observer?.batch(batch.length, (performance.now() - started) / 1000, false);
    }
    for (const p of batch) {
      try {
        p.resolve(await this.writer.writeOne(p.item));
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
