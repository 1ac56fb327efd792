import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from '../problem.ts';
import { carriesBody } from './body-size.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

/**
 * Bodies of write calls must be JSON, in UTF-8. Without this, a form post would reach validation as `{}`
 * and come back as a confusing list of missing fields; and a body declared as Latin-1 or UTF-16 would be
 * decoded as UTF-8 all the same, so the name screened would not be the name the client meant.
 */
export function jsonOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const header = c.req.header('content-type') ?? '';
      const type = header.split(';')[0]!.trim();
      if (carriesBody(c) && !JSON_TYPE.test(type)) {
        return unsupported(c.req.path, `Send the body as application/json (got "${type || 'none'}").`);
      }
      const charset = CHARSET.exec(header)?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        return unsupported(c.req.path, `Send the body in UTF-8 (got charset "${charset.slice(0, 40)}").`);
      }
    }
    return next();
  };
}

function unsupported(path: string, detail: string): Response {
  return problemResponse(problem('unsupported-media-type', 'Unsupported media type', 415, detail, { instance: path }));
}
