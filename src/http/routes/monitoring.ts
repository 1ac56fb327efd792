/** Continuous monitoring: list refresh with its delta re-screen, runs, a customer's screening, clearings, levels. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import {
  ClearingCreate,
  ClearingParams,
  ClearingView,
  LevelUpdate,
  LevelView,
  ListsRefreshResult,
  ReasonBody,
  RunIdParam,
  RunView,
  ScreeningNowView,
  ScreeningStateView,
} from '../schemas/monitoring.ts';
import { UserIdParam } from '../schemas/transactions.ts';
import type { AppEnv } from '../types.ts';

const actor = (c: Context<AppEnv>) => ({ id: c.get('principal').keyId });

export function monitoringRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');
  const m = deps.monitoring;

  const refresh = createRoute({
    method: 'post',
    path: '/v1/lists/refresh',
    operationId: 'refreshLists',
    tags: ['monitoring'],
    summary: 'Refresh the lists now; answers once the new snapshot is live, with the delta and the re-screen run',
    security: bearer,
    middleware: [adminScope] as const,
    responses: { 200: { description: 'Refreshed', content: json(ListsRefreshResult) }, ...problemResponses(401, 403) },
  });
  router.openapi(refresh, async (c) => c.json(await m.refreshLists(), 200));

  const run = createRoute({
    method: 'get',
    path: '/v1/screening/runs/{runId}',
    operationId: 'getScreeningRun',
    tags: ['monitoring'],
    summary: 'A re-screen run: customers checked, candidates, hits, started and finished times',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: RunIdParam },
    responses: { 200: { description: 'The run', content: json(RunView) }, ...problemResponses(401, 403, 404, 422) },
  });
  router.openapi(run, async (c) => c.json(await m.run(c.req.valid('param').runId), 200));

  const screenNow = createRoute({
    method: 'post',
    path: '/v1/users/{userId}/screening',
    operationId: 'screenCustomerNow',
    tags: ['monitoring'],
    summary: 'Re-screen one customer now against every list; new matches raise alerts',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam },
    responses: {
      200: { description: 'The screening result', content: json(ScreeningNowView) },
      ...problemResponses(401, 403, 404, 409, 422, 503),
    },
  });
  router.openapi(screenNow, async (c) => c.json(await m.screenNow(c.req.valid('param').userId), 200));

  const state = createRoute({
    method: 'get',
    path: '/v1/users/{userId}/screening',
    operationId: 'getCustomerScreening',
    tags: ['monitoring'],
    summary: 'Monitoring state: monitored or not (and why), last screened, list versions, open hits, clearings',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam },
    responses: {
      200: { description: 'Monitoring state', content: json(ScreeningStateView) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(state, async (c) => c.json(await m.view(c.req.valid('param').userId), 200));

  const clear = createRoute({
    method: 'post',
    path: '/v1/users/{userId}/screening/clearings',
    operationId: 'createScreeningClearing',
    tags: ['monitoring'],
    summary: 'Clear a customer–entity pair: not raised again while the entity’s identifying content is unchanged',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam, body: jsonBody(ClearingCreate) },
    responses: {
      201: { description: 'Cleared (open alerts of the pair are closed)', content: json(ClearingView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(clear, async (c) =>
    c.json(await m.clear(c.req.valid('param').userId, c.req.valid('json'), actor(c)), 201),
  );

  const revoke = createRoute({
    method: 'delete',
    path: '/v1/users/{userId}/screening/clearings/{clearingId}',
    operationId: 'revokeScreeningClearing',
    tags: ['monitoring'],
    summary: 'Revoke a clearing, with a reason: the pair is screened again from the next screening on',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: ClearingParams, body: jsonBody(ReasonBody) },
    responses: {
      200: { description: 'Revoked', content: json(ClearingView) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(revoke, async (c) => {
    const { userId, clearingId } = c.req.valid('param');
    return c.json(await m.revokeClearing(userId, clearingId, c.req.valid('json').reason, actor(c)), 200);
  });

  const level = createRoute({
    method: 'put',
    path: '/v1/users/{userId}/monitoring',
    operationId: 'setMonitoringLevel',
    tags: ['monitoring'],
    summary: 'Set the customer’s monitoring level (enhanced lowers the activity thresholds), with a reason',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam, body: jsonBody(LevelUpdate) },
    responses: { 200: { description: 'Level set', content: json(LevelView) }, ...commonErrors },
  });
  router.openapi(level, async (c) => {
    const { level: to, reason } = c.req.valid('json');
    return c.json(await m.setLevel(c.req.valid('param').userId, to, reason, actor(c)), 200);
  });

  const stop = createRoute({
    method: 'delete',
    path: '/v1/users/{userId}/monitoring',
    operationId: 'stopMonitoring',
    tags: ['monitoring'],
    summary: 'Stop monitoring an off-boarded customer, with a reason',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam, body: jsonBody(ReasonBody) },
    responses: {
      200: { description: 'Stopped; the monitoring state', content: json(ScreeningStateView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(stop, async (c) =>
    c.json(await m.stopMonitoring(c.req.valid('param').userId, c.req.valid('json').reason, actor(c)), 200),
  );

  return router;
}
