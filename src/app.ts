/** createApp(deps): the HTTP application. Mounts middleware and routers, nothing else. */
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps.ts';
import { createAuthenticator } from './http/middleware/auth.ts';
import { jsonOnly } from './http/middleware/json-only.ts';
import { requestMetrics } from './http/middleware/metrics.ts';
import { requestLog } from './http/middleware/request-log.ts';
import { createRouter } from './http/openapi.ts';
import { problem, problemResponse, toProblem } from './http/problem.ts';
import { screenRoutes } from './http/routes/screen.ts';
import { mountDocs, systemRoutes } from './http/routes/system.ts';

export function createApp(deps: AppDeps) {
  const app = createRouter();
  const requireScope = createAuthenticator(deps.config.apiKeys);

  app.use('*', requestId({ headerName: 'x-request-id', limitLength: 128 }));
  app.use('*', requestMetrics(deps.metrics));
  app.use('*', requestLog(deps.logger));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: deps.config.MAX_BODY_BYTES,
      onError: (c) =>
        problemResponse(problem('payload-too-large', 'Payload too large', 413, `The body exceeds ${deps.config.MAX_BODY_BYTES} bytes.`, { instance: c.req.path })),
    }),
  );
  app.use('/v1/*', jsonOnly());

  app.route('/', systemRoutes(deps));
  app.route('/', screenRoutes(deps, requireScope));

  mountDocs(app);
  app.notFound((c) => problemResponse(problem('not-found', 'Not found', 404, `No route for ${c.req.method} ${c.req.path}.`, { instance: c.req.path })));
  app.onError((err, c) => {
    const res = toProblem(err, c);
    if (res.status >= 500) deps.logger.error({ requestId: c.get('requestId'), err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }, 'unhandled error');
    return res;
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
