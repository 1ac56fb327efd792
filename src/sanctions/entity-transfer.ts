/**
 * Entities between threads without stalling the main thread: a worker serialises them (v8's
 * structured-clone format) in chunks, each copied into a SharedArrayBuffer. The main thread then
 * deserialises chunk by chunk, yielding to pending requests between chunks, and keeps the chunks:
 * a later index build hands the same shared memory to the index worker (index-worker.ts) with no
 * copy and no serialisation on the main thread.
 */
import { createHash, randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import type { Entity } from './entity.ts';

/**
 * Entities per chunk: one chunk deserialises in about 3–7 ms of main-thread CPU on this machine (500 took up to
 * 13 ms under load, bench/lib/refresh-attribution.ts).
 */
export const ENTITY_CHUNK = 250;

function serializeChunk(entities: readonly Entity[]): SharedArrayBuffer {
  const bytes = v8.serialize(entities);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return shared;
}

export function serializeEntities(entities: readonly Entity[]): SharedArrayBuffer[] {
  const chunks: SharedArrayBuffer[] = [];
  for (let i = 0; i < entities.length; i += ENTITY_CHUNK)
    chunks.push(serializeChunk(entities.slice(i, i + ENTITY_CHUNK)));
  return chunks;
}

/** On the main thread: one chunk per macrotask (e.g. a delta's changed entities on their way to the index worker). */
export async function serializeEntitiesYielding(entities: readonly Entity[]): Promise<SharedArrayBuffer[]> {
  const chunks: SharedArrayBuffer[] = [];
  for (let i = 0; i < entities.length; i += ENTITY_CHUNK) {
    // Yield first: the caller is often at the end of a long macrotask (a snapshot swap and its onChange).
    await new Promise<void>((resolve) => setImmediate(resolve));
    chunks.push(serializeChunk(entities.slice(i, i + ENTITY_CHUNK)));
  }
  return chunks;
}

export function deserializeChunk(chunk: SharedArrayBuffer): Entity[] {
  return v8.deserialize(new Uint8Array(chunk)) as Entity[];
}

/** All at once (workers, tests). */
export function deserializeEntities(chunks: readonly SharedArrayBuffer[]): Entity[] {
  const out: Entity[] = [];
  for (const c of chunks) for (const e of deserializeChunk(c)) out.push(e);
  return out;
}

/**
 * On the main thread: one chunk per macrotask, so requests run between chunks. With `reuse` (`reusable`: per
 * entity, the position of a byte-identical entity in `previous`, or -1) an unchanged entity is the previous
 * object, not a new copy, and a chunk of unchanged entities is not deserialised at all: a refresh then adds to
 * this thread's heap only what changed, where it used to hold every entity twice until the old snapshot was
 * collected (bench/startup-memory.ts). Sharing the objects is safe: a snapshot's entities are never mutated.
 */
export async function deserializeEntitiesYielding(
  chunks: readonly SharedArrayBuffer[],
  reuse?: { previous: readonly Entity[]; at: Int32Array },
): Promise<Entity[]> {
  const out: Entity[] = [];
  for (const c of chunks) {
    // Chunks hold ENTITY_CHUNK entities each, the last one the rest (serializeEntities).
    const first = out.length;
    const end = reuse ? Math.min(reuse.at.length, first + ENTITY_CHUNK) : first;
    let unchanged = reuse !== undefined && end > first;
    for (let j = first; unchanged && j < end; j++) unchanged = reuse!.at[j]! >= 0;
    if (unchanged) {
      for (let j = first; j < end; j++) out.push(reuse!.previous[reuse!.at[j]!]!);
      continue;
    }
    for (const e of deserializeChunk(c)) {
      const i = reuse?.at[out.length] ?? -1;
      out.push(i >= 0 ? reuse!.previous[i]! : e);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Bytes per entity in `entityDigests`. */
export const DIGEST_BYTES = 32;

/**
 * SHA-256 of each entity's whole content, in order: equal digests mean entities that deserialise to the same content,
 * every field (delta.ts's hashes cover the identifying content only: a new remark does not change them). Computed
 * in the parse worker, kept with the source for the next refresh's `reusable`.
 * Over the entity's JSON rather than its v8.serialize bytes: a serialisation per entity left ~40 MiB of freed
 * buffers resident in the worker threads' malloc arena after each parse (they are freed only when collected; the
 * hash's input here is freed at once). JSON is exact for the plain data a parser returns once a property holding
 * undefined is told from an absent one; anything else (a non-finite number, a Map, a Date) gets a digest that
 * matches nothing, so its entity is never reused.
 */
export function entityDigests(entities: readonly Entity[]): Uint8Array {
  const out = new Uint8Array(entities.length * DIGEST_BYTES);
  for (let i = 0; i < entities.length; i++) {
    const json = plainJson(entities[i]!);
    const digest = json === undefined ? randomBytes(DIGEST_BYTES) : createHash('sha256').update(json).digest();
    out.set(digest, i * DIGEST_BYTES);
  }
  return out;
}

/** JSON of plain data (objects, arrays, strings, finite numbers, booleans, null), undefined for anything else. */
function plainJson(value: unknown): string | undefined {
  let plain = true;
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = key === '' ? value : this[key];
    if (raw === undefined) return UNDEFINED;
    if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0))) plain = false;
    else if (typeof raw === 'object' && raw !== null) {
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) plain = false;
    } else if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean' && raw !== null)
      plain = false;
    return v;
  });
  return plain ? json : undefined;
}

/** A property that holds undefined (JSON would drop it); a parser's objects have no such key. */
const UNDEFINED = { '\u0000undefined': 1 };

/**
 * Per entity of `next`, the position of the entity with the same list id in `previous` when their digests are
 * equal (the content is the same), else -1. A list id present twice in `previous` is looked up at its last
 * occurrence (as delta.ts diffHashed).
 */
export function reusable(
  previous: { ids: readonly string[]; digests: Uint8Array },
  next: { ids: readonly string[]; digests: Uint8Array },
): Int32Array {
  const at = new Map<string, number>();
  for (let i = 0; i < previous.ids.length; i++) at.set(previous.ids[i]!, i);
  const out = new Int32Array(next.ids.length).fill(-1);
  const a = previous.digests;
  const b = next.digests;
  for (let j = 0; j < next.ids.length; j++) {
    const i = at.get(next.ids[j]!);
    if (i === undefined || (i + 1) * DIGEST_BYTES > a.length) continue;
    let same = true;
    for (let k = 0; same && k < DIGEST_BYTES; k++) same = a[i * DIGEST_BYTES + k] === b[j * DIGEST_BYTES + k];
    if (same) out[j] = i;
  }
  return out;
}

/** Bytes held by serialised chunks (off the V8 heap). */
export function chunkBytes(chunks: readonly SharedArrayBuffer[]): number {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}
