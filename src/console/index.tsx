/**
 * The compliance console at /console: server-rendered pages over the same domain calls as the API, signed in
 * with an admin or senior key. Every asset comes from the package; pages run no inline script (strict CSP).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiKey } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { mountConsoleAssets } from './assets.ts';
import { mountAuth } from './auth.tsx';
import type { ConsoleEnv } from './env.ts';
import { appealPages } from './pages/appeals.tsx';
import { casePages } from './pages/case.tsx';
import { customerPages } from './pages/customer.tsx';
import { dashboardPages } from './pages/dashboards.tsx';
import { queuePages } from './pages/queue.tsx';
import { searchPages } from './pages/search.tsx';
import { SessionStore } from './session.ts';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('content-security-policy', CONSOLE_CSP);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-frame-options', 'DENY');
  // Pages hold personal data: never kept by a browser or proxy cache.
  if (!c.req.path.startsWith('/console/assets/')) c.header('cache-control', 'no-store');
};

export interface ConsoleOptions {
  /** Development only: the random key main.ts generated and printed because API_KEYS is empty. */
  devKey?: string;
}

export function consoleRoutes(deps: AppDeps, opts: ConsoleOptions = {}) {
  const app = new Hono<ConsoleEnv>();
  app.use('*', securityHeaders);
  app.use('*', bodyLimit({ maxSize: 64 * 1024 }));
  mountConsoleAssets(app);

  const devKeys: ApiKey[] =
    opts.devKey && deps.config.NODE_ENV !== 'production'
      ? [{ key: opts.devKey, scopes: new Set(['screen', 'kyc', 'admin', 'senior'] as const) }]
      : [];
  const sessions = new SessionStore(deps.db, deps.clock, {
    idleMs: deps.config.CONSOLE_SESSION_IDLE,
    lifetimeMs: deps.config.CONSOLE_SESSION_LIFETIME,
  });
  const guard = mountAuth(app, {
    keys: [...deps.config.apiKeys, ...devKeys],
    sessions,
    secure: deps.config.NODE_ENV === 'production',
    clock: deps.clock,
  });
  // Registered after sign-in and the assets, so that those stay reachable without a session.
  app.use('*', guard);
  app.get('/', (c) => c.redirect('/console/queue', 303));
  queuePages(app, deps, deps.cases);
  casePages(app, deps, deps.cases);
  appealPages(app, deps, deps.appeals);
  searchPages(app, deps);
  customerPages(app, deps);
  dashboardPages(app, deps);
  return app;
}
