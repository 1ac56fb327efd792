/** Shared pieces of route contracts: the problem schema, security, and the validation hook. */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import { problemResponse, validationProblem, zodFieldErrors } from './problem.ts';
import type { AppEnv } from './types.ts';

export const ProblemSchema = z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .max(20)
      .optional()
      .openapi({ description: 'The failing fields: at most 20 listed' }),
    moreErrors: z.number().int().optional().openapi({ description: 'How many more problems were found than listed' }),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** The error responses every authenticated JSON call can give. */
export const commonErrors = {
  400: { description: 'Malformed JSON', content: problemContent },
  401: { description: 'Missing or invalid API key', content: problemContent },
  403: { description: 'API key lacks the scope', content: problemContent },
  413: { description: 'Body too large', content: problemContent },
  415: { description: 'Body is not JSON', content: problemContent },
  422: { description: 'Validation failed; `errors` lists the failing fields', content: problemContent },
} as const;

export const problemResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, { description: `Problem ${c}`, content: problemContent }]));

export const bearer = [{ bearerAuth: [] }];

/** An OpenAPI content map with one JSON schema (request bodies and responses). */
export const json = <T>(schema: T) => ({ 'application/json': { schema } });

/**
 * A required JSON request body. Its schema is parsed synchronously: zod-validator always calls
 * safeParseAsync, and zod 4 runs its compiled fast path for objects only in synchronous parses
 * (about 2× slower otherwise, measured on the transaction body). None of the request schemas has
 * an async refinement, so the result is the same. Set on the schema itself, so the OpenAPI name it
 * is registered under stays.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const sync = schema as T & { safeParseAsync: (data: unknown) => Promise<unknown> };
  sync.safeParseAsync = (data: unknown) => Promise.resolve(safeParseBounded(schema, data));
  return { content: json(sync), required: true as const };
}

/**
 * A body deep or large enough to overflow the validator's stack is invalid input, not a 500 with a stack:
 * the RangeError becomes one validation problem on the whole body.
 */
export function safeParseBounded<T extends z.ZodType>(schema: T, data: unknown): z.ZodSafeParseResult<z.output<T>> {
  try {
    return schema.safeParse(data);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const issue = {
      code: 'custom' as const,
      path: [],
      message: 'too deeply nested or too large to validate',
      input: data,
    };
    return { success: false, error: new z.ZodError([issue]) as z.ZodError<z.output<T>> };
  }
}

/** Validation failures of zod route contracts become one RFC 9457 problem with the failing fields. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    const where = result.target === 'json' ? 'request body' : result.target === 'param' ? 'path' : result.target;
    return problemResponse({ ...validationProblem(zodFieldErrors(result.error), where), instance: c.req.path });
  }
};

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
