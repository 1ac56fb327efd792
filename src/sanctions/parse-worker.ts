/**
 * Parses one source's files in a worker thread, so a list refresh does not stall the request path
 * while megabytes of XML are parsed, and so the five sources parse on both cores at start-up.
 * The entities come back serialised in shared-memory chunks (entity-transfer.ts): the main thread
 * deserialises them a chunk at a time, between requests, and keeps the chunks for the index worker.
 */
import { Worker } from 'node:worker_threads';
import type { DiffIndices, HashedEntities } from './delta.ts';
import type { ParsedSource, SourceId } from './entity.ts';
import { deserializeEntitiesYielding } from './entity-transfer.ts';

type Reply =
  | {
      ok: true;
      publishedAt?: string;
      warnings: string[];
      chunks: SharedArrayBuffer[];
      hashes: Uint8Array;
      diff: DiffIndices;
    }
  | { ok: false; error: string };

/** A source's files, name → contents: text, or the file's bytes (decoded as UTF-8 in the worker, not here). */
export type RawSourceFiles = ReadonlyMap<string, string | Uint8Array>;

// `npm start` runs the compiled dist/*.js; tests and `npm run dev` run the TypeScript sources through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const ext = COMPILED ? 'js' : 'ts';
const PARSERS_URL = new URL(`./sources/index.${ext}`, import.meta.url).href;
const TRANSFER_URL = new URL(`./entity-transfer.${ext}`, import.meta.url).href;
const DELTA_URL = new URL(`./delta.${ext}`, import.meta.url).href;
// From the sources, a worker does not inherit the tsx loader on Node 20, so it registers it itself.
export const REGISTER_TSX = COMPILED
  ? ''
  : `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register();`;

/**
 * Nice value of the list workers' threads (parse, index build). On a machine whose cores are busy, a worker at the
 * main thread's priority takes the CPU the request path needs: the main thread then waits in the run queue, and
 * requests stall although it has nothing to do (bench/lib/refresh-attribution.ts measured gaps of 50 ms with 4 ms
 * of main-thread CPU). At nice 10 the scheduler gives the main thread about 9× the worker's share when both are
 * runnable; an idle core still runs the worker at full speed. Linux threads have their own nice value; elsewhere
 * (or if refused) the worker keeps the default.
 */
export const WORKER_NICE = 10;
export const LOWER_PRIORITY = `try {
  const tid = Number((await import('node:fs')).readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) (await import('node:os')).setPriority(tid, ${WORKER_NICE});
} catch {}`;

const WORKER_SOURCE = `
const { parentPort, workerData } = await import('node:worker_threads');
${LOWER_PRIORITY}
${REGISTER_TSX}
const { parseSource } = await import(${JSON.stringify(PARSERS_URL)});
const { serializeEntities } = await import(${JSON.stringify(TRANSFER_URL)});
const { entityHashes, diffHashed } = await import(${JSON.stringify(DELTA_URL)});
try {
  const files = new Map(
    workerData.files.map(([name, body]) => [name, typeof body === 'string' ? body : Buffer.from(body).toString('utf8')]),
  );
  const parsed = parseSource(workerData.source, files);
  // The delta against the source's previous entities, here rather than on the main thread (tens of thousands
  // of canonical forms and digests): only positions go back, with the new hashes for the next refresh.
  const hashes = entityHashes(parsed.entities);
  const diff = diffHashed(workerData.previous, { ids: parsed.entities.map((e) => e.sourceId), hashes });
  parentPort.postMessage(
    {
      ok: true,
      publishedAt: parsed.publishedAt,
      warnings: parsed.warnings,
      chunks: serializeEntities(parsed.entities),
      hashes,
      diff,
    },
    [hashes.buffer],
  );
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
`;

export interface ParsedInWorker {
  parsed: ParsedSource;
  /** The entities, serialised (entity-transfer.ts): what the index worker builds from. */
  chunks: readonly SharedArrayBuffer[];
  /** The entities' identifying-content hashes (delta.ts entityHashes), for the next refresh's diff. */
  hashed: HashedEntities;
  /** Against `previous` (all added without one): positions in the new entities and in the previous ones. */
  diff: DiffIndices;
}

/**
 * Parses `files` as `source` in a worker; with `previous` (the source's last hashed entities) the worker also
 * diffs the result against them (delta.ts diffHashed).
 */
export function parseInWorker(
  source: SourceId,
  files: RawSourceFiles,
  previous?: HashedEntities,
): Promise<ParsedInWorker> {
  return new Promise<Reply>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source, files: [...files], previous: previous && { ids: previous.ids, hashes: previous.hashes } },
    });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      resolve(reply);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`parse worker exited with ${code} before answering`));
    });
  }).then(async (reply) => {
    if (!reply.ok) throw new Error(reply.error);
    const entities = await deserializeEntitiesYielding(reply.chunks);
    const parsed: ParsedSource = { source, entities, publishedAt: reply.publishedAt, warnings: reply.warnings };
    if (parsed.publishedAt === undefined) delete parsed.publishedAt;
    const hashed = { ids: entities.map((e) => e.sourceId), hashes: reply.hashes };
    return { parsed, chunks: reply.chunks, hashed, diff: reply.diff };
  });
}
