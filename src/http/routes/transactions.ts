/** Transaction screening, stored decisions and alerts. Routes validate, call one verb, shape the answer. */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { getAnyAlert, listAllAlerts, setAnyAlertStatus } from '../../monitoring/all-alerts.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import {
  AlertIdParam,
  AlertList,
  AlertQuery,
  AlertUpdate,
  AnyAlertView,
  BackfillTransactionRequest,
  ScreeningResponse,
  ScreenTransactionRequest,
  TransactionIdParam,
} from '../schemas/transactions.ts';
import { TransactionView } from '../schemas/cases-transactions.ts';

export function transactionRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const screenScope = requireScope('screen');
  const adminScope = requireScope('admin');

  const screen = createRoute({
    method: 'post',
    path: '/v1/transactions/screen',
    operationId: 'screenTransaction',
    tags: ['transactions'],
    summary: 'Screen one transaction: sanctions, AML rules over the customer’s history, Travel Rule',
    description:
      'Answers approve / review / block with the reasons. The answer is given only after the decision is stored. ' +
      'The same transactionId with the same body returns the stored decision (header idempotent-replayed: true); with another body, 409.',
    security: bearer,
    middleware: [screenScope] as const,
    request: { body: jsonBody(ScreenTransactionRequest) },
    responses: {
      200: { description: 'The decision', content: json(ScreeningResponse) },
      ...commonErrors,
      ...problemResponses(409, 503),
    },
  });
  router.openapi(screen, async (c) => {
    const { response, json, replayed } = await deps.transactions.screen(c.req.valid('json'));
    if (replayed) c.header('idempotent-replayed', 'true');
    // A new decision was serialised once already (it is stored as that text): sent as is.
    if (json !== undefined) {
      const sent = c.body(json, 200, { 'content-type': 'application/json' });
      return sent as unknown as ReturnType<typeof c.json<typeof response, 200>>; // the same bytes c.json would send
    }
    return c.json(response, 200);
  });

  const backfill = createRoute({
    method: 'post',
    path: '/v1/transactions/backfill',
    operationId: 'backfillTransaction',
    tags: ['transactions'],
    summary: 'Screen and store a transaction older than the history horizon (admin: importing history)',
    description:
      'The same call as POST /v1/transactions/screen, for history the trading engine did not send in time. The ' +
      'screening call refuses a timestamp older than the longest rule window, because such a transaction falls ' +
      'outside every rolling window; only an admin may store one, on purpose.',
    security: bearer,
    middleware: [adminScope] as const,
    request: { body: jsonBody(BackfillTransactionRequest) },
    responses: {
      200: { description: 'The decision', content: json(ScreeningResponse) },
      ...commonErrors,
      ...problemResponses(409, 503),
    },
  });
  router.openapi(backfill, async (c) => {
    const { response, replayed } = await deps.transactions.screen(c.req.valid('json'), { backfill: true });
    if (replayed) c.header('idempotent-replayed', 'true');
    return c.json(response, 200);
  });

  const decision = createRoute({
    method: 'get',
    path: '/v1/transactions/{transactionId}',
    operationId: 'getTransaction',
    tags: ['transactions'],
    summary: 'The stored decision for a screened transaction',
    security: bearer,
    middleware: [screenScope] as const,
    request: { params: TransactionIdParam },
    responses: {
      200: {
        description: 'The decision as it was answered, and the final outcome of a held transaction',
        content: json(TransactionView),
      },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(decision, async (c) =>
    c.json(await deps.transactions.getDecision(c.req.valid('param').transactionId), 200),
  );

  const alerts = createRoute({
    method: 'get',
    path: '/v1/alerts',
    operationId: 'listAlerts',
    tags: ['alerts'],
    summary:
      'Alerts (newest first): transaction alerts (every non-approved decision and every approval scored above the enhanced-monitoring threshold) and re-screen alerts (kind sanctions.rescreen)',
    security: bearer,
    middleware: [adminScope] as const,
    request: { query: AlertQuery },
    responses: {
      200: { description: 'A page of alerts', content: json(AlertList) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(alerts, async (c) => {
    const q = c.req.valid('query');
    const page = await listAllAlerts(deps.transactions.store, deps.monitoring, q);
    return c.json(page, 200);
  });

  const alert = createRoute({
    method: 'get',
    path: '/v1/alerts/{alertId}',
    operationId: 'getAlert',
    tags: ['alerts'],
    summary: 'One alert with its rule hits and aggregates snapshot',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: AlertIdParam },
    responses: {
      200: { description: 'The alert', content: json(AnyAlertView) },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(alert, async (c) =>
    c.json(await getAnyAlert(deps.transactions.store, deps.monitoring, c.req.valid('param').alertId), 200),
  );

  const update = createRoute({
    method: 'patch',
    path: '/v1/alerts/{alertId}',
    operationId: 'updateAlert',
    tags: ['alerts'],
    summary: 'Close (or reopen) an alert, with a note',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: AlertIdParam, body: jsonBody(AlertUpdate) },
    responses: {
      200: { description: 'The updated alert', content: json(AnyAlertView) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(update, async (c) => {
    const { status, note } = c.req.valid('json');
    const id = c.req.valid('param').alertId;
    return c.json(
      await setAnyAlertStatus(deps, id, status, note, deps.clock(), `api-key:${c.get('principal').keyId}`),
      200,
    );
  });

  return router;
}
