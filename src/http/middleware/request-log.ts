import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../metrics.ts';
import type { AppEnv } from '../types.ts';
import { CLIENT_CLOSED_REQUEST, clientGone } from './disconnect.ts';

/**
 * One line per request: method, route template, status, duration, request ids. Never bodies or query values.
 * A request whose client went away is counted apart (http_client_disconnects_total) and logged at info.
 */
export function requestLog(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 1000) / 1000;
    const clientRequestId = c.get('clientRequestId');
    const line = {
      requestId: c.get('requestId'),
      ...(clientRequestId ? { clientRequestId } : {}),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms,
    };
    if (clientGone(c)) {
      metrics.httpClientDisconnects.inc({ route: c.req.routePath });
      // The duration metric (outside this middleware) records 499, not whatever the failed read became.
      c.res = new Response(null, { status: CLIENT_CLOSED_REQUEST });
      logger.info({ ...line, status: CLIENT_CLOSED_REQUEST }, 'client disconnected');
    } else if (line.status >= 500) logger.error(line, 'request failed');
    else if (logger.isLevelEnabled('debug') || line.status >= 400) logger.info(line, 'request');
  };
}
