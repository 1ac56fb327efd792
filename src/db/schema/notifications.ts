/**
 * The transactional outbox of outbound notifications: an event row is written in the same database transaction
 * as the change it reports, so nothing acknowledged is lost; one delivery row per event and receiver URL carries
 * the retry state, and each attempt is kept for `GET /v1/notifications/deliveries`.
 * Event data holds ids, statuses and outcomes, never personal data.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { NOTIFICATION_TYPES } from '../../notifications/types.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const notificationEvents = sqliteTable(
  'notification_events',
  {
    /** The event id receivers deduplicate by. */
    id: text('id').primaryKey(),
    type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null until the dispatcher fanned the event out into one delivery per receiver. */
    fannedOutAt: integer('fanned_out_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notification_events_pending').on(t.fannedOutAt, t.createdAt)],
);

export const notificationDeliveries = sqliteTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => notificationEvents.id),
    url: text('url').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
    /**
     * The dispatcher instance whose claim on the delivery is current: a claim moves next_attempt_at to the claim's
     * expiry and names its owner here (src/notifications/queue.ts). Only that owner records the attempt's outcome.
     */
    claimedBy: text('claimed_by'),
    /** Retries stop after this (24 h after the event). */
    giveUpAt: integer('give_up_at', { mode: 'timestamp_ms' }).notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_event_url').on(t.eventId, t.url),
    index('notification_deliveries_due').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_time').on(t.createdAt),
  ],
);

export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => notificationDeliveries.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('notification_attempts_delivery').on(t.deliveryId, t.at)],
);
