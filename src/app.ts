/** createApp(deps): the HTTP application. Mounts middleware and routers, nothing else. */
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps.ts';
import { createAuthenticator } from './http/middleware/auth.ts';
import { bodySize } from './http/middleware/body-size.ts';
import { jsonOnly } from './http/middleware/json-only.ts';
import { requestMetrics } from './http/middleware/metrics.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { createRouter } from './http/openapi.ts';
import { problem, problemResponse, toProblem } from './http/problem.ts';
import { kycRoutes } from './http/routes/kyc.ts';
import { screenRoutes } from './http/routes/screen.ts';
import { mountDocs, systemRoutes } from './http/routes/system.ts';
import { transactionRoutes } from './http/routes/transactions.ts';
import { userRoutes } from './http/routes/users.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';

export function createApp(deps: AppDeps) {
  const app = createRouter();
  const requireScope = createAuthenticator(deps.config.apiKeys);

  app.use('*', requestId({ headerName: 'x-request-id', limitLength: 128 }));
  app.use('*', requestMetrics(deps.metrics));
  app.use('*', requestLog(deps.logger));
  app.use('/v1/*', bodySize(deps.config.MAX_BODY_BYTES));
  app.use('/v1/*', jsonOnly());

  app.route('/', systemRoutes(deps));
  app.route('/', screenRoutes(deps, requireScope));
  app.route('/', kycRoutes(deps, requireScope));
  app.route('/', webhookRoutes(deps));
  app.route('/', transactionRoutes(deps, requireScope));
  app.route('/', userRoutes(deps, requireScope));

  mountDocs(app);
  app.notFound((c) =>
    problemResponse(
      problem('not-found', 'Not found', 404, `No route for ${c.req.method} ${c.req.path}.`, { instance: c.req.path }),
    ),
  );
  app.onError((err, c) => {
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
