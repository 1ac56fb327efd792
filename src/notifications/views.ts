/** The deliveries view of GET /v1/notifications/deliveries: ISO times, attempts oldest first. */
import type { NotificationStore } from './store.ts';

type Listed = Awaited<ReturnType<NotificationStore['listDeliveries']>>['deliveries'][number];

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function deliveryView(r: Listed) {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    url: r.url,
    status: r.status,
    attempts: r.attemptLog.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
    })),
    attemptCount: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
    giveUpAt: r.giveUpAt.toISOString(),
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: iso(r.deliveredAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export type DeliveryView = ReturnType<typeof deliveryView>;
