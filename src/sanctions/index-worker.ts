/**
 * Builds the sanctions name index in a worker thread (a new one per build, so the build's garbage
 * and normalize.ts's caches die with it) and hands it back as a flat image (index-image.ts) in shared
 * memory, not copied: the main thread only wraps it (SanctionsIndex.fromImage), and can pass it on to
 * another worker at no cost either (monitoring's scoring worker).
 * The entities come in as the shared serialised chunks the parse workers produced
 * (entity-transfer.ts), so the main thread does no serialisation either. A refresh therefore costs
 * the request path nothing but the final pointer swap in registry.ts.
 */
import { Worker } from 'node:worker_threads';
import type { IndexImage } from './index-image.ts';
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX } from '../worker-source.ts';

type Reply = { ok: true; image: IndexImage; ms: number } | { ok: false; error: string };

const url = (f: string) => JSON.stringify(moduleUrl(f, import.meta.url));

const WORKER_SOURCE = `
const { parentPort, workerData } = await import('node:worker_threads');
${LOWER_PRIORITY}
${REGISTER_TSX}
const { deserializeEntities } = await import(${url('entity-transfer')});
const { buildParts } = await import(${url('index-build')});
const { packParts, shareImage } = await import(${url('index-image')});
try {
  const started = performance.now();
  const image = shareImage(packParts(buildParts(deserializeEntities(workerData.chunks))));
  parentPort.postMessage({ ok: true, image, ms: performance.now() - started });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
`;

export interface WorkerBuild {
  image: IndexImage;
  /** Time the worker spent building, ms (the rest of the wall time is its start-up). */
  buildMs: number;
}

/** The index over the entities in `chunks` (in that order), built off this thread. */
export function buildIndexImageInWorker(chunks: readonly SharedArrayBuffer[]): Promise<WorkerBuild> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { chunks } });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve({ image: reply.image, buildMs: reply.ms });
      else reject(new Error(`index worker: ${reply.error}`));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`index worker exited with ${code} before answering`));
    });
  });
}
