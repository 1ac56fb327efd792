/**
 * Sanctions checks of the counterparty against the current list snapshot: exact wallet lookup and
 * fuzzy name screening of every counterparty-side name. Typed structurally so this file only
 * depends on the two calls it makes, not on how the index is built.
 */
import { LRUCache } from 'lru-cache';
import type { NameFinding, SanctionsFindings, WalletFinding } from '../risk/types.ts';
import { entityHash } from '../sanctions/delta.ts';
import type { Entity } from '../sanctions/entity.ts';
import type { ProvenanceSource } from '../sanctions/provenance.ts';
import type { NameToScreen } from './facts.ts';

interface NameMatchLike {
  source: string;
  sourceId: string;
  name: string;
  matchedName: string;
  type: string;
  score: number;
  programs: string[];
  /** The matched entity: its identifying-content hash decides whether a customer's clearing still holds. */
  entity: Entity;
}

interface WalletHitLike {
  source: string;
  sourceId: string;
  name: string;
  currency: string;
  address: string;
  chain: string;
  programs: string[];
}

/** The snapshot as this module sees it; `sources` and `sample` give each decision its list provenance. */
export interface SanctionsLookup extends ProvenanceSource {
  index: {
    screen(q: {
      name: string;
      type?: 'person' | 'organization';
      birthDate?: string;
      threshold: number;
      limit: number;
    }): readonly NameMatchLike[];
  };
  wallets: { lookup(address: string, chain?: string): readonly WalletHitLike[] };
}

/** Matches kept per screened name: the decision needs the best ones, the alert a few alternatives. */
const MATCHES_PER_NAME = 3;

/**
 * Name screening is the costliest step of a screening (fuzzy matching against every list) and
 * counterparties recur (exchanges, merchants, payroll), so results are memoised per list snapshot:
 * a refreshed snapshot is a new key, so a list update is never answered from stale results.
 */
const NAME_CACHE_SIZE = 20_000;
const nameCaches = new WeakMap<SanctionsLookup, LRUCache<string, readonly NameMatchLike[]>>();

function screenNameCached(lists: SanctionsLookup, n: NameToScreen, threshold: number): readonly NameMatchLike[] {
  let cache = nameCaches.get(lists);
  if (!cache) {
    cache = new LRUCache({ max: NAME_CACHE_SIZE });
    nameCaches.set(lists, cache);
  }
  const key = `${n.type ?? ''}|${n.birthDate ?? ''}|${threshold}|${n.name}`;
  let matches = cache.get(key);
  if (!matches) {
    matches = lists.index.screen({
      name: n.name,
      ...(n.type ? { type: n.type } : {}),
      ...(n.birthDate ? { birthDate: n.birthDate } : {}),
      threshold,
      limit: MATCHES_PER_NAME,
    });
    cache.set(key, matches);
  }
  return matches;
}

/** The customer's active clearing of an entity (monitoring), a map lookup. */
export type ClearingLookup = (
  source: string,
  sourceId: string,
) => { clearingId: string; entityHash: string } | undefined;

/** A name match the customer's clearing silences: kept in the answer so the decision stays explainable. */
export interface ClearedMatch extends NameFinding {
  clearingId: string;
}

/** Hashing an entity is a SHA-256 over its names: once per entity object (a snapshot's entities are immutable). */
const hashes = new WeakMap<Entity, string>();
function hashOf(e: Entity): string {
  let h = hashes.get(e);
  if (h === undefined) {
    h = entityHash(e);
    hashes.set(e, h);
  }
  return h;
}

/**
 * Wallet hits are never silenced by a clearing: a clearing says the customer is not the listed person, while a
 * listed address is the entity's own wallet whoever the customer is. A name match against an entity the customer
 * cleared is, as long as the entity's identifying content is what the officer cleared (same hash).
 */
export function screenCounterparty(
  lists: SanctionsLookup,
  wallet: { address?: string; chain?: string },
  names: readonly NameToScreen[],
  threshold: number,
  cleared?: ClearingLookup,
): SanctionsFindings & { cleared: ClearedMatch[] } {
  const wallets: WalletFinding[] = wallet.address
    ? lists.wallets.lookup(wallet.address, wallet.chain).map((h) => ({
        field: 'counterparty.walletAddress',
        source: h.source,
        sourceId: h.sourceId,
        name: h.name,
        currency: h.currency,
        address: h.address,
        chain: h.chain,
        programs: [...h.programs],
      }))
    : [];
  const found: NameFinding[] = [];
  const silenced: ClearedMatch[] = [];
  for (const n of names) {
    for (const m of screenNameCached(lists, n, threshold)) {
      const finding: NameFinding = {
        field: n.field,
        source: m.source,
        sourceId: m.sourceId,
        name: m.name,
        matchedName: m.matchedName,
        type: m.type,
        score: m.score,
        programs: [...m.programs],
      };
      const c = cleared?.(m.source, m.sourceId);
      if (c && c.entityHash === hashOf(m.entity)) silenced.push({ ...finding, clearingId: c.clearingId });
      else found.push(finding);
    }
  }
  return { wallets, names: found, cleared: silenced };
}
