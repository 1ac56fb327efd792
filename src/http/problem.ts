/** RFC 9457 problem details: the one place where errors become HTTP responses. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RefusedError,
  ServiceUnavailableError,
  UnauthorizedError,
} from '../errors.ts';

export const PROBLEM_BASE = 'https://screening-sidecar.dev/problems/';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problem(
  slug: string,
  title: string,
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return { ...extra, type: PROBLEM_BASE + slug, title, status, detail };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      // Bounded like the list itself: a body with 100,000 unknown keys must not make a 100,000-key message.
      const keys = i.keys.slice(0, MAX_LISTED_ERRORS);
      const rest = i.keys.length - keys.length;
      const more = rest > 0 ? ` and ${rest} more` : '';
      return {
        path: [path, ...keys].filter(Boolean).join('.'),
        message: `unknown field${i.keys.length > 1 ? 's' : ''}: ${keys.join(', ')}${more}`,
      };
    }
    return { path: path || '(body)', message: i.message };
  });
}

/** A validation answer lists at most this many problems: an answer must stay small whatever was sent. */
export const MAX_LISTED_ERRORS = 20;

export function validationProblem(errors: FieldError[], where = 'request body', detail?: string): Problem {
  const count = `${errors.length} problem${errors.length === 1 ? '' : 's'}`;
  const more = errors.length - MAX_LISTED_ERRORS;
  const listed = more > 0 ? `${count}, the first ${MAX_LISTED_ERRORS} listed` : count;
  return problem('validation', 'Invalid request', 422, detail ?? `The ${where} is not valid: ${listed}.`, {
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    ...(more > 0 ? { moreErrors: more } : {}),
  });
}

/** Maps anything thrown by a route or the domain to a problem. Unknown errors are 500s that reveal nothing. */
export function toProblem(err: unknown, c: Context): Response {
  const instance = c.req.path;
  if (err instanceof HTTPException) {
    if (err.status === 413) {
      return problemResponse(
        problem(
          'payload-too-large',
          'Payload too large',
          413,
          err.message || 'The request body exceeds the size limit.',
          { instance },
        ),
      );
    }
    if (err.status === 400) {
      return problemResponse(
        problem('malformed-request', 'Malformed request', 400, err.message || 'The request could not be read.', {
          instance,
        }),
      );
    }
    return problemResponse(
      problem(`http-${err.status}`, err.message || 'HTTP error', err.status, err.message, { instance }),
    );
  }
  if (err instanceof InvalidInputError) {
    return problemResponse({ ...validationProblem(err.errors, 'request', err.message), instance });
  }
  if (err instanceof RefusedError)
    return problemResponse(problem(err.slug, err.title, 422, err.message, { instance, ...err.details }));
  if (err instanceof NotFoundError)
    return problemResponse(problem('not-found', 'Not found', 404, err.message, { instance, ...err.details }));
  if (err instanceof ConflictError)
    return problemResponse(problem('conflict', 'Conflict', 409, err.message, { instance, ...err.details }));
  if (err instanceof UnauthorizedError) {
    return problemResponse(problem('unauthorized', 'Unauthorized', 401, err.message, { instance }), {
      'www-authenticate': 'Bearer',
    });
  }
  if (err instanceof ForbiddenError)
    return problemResponse(problem('forbidden', 'Forbidden', 403, err.message, { instance, ...err.details }));
  if (err instanceof ServiceUnavailableError) {
    const headers: Record<string, string> = err.retryAfterSeconds
      ? { 'retry-after': String(err.retryAfterSeconds) }
      : {};
    return problemResponse(
      problem('unavailable', 'Service unavailable', 503, err.message, { instance, ...err.details }),
      headers,
    );
  }
  if (err instanceof DomainError)
    return problemResponse(problem('domain', 'Request failed', 400, err.message, { instance }));
  return problemResponse(
    problem(
      'internal',
      'Internal error',
      500,
      'An unexpected error occurred; it has been logged with the request id.',
      { instance },
    ),
  );
}
