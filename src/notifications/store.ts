/**
 * The deliveries view and replays over the libSQL database. The work queue the dispatcher uses (fan-out, claims,
 * attempts) is in queue.ts, over both engines. Everything the dispatcher knows is in the database, so a restart
 * resumes exactly where the last process stopped.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { notificationAttempts, notificationDeliveries, notificationEvents } from '../db/schema/notifications.ts';
import { NotFoundError } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export type { AttemptResult, DeliveryStatus, DueDelivery } from './queue.ts';
import type { DeliveryStatus } from './queue.ts';

export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventId?: string;
  cursor?: string;
  limit: number;
}

/** Bounded: a delivery retried for 24 h has a few dozen attempts at most with the default back-off. */
const MAX_ATTEMPTS_SHOWN = 100;

export class NotificationStore {
  constructor(private readonly db: Db) {}

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
            set: { status: 'pending', nextAttemptAt: at, giveUpAt, deliveredAt: null, claimedBy: null },
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
