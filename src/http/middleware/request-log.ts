import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../logger.ts';
import type { AppEnv } from '../types.ts';

/** One line per request: method, route template, status, duration, request id. Never bodies or query values. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = Math.round((performance.now() - start) * 1000) / 1000;
    const status = c.res.status;
    const line = { requestId: c.get('requestId'), method: c.req.method, route: c.req.routePath, status, ms };
    if (status >= 500) logger.error(line, 'request failed');
    else if (logger.isLevelEnabled('debug') || status >= 400) logger.info(line, 'request');
  };
}
