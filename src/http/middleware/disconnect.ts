import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** nginx's "client closed request": never sent (nobody is listening), recorded in metrics and the log. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * True when the client went away before its answer was written: it closed the connection mid-body or while
 * the request was handled, or the server cut it off (request timeout). Such a request failing is not the
 * service failing: it must not be a 500, nor an error-level log line.
 */
export function clientGone(c: Context): boolean {
  if (c.req.raw.signal.aborted) return true;
  // Under @hono/node-server the Node request is in env: its socket is destroyed before the abort signal
  // fires when the body read is what failed.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.destroyed === true;
}
