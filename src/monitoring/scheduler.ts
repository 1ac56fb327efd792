/**
 * The scheduled full re-screen. Customers are due by risk level (SCREENING_INTERVAL_*). One instance at a
 * time holds the lease (a row with owner and expiry) and works through the due customers in id order, a chunk
 * per commit; the run's cursor is written in the same commit as the chunk's results, so a restart resumes
 * after the last committed chunk: nothing is screened twice and nobody is skipped. Chunks are paced by the
 * Pacer (at most SCREENING_MAX_RATE, slower while requests wait on the event loop) and yield to the event
 * loop in between, keeping requests served while a run goes on. With database access, the scoring worker does each
 * chunk whole (read, decrypt, score, decide, commit: due-chunk.ts) and the event loop only hears of its alerts.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import type { LatencySample } from '../transactions/latency-window.ts';
import { Pacer, type PaceSignal } from './pacer.ts';
import { afterCommit, type RescreenContext, rescreenBatch } from './rescreen.ts';
import { type ChunkAccess, ScoringWorker } from './scoring-worker.ts';
import { type RunRow, startingRun } from './store.ts';

export const FULL_RUN_LEASE = 'full-rescreen';

export interface SchedulerContext extends RescreenContext {
  clock: () => Date;
  snapshot: () => ListSnapshot | undefined;
  /** This process's lease identity. */
  owner: string;
  /** The transactions' screening times since the last call (the pacer's first signal); absent in tests and benches. */
  screeningLatency?: () => LatencySample;
  /** Lets the scoring worker read and commit whole chunks itself (an embedded database file); absent: it only scores. */
  chunkAccess?: ChunkAccess;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** The delay sampler's timer: fine enough to see a 20 ms wait, coarse enough to cost nothing. */
const LAG_RESOLUTION_MS = 5;
/** Fewer screenings than this in a window say nothing about their p99. */
const MIN_SAMPLES = 20;
/**
 * The transactions' p99 is judged over windows this long, not per chunk: a chunk's quarter second holds a few
 * hundred screenings, whose p99 is their third-worst, and halving the pace on that noise kept the run at ~1,300/s
 * under a load the machine had room for (issue 10's bench).
 */
const SCREENING_WINDOW_MS = 1_000;

export class FullRescreenScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;
  /** The scoring worker of the run in progress (its index is the snapshot's); dropped when the run ends. */
  #worker: ScoringWorker | undefined;
  /** A snapshot the worker could not be started for: scored on the main thread instead of retrying each chunk. */
  #workerFailedFor: ListSnapshot | undefined;
  /** The run's pace, and the event-loop delay it is paced on (sampled only while a run goes on). */
  #pacer: Pacer;
  readonly #lag: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  /** Transactions' screening p99 while no run went on, ms (the last window with enough traffic). */
  #baselineMs: number | undefined;
  /** When the current screening-latency window opened (performance.now()). */
  #windowStart = 0;
  /** Until when (clock ms) this process holds the lease, as of its last renewal: renewed from half its time on. */
  #leaseUntil = 0;

  constructor(private readonly ctx: SchedulerContext) {
    this.#pacer = new Pacer(ctx.config);
  }

  /** Customers per second the run goes at now (metrics, tests). */
  get rate(): number {
    return this.#pacer.rate;
  }

  start(): void {
    this.#timer = setInterval(() => void this.runDue(), this.ctx.config.tickMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
    await this.#dropWorker();
    this.#leaseUntil = 0;
    await this.ctx.store.releaseLease(FULL_RUN_LEASE, this.ctx.owner, this.ctx.clock()).catch(() => undefined);
  }

  /** The scoring worker for this snapshot, started when needed; undefined means score on the main thread. */
  async #scorer(snapshot: ListSnapshot): Promise<ScoringWorker | undefined> {
    if (!this.ctx.config.worker || this.#workerFailedFor === snapshot) return undefined;
    if (this.#worker?.snapshot === snapshot && !this.#worker.failed) return this.#worker;
    await this.#dropWorker();
    try {
      // Its chunks commit through the service's writer thread (one writer of the file; statement-port.ts).
      const writerPort = this.ctx.chunkAccess ? this.ctx.writer?.attachPort() : undefined;
      this.#worker = await ScoringWorker.start(snapshot, this.ctx.chunkAccess, writerPort);
      if (this.ctx.chunkAccess && !this.#worker.readsChunks)
        this.ctx.logger.warn(
          { err: this.#worker.chunkError },
          'scoring worker could not open the database; the main thread reads and commits the full re-screen',
        );
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
    // The traffic since the last tick, with no run going: what the run must not slow down.
    const before = this.ctx.screeningLatency?.();
    if (before && before.count >= MIN_SAMPLES) this.#baselineMs = before.p99Ms;
    this.#lag.reset();
    this.#lag.enable();
    this.#windowStart = performance.now();
    try {
      while (!this.#stopping && (await this.step()) === 'more') {
        /* each step commits one chunk */
      }
    } catch (err) {
      this.ctx.logger.error({ err: (err as Error).message }, 'scheduled re-screen failed; it resumes at the next tick');
    } finally {
      this.#lag.disable();
    }
  }

  /**
   * One chunk of the current full run (creating the run when customers are due). 'more' while work remains,
   * 'idle' when nothing is due, 'busy' when another instance holds the lease, 'done' when a run just finished.
   */
  async step(): Promise<'more' | 'idle' | 'busy' | 'done'> {
    const { store, clock } = this.ctx;
    const snapshot = this.ctx.snapshot();
    if (!snapshot) return 'idle';
    if (!(await this.#holdLease())) return 'busy';
    const run = (await store.runningFull()) ?? (await this.#newRun(snapshot));
    if (!run) {
      await this.#dropWorker();
      return 'idle';
    }
    const started = performance.now();
    const worker = await this.#scorer(snapshot);
    const read = worker?.readsChunks
      ? await this.#chunkInWorker(worker, run)
      : await this.#chunkHere(worker, run, snapshot);
    if (read === 0) {
      await store.updateRun(run.id, { status: 'done', finishedAt: clock() });
      await this.#dropWorker();
      this.ctx.logger.info({ runId: run.id, customers: run.customersChecked, hits: run.hits }, 'full re-screen done');
      return 'done';
    }
    // Pace (slower while requests wait, never above SCREENING_MAX_RATE); always give the event loop a turn.
    const minMs = (read / this.#pacer.rate) * 1000;
    const wait = minMs - (performance.now() - started);
    await (wait > 1 ? sleep(wait) : new Promise((r) => setImmediate(r)));
    this.#observeChunk();
    return 'more';
  }

  /**
   * Takes the lease, or renews it once half its time is gone: a write on the event loop's connection that may
   * wait for the transactions' group commit, so not one per chunk.
   */
  async #holdLease(): Promise<boolean> {
    const { store, config, clock } = this.ctx;
    const now = clock().getTime();
    if (now < this.#leaseUntil - config.leaseMs / 2) return true;
    if (!(await store.acquireLease(FULL_RUN_LEASE, this.ctx.owner, new Date(now), config.leaseMs))) {
      this.#leaseUntil = 0;
      return false;
    }
    this.#leaseUntil = now + config.leaseMs;
    return true;
  }

  /** The run's next chunk, read, screened and committed by the worker; customers read (0: none left). */
  async #chunkInWorker(worker: ScoringWorker, run: RunRow): Promise<number> {
    const out = await worker.screenChunk({
      runId: run.id,
      afterId: run.cursor,
      dueBefore: run.dueBefore ?? run.startedAt,
      limit: this.ctx.config.chunkSize,
      now: this.ctx.clock(),
      threshold: this.ctx.threshold,
      // The snapshot scored against (a refresh mid-run moves the rest of the run to the new lists).
      versions: listsProvenance(worker.snapshot).versions as Record<string, string>,
    });
    // One undecryptable record must not stop the run; it is logged without its content.
    for (const u of out.unreadable)
      this.ctx.logger.error({ userId: u.userId, err: u.err }, 'monitored identity could not be read');
    await afterCommit(this.ctx, out.alerts);
    return out.read;
  }

  /** The run's next chunk on this thread (scored by the worker when there is one); customers read. */
  async #chunkHere(worker: ScoringWorker | undefined, run: RunRow, snapshot: ListSnapshot): Promise<number> {
    const { store, config, clock } = this.ctx;
    const rows = await store.dueChunk(run.cursor, run.dueBefore ?? run.startedAt, config.chunkSize);
    if (rows.length === 0) return 0;
    await rescreenBatch(this.ctx, rows, {
      snapshot,
      scope: {},
      runId: run.id,
      full: true,
      now: clock(),
      runProgress: { cursor: rows.at(-1)!.id, checked: rows.length, candidates: rows.length },
      ...(worker ? { scorer: (identities) => worker.score(identities, this.ctx.threshold) } : {}),
    });
    return rows.length;
  }

  /**
   * What the requests saw during the chunk, to the pacer. A chunk shorter than the lag sampler's timer leaves no
   * sample: its time counts with the next chunk's. The transactions' latency goes with the chunk that closes its
   * window; a window with few transactions is judged on the loop alone.
   */
  #observeChunk(): void {
    if (this.#lag.count === 0) return;
    // The sampler records the interval between its timer's runs: the lateness is what exceeds the timer.
    const signal: PaceSignal = { lagMs: Math.max(0, this.#lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS) };
    this.#lag.reset();
    const now = performance.now();
    if (this.ctx.screeningLatency && now - this.#windowStart >= SCREENING_WINDOW_MS) {
      this.#windowStart = now;
      const during = this.ctx.screeningLatency();
      signal.screening =
        during.count >= MIN_SAMPLES && this.#baselineMs !== undefined
          ? { p99Ms: during.p99Ms, baselineMs: this.#baselineMs }
          : null;
    }
    this.#pacer.observe(signal);
  }

  async #newRun(snapshot: ListSnapshot): Promise<RunRow | undefined> {
    const now = this.ctx.clock();
    const total = await this.ctx.store.countDue(now);
    if (total === 0) return undefined;
    this.#pacer = new Pacer(this.ctx.config);
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
