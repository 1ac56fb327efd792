/**
 * What changed between two parsed snapshots of one source: entities added, changed and removed, keyed by the
 * list's own id. "Changed" means the identifying content changed (names, aliases, birth dates, nationalities,
 * identity documents, type): a new programme or remark does not make anyone look more like the entity, so it
 * does not trigger a re-screen of every customer.
 */
import { createHash } from 'node:crypto';
import type { Entity, SourceId } from './entity.ts';

export interface RemovedEntity {
  source: SourceId;
  sourceId: string;
  name: string;
}

export interface SourceDelta {
  source: SourceId;
  added: Entity[];
  changed: Entity[];
  removed: RemovedEntity[];
}

/** One refresh's delta; sources whose files did not change are absent. */
export interface ListDelta {
  sources: SourceDelta[];
}

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

/** The canonical form of the entity's identifying content that entityHash digests. */
function canonical(e: Entity): string {
  const canon = {
    type: e.type,
    names: sorted(e.names.map((n) => n.full.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase())),
    birthDates: sorted(e.birthDates.map((d) => `${d.date ?? ''}|${d.from ?? ''}|${d.to ?? ''}|${d.circa ? 1 : 0}`)),
    nationalities: sorted(e.nationalities.map((c) => c.toUpperCase())),
    documents: sorted(e.documents.map((d) => `${d.type}|${d.number}|${d.country ?? ''}`.toLowerCase())),
  };
  return JSON.stringify(canon);
}

/**
 * SHA-256 over a canonical form of the entity's identifying content. Order-independent (a list that
 * reorders aliases has not changed the entity) and blind to whitespace and case in names.
 */
export function entityHash(e: Entity): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

/** Bytes per entity in `entityHashes`. */
export const HASH_BYTES = 32;

/** entityHash of each entity as raw digests, HASH_BYTES each, in order (compact: kept per source, crosses threads). */
export function entityHashes(entities: readonly Entity[]): Uint8Array {
  const out = new Uint8Array(entities.length * HASH_BYTES);
  for (let i = 0; i < entities.length; i++)
    out.set(createHash('sha256').update(canonical(entities[i]!)).digest(), i * HASH_BYTES);
  return out;
}

/** One source's identifying-content hashes, aligned with its entities: what the next diff compares against. */
export interface HashedEntities {
  ids: readonly string[];
  hashes: Uint8Array;
}

/** A diff as positions: added and changed index `next`, removed indexes `previous`. */
export interface DiffIndices {
  added: number[];
  changed: number[];
  removed: number[];
}

/**
 * The diff over ids and hashes only (no entity objects), so that it can run where the entities were parsed
 * (parse-worker.ts) and cost the main thread nothing. A list id present twice counts once, at its last
 * occurrence in `previous` and at every occurrence in `next` (as diffSource always did).
 */
export function diffHashed(previous: HashedEntities | undefined, next: HashedEntities): DiffIndices {
  const before = new Map<string, number>();
  if (previous) for (let i = 0; i < previous.ids.length; i++) before.set(previous.ids[i]!, i);
  const added: number[] = [];
  const changed: number[] = [];
  const seen = new Set<string>();
  const same = (a: Uint8Array, i: number, b: Uint8Array, j: number) => {
    for (let k = 0; k < HASH_BYTES; k++) if (a[i * HASH_BYTES + k] !== b[j * HASH_BYTES + k]) return false;
    return true;
  };
  for (let j = 0; j < next.ids.length; j++) {
    const id = next.ids[j]!;
    seen.add(id);
    const i = before.get(id);
    if (i === undefined) added.push(j);
    else if (!same(previous!.hashes, i, next.hashes, j)) changed.push(j);
  }
  const removed: number[] = [];
  for (const [id, i] of before) if (!seen.has(id)) removed.push(i);
  return { added, changed, removed };
}

/** A SourceDelta from a diff by positions over the entity lists it was computed for. */
export function sourceDelta(
  source: SourceId,
  previous: readonly Entity[] | undefined,
  next: readonly Entity[],
  diff: DiffIndices,
): SourceDelta {
  return {
    source,
    added: diff.added.map((j) => next[j]!),
    changed: diff.changed.map((j) => next[j]!),
    removed: diff.removed.map((i) => {
      const e = previous![i]!;
      return { source, sourceId: e.sourceId, name: e.name };
    }),
  };
}

/** Entities of `next` not in `previous` (added), with a different identifying hash (changed), or gone (removed). */
export function diffSource(
  source: SourceId,
  previous: readonly Entity[] | undefined,
  next: readonly Entity[],
): SourceDelta {
  const hashed = (es: readonly Entity[]): HashedEntities => ({
    ids: es.map((e) => e.sourceId),
    hashes: entityHashes(es),
  });
  return sourceDelta(source, previous, next, diffHashed(previous && hashed(previous), hashed(next)));
}

/** The counts POST /v1/lists/refresh answers with (entity lists can be thousands long on a first download). */
export function deltaSummary(
  delta: ListDelta,
): { source: SourceId; added: number; changed: number; removed: number }[] {
  return delta.sources.map((s) => ({
    source: s.source,
    added: s.added.length,
    changed: s.changed.length,
    removed: s.removed.length,
  }));
}
