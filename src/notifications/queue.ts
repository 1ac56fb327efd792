/**
 * The outbox's work queue (issue #14), one interface above both engines: fan-out of new events into deliveries,
 * claiming due deliveries, and recording an attempt's outcome (delivered, failed, or rescheduled for a retry).
 * A fleet of dispatchers shares the work without sending a delivery twice: a claim is one compare-and-set on the
 * delivery row — `UPDATE … SET next_attempt_at = <claim expiry>, claimed_by = <owner> WHERE id = ? AND status =
 * 'pending' AND next_attempt_at = <the value read>` — so of two claimers exactly one changes the row. A claim
 * whose owner died runs out at its expiry (the attempt timeout plus a margin) and the delivery is due again for
 * anyone. An outcome is recorded only by the claim's owner, while its claim is the current one (owner and
 * expiry unchanged); a late owner's attempt is still logged, but the delivery's state is the new owner's.
 * Portable SQL only (no advisory locks, no SKIP LOCKED): SQLite ≥ 3.35, PostgreSQL, CockroachDB.
 * Contract test: test/integration/notification-queue.test.ts, the same file on both engines.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { PgDb } from '../db/postgres.ts';
import type { DELIVERY_STATUSES } from '../db/schema/notifications.ts';
import * as lite from '../db/schema/notifications.ts';
import * as pg from '../db/schema-pg/notifications.ts';
import type { NotificationType } from './types.ts';

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A claim on a delivery: its owner, until when. */
export interface Claim {
  owner: string;
  until: Date;
}

export interface DueDelivery {
  id: string;
  url: string;
  attempts: number;
  giveUpAt: Date;
  event: { id: string; type: NotificationType; createdAt: Date; data: Record<string, unknown> };
  claim: Claim;
}

export interface AttemptResult {
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the delivery becomes: delivered, failed (stop), or pending again at `nextAttemptAt` (rescheduled). */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

/** A delivery's queue state (operations, tests). */
export interface DeliveryState {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  claimedBy: string | null;
}

export interface NotificationQueueStore {
  /**
   * One delivery per event and receiver for events not yet fanned out; the events are marked in the same
   * transaction, so a crash in between neither loses nor doubles a delivery (the (event, url) unique index makes
   * concurrent fan-outs by two instances harmless). Returns how many events it took.
   */
  fanOut(urls: readonly string[], retryWindowMs: number, at: Date): Promise<number>;
  /** Up to `limit` deliveries due at `now`, earliest due first, each claimed by `owner` until `now + leaseMs`. */
  claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<DueDelivery[]>;
  /**
   * Logs the attempt and, while `claim` is still the delivery's current claim, sets its outcome (complete, fail,
   * or reschedule); false when the claim was lost (taken over after expiry, or re-armed by a replay).
   */
  recordAttempt(deliveryId: string, claim: Claim, result: AttemptResult): Promise<boolean>;
  /** Pending deliveries plus events not yet fanned out. */
  backlog(): Promise<number>;
  state(deliveryId: string): Promise<DeliveryState | undefined>;
}

const FAN_OUT_BATCH = 500;

function deliveryRows(events: { id: string; createdAt: Date }[], urls: readonly string[], ms: number, at: Date) {
  return events.flatMap((e) =>
    urls.map((url) => ({
      id: `dlv_${randomUUID()}`,
      eventId: e.id,
      url,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: at,
      giveUpAt: new Date(e.createdAt.getTime() + ms),
      createdAt: at,
    })),
  );
}

function outcome(r: AttemptResult) {
  return {
    status: r.status,
    nextAttemptAt: r.nextAttemptAt,
    claimedBy: null,
    lastStatusCode: r.statusCode,
    lastError: r.error,
    ...(r.status === 'delivered' ? { deliveredAt: r.at } : {}),
  };
}

function attemptRow(deliveryId: string, r: AttemptResult) {
  return {
    id: `att_${randomUUID()}`,
    deliveryId,
    at: r.at,
    statusCode: r.statusCode,
    error: r.error,
    durationMs: r.durationMs,
  };
}

/** The queue's tables: the same names and columns in each dialect's schema (src/db/schema, src/db/schema-pg). */
type QueueTables = typeof lite;

/**
 * One implementation for both engines. drizzle's query builders have one API in its SQLite and PostgreSQL
 * dialects, and these statements use only what both share (no `.get()`/`.all()`, no dialect SQL); the contract
 * test runs them on each. Only their TypeScript types differ by dialect, so the PostgreSQL database and tables are
 * typed through the SQLite surface in PgNotificationQueue's constructor: the one place that cast lives.
 */
class DrizzleNotificationQueue implements NotificationQueueStore {
  constructor(
    private readonly db: Db,
    private readonly t: QueueTables,
  ) {}

  async fanOut(urls: readonly string[], retryWindowMs: number, at: Date): Promise<number> {
    if (urls.length === 0) return 0;
    const { notificationEvents: e, notificationDeliveries: d } = this.t;
    return this.db.transaction(async (tx) => {
      const events = await tx
        .select({ id: e.id, createdAt: e.createdAt })
        .from(e)
        .where(isNull(e.fannedOutAt))
        .orderBy(asc(e.createdAt))
        .limit(FAN_OUT_BATCH);
      if (events.length === 0) return 0;
      const rows = deliveryRows(events, urls, retryWindowMs, at);
      // A receiver added to the configuration later gets the events from then on; existing pairs are left alone.
      for (let i = 0; i < rows.length; i += 100)
        await tx
          .insert(d)
          .values(rows.slice(i, i + 100))
          .onConflictDoNothing();
      await tx
        .update(e)
        .set({ fannedOutAt: at })
        .where(
          inArray(
            e.id,
            events.map((x) => x.id),
          ),
        );
      return events.length;
    });
  }

  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<DueDelivery[]> {
    const { notificationEvents: e, notificationDeliveries: d } = this.t;
    const candidates = await this.db
      .select({
        id: d.id,
        url: d.url,
        attempts: d.attempts,
        giveUpAt: d.giveUpAt,
        nextAttemptAt: d.nextAttemptAt,
        event: { id: e.id, type: e.type, createdAt: e.createdAt, data: e.data },
      })
      .from(d)
      .innerJoin(e, eq(e.id, d.eventId))
      .where(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now)))
      .orderBy(asc(d.nextAttemptAt), asc(d.id))
      .limit(limit);
    const claimed: DueDelivery[] = [];
    const until = new Date(now.getTime() + leaseMs);
    for (const c of candidates) {
      const won = await this.db
        .update(d)
        .set({ nextAttemptAt: until, claimedBy: owner })
        .where(and(eq(d.id, c.id), eq(d.status, 'pending'), eq(d.nextAttemptAt, c.nextAttemptAt!)))
        .returning({ id: d.id });
      if (won.length === 1)
        claimed.push({
          id: c.id,
          url: c.url,
          attempts: c.attempts,
          giveUpAt: c.giveUpAt,
          event: c.event,
          claim: { owner, until },
        });
    }
    return claimed;
  }

  async recordAttempt(deliveryId: string, claim: Claim, r: AttemptResult): Promise<boolean> {
    const { notificationAttempts: a, notificationDeliveries: d } = this.t;
    return this.db.transaction(async (tx) => {
      await tx.insert(a).values(attemptRow(deliveryId, r));
      const set = await tx
        .update(d)
        .set({ ...outcome(r), attempts: sql`${d.attempts} + 1` })
        .where(
          and(
            eq(d.id, deliveryId),
            eq(d.status, 'pending'),
            eq(d.claimedBy, claim.owner),
            eq(d.nextAttemptAt, claim.until),
          ),
        )
        .returning({ id: d.id });
      return set.length === 1;
    });
  }

  async backlog(): Promise<number> {
    const { notificationEvents: e, notificationDeliveries: d } = this.t;
    const [pending] = await this.db.select({ n: count() }).from(d).where(eq(d.status, 'pending'));
    const [unfanned] = await this.db.select({ n: count() }).from(e).where(isNull(e.fannedOutAt));
    return Number(pending?.n ?? 0) + Number(unfanned?.n ?? 0);
  }

  async state(deliveryId: string): Promise<DeliveryState | undefined> {
    const d = this.t.notificationDeliveries;
    const [row] = await this.db
      .select({ status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, claimedBy: d.claimedBy })
      .from(d)
      .where(eq(d.id, deliveryId));
    return row;
  }
}

/** Over the embedded libSQL / SQLite database (src/db/client.ts). */
export class LibsqlNotificationQueue extends DrizzleNotificationQueue {
  constructor(db: Db) {
    super(db, lite);
  }
}

/** Over PostgreSQL (src/db/postgres.ts): the same statements through drizzle's PostgreSQL dialect. */
export class PgNotificationQueue extends DrizzleNotificationQueue {
  constructor(db: PgDb) {
    super(db as unknown as Db, pg as unknown as QueueTables);
  }
}
