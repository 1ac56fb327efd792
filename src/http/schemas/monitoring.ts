/** Contracts of the monitoring calls: list refresh, re-screen runs, customer screening, clearings, levels. */
import { z } from '@hono/zod-openapi';
import { MONITORING_LEVELS } from '../../db/schema/transactions.ts';
import { SOURCE_IDS } from '../../sanctions/entity.ts';
import { RescreenAlertView } from './rescreen-alert.ts';
import { externalId } from './transactions.ts';

const reason = z.string().trim().min(1).max(2000).openapi({ description: 'Why (kept encrypted in the audit trail)' });
const nullableTime = z.string().nullable();

export const RunIdParam = z.object({
  runId: z
    .string()
    .regex(/^run_[0-9a-f-]{36}$/, 'a run id')
    .openapi({ param: { name: 'runId', in: 'path' } }),
});

export const ClearingParams = z.object({
  userId: externalId.openapi({ param: { name: 'userId', in: 'path' } }),
  clearingId: z
    .string()
    .regex(/^clr_[0-9a-f-]{36}$/, 'a clearing id')
    .openapi({ param: { name: 'clearingId', in: 'path' } }),
});

export const ListsRefreshResult = z
  .object({
    delta: z.array(
      z.object({
        source: z.enum(SOURCE_IDS),
        added: z.number().int(),
        changed: z.number().int(),
        removed: z.number().int(),
      }),
    ),
    runId: z.string().nullable().openapi({ description: 'The delta re-screen started; null when nothing changed' }),
    lists: z.object({ sample: z.boolean(), versions: z.record(z.string(), z.string()) }).nullable(),
  })
  .openapi('ListsRefresh');

export const RunView = z
  .object({
    runId: z.string(),
    kind: z.enum(['delta', 'full', 'on_demand']),
    status: z.enum(['running', 'done', 'failed']),
    details: z.record(z.string(), z.unknown()),
    listVersions: z.record(z.string(), z.string()),
    customersTotal: z.number().int(),
    customersChecked: z.number().int(),
    candidates: z.number().int(),
    hits: z.number().int(),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: nullableTime,
  })
  .openapi('ScreeningRun');

export const ClearingView = z
  .object({
    clearingId: z.string(),
    source: z.string(),
    sourceId: z.string(),
    entityHash: z.string().openapi({ description: "SHA-256 of the entity's identifying content when cleared" }),
    reason: z.string(),
    clearedBy: z.string(),
    clearedAt: z.string(),
    revokedAt: nullableTime,
    revokedBy: z.string().nullable(),
  })
  .openapi('ScreeningClearing');

export const ScreeningStateView = z
  .object({
    userId: z.string(),
    monitored: z.boolean(),
    reason: z.string().nullable().openapi({ description: 'Why the customer is not monitored' }),
    origin: z.enum(['import', 'kyc']).nullable(),
    level: z.enum(MONITORING_LEVELS),
    lastScreenedAt: nullableTime,
    lastFullScreenedAt: nullableTime,
    nextDueAt: nullableTime,
    listVersions: z.record(z.string(), z.string()).nullable(),
    openHits: z.array(RescreenAlertView),
    clearings: z.array(ClearingView),
  })
  .openapi('CustomerScreeningState');

export const ScreeningNowView = z
  .object({
    userId: z.string(),
    screenedAt: z.string(),
    lists: z.object({ sample: z.boolean(), versions: z.record(z.string(), z.string()) }),
    threshold: z.number(),
    matches: z.array(
      z.object({
        source: z.string(),
        sourceId: z.string(),
        name: z.string(),
        matchedName: z.string(),
        score: z.number(),
        programs: z.array(z.string()),
        explanation: z.unknown(),
        outcome: z.enum(['raise', 'cleared', 'already_open']),
        alertId: z.string().nullable(),
      }),
    ),
    alertsRaised: z.number().int(),
  })
  .openapi('CustomerScreeningResult');

export const ClearingCreate = z
  .strictObject({ source: z.enum(SOURCE_IDS), sourceId: z.string().trim().min(1).max(64), reason })
  .openapi('ScreeningClearingCreate');

export const ReasonBody = z.strictObject({ reason }).openapi('Reason');

export const LevelUpdate = z
  .strictObject({ level: z.enum(MONITORING_LEVELS), reason })
  .openapi('MonitoringLevelUpdate');

export const LevelView = z
  .object({
    userId: z.string(),
    level: z.enum(MONITORING_LEVELS),
    previousLevel: z.enum(MONITORING_LEVELS),
    changedAt: z.string(),
  })
  .openapi('MonitoringLevel');
