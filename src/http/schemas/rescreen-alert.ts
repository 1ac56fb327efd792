/** A re-screen alert (kind "sanctions.rescreen"): its own file, since both the alert list and monitoring use it. */
import { z } from '@hono/zod-openapi';

const nullableTime = z.string().nullable();

export const RescreenAlertView = z
  .object({
    alertId: z.string(),
    kind: z.literal('sanctions.rescreen'),
    userId: z.string(),
    runId: z.string().nullable(),
    entity: z.object({ source: z.string(), sourceId: z.string(), name: z.string(), programs: z.array(z.string()) }),
    listVersion: z.string().nullable(),
    score: z.number(),
    matchedName: z.string(),
    explanation: z.unknown(),
    clearedEntityChanged: z.boolean(),
    message: z.string().optional(),
    detectedAt: z.string(),
    status: z.enum(['open', 'closed']),
    closeReason: z.enum(['resolved', 'cleared', 'delisted']).nullable(),
    statusChangedAt: nullableTime,
    note: z.string().nullable(),
  })
  .openapi('RescreenAlert');
