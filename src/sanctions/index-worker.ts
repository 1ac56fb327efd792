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
const { buildNameParts } = await import(${url('index-build')});
const { packParts, shareImage } = await import(${url('index-image')});
try {
  const started = performance.now();
  // The build reads each entity once, in order, and keeps only its names' tokens (index-build.ts): the chunks are
  // deserialised one at a time as it reads, so the worker never holds the entities, whole or cut down (holding the
  // cut-down ones cost ~23 MiB of the worker's peak with all five lists, bench/RESULTS.md).
  function* entities(chunks) {
    for (const chunk of chunks) yield* deserializeChunk(chunk);
  }
  const image = shareImage(packParts(buildNameParts(entities(workerData.chunks))));
  parentPort.postMessage({ ok: true, image, ms: performance.now() - started });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
`;

export interface WorkerBuild {
  image: IndexImage;
  /** Time the worker spent building, ms (the rest of the wall time is its start-up). */
  buildMs: number;
  /** The first build ran out of its capped heap and this one ran without the old-generation cap. */
  uncapped: boolean;
}

/**
 * The worker's heap limits, MiB. The service runs with --heap-growing-percent=100 (src/gc-tuning.ts), which holds
 * for every isolate of the process: left alone, the build's heap grows to about twice its live size before a full
 * collection, and its young generation to 48 MiB. Capped near what the build needs, the worker's peak is lower at
 * about the same build time. The old-generation cap follows the input: 6 × the serialised entities' size (134 MiB
 * with all five lists, whose build peaks at ~91 MiB live, 4 × the input: 1.5 × headroom; a 4 × cap ran out of
 * memory). From 8 × to 6 × the worker's peak fell by ~20 MiB (bench/RESULTS.md). Lists that outgrow the cap only
 * cost a second build without it (`buildIndexImageInWorker`, logged by the registry),
 * never a failed refresh.
 */
export function indexWorkerLimits(chunks: readonly SharedArrayBuffer[]): ResourceLimits {
  const inputMiB = chunkBytes(chunks) / 2 ** 20;
  return { maxOldGenerationSizeMb: Math.max(64, Math.ceil(6 * inputMiB)), maxYoungGenerationSizeMb: 8 };
}

function buildOnce(
  chunks: readonly SharedArrayBuffer[],
  resourceLimits: ResourceLimits,
): Promise<Omit<WorkerBuild, 'uncapped'>> {
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

/**
 * The index over the entities in `chunks` (in that order), built off this thread. `limits` replaces the heap caps
 * of `indexWorkerLimits` (tests use a cap too small for any build, to exercise the retry).
 */
export async function buildIndexImageInWorker(
  chunks: readonly SharedArrayBuffer[],
  limits: ResourceLimits = indexWorkerLimits(chunks),
): Promise<WorkerBuild> {
  try {
    return { ...(await buildOnce(chunks, limits)), uncapped: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw err;
    // The lists outgrew the cap: the same build, with only the young generation capped.
    const young = limits.maxYoungGenerationSizeMb;
    return {
      ...(await buildOnce(chunks, young === undefined ? {} : { maxYoungGenerationSizeMb: young })),
      uncapped: true,
    };
  }
}
