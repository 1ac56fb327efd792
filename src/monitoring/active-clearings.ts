/**
 * Active clearings in memory: transaction counterparty screening asks, for every name match, whether the customer
 * cleared that entity, so it must cost a map lookup. Loaded at start, kept in step by the service's clear and
 * revoke, and reloaded every tick (clearings made or revoked by another instance).
 */
import { entityRef } from './matching.ts';

export interface ClearingLike {
  userId: string;
  source: string;
  sourceId: string;
  entityHash: string;
  clearingId: string;
}

export interface ActiveClearing {
  clearingId: string;
  entityHash: string;
}

export class ActiveClearings {
  #byUser = new Map<string, Map<string, ActiveClearing>>();

  /** Rows newest first: the latest clearing of a pair is the one that counts. */
  replaceAll(rows: readonly ClearingLike[]): void {
    const next = new Map<string, Map<string, ActiveClearing>>();
    for (const r of rows) {
      const ref = entityRef(r.source, r.sourceId);
      const m = next.get(r.userId) ?? new Map<string, ActiveClearing>();
      next.set(r.userId, m);
      if (!m.has(ref)) m.set(ref, { clearingId: r.clearingId, entityHash: r.entityHash });
    }
    this.#byUser = next;
  }

  add(r: ClearingLike): void {
    const m = this.#byUser.get(r.userId) ?? new Map<string, ActiveClearing>();
    this.#byUser.set(r.userId, m);
    m.set(entityRef(r.source, r.sourceId), { clearingId: r.clearingId, entityHash: r.entityHash });
  }

  /** One customer's active clearings, newest first (after a revocation: an older clearing of the pair may remain). */
  replaceUser(userId: string, rows: readonly ClearingLike[]): void {
    const m = new Map<string, ActiveClearing>();
    for (const r of rows) {
      const ref = entityRef(r.source, r.sourceId);
      if (!m.has(ref)) m.set(ref, { clearingId: r.clearingId, entityHash: r.entityHash });
    }
    if (m.size === 0) this.#byUser.delete(userId);
    else this.#byUser.set(userId, m);
  }

  /** The customer's active clearing of (source, sourceId), or undefined. */
  get(userId: string, source: string, sourceId: string): ActiveClearing | undefined {
    return this.#byUser.get(userId)?.get(entityRef(source, sourceId));
  }

  /** A per-customer view for transaction screening (undefined when the customer cleared nothing). */
  of(userId: string): ((source: string, sourceId: string) => ActiveClearing | undefined) | undefined {
    const m = this.#byUser.get(userId);
    return m ? (source, sourceId) => m.get(entityRef(source, sourceId)) : undefined;
  }

  get size(): number {
    return this.#byUser.size;
  }
}
