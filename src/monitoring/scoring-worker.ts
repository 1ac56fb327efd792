/**
 * Full re-screens score in a worker thread, off the request path: on this 2-core machine transaction screening
 * already spends about 0.6 ms of event-loop time per transaction, so at 1,000 transactions/s the main thread
 * has no room left for a re-screen at the rate a 60 s run of 100,000 customers needs (about 0.3 ms each);
 * yielding in small slices would keep each stall short but not the thread's total load, and p99 grows with
 * the queue. The worker opens the snapshot's own index: its image and serialised entities live in shared memory
 * (SanctionsIndex.shared), so nothing is copied or serialised on this thread. An index built in this thread (tests,
 * the registry's fallback) has no shared form: then its entities cross in slices and the worker builds its copy.
 * The worker is dropped when the run ends.
 * Given database access (ChunkAccess), the worker also does the rest of a full run's chunk: it reads the due
 * customers, decrypts, scores, decides and commits (due-chunk.ts), and the main thread only takes the alerts into
 * memory. Without it (a database the worker cannot open), the main thread keeps the database, the decryption and
 * the decisions, and the worker only scores.
 */
import { type MessagePort, Worker } from 'node:worker_threads';
import type { SlaHours } from '../cases/sla.ts';
import type { PiiKeySource } from '../kyc/crypto.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import type { MonitoringConfig } from './config.ts';
import type { DueChunkRequest, DueChunkResult } from './due-chunk.ts';
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX, THREAD_ID } from '../worker-source.ts';
import type { Identity } from './identity.ts';
import type { ScoredMatch } from './matching.ts';

const ENTRY_URL = moduleUrl('scoring-worker-entry', import.meta.url);
/**
 * Linux's idle scheduling class for the thread (SCHED_IDLE, by `chrt --idle`, which needs no privilege to lower
 * one's own class): it runs only on a core nothing else wants, and a request thread that wakes takes the core at
 * once. A nice value only weighs the shares (nice 10 still takes about a tenth of a contended core, and the woken
 * request thread may wait for the worker's slice to end). Where there is no chrt or no such class, nice stays.
 */
const IDLE_CLASS = `try {
  const tid = ${THREAD_ID};
  (await import('node:child_process')).execFileSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 2000 });
} catch {}`;

/**
 * At a lower priority (nice, as the list workers, then the idle class): on two cores busy with requests, the
 * group-commit writer and the load, the request thread runs first whenever both want a core, and the run takes
 * what is left (alone it still gets a whole core). The pacer keeps watching the transactions for what priority
 * does not cover.
 */
const WORKER_SOURCE = `${REGISTER_TSX}\n${LOWER_PRIORITY}\n${IDLE_CLASS}\nawait import(${JSON.stringify(ENTRY_URL)});`;

/** Entities per message: serialising one slice stalls the event loop for a few milliseconds at most. */
const ENTITY_SLICE = 2_000;

/** What the worker needs to screen whole chunks: the database (an embedded file) and where the PII key comes from. */
export interface ChunkAccess {
  databaseUrl: string;
  /** Where the service's cipher got its key (PII_ENCRYPTION_KEY, or the development key file): the worker's comes from there too. */
  piiKey: Omit<PiiKeySource, 'logger'>;
  intervals: MonitoringConfig['intervals'];
  caseSla?: SlaHours;
}

type Reply =
  | { kind: 'ready'; chunks: boolean; chunkError?: string }
  | { kind: 'done'; id: number; ok: true; out: unknown }
  | { kind: 'done'; id: number; ok: false; error: string };

export class ScoringWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  private constructor(
    readonly snapshot: ListSnapshot,
    worker: Worker,
    /** The worker opened the database: it can screen whole chunks (screenChunk). */
    readonly readsChunks: boolean,
    /** Why it could not, when access was given (no personal data: a connection or key-file error). */
    readonly chunkError: string | undefined,
  ) {
    this.#worker = worker;
    worker.on('message', (r: Reply) => {
      if (r.kind !== 'done') return;
      const p = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      if (r.ok) p?.resolve(r.out as never);
      else p?.reject(new Error(r.error));
    });
    const fail = (err: Error) => {
      this.#failed = err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scoring worker exited with ${code}`)));
  }

  /** Starts a worker with its own index of the snapshot (and, given access, the database); resolves once it can score. */
  static async start(snapshot: ListSnapshot, access?: ChunkAccess, writerPort?: MessagePort): Promise<ScoringWorker> {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const ready = new Promise<Extract<Reply, { kind: 'ready' }>>((resolve, reject) => {
      worker.on('message', (r: Reply) => r.kind === 'ready' && resolve(r));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`scoring worker exited with ${code} before it was ready`)));
    });
    if (access)
      worker.postMessage(
        { kind: 'open', access, ...(writerPort ? { writerPort } : {}) },
        writerPort ? [writerPort] : [],
      );
    else writerPort?.close();
    const shared = snapshot.index.shared();
    if (shared) worker.postMessage({ kind: 'shared', image: shared.image, chunks: shared.chunks });
    else {
      // Slices, each after a turn of the event loop: requests are served between them.
      const entities = snapshot.index.entityList;
      for (let i = 0; i < entities.length; i += ENTITY_SLICE) {
        worker.postMessage({ kind: 'entities', entities: entities.slice(i, i + ENTITY_SLICE) });
        await new Promise((r) => setImmediate(r));
      }
      worker.postMessage({ kind: 'build' });
    }
    let r: Extract<Reply, { kind: 'ready' }>;
    try {
      r = await ready;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return new ScoringWorker(snapshot, worker, r.chunks, r.chunkError);
  }

  /** Scores each identity (undefined: nothing to score) at the threshold; one array of matches per identity. */
  score(identities: readonly (Identity | undefined)[], threshold: number): Promise<ScoredMatch[][]> {
    return this.#call({ kind: 'score', threshold, identities: identities.map((i) => i ?? null) });
  }

  /** Screens and commits the run's next chunk in the worker (readsChunks only); read 0 means nobody is left. */
  screenChunk(request: DueChunkRequest): Promise<DueChunkResult> {
    return this.#call({ kind: 'chunk', request });
  }

  #call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: never) => void, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  get failed(): boolean {
    return this.#failed !== undefined;
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
