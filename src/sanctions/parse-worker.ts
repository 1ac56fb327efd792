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
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX } from '../worker-source.ts';

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

const PARSERS_URL = moduleUrl('sources/index', import.meta.url);
const TRANSFER_URL = moduleUrl('entity-transfer', import.meta.url);
const DELTA_URL = moduleUrl('delta', import.meta.url);

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
