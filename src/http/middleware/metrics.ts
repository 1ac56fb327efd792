import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../../metrics.ts';
import type { AppEnv } from '../types.ts';

/** Request duration by route template (never the raw path: ids in paths would explode label cardinality). */
export function requestMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  const KNOWN = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
  return async (c, next) => {
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = c.res.status === 404 && c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
      const method = KNOWN.has(c.req.method) ? c.req.method : 'OTHER';
      metrics.httpDuration.observe({ method, route, status: String(c.res.status) }, seconds);
    }
  };
}
