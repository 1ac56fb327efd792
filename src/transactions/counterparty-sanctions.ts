/**
 * Sanctions checks of the counterparty against the current list snapshot: exact wallet lookup and
 * fuzzy name screening of every counterparty-side name. Typed structurally so this file only
 * depends on the two calls it makes, not on how the index is built.
 */
import { LRUCache } from 'lru-cache';
import type { NameFinding, SanctionsFindings, WalletFinding } from '../risk/types.ts';
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

export function screenCounterparty(
  lists: SanctionsLookup,
  wallet: { address?: string; chain?: string },
  names: readonly NameToScreen[],
  threshold: number,
): SanctionsFindings {
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
  for (const n of names) {
    for (const m of screenNameCached(lists, n, threshold)) {
      found.push({
        field: n.field,
        source: m.source,
        sourceId: m.sourceId,
        name: m.name,
        matchedName: m.matchedName,
        type: m.type,
        score: m.score,
        programs: [...m.programs],
      });
    }
  }
  return { wallets, names: found };
}
