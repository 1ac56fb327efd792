/**
 * The scheduled full re-screen. Customers are due by risk level (SCREENING_INTERVAL_*). One instance at a
 * time holds the lease (a row with owner and expiry) and works through the due customers in id order, a chunk
 * per commit; the run's cursor is written in the same commit as the chunk's results, so a restart resumes
 * after the last committed chunk: nothing is screened twice and nobody is skipped. Chunks are paced to
 * SCREENING_MAX_RATE and yield to the event loop in between, keeping requests served while a run goes on.
 */
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { type RescreenContext, rescreenBatch } from './rescreen.ts';
import { ScoringWorker } from './scoring-worker.ts';
import { type RunRow, startingRun } from './store.ts';

export const FULL_RUN_LEASE = 'full-rescreen';

export interface SchedulerContext extends RescreenContext {
  clock: () => Date;
  snapshot: () => ListSnapshot | undefined;
  /** This process's lease identity. */
  owner: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class FullRescreenScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;
  /** The scoring worker of the run in progress (its index is the snapshot's); dropped when the run ends. */
  #worker: ScoringWorker | undefined;
  /** A snapshot the worker could not be started for: scored on the main thread instead of retrying each chunk. */
  #workerFailedFor: ListSnapshot | undefined;

  constructor(private readonly ctx: SchedulerContext) {}

  start(): void {
    this.#timer = setInterval(() => void this.runDue(), this.ctx.config.tickMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
    await this.#dropWorker();
    await this.ctx.store.releaseLease(FULL_RUN_LEASE, this.ctx.owner).catch(() => undefined);
  }

  /** The scoring worker for this snapshot, started when needed; undefined means score on the main thread. */
  async #scorer(snapshot: ListSnapshot): Promise<ScoringWorker | undefined> {
    if (!this.ctx.config.worker || this.#workerFailedFor === snapshot) return undefined;
    if (this.#worker?.snapshot === snapshot && !this.#worker.failed) return this.#worker;
    await this.#dropWorker();
    try {
      this.#worker = await ScoringWorker.start(snapshot);
      return this.#worker;
    } catch (err) {
      this.#workerFailedFor = snapshot;
      this.ctx.logger.warn(
        { err: (err as Error).message },
        'scoring worker could not start; the full re-screen scores on the main thread',
      );
      return undefined;
    }
  }

  async #dropWorker(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    await w?.close().catch(() => undefined);
  }

  /** Works through everything due now (resuming an unfinished run first); one loop at a time per process. */
  runDue(): Promise<void> {
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #loop(): Promise<void> {
    try {
      while (!this.#stopping && (await this.step()) === 'more') {
        /* each step commits one chunk */
      }
    } catch (err) {
      this.ctx.logger.error({ err: (err as Error).message }, 'scheduled re-screen failed; it resumes at the next tick');
    }
  }

  /**
   * One chunk of the current full run (creating the run when customers are due). 'more' while work remains,
   * 'idle' when nothing is due, 'busy' when another instance holds the lease, 'done' when a run just finished.
   */
  async step(): Promise<'more' | 'idle' | 'busy' | 'done'> {
    const { store, config, clock } = this.ctx;
    const snapshot = this.ctx.snapshot();
    if (!snapshot) return 'idle';
    if (!(await store.acquireLease(FULL_RUN_LEASE, this.ctx.owner, clock(), config.leaseMs))) return 'busy';
    const run = (await store.runningFull()) ?? (await this.#newRun(snapshot));
    if (!run) {
      await this.#dropWorker();
      return 'idle';
    }
    const started = performance.now();
    const dueBefore = run.dueBefore ?? run.startedAt;
    const rows = await store.dueChunk(run.cursor, dueBefore, config.chunkSize);
    if (rows.length === 0) {
      await store.updateRun(run.id, { status: 'done', finishedAt: clock() });
      await this.#dropWorker();
      this.ctx.logger.info({ runId: run.id, customers: run.customersChecked, hits: run.hits }, 'full re-screen done');
      return 'done';
    }
    const worker = await this.#scorer(snapshot);
    await rescreenBatch(this.ctx, rows, {
      snapshot,
      scope: {},
      runId: run.id,
      full: true,
      now: clock(),
      runProgress: { cursor: rows.at(-1)!.id, checked: rows.length, candidates: rows.length },
      ...(worker ? { scorer: (identities) => worker.score(identities, this.ctx.threshold) } : {}),
    });
    // Pace to the rate bound; always give the event loop a turn.
    const minMs = config.maxRate > 0 ? (rows.length / config.maxRate) * 1000 : 0;
    const wait = minMs - (performance.now() - started);
    await (wait > 1 ? sleep(wait) : new Promise((r) => setImmediate(r)));
    return 'more';
  }

  async #newRun(snapshot: ListSnapshot): Promise<RunRow | undefined> {
    const now = this.ctx.clock();
    const total = await this.ctx.store.countDue(now);
    if (total === 0) return undefined;
    const run = startingRun('full', {
      details: { trigger: 'schedule' },
      listVersions: listsProvenance(snapshot).versions as Record<string, string>,
      dueBefore: now,
      customersTotal: total,
      startedAt: now,
    });
    await this.ctx.store.createRun(run);
    this.ctx.logger.info({ runId: run.id, customers: total }, 'full re-screen started');
    return run;
  }
}
