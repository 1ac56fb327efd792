/** Process entry: config → database + migrations → lists → app → serve; graceful shutdown. */
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { missingGcFlags, missingMallocEnv } from './gc-tuning.ts';
import { httpServerOptions } from './http/server-options.ts';
import { createLogger } from './logger.ts';

async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const missing = [...missingGcFlags(process.execArgv), ...missingMallocEnv(process.env)];
  if (missing.length > 0) {
    logger.warn(
      { missing },
      'started without the GC flags or allocator setting of `npm start`: expect latency stalls of 100+ ms every ~20 s under load (see src/gc-tuning.ts)',
    );
  }
  if (config.apiKeys.length === 0) {
    logger.warn(
      'NO API KEYS CONFIGURED: every endpoint is open to anyone who can reach this port. Set API_KEYS="key:scope[+scope],..." before exposing the service.',
    );
  }
  const runtime = await bootstrap(config, { logger });
  const { deps } = runtime;
  // An open development service still gets a console key: the console never signs anyone in without one.
  const consoleDevKey =
    config.apiKeys.length === 0 && config.NODE_ENV === 'development'
      ? randomBytes(24).toString('base64url')
      : undefined;
  const app = createApp(deps, { devKey: consoleDevKey });

  const limits = httpServerOptions(config);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, ...limits }, (info) => {
    logger.info({ port: info.port, host: config.HOST }, 'screening sidecar listening');
    if (consoleDevKey)
      process.stdout.write(`Console: http://localhost:${info.port}/console — development key: ${consoleDevKey}\n`);
  });

  // Downloads run after the service answers from local data, so a slow or unreachable list site never delays start-up.
  // LISTS_DIR was read just now by the initial load: it is only re-read at the next interval.
  const downloads = config.LIST_DOWNLOAD && !config.LISTS_DIR;
  if (downloads) void deps.lists.refresh();
  if (downloads || config.LISTS_DIR) deps.lists.start(config.LIST_REFRESH_INTERVAL);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.lifecycle.shuttingDown = true;
    logger.info({ signal }, 'shutting down: not ready, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT);
    force.unref();
    // close() stops accepting, lets in-flight requests finish; idle keep-alive sockets are closed now.
    server.close(async () => {
      await runtime.close();
      logger.info('stopped');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) (server as { closeIdleConnections(): void }).closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  // Start-up failures are configuration or environment problems: say what and exit non-zero.
  process.stderr.write(`screening sidecar failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
