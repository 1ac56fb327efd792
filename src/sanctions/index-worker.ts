/**
 * Builds the sanctions name index in a worker thread (a new one per build, so the build's garbage
 * and normalize.ts's caches die with it) and hands it back as a flat image (index-image.ts) in shared
 * memory, not copied: the main thread only wraps it (SanctionsIndex.fromImage), and can pass it on to
 * another worker at no cost either (monitoring's scoring worker).
 * The entities come in as the shared serialised chunks the parse workers produced
 * (entity-transfer.ts), so the main thread does no serialisation either. A refresh therefore costs
 * the request path nothing but the final pointer swap in registry.ts.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { chunkBytes } from './entity-transfer.ts';
import type { IndexImage } from './index-image.ts';
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX } from '../worker-source.ts';

type Reply = { ok: true; image: IndexImage; ms: number } | { ok: false; error: string };

const url = (f: string) => JSON.stringify(moduleUrl(f, import.meta.url));

const WORKER_SOURCE = `
const { parentPort, workerData } = await import('node:worker_threads');
${LOWER_PRIORITY}
${REGISTER_TSX}
const { deserializeChunk } = await import(${url('entity-transfer')});
const { buildParts } = await import(${url('index-build')});
const { packParts, shareImage } = await import(${url('index-image')});
try {
  const started = performance.now();
  // The build reads an entity's source, type and names only (index-build.ts): each chunk is deserialised and cut
  // down to those at once, so the worker never holds the whole entities (about 40 MB of its heap with all five lists).
  const entities = [];
  for (const chunk of workerData.chunks) {
    for (const e of deserializeChunk(chunk)) {
      entities.push({
        source: e.source,
        type: e.type,
        names: e.names.map((n) => (n.last === undefined ? { full: n.full } : { full: n.full, last: n.last })),
      });
    }
  }
  const image = shareImage(packParts(buildParts(entities)));
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

/**
 * The worker's heap limits, MiB. The service runs with --heap-growing-percent=100 (src/gc-tuning.ts), which holds
 * for every isolate of the process: left alone, the build's heap (~110 MiB live with all five lists) grows to about
 * twice that before a full collection, and its young generation to 48 MiB. Capped near what the build needs, the
 * worker's peak drops by ~80 MiB at about the same build time (bench/startup-memory.ts). The old-generation cap
 * follows the input (about 8 × the serialised entities' size; the build measured ~5 ×): lists that outgrow it
 * only cost a second build without the cap (`buildIndexImageInWorker`), never a failed refresh.
 */
export function indexWorkerLimits(chunks: readonly SharedArrayBuffer[]): ResourceLimits {
  const inputMiB = chunkBytes(chunks) / 2 ** 20;
  return { maxOldGenerationSizeMb: Math.max(64, Math.ceil(8 * inputMiB)), maxYoungGenerationSizeMb: 8 };
}

function buildOnce(chunks: readonly SharedArrayBuffer[], resourceLimits: ResourceLimits): Promise<WorkerBuild> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { chunks }, resourceLimits });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      // Answered once the worker's heap is released: the caller's next step (deserialising the entities on the
      // main thread, registry.ts) then never adds to it.
      const settle = () => {
        if (reply.ok) resolve({ image: reply.image, buildMs: reply.ms });
        else reject(new Error(`index worker: ${reply.error}`));
      };
      worker.terminate().then(settle, settle);
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

/** The index over the entities in `chunks` (in that order), built off this thread. */
export async function buildIndexImageInWorker(chunks: readonly SharedArrayBuffer[]): Promise<WorkerBuild> {
  const limits = indexWorkerLimits(chunks);
  try {
    return await buildOnce(chunks, limits);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
    // The lists outgrew the cap: the same build, with only the young generation capped.
    return await buildOnce(chunks, { maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb });
  }
}
