/** Screening verbs over the current list snapshot: names, batches of names, wallet addresses. */
import { ServiceUnavailableError } from '../errors.ts';
import type { EntityType, SourceId } from './entity.ts';
import type { ScreenMatch } from './index.ts';
import type { ListSnapshot } from './registry.ts';
import type { WalletHit } from './wallets.ts';

export interface NameQuery {
  name: string;
  type?: EntityType;
  birthDate?: string;
  countries?: string[];
  sources?: SourceId[];
  threshold?: number;
  limit?: number;
}

export interface ScreeningDefaults {
  threshold: number;
  limit: number;
}

export interface NameResult {
  matches: ScreenMatch[];
  threshold: number;
}

export interface ListsSource {
  readonly snapshot: ListSnapshot | undefined;
  unavailableReason?(): string | undefined;
}

/** The usable snapshot, or a 503 that says why screening cannot run (which lists, and their last error). */
export function requireSnapshot(lists: ListsSource): ListSnapshot {
  const snapshot = lists.snapshot;
  if (!snapshot) {
    const reason = lists.unavailableReason?.() ?? 'The sanctions lists are not loaded yet.';
    throw new ServiceUnavailableError(reason, 30);
  }
  return snapshot;
}

export function screenName(
  snapshot: Pick<ListSnapshot, 'index'>,
  q: NameQuery,
  defaults: ScreeningDefaults,
): NameResult {
  const threshold = q.threshold ?? defaults.threshold;
  const matches = snapshot.index.screen({
    name: q.name,
    type: q.type,
    birthDate: q.birthDate,
    countries: q.countries,
    sources: q.sources,
    threshold,
    limit: q.limit ?? defaults.limit,
  });
  return { matches, threshold };
}

export interface WalletQuery {
  address: string;
  chain?: string;
}

export function screenWallets(
  snapshot: ListSnapshot,
  queries: readonly WalletQuery[],
): { address: string; chain?: string; hits: WalletHit[] }[] {
  return queries.map((q) => ({
    address: q.address,
    chain: q.chain,
    hits: snapshot.wallets.lookup(q.address, q.chain),
  }));
}
