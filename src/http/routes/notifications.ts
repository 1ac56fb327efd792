/** Outbound notification deliveries (admin): each delivery with its attempts, and replaying an event. */
import { createRoute, z } from '@hono/zod-openapi';
import { DELIVERY_STATUSES } from '../../db/schema/notifications.ts';
import type { AppDeps } from '../../deps.ts';
import { NOTIFICATION_TYPES } from '../../notifications/types.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, createRouter, json, problemResponses } from '../openapi.ts';

const DeliveryQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventId: z.string().min(1).max(100).optional(),
  cursor: z.string().max(200).optional().openapi({ description: 'The `next` value of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const Attempt = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

const Delivery = z
  .object({
    id: z.string(),
    eventId: z.string(),
    eventType: z.enum(NOTIFICATION_TYPES),
    url: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.array(Attempt).openapi({ description: 'Oldest first (the latest 100)' }),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    giveUpAt: z.string().openapi({ description: 'Retries stop after this (NOTIFY_RETRY_WINDOW after the event)' }),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('NotificationDelivery');

const DeliveryList = z
  .object({ deliveries: z.array(Delivery), next: z.string().nullable() })
  .openapi('NotificationDeliveryList');

const EventIdParam = z.object({ id: z.string().min(1).max(100) });

const Replay = z.object({ eventId: z.string(), deliveryIds: z.array(z.string()) }).openapi('NotificationReplay');

export function notificationRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');

  const list = createRoute({
    method: 'get',
    path: '/v1/notifications/deliveries',
    operationId: 'listNotificationDeliveries',
    tags: ['notifications'],
    summary: 'Webhook deliveries (newest first), one per event and receiver, each with its attempts',
    security: bearer,
    middleware: [adminScope] as const,
    request: { query: DeliveryQuery },
    responses: {
      200: { description: 'A page of deliveries', content: json(DeliveryList) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(list, async (c) => c.json(await deps.notifications.deliveries(c.req.valid('query')), 200));

  const replay = createRoute({
    method: 'post',
    path: '/v1/notifications/events/{id}/replay',
    operationId: 'replayNotificationEvent',
    tags: ['notifications'],
    summary: 'Deliver an event again to every receiver, under the same event id (receivers deduplicate by it)',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: EventIdParam },
    responses: {
      202: { description: 'Queued for delivery', content: json(Replay) },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(replay, async (c) => c.json(await deps.notifications.replay(c.req.valid('param').id), 202));

  return router;
}
