/**
 * Parses one source's files in a worker thread, so a list refresh does not stall the request path
 * while megabytes of XML are parsed. The entities come back serialised in shared-memory chunks
 * (entity-transfer.ts): the index worker builds from them, and the main thread deserialises them a
 * chunk at a time, between requests (registry.ts does so only once the index worker has exited, so
 * that the two heaps never peak together).
 */
import { Worker } from 'node:worker_threads';
import type { DiffIndices, HashedEntities } from './delta.ts';
import type { Entity, ParsedSource, SourceId } from './entity.ts';
import { deserializeEntitiesYielding } from './entity-transfer.ts';
import { LOWER_PRIORITY, moduleUrl, REGISTER_TSX } from '../worker-source.ts';

type Reply =
  | {
      ok: true;
      publishedAt?: string;
      warnings: string[];
      chunks: SharedArrayBuffer[];
      ids: string[];
      names: number;
      hashes: Uint8Array;
      digests: Uint8Array;
      reuse?: Int32Array;
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
const { serializeEntities, entityDigests, reusable } = await import(${JSON.stringify(TRANSFER_URL)});
const { entityHashes, diffHashed } = await import(${JSON.stringify(DELTA_URL)});
try {
  // The raw bytes came transferred, not copied; each is decoded once and let go of, and the text is let go of
  // once parsed, so the worker's heap holds one form of the list at a time.
  const raw = workerData.files;
  workerData.files = null;
  const files = new Map();
  for (let i = 0; i < raw.length; i++) {
    const [name, body] = raw[i];
    raw[i] = null;
    files.set(name, typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  }
  const parsed = parseSource(workerData.source, files);
  files.clear();
  // The delta against the source's previous entities, here rather than on the main thread (tens of thousands
  // of canonical forms and digests): only positions go back, with the new hashes for the next refresh.
  const ids = parsed.entities.map((e) => e.sourceId);
  const hashes = entityHashes(parsed.entities);
  const diff = diffHashed(workerData.previous, { ids, hashes });
  // Which entities are the same in every field as the previous ones: the main thread keeps those objects
  // (entity-transfer.ts deserializeEntitiesYielding) instead of deserialising a second copy of each.
  const digests = entityDigests(parsed.entities);
  const previousDigests = workerData.previous?.digests;
  const reuse = previousDigests ? reusable({ ids: workerData.previous.ids, digests: previousDigests }, { ids, digests }) : undefined;
  let names = 0;
  for (const e of parsed.entities) names += e.names.length;
  parentPort.postMessage(
    {
      ok: true,
      publishedAt: parsed.publishedAt,
      warnings: parsed.warnings,
      chunks: serializeEntities(parsed.entities),
      ids,
      names,
      hashes,
      digests,
      reuse,
      diff,
    },
    reuse ? [hashes.buffer, digests.buffer, reuse.buffer] : [hashes.buffer, digests.buffer],
  );
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
`;

/** What a parse worker hands back, before the main thread deserialises a single entity. */
export interface SerializedSource {
  source: SourceId;
  publishedAt?: string;
  warnings: string[];
  /** Entities parsed, and names over all of them (the registry's verification and status). */
  entities: number;
  names: number;
  /** The entities, serialised (entity-transfer.ts): what the index worker builds from. */
  chunks: readonly SharedArrayBuffer[];
  /** The entities' identifying-content hashes (delta.ts entityHashes), for the next refresh's diff. */
  hashed: HashedEntities;
  /** The entities' whole-content digests (entity-transfer.ts entityDigests), for the next refresh's `reuse`. */
  digests: Uint8Array;
  /** Per entity, the position of the same entity (every field) in `previous`, or -1; absent without previous digests. */
  reuse?: Int32Array;
  /** Against `previous` (all added without one): positions in the new entities and in the previous ones. */
  diff: DiffIndices;
}

/** What the worker compares a new parse against: the source's last hashed entities and, if known, their digests. */
export interface PreviousParse extends HashedEntities {
  digests?: Uint8Array;
}

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
 * The file bodies for the worker, and the buffers to transfer rather than copy: a Buffer that owns its whole
 * ArrayBuffer (fs.readFile's) is handed over and detached here; a pooled or shared one is copied as before.
 */
function filesForWorker(files: RawSourceFiles): { entries: [string, string | Uint8Array][]; transfer: ArrayBuffer[] } {
  const entries: [string, string | Uint8Array][] = [];
  const transfer: ArrayBuffer[] = [];
  for (const [name, body] of files) {
    if (
      typeof body !== 'string' &&
      body.buffer instanceof ArrayBuffer &&
      body.byteOffset === 0 &&
      body.byteLength === body.buffer.byteLength &&
      !transfer.includes(body.buffer)
    ) {
      transfer.push(body.buffer);
    }
    entries.push([name, body]);
  }
  return { entries, transfer };
}

/**
 * Parses `files` as `source` in a worker and answers with the entities still serialised (no entity is built on
 * this thread). With `previous` (the source's last hashed entities) the worker also diffs the result against
 * them (delta.ts diffHashed). The files' buffers are transferred to the worker: the caller must not read them
 * afterwards.
 */
export function parseInWorkerSerialized(
  source: SourceId,
  files: RawSourceFiles,
  previous?: PreviousParse,
): Promise<SerializedSource> {
  return new Promise<Reply>((resolve, reject) => {
    const { entries, transfer } = filesForWorker(files);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        source,
        files: entries,
        previous: previous && { ids: previous.ids, hashes: previous.hashes, digests: previous.digests },
      },
      transferList: transfer,
      // A small young generation (48 MiB by default): the parse's garbage is short-lived, and two parse workers run
      // side by side at start-up. The old generation is not capped: its size follows the file's format and size.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      // The worker's heap (the file's text, its parse tree) is released before the caller goes on.
      worker.terminate().then(
        () => resolve(reply),
        () => resolve(reply),
      );
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`parse worker exited with ${code} before answering`));
    });
  }).then((reply) => {
    if (!reply.ok) throw new Error(reply.error);
    const out: SerializedSource = {
      source,
      warnings: reply.warnings,
      entities: reply.ids.length,
      names: reply.names,
      chunks: reply.chunks,
      hashed: { ids: reply.ids, hashes: reply.hashes },
      digests: reply.digests,
      diff: reply.diff,
    };
    if (reply.reuse) out.reuse = reply.reuse;
    if (reply.publishedAt !== undefined) out.publishedAt = reply.publishedAt;
    return out;
  });
}

/**
 * The entities of a parse worker's answer, deserialised a chunk per macrotask (requests run between chunks). With
 * `previous` (the entities the worker compared against) those unchanged in every field are the previous objects.
 */
export async function materialise(s: SerializedSource, previous?: readonly Entity[]): Promise<ParsedSource> {
  const reuse = s.reuse && previous ? { previous, at: s.reuse } : undefined;
  const entities = await deserializeEntitiesYielding(s.chunks, reuse);
  const parsed: ParsedSource = { source: s.source, entities, publishedAt: s.publishedAt, warnings: s.warnings };
  if (parsed.publishedAt === undefined) delete parsed.publishedAt;
  return parsed;
}

/**
 * Parses `files` as `source` in a worker; with `previous` (the source's last hashed entities) the worker also
 * diffs the result against them (delta.ts diffHashed).
 */
export async function parseInWorker(
  source: SourceId,
  files: RawSourceFiles,
  previous?: HashedEntities,
): Promise<ParsedInWorker> {
  const s = await parseInWorkerSerialized(source, files, previous);
  return { parsed: await materialise(s), chunks: s.chunks, hashed: s.hashed, diff: s.diff };
}
