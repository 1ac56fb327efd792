/**
 * What a decision was screened against: one version per source, so an auditor can tell which list
 * publication decided. Every answer that rests on the lists carries this object, and stored decisions keep it.
 */
import type { SourceId } from './entity.ts';
import type { SourceStatus } from './registry.ts';

export interface ListsProvenance {
  /** True when any source is the bundled development sample: the screening is then NOT complete. */
  sample: boolean;
  /** Per source: the list's own publish date, else a short digest of its files (some lists carry no date). */
  versions: Partial<Record<SourceId, string>>;
}

export interface ProvenanceSource {
  readonly sources: ReadonlyMap<SourceId, SourceStatus>;
  readonly sample: boolean;
}

/** The version an auditor can look up: the publish date the list states, else `sha256:<12 hex>` of its files. */
export function sourceVersion(status: SourceStatus): string {
  if (status.publishedAt) return status.publishedAt;
  const digests = Object.keys(status.checksums)
    .sort()
    .map((file) => status.checksums[file])
    .join('');
  return `sha256:${digests.slice(0, 12)}`;
}

const cache = new WeakMap<ProvenanceSource, ListsProvenance>();

/** Computed once per snapshot (snapshots are immutable), so the hot path pays a WeakMap lookup. */
export function listsProvenance(snapshot: ProvenanceSource): ListsProvenance {
  let p = cache.get(snapshot);
  if (!p) {
    const versions: Partial<Record<SourceId, string>> = {};
    for (const [source, status] of snapshot.sources) versions[source] = sourceVersion(status);
    p = Object.freeze({ sample: snapshot.sample, versions: Object.freeze(versions) });
    cache.set(snapshot, p);
  }
  return p;
}
