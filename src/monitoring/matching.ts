/**
 * Confirming a customer against the lists with the regular scorer (name, birth date, nationality), and
 * deciding which matches become alerts: a pair cleared by an officer stays quiet while the entity's
 * identifying content is unchanged; a pair already under an open alert is not raised twice.
 */
import { entityHash } from '../sanctions/delta.ts';
import type { SourceId } from '../sanctions/entity.ts';
import type { SanctionsIndex, ScreenMatch } from '../sanctions/index.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { type Identity, identityCountries } from './identity.ts';

export const entityRef = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;

export interface Scope {
  /** Only these sources (a delta run screens the sources that changed). */
  sources?: SourceId[];
  /** Only these entities (entityRef): the changed ones of a delta run. */
  entities?: ReadonlySet<string>;
  /**
   * An index of the changed entities only: a customer who scores nowhere near them there is not screened
   * against the full index. Its rarities come from the few changed entities, not the whole lists, so it only
   * sifts, with a margin; the full index decides.
   */
  prefilter?: SanctionsIndex;
}

/** How far below the threshold the changed-entities index may score a customer who is still screened in full. */
const PREFILTER_MARGIN = 0.15;

/** How many matches one customer may bring back: far above any real one, bounding a pathological name. */
const MATCH_LIMIT = 50;

export function screenIdentity(snapshot: ListSnapshot, identity: Identity, threshold: number, scope: Scope = {}) {
  return screenWith(snapshot.index, identity, threshold, scope);
}

/**
 * A match as re-screening keeps it: the entity itself is replaced by its identifying-content hash, so a match
 * scored in the scoring worker crosses back to the main thread without the entity.
 */
export type ScoredMatch = Omit<ScreenMatch, 'entity'> & { hash: string };

export function scored(m: ScreenMatch): ScoredMatch {
  const { entity, ...rest } = m;
  return { ...rest, hash: entityHash(entity) };
}

/** screenIdentity against a given index: the live snapshot's, or the scoring worker's own copy of it. */
export function screenWith(index: SanctionsIndex, identity: Identity, threshold: number, scope: Scope = {}) {
  const query = {
    name: identity.name,
    type: 'person' as const,
    birthDate: identity.dateOfBirth,
    countries: identityCountries(identity),
    sources: scope.sources,
    threshold,
    limit: MATCH_LIMIT,
  };
  if (
    scope.prefilter?.screen({ ...query, threshold: Math.max(0, threshold - PREFILTER_MARGIN), limit: 1 }).length === 0
  )
    return [];
  const matches = index.screen(query);
  return scope.entities ? matches.filter((m) => scope.entities!.has(entityRef(m.source, m.sourceId))) : matches;
}

export interface PairState {
  /** Active clearings of this customer: entity ref → the entity hash when cleared. */
  clearings: ReadonlyMap<string, string>;
  /** Entity refs with an open alert for this customer. */
  open: ReadonlySet<string>;
}

export type MatchOutcome =
  | { kind: 'raise'; match: ScoredMatch; hash: string; clearedEntityChanged: boolean }
  | { kind: 'cleared'; match: ScoredMatch; hash: string }
  | { kind: 'already_open'; match: ScoredMatch; hash: string };

export function decide(matches: readonly ScoredMatch[], state: PairState): MatchOutcome[] {
  return matches.map((match) => {
    const ref = entityRef(match.source, match.sourceId);
    const hash = match.hash;
    if (state.open.has(ref)) return { kind: 'already_open', match, hash };
    const cleared = state.clearings.get(ref);
    if (cleared === hash) return { kind: 'cleared', match, hash };
    return { kind: 'raise', match, hash, clearedEntityChanged: cleared !== undefined };
  });
}
