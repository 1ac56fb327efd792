/**
 * Customers with open re-screen alerts, in memory: transaction screening asks for every transaction, so it must
 * cost a map lookup. Loaded from the database at start and kept in step by every write of the service; reloaded
 * periodically so that alerts closed by another instance are seen.
 */
export interface OpenHit {
  alertId: string;
  source: string;
  sourceId: string;
  score: number;
}

export interface CustomerSanctionsHit {
  bestScore: number;
  alerts: readonly OpenHit[];
}

export class OpenHits {
  #byUser = new Map<string, Map<string, OpenHit>>();

  replaceAll(rows: readonly (OpenHit & { userId: string })[]): void {
    const next = new Map<string, Map<string, OpenHit>>();
    for (const r of rows) {
      let m = next.get(r.userId);
      if (!m) {
        m = new Map();
        next.set(r.userId, m);
      }
      m.set(r.alertId, { alertId: r.alertId, source: r.source, sourceId: r.sourceId, score: r.score });
    }
    this.#byUser = next;
  }

  add(userId: string, hit: OpenHit): void {
    let m = this.#byUser.get(userId);
    if (!m) {
      m = new Map();
      this.#byUser.set(userId, m);
    }
    m.set(hit.alertId, hit);
  }

  remove(userId: string, alertId: string): void {
    const m = this.#byUser.get(userId);
    if (!m) return;
    m.delete(alertId);
    if (m.size === 0) this.#byUser.delete(userId);
  }

  get(userId: string): CustomerSanctionsHit | undefined {
    const m = this.#byUser.get(userId);
    if (!m || m.size === 0) return undefined;
    const alerts = [...m.values()];
    return { bestScore: Math.max(...alerts.map((a) => a.score)), alerts };
  }

  get size(): number {
    return this.#byUser.size;
  }
}
