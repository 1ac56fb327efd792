/**
 * Limits of the Node HTTP server (issue 17): without them a body sent one byte a second holds a socket for
 * Node's default 300 s, an idle connection for as long, and a thousand of them exhaust file descriptors.
 */
import http from 'node:http';
import type { BaseConfig } from '../config.ts';

type Limits = Pick<
  BaseConfig,
  'HTTP_REQUEST_TIMEOUT' | 'HTTP_HEADERS_TIMEOUT' | 'HTTP_KEEP_ALIVE_TIMEOUT' | 'HTTP_MAX_CONNECTIONS'
>;

/**
 * Node checks the request and headers timeouts on a timer (default every 30 s), so a 1 s timeout could
 * otherwise hold a socket 31 s: check four times per shortest timeout, at most once a second.
 */
export function connectionsCheckingInterval(c: Limits): number {
  const shortest = Math.min(c.HTTP_REQUEST_TIMEOUT, c.HTTP_HEADERS_TIMEOUT) || 30_000;
  return Math.max(50, Math.min(1_000, Math.floor(shortest / 4)));
}

/** Options for @hono/node-server's serve(): the server it creates carries every limit. */
export function httpServerOptions(c: Limits) {
  const serverOptions: http.ServerOptions = {
    requestTimeout: c.HTTP_REQUEST_TIMEOUT,
    headersTimeout: c.HTTP_HEADERS_TIMEOUT,
    keepAliveTimeout: c.HTTP_KEEP_ALIVE_TIMEOUT,
    connectionsCheckingInterval: connectionsCheckingInterval(c),
  };
  const createServer = ((options: http.ServerOptions, listener: http.RequestListener) => {
    const server = http.createServer(options, listener);
    // Connections over the cap are closed as they arrive; the ones in use are not disturbed.
    server.maxConnections = c.HTTP_MAX_CONNECTIONS;
    server.keepAliveTimeout = c.HTTP_KEEP_ALIVE_TIMEOUT;
    return server;
  }) as typeof http.createServer;
  return { serverOptions, createServer };
}
