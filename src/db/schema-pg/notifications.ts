// PostgreSQL mirror of src/db/schema/notifications.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * The transactional outbox of outbound notifications: an event row is written in the same database transaction
 * as the change it reports, so nothing acknowledged is lost; one delivery row per event and receiver URL carries
 * the retry state, and each attempt is kept for `GET /v1/notifications/deliveries`.
 * Event data holds ids, statuses and outcomes, never personal data.
 */
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { jsonText, timestampMs } from './columns.ts';
import { NOTIFICATION_TYPES } from '../../notifications/types.ts';
import { DELIVERY_STATUSES } from '../schema/notifications.ts';
/** The value lists are the SQLite schema's own: one definition for both dialects. */
export { DELIVERY_STATUSES } from '../schema/notifications.ts';

export const notificationEvents = pgTable(
  'notification_events',
  {
    /** The event id receivers deduplicate by. */
    id: text('id').primaryKey(),
    type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
    data: jsonText('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestampMs('created_at').notNull(),
    /** Null until the dispatcher fanned the event out into one delivery per receiver. */
    fannedOutAt: timestampMs('fanned_out_at'),
  },
  (t) => [index('notification_events_pending').on(t.fannedOutAt, t.createdAt)],
);

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => notificationEvents.id),
    url: text('url').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull(),
    nextAttemptAt: timestampMs('next_attempt_at'),
    /**
     * The dispatcher instance whose claim on the delivery is current: a claim moves next_attempt_at to the claim's
     * expiry and names its owner here (src/notifications/queue.ts). Only that owner records the attempt's outcome.
     */
    claimedBy: text('claimed_by'),
    /** Retries stop after this (24 h after the event). */
    giveUpAt: timestampMs('give_up_at').notNull(),
    lastStatusCode: bigint('last_status_code', { mode: 'number' }),
    lastError: text('last_error'),
    deliveredAt: timestampMs('delivered_at'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_event_url').on(t.eventId, t.url),
    index('notification_deliveries_due').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_time').on(t.createdAt),
  ],
);

export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => notificationDeliveries.id),
    at: timestampMs('at').notNull(),
    statusCode: bigint('status_code', { mode: 'number' }),
    error: text('error'),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
  },
  (t) => [index('notification_attempts_delivery').on(t.deliveryId, t.at)],
);
