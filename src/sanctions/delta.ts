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

/**
 * SHA-256 over a canonical form of the entity's identifying content. Order-independent (a list that
 * reorders aliases has not changed the entity) and blind to whitespace and case in names.
 */
export function entityHash(e: Entity): string {
  const canon = {
    type: e.type,
    names: sorted(e.names.map((n) => n.full.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase())),
    birthDates: sorted(e.birthDates.map((d) => `${d.date ?? ''}|${d.from ?? ''}|${d.to ?? ''}|${d.circa ? 1 : 0}`)),
    nationalities: sorted(e.nationalities.map((c) => c.toUpperCase())),
    documents: sorted(e.documents.map((d) => `${d.type}|${d.number}|${d.country ?? ''}`.toLowerCase())),
  };
  return createHash('sha256').update(JSON.stringify(canon)).digest('hex');
}

/** Entities of `next` not in `previous` (added), with a different identifying hash (changed), or gone (removed). */
export function diffSource(
  source: SourceId,
  previous: readonly Entity[] | undefined,
  next: readonly Entity[],
): SourceDelta {
  const before = new Map<string, Entity>();
  for (const e of previous ?? []) before.set(e.sourceId, e);
  const added: Entity[] = [];
  const changed: Entity[] = [];
  const seen = new Set<string>();
  for (const e of next) {
    seen.add(e.sourceId);
    const old = before.get(e.sourceId);
    if (!old) added.push(e);
    else if (entityHash(old) !== entityHash(e)) changed.push(e);
  }
  const removed: RemovedEntity[] = [];
  for (const [sourceId, e] of before) if (!seen.has(sourceId)) removed.push({ source, sourceId, name: e.name });
  return { source, added, changed, removed };
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
