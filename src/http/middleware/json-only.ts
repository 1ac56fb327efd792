import type { MiddlewareHandler } from 'hono';
import { problem, problemResponse } from '../problem.ts';
import { carriesBody } from './body-size.ts';

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Bodies of write calls must be JSON. Without this, a form post would reach validation as `{}`
 * and come back as a confusing list of missing fields.
 */
export function jsonOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
      if (carriesBody(c) && !JSON_TYPE.test(type)) {
        return problemResponse(
          problem(
            'unsupported-media-type',
            'Unsupported media type',
            415,
            `Send the body as application/json (got "${type || 'none'}").`,
            { instance: c.req.path },
          ),
        );
      }
    }
    return next();
  };
}
