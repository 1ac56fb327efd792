/**
 * Entities between threads without stalling the main thread: a worker serialises them (v8's
 * structured-clone format) in chunks, each copied into a SharedArrayBuffer. The main thread then
 * deserialises chunk by chunk, yielding to pending requests between chunks, and keeps the chunks:
 * a later index build hands the same shared memory to the index worker (index-worker.ts) with no
 * copy and no serialisation on the main thread.
 */
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

/** On the main thread: one chunk per macrotask, so requests run between chunks. */
export async function deserializeEntitiesYielding(chunks: readonly SharedArrayBuffer[]): Promise<Entity[]> {
  const out: Entity[] = [];
  for (const c of chunks) {
    for (const e of deserializeChunk(c)) out.push(e);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

/** Bytes held by serialised chunks (off the V8 heap). */
export function chunkBytes(chunks: readonly SharedArrayBuffer[]): number {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}
