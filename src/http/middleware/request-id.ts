import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';

const HEADER = 'x-request-id';
/** A client id worth recording: a plain token, short enough for a log line. */
const CLIENT_ID = /^[\w.:=+/-]{1,128}$/;

/**
 * Every request gets the server's own id (response header and log line). A client-supplied x-request-id is
 * kept beside it as clientRequestId, never instead of it: a client could otherwise reuse or forge ids and
 * make two requests indistinguishable in the logs and the audit trail.
 */
export function requestIds(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    const client = c.req.header(HEADER);
    if (client !== undefined && CLIENT_ID.test(client)) c.set('clientRequestId', client);
    await next();
    // Set on the final response: problem answers are built as plain Responses, outside c.header().
    try {
      c.res.headers.set(HEADER, id);
    } catch {
      c.res = new Response(c.res.body, c.res); // immutable headers (a proxied fetch Response)
      c.res.headers.set(HEADER, id);
    }
  };
}
