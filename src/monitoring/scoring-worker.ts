/**
 * Full re-screens score in a worker thread, off the request path: on this 2-core machine transaction screening
 * already spends about 0.6 ms of event-loop time per transaction, so at 1,000 transactions/s the main thread
 * has no room left for a re-screen at the rate a 60 s run of 100,000 customers needs (about 0.3 ms each);
 * yielding in small slices would keep each stall short but not the thread's total load, and p99 grows with
 * the queue. The worker opens the snapshot's own index: its image and serialised entities live in shared memory
 * (SanctionsIndex.shared), so nothing is copied or serialised on this thread. An index built in this thread (tests,
 * the registry's fallback) has no shared form: then its entities cross in slices and the worker builds its copy.
 * The worker is dropped when the run ends.
 * The main thread keeps the database, the decryption and the decisions (clearings, open alerts, commit).
 */
import { Worker } from 'node:worker_threads';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { moduleUrl, REGISTER_TSX } from '../worker-source.ts';
import type { Identity } from './identity.ts';
import type { ScoredMatch } from './matching.ts';

const ENTRY_URL = moduleUrl('scoring-worker-entry', import.meta.url);
const WORKER_SOURCE = `${REGISTER_TSX}\nawait import(${JSON.stringify(ENTRY_URL)});`;

/** Entities per message: serialising one slice stalls the event loop for a few milliseconds at most. */
const ENTITY_SLICE = 2_000;

type Reply =
  | { kind: 'ready' }
  | { kind: 'scored'; id: number; ok: true; out: ScoredMatch[][] }
  | { kind: 'scored'; id: number; ok: false; error: string };

export class ScoringWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (v: ScoredMatch[][]) => void; reject: (e: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  private constructor(
    readonly snapshot: ListSnapshot,
    worker: Worker,
  ) {
    this.#worker = worker;
    worker.on('message', (r: Reply) => {
      if (r.kind !== 'scored') return;
      const p = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      if (r.ok) p?.resolve(r.out);
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

  /** Starts a worker with its own index of the snapshot; resolves once it can score. */
  static async start(snapshot: ListSnapshot): Promise<ScoringWorker> {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (r: Reply) => r.kind === 'ready' && resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`scoring worker exited with ${code} before it was ready`)));
    });
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
    try {
      await ready;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return new ScoringWorker(snapshot, worker);
  }

  /** Scores each identity (undefined: nothing to score) at the threshold; one array of matches per identity. */
  score(identities: readonly (Identity | undefined)[], threshold: number): Promise<ScoredMatch[][]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ kind: 'score', id, threshold, identities: identities.map((i) => i ?? null) });
    });
  }

  get failed(): boolean {
    return this.#failed !== undefined;
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
