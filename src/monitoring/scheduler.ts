/**
 * The scheduled full re-screen. Customers are due by risk level (SCREENING_INTERVAL_*). One instance at a
 * time holds the lease (a row with owner and expiry) and works through the due customers in id order, a chunk
 * per commit; the run's cursor is written in the same commit as the chunk's results, so a restart resumes
 * after the last committed chunk: nothing is screened twice and nobody is skipped. Chunks are paced by the
 * Pacer (at most SCREENING_MAX_RATE, slower while requests wait on the event loop) and yield to the event
 * loop in between, keeping requests served while a run goes on.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { listsProvenance } from '../sanctions/provenance.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { type RescreenContext, rescreenBatch } from './rescreen.ts';
import type { LatencySample } from '../transactions/latency-window.ts';
import { Pacer, type PaceSignal } from './pacer.ts';
import { ScoringWorker } from './scoring-worker.ts';
import { type RunRow, startingRun } from './store.ts';

export const FULL_RUN_LEASE = 'full-rescreen';

export interface SchedulerContext extends RescreenContext {
  clock: () => Date;
  snapshot: () => ListSnapshot | undefined;
  /** This process's lease identity. */
  owner: string;
  /** The transactions' screening times since the last call (the pacer's first signal); absent in tests and benches. */
  screeningLatency?: () => LatencySample;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** The delay sampler's timer: fine enough to see a 20 ms wait, coarse enough to cost nothing. */
const LAG_RESOLUTION_MS = 5;
/** Fewer screenings than this in a window say nothing about their p99. */
const MIN_SAMPLES = 20;

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
    await this.ctx.store.releaseLease(FULL_RUN_LEASE, this.ctx.owner, this.ctx.clock()).catch(() => undefined);
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
    // The traffic since the last tick, with no run going: what the run must not slow down.
    const before = this.ctx.screeningLatency?.();
    if (before && before.count >= MIN_SAMPLES) this.#baselineMs = before.p99Ms;
    this.#lag.reset();
    this.#lag.enable();
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
    // Pace (slower while requests wait, never above SCREENING_MAX_RATE); always give the event loop a turn.
    const minMs = (rows.length / this.#pacer.rate) * 1000;
    const wait = minMs - (performance.now() - started);
    await (wait > 1 ? sleep(wait) : new Promise((r) => setImmediate(r)));
    this.#observeChunk();
    return 'more';
  }

  /**
   * What the requests saw during the chunk, to the pacer. A chunk shorter than the lag sampler's timer leaves no
   * sample: its time counts with the next chunk's; a chunk with few transactions is judged on the loop alone.
   */
  #observeChunk(): void {
    if (this.#lag.count === 0) return;
    // The sampler records the interval between its timer's runs: the lateness is what exceeds the timer.
    const signal: PaceSignal = { lagMs: Math.max(0, this.#lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS) };
    this.#lag.reset();
    const during = this.ctx.screeningLatency?.();
    if (during && during.count >= MIN_SAMPLES && this.#baselineMs !== undefined)
      signal.screening = { p99Ms: during.p99Ms, baselineMs: this.#baselineMs };
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
