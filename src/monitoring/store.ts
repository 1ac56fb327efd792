/** Reads and writes of monitoring records. No decisions here: the service decides, this persists. */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, getTableColumns, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type LeaseStore, LibsqlLeaseStore } from '../db/lease.ts';
import { customers } from '../db/schema/customers.ts';
import { kycVerifications } from '../db/schema/kyc.ts';
import {
  monitoredCustomers,
  monitoringAuditEvents,
  rescreenAlerts,
  screeningClearings,
  screeningRuns,
} from '../db/schema/monitoring.ts';

export type MonitoredRow = typeof monitoredCustomers.$inferSelect;
export type AlertRow = typeof rescreenAlerts.$inferSelect & { seq: number };
export type NewAlertRow = typeof rescreenAlerts.$inferInsert;
export type ClearingRow = typeof screeningClearings.$inferSelect;
export type RunRow = typeof screeningRuns.$inferSelect;
export type NewRunRow = typeof screeningRuns.$inferInsert;
export type AuditRow = typeof monitoringAuditEvents.$inferInsert;

/** A run as it starts: nothing checked yet, progress cursor at the beginning, versions of the lists it uses. */
export function startingRun(
  kind: RunRow['kind'],
  start: Pick<RunRow, 'details' | 'listVersions' | 'dueBefore' | 'customersTotal' | 'startedAt'>,
): RunRow {
  return {
    id: `run_${randomUUID()}`,
    kind,
    status: 'running',
    cursor: 0,
    delta: null,
    customersChecked: 0,
    candidates: 0,
    hits: 0,
    error: null,
    finishedAt: null,
    ...start,
  };
}

export interface DueRow {
  id: number;
  userId: string;
  identityEnc: string | null;
  verificationId: string | null;
  riskLevel: 'low' | 'medium' | 'high' | null;
}

export interface AlertFilter {
  limit: number;
  status?: 'open' | 'closed';
  userId?: string;
  after?: { detectedAt: number; seq: number };
}

const alertColumns = { ...getTableColumns(rescreenAlerts), seq: sql<number>`${rescreenAlerts}.rowid` };

export class MonitoringStore {
  readonly #leases: LeaseStore;

  constructor(readonly db: Db) {
    this.#leases = new LibsqlLeaseStore(db);
  }

  // ── Monitored customers ───────────────────────────────────────────────────────────────────

  async customer(userId: string): Promise<MonitoredRow | undefined> {
    return this.db.select().from(monitoredCustomers).where(eq(monitoredCustomers.userId, userId)).get();
  }

  /** Creates or replaces the customer's monitored identity; returns the row id and the keys it had before. */
  async upsertCustomer(
    v: Pick<MonitoredRow, 'userId' | 'origin' | 'identityEnc' | 'verificationId' | 'nameKeys' | 'nextDueAt'>,
    now: Date,
  ): Promise<{ id: number; previousKeys: string | undefined }> {
    const existing = await this.customer(v.userId);
    const row = await this.db
      .insert(monitoredCustomers)
      .values({ ...v, active: true, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: monitoredCustomers.userId,
        set: {
          origin: v.origin,
          identityEnc: v.identityEnc,
          verificationId: v.verificationId,
          nameKeys: v.nameKeys,
          active: true,
          nextDueAt: v.nextDueAt,
          updatedAt: now,
        },
      })
      .returning({ id: monitoredCustomers.id })
      .get();
    return { id: row.id, previousKeys: existing?.active ? existing.nameKeys : undefined };
  }

  async deactivate(userId: string, now: Date): Promise<MonitoredRow | undefined> {
    return this.db
      .update(monitoredCustomers)
      .set({ active: false, updatedAt: now })
      .where(eq(monitoredCustomers.userId, userId))
      .returning()
      .get();
  }

  /** Every active customer's index keys, a page at a time (id order). */
  async indexPage(afterId: number, limit: number): Promise<{ id: number; nameKeys: string }[]> {
    return this.db
      .select({ id: monitoredCustomers.id, nameKeys: monitoredCustomers.nameKeys })
      .from(monitoredCustomers)
      .where(and(gt(monitoredCustomers.id, afterId), eq(monitoredCustomers.active, true)))
      .orderBy(asc(monitoredCustomers.id))
      .limit(limit);
  }

  async byIds(ids: readonly number[]): Promise<DueRow[]> {
    if (ids.length === 0) return [];
    return this.#withRisk().where(and(inArray(monitoredCustomers.id, [...ids]), eq(monitoredCustomers.active, true)));
  }

  /** The next customers of a full run: due at the run's cut-off, after the run's cursor, in id order. */
  async dueChunk(afterId: number, dueBefore: Date, limit: number): Promise<DueRow[]> {
    return this.#withRisk()
      .where(
        and(
          gt(monitoredCustomers.id, afterId),
          lte(monitoredCustomers.nextDueAt, dueBefore),
          eq(monitoredCustomers.active, true),
        ),
      )
      .orderBy(asc(monitoredCustomers.id))
      .limit(limit);
  }

  async countDue(dueBefore: Date): Promise<number> {
    const r = await this.db
      .select({ n: count() })
      .from(monitoredCustomers)
      .where(and(lte(monitoredCustomers.nextDueAt, dueBefore), eq(monitoredCustomers.active, true)))
      .get();
    return r?.n ?? 0;
  }

  #withRisk() {
    return this.db
      .select({
        id: monitoredCustomers.id,
        userId: monitoredCustomers.userId,
        identityEnc: monitoredCustomers.identityEnc,
        verificationId: monitoredCustomers.verificationId,
        riskLevel: customers.riskLevel,
      })
      .from(monitoredCustomers)
      .leftJoin(customers, eq(customers.userId, monitoredCustomers.userId))
      .$dynamic();
  }

  /** Approved verifications whose customer is not monitored under that verification yet (latest per customer). */
  async kycToRegister(limit: number): Promise<{ userId: string; verificationId: string; riskLevel: string }[]> {
    const v = kycVerifications;
    const m = monitoredCustomers;
    return this.db
      .select({ userId: v.userId, verificationId: v.id, riskLevel: v.riskLevel })
      .from(v)
      .leftJoin(m, eq(m.userId, v.userId))
      .where(
        and(
          eq(v.status, 'approved'),
          // An imported identity is the platform's word and stays; a stopped customer stays stopped.
          or(isNull(m.id), and(eq(m.origin, 'kyc'), eq(m.active, true), sql`${m.verificationId} is not ${v.id}`)),
          sql`${v.createdAt} = (select max(x.created_at) from kyc_verifications x
                where x.user_id = ${v.userId} and x.status = 'approved')`,
        ),
      )
      .limit(limit);
  }

  // ── Alerts ────────────────────────────────────────────────────────────────────────────────

  async openAlerts(): Promise<AlertRow[]> {
    return this.db.select(alertColumns).from(rescreenAlerts).where(eq(rescreenAlerts.status, 'open'));
  }

  async alertsOfUser(userId: string, status?: 'open' | 'closed'): Promise<AlertRow[]> {
    const a = rescreenAlerts;
    return this.db
      .select(alertColumns)
      .from(a)
      .where(status ? and(eq(a.userId, userId), eq(a.status, status)) : eq(a.userId, userId))
      .orderBy(desc(a.detectedAt));
  }

  async listAlerts(f: AlertFilter): Promise<AlertRow[]> {
    const a = rescreenAlerts;
    const where = [
      f.status ? eq(a.status, f.status) : undefined,
      f.userId ? eq(a.userId, f.userId) : undefined,
      f.after
        ? or(
            lt(a.detectedAt, new Date(f.after.detectedAt)),
            and(eq(a.detectedAt, new Date(f.after.detectedAt)), sql`${a}.rowid < ${f.after.seq}`),
          )
        : undefined,
    ].filter((x) => x !== undefined);
    return this.db
      .select(alertColumns)
      .from(a)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(a.detectedAt), sql`${a}.rowid desc`)
      .limit(f.limit);
  }

  async alert(alertId: string): Promise<AlertRow | undefined> {
    return this.db.select(alertColumns).from(rescreenAlerts).where(eq(rescreenAlerts.alertId, alertId)).get();
  }

  async setAlertStatus(
    alertId: string,
    status: 'open' | 'closed',
    note: string | undefined,
    at: Date,
  ): Promise<AlertRow | undefined> {
    const rows = await this.db
      .update(rescreenAlerts)
      .set({
        status,
        closeReason: status === 'closed' ? 'resolved' : null,
        statusChangedAt: at,
        ...(note !== undefined ? { note } : {}),
      })
      .where(eq(rescreenAlerts.alertId, alertId))
      .returning({ alertId: rescreenAlerts.alertId });
    return rows[0] ? this.alert(alertId) : undefined;
  }

  /** Closes the open alerts of a customer–entity pair (cleared) or of an entity (delisted); returns them. */
  async closeOpen(
    where: { source: string; sourceId: string; userId?: string },
    reason: 'cleared' | 'delisted',
    at: Date,
  ): Promise<{ alertId: string; userId: string }[]> {
    const a = rescreenAlerts;
    return this.db
      .update(a)
      .set({ status: 'closed', closeReason: reason, statusChangedAt: at })
      .where(
        and(
          eq(a.source, where.source),
          eq(a.sourceId, where.sourceId),
          eq(a.status, 'open'),
          where.userId ? eq(a.userId, where.userId) : undefined,
        ),
      )
      .returning({ alertId: a.alertId, userId: a.userId });
  }

  // ── Clearings ─────────────────────────────────────────────────────────────────────────────

  async clearingsOf(userIds: readonly string[], activeOnly: boolean): Promise<ClearingRow[]> {
    if (userIds.length === 0) return [];
    const c = screeningClearings;
    return this.db
      .select()
      .from(c)
      .where(and(inArray(c.userId, [...userIds]), activeOnly ? isNull(c.revokedAt) : undefined))
      .orderBy(desc(c.clearedAt));
  }

  /** Every active clearing, newest first (the in-memory copy transaction screening reads). */
  async activeClearings(): Promise<ClearingRow[]> {
    const c = screeningClearings;
    return this.db.select().from(c).where(isNull(c.revokedAt)).orderBy(desc(c.clearedAt));
  }

  async insertClearing(row: typeof screeningClearings.$inferInsert): Promise<void> {
    await this.db.insert(screeningClearings).values(row);
  }

  async clearing(id: string): Promise<ClearingRow | undefined> {
    return this.db.select().from(screeningClearings).where(eq(screeningClearings.id, id)).get();
  }

  async revokeClearing(id: string, by: string, at: Date): Promise<ClearingRow | undefined> {
    return this.db
      .update(screeningClearings)
      .set({ revokedAt: at, revokedBy: by })
      .where(and(eq(screeningClearings.id, id), isNull(screeningClearings.revokedAt)))
      .returning()
      .get();
  }

  // ── Runs ──────────────────────────────────────────────────────────────────────────────────

  async run(id: string): Promise<RunRow | undefined> {
    return this.db.select().from(screeningRuns).where(eq(screeningRuns.id, id)).get();
  }

  async runningFull(): Promise<RunRow | undefined> {
    return this.db
      .select()
      .from(screeningRuns)
      .where(and(eq(screeningRuns.kind, 'full'), eq(screeningRuns.status, 'running')))
      .orderBy(asc(screeningRuns.startedAt))
      .get();
  }

  /** Delta runs left running (by a process that stopped or died), oldest first. */
  async runningDeltas(): Promise<RunRow[]> {
    return this.db
      .select()
      .from(screeningRuns)
      .where(and(eq(screeningRuns.kind, 'delta'), eq(screeningRuns.status, 'running')))
      .orderBy(asc(screeningRuns.startedAt));
  }

  async createRun(row: NewRunRow): Promise<void> {
    await this.db.insert(screeningRuns).values(row);
  }

  async updateRun(id: string, patch: Partial<NewRunRow>): Promise<void> {
    await this.db.update(screeningRuns).set(patch).where(eq(screeningRuns.id, id));
  }

  // ── Lease ─────────────────────────────────────────────────────────────────────────────────

  /** Takes or renews the named lease (src/db/lease.ts); false while another owner holds an unexpired one. */
  acquireLease(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    return this.#leases.acquire(name, owner, now, ttlMs);
  }

  async releaseLease(name: string, owner: string, now: Date): Promise<void> {
    await this.#leases.release(name, owner, now);
  }

  // ── Audit ─────────────────────────────────────────────────────────────────────────────────

  async audit(row: AuditRow): Promise<void> {
    await this.db.insert(monitoringAuditEvents).values(row);
  }
}
