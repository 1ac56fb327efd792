/**
 * Entities between threads without stalling the main thread: a worker serialises them (v8's
 * structured-clone format) in chunks, each copied into a SharedArrayBuffer. The main thread then
 * deserialises chunk by chunk, yielding to pending requests between chunks, and keeps the chunks:
 * a later index build hands the same shared memory to the index worker (index-worker.ts) with no
 * copy and no serialisation on the main thread.
 */
import v8 from 'node:v8';
import type { Entity } from './entity.ts';

/** Entities per chunk: one chunk deserialises in about 5–12 ms on this machine. */
export const ENTITY_CHUNK = 500;

export function serializeEntities(entities: readonly Entity[]): SharedArrayBuffer[] {
  const chunks: SharedArrayBuffer[] = [];
  for (let i = 0; i < entities.length; i += ENTITY_CHUNK) {
    const bytes = v8.serialize(entities.slice(i, i + ENTITY_CHUNK));
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    chunks.push(shared);
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
