/** Notification delivery metrics, registered on the app's registry. */
import { Counter, Gauge, type Registry } from 'prom-client';

export function createNotificationMetrics(registry: Registry) {
  return {
    attempts: new Counter({
      name: 'notification_deliveries_total',
      help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (scheduled again), failed (410 or retries exhausted)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'notification_outbox_backlog',
      help: 'Deliveries waiting to be sent or retried, plus events not yet fanned out to receivers',
      registers: [registry],
    }),
  };
}

export type NotificationMetrics = ReturnType<typeof createNotificationMetrics>;
