/** createApp(deps): the HTTP application. Mounts middleware and routers, nothing else. */
import { type ConsoleOptions, consoleRoutes } from './console/index.tsx';
import type { AppDeps } from './deps.ts';
import { createAuthenticator } from './http/middleware/auth.ts';
import { bodySize } from './http/middleware/body-size.ts';
import { CLIENT_CLOSED_REQUEST, clientGone } from './http/middleware/disconnect.ts';
import { jsonOnly } from './http/middleware/json-only.ts';
import { requestMetrics } from './http/middleware/metrics.ts';
import { requestIds } from './http/middleware/request-id.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { createRouter } from './http/openapi.ts';
import { problem, problemResponse, toProblem } from './http/problem.ts';
import { caseRoutes } from './http/routes/cases.ts';
import { kycRoutes } from './http/routes/kyc.ts';
import { documentRoutes, unlessOwnBodyRules } from './http/routes/kyc-documents.ts';
import { monitoringRoutes } from './http/routes/monitoring.ts';
import { notificationRoutes } from './http/routes/notifications.ts';
import { appealRoutes } from './http/routes/appeals.ts';
import { reportRoutes } from './http/routes/reports.ts';
import { sarRoutes } from './http/routes/sars.ts';
import { screenRoutes } from './http/routes/screen.ts';
import { mountDocs, systemRoutes } from './http/routes/system.ts';
import { transactionRoutes } from './http/routes/transactions.ts';
import { userRoutes } from './http/routes/users.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';

export function createApp(deps: AppDeps, options: ConsoleOptions = {}) {
  const app = createRouter();
  const requireScope = createAuthenticator(deps.config.apiKeys);

  app.use('*', requestIds());
  app.use('*', requestMetrics(deps.metrics));
  app.use('*', requestLog(deps.logger, deps.metrics));
  app.use('/v1/*', unlessOwnBodyRules('size', bodySize(deps.config.MAX_BODY_BYTES)));
  app.use('/v1/*', unlessOwnBodyRules('type', jsonOnly()));

  app.route('/', systemRoutes(deps));
  app.route('/', screenRoutes(deps, requireScope));
  app.route('/', kycRoutes(deps, requireScope));
  app.route('/', documentRoutes(deps, requireScope));
  app.route('/', webhookRoutes(deps));
  app.route('/', transactionRoutes(deps, requireScope));
  app.route('/', userRoutes(deps, requireScope));
  app.route('/', monitoringRoutes(deps, requireScope));
  app.route('/', caseRoutes(deps, requireScope));
  app.route('/', notificationRoutes(deps, requireScope));
  app.route('/', appealRoutes(deps, requireScope));
  app.route('/', reportRoutes(deps, requireScope));
  app.route('/', sarRoutes(deps, requireScope));

  app.route('/console', consoleRoutes(deps, options));

  mountDocs(app);
  app.notFound((c) =>
    problemResponse(
      problem('not-found', 'Not found', 404, `No route for ${c.req.method} ${c.req.path}.`, { instance: c.req.path }),
    ),
  );
  app.onError((err, c) => {
    // Whatever failed because the client left (a cut-off body, an aborted batch) is counted by requestLog.
    if (clientGone(c)) return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    const res = toProblem(err, c);
    if (res.status >= 500)
      deps.logger.error(
        {
          requestId: c.get('requestId'),
          err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
        },
        'unhandled error',
      );
    return res;
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
