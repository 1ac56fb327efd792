/**
 * Reading side of the outbox and the delivery state: fan-out of new events into one delivery per receiver, claiming
 * due deliveries, recording attempts, the deliveries view and replays. Everything the dispatcher knows is here, in
 * the database, so a restart resumes exactly where the last process stopped.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  type DELIVERY_STATUSES,
  notificationAttempts,
  notificationDeliveries,
  notificationEvents,
} from '../db/schema/notifications.ts';
import { NotFoundError } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { NotificationType } from './types.ts';

export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DueDelivery {
  id: string;
  url: string;
  attempts: number;
  giveUpAt: Date;
  event: { id: string; type: NotificationType; createdAt: Date; data: Record<string, unknown> };
}

export interface AttemptResult {
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the delivery becomes: delivered, failed (stop), or pending again at `nextAttemptAt`. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventId?: string;
  cursor?: string;
  limit: number;
}

/** Bounded: a delivery retried for 24 h has a few dozen attempts at most with the default back-off. */
const MAX_ATTEMPTS_SHOWN = 100;
const FAN_OUT_BATCH = 500;

export class NotificationStore {
  constructor(private readonly db: Db) {}

  /**
   * One delivery per event and receiver for events not yet fanned out; the events are marked in the same
   * transaction, so a crash in between neither loses nor doubles a delivery. Returns how many events it took.
   */
  async fanOut(urls: readonly string[], retryWindowMs: number, at: Date): Promise<number> {
    if (urls.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const events = await tx
        .select({ id: notificationEvents.id, createdAt: notificationEvents.createdAt })
        .from(notificationEvents)
        .where(isNull(notificationEvents.fannedOutAt))
        .orderBy(asc(notificationEvents.createdAt))
        .limit(FAN_OUT_BATCH);
      if (events.length === 0) return 0;
      const rows = events.flatMap((e) =>
        urls.map((url) => ({
          id: `dlv_${randomUUID()}`,
          eventId: e.id,
          url,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: at,
          giveUpAt: new Date(e.createdAt.getTime() + retryWindowMs),
          createdAt: at,
        })),
      );
      // A receiver added to the configuration later gets the events from then on; existing pairs are left alone.
      for (let i = 0; i < rows.length; i += 100)
        await tx
          .insert(notificationDeliveries)
          .values(rows.slice(i, i + 100))
          .onConflictDoNothing();
      await tx
        .update(notificationEvents)
        .set({ fannedOutAt: at })
        .where(
          inArray(
            notificationEvents.id,
            events.map((e) => e.id),
          ),
        );
      return events.length;
    });
  }

  /**
   * Due deliveries, each claimed by moving its next attempt past the attempt's timeout (a lease): another
   * dispatcher (or this one after a crash) retries it only once the lease ran out.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<DueDelivery[]> {
    const d = notificationDeliveries;
    const e = notificationEvents;
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
      .orderBy(asc(d.nextAttemptAt))
      .limit(limit);
    const claimed: DueDelivery[] = [];
    const lease = new Date(now.getTime() + leaseMs);
    for (const c of candidates) {
      const won = await this.db
        .update(d)
        .set({ nextAttemptAt: lease })
        .where(and(eq(d.id, c.id), eq(d.status, 'pending'), eq(d.nextAttemptAt, c.nextAttemptAt!)))
        .returning({ id: d.id });
      if (won.length === 1)
        claimed.push({ id: c.id, url: c.url, attempts: c.attempts, giveUpAt: c.giveUpAt, event: c.event });
    }
    return claimed;
  }

  async recordAttempt(deliveryId: string, r: AttemptResult): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(notificationAttempts).values({
        id: `att_${randomUUID()}`,
        deliveryId,
        at: r.at,
        statusCode: r.statusCode,
        error: r.error,
        durationMs: r.durationMs,
      });
      await tx
        .update(notificationDeliveries)
        .set({
          status: r.status,
          attempts: sql`${notificationDeliveries.attempts} + 1`,
          nextAttemptAt: r.nextAttemptAt,
          lastStatusCode: r.statusCode,
          lastError: r.error,
          ...(r.status === 'delivered' ? { deliveredAt: r.at } : {}),
        })
        .where(eq(notificationDeliveries.id, deliveryId));
    });
  }

  /** Pending deliveries plus events not yet fanned out. */
  async backlog(): Promise<number> {
    const [pending] = await this.db
      .select({ n: count() })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.status, 'pending'));
    const [unfanned] = await this.db
      .select({ n: count() })
      .from(notificationEvents)
      .where(isNull(notificationEvents.fannedOutAt));
    return (pending?.n ?? 0) + (unfanned?.n ?? 0);
  }

  /**
   * Delivers the event again to every configured receiver, under the same event id (receivers deduplicate by it):
   * each (event, receiver) delivery is re-armed — due now, 24 h of retries from now — and a receiver without one
   * gets one. Its attempts so far stay on record. Returns the delivery ids.
   */
  async replay(eventId: string, urls: readonly string[], retryWindowMs: number, at: Date): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const event = await tx
        .select({ id: notificationEvents.id })
        .from(notificationEvents)
        .where(eq(notificationEvents.id, eventId))
        .get();
      if (!event) throw new NotFoundError(`No notification event ${eventId}.`);
      const giveUpAt = new Date(at.getTime() + retryWindowMs);
      const ids: string[] = [];
      for (const url of urls) {
        const [row] = await tx
          .insert(notificationDeliveries)
          .values({
            id: `dlv_${randomUUID()}`,
            eventId,
            url,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: at,
            giveUpAt,
            createdAt: at,
          })
          .onConflictDoUpdate({
            target: [notificationDeliveries.eventId, notificationDeliveries.url],
            set: { status: 'pending', nextAttemptAt: at, giveUpAt, deliveredAt: null },
          })
          .returning({ id: notificationDeliveries.id });
        ids.push(row!.id);
      }
      await tx
        .update(notificationEvents)
        .set({ fannedOutAt: at })
        .where(and(eq(notificationEvents.id, eventId), isNull(notificationEvents.fannedOutAt)));
      return ids;
    });
  }

  /** Newest first, each with its attempts (oldest first). */
  async listDeliveries(filter: DeliveryFilter) {
    const d = notificationDeliveries;
    const e = notificationEvents;
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(d.status, filter.status));
    if (filter.eventId) conditions.push(eq(d.eventId, filter.eventId));
    if (filter.cursor) {
      const p = decodeCursor(filter.cursor);
      const at = new Date(p.at);
      conditions.push(or(sql`${d.createdAt} < ${at.getTime()}`, and(eq(d.createdAt, at), sql`${d.id} < ${p.id}`))!);
    }
    const rows = await this.db
      .select({
        id: d.id,
        eventId: d.eventId,
        eventType: e.type,
        url: d.url,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.nextAttemptAt,
        giveUpAt: d.giveUpAt,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        deliveredAt: d.deliveredAt,
        createdAt: d.createdAt,
      })
      .from(d)
      .innerJoin(e, eq(e.id, d.eventId))
      .where(and(...conditions))
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(filter.limit);
    const attempts = rows.length
      ? await this.db
          .select()
          .from(notificationAttempts)
          .where(
            inArray(
              notificationAttempts.deliveryId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(notificationAttempts.at), asc(notificationAttempts.id))
      : [];
    const byDelivery = new Map<string, typeof attempts>();
    for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
    const last = rows.at(-1);
    return {
      deliveries: rows.map((r) => ({ ...r, attemptLog: (byDelivery.get(r.id) ?? []).slice(-MAX_ATTEMPTS_SHOWN) })),
      next: rows.length === filter.limit && last ? encodeCursor({ at: last.createdAt.getTime(), id: last.id }) : null,
    };
  }
}
