/** Open endpoints: liveness, readiness, metrics, list status, API description. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { SOURCE_IDS } from '../../sanctions/entity.ts';
import { createRouter } from '../openapi.ts';
import { mountSwaggerUi } from '../swagger-ui.ts';

const Health = z.object({ status: z.string() }).openapi('Health');
const Readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.record(z.string(), z.boolean()) })
  .openapi('Readiness');

const SourceView = z
  .object({
    source: z.enum(SOURCE_IDS),
    loaded: z.boolean(),
    origin: z.enum(['lists-dir', 'download', 'cache', 'sample']).optional(),
    publishedAt: z.string().optional(),
    checksums: z.record(z.string(), z.string()).optional().openapi({ description: 'file name → sha256 hex' }),
    entities: z.number().int().optional(),
    names: z.number().int().optional(),
    loadedAt: z.string().datetime().optional(),
    lastAttemptAt: z.string().datetime().optional(),
    lastError: z.string().optional(),
    error: z.string().optional().openapi({
      description: 'the error of the latest load or refresh attempt (stage: message); absent when it succeeded',
    }),
    warnings: z.number().int().optional(),
  })
  .openapi('ListSource');

export function systemRoutes(deps: AppDeps) {
  const router = createRouter();
  const live = (c: { json: (b: unknown) => Response }) => c.json({ status: 'ok' });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/livez',
      operationId: 'getLiveness',
      security: [],
      tags: ['operations'],
      summary: 'Liveness',
      responses: { 200: { description: 'Alive', content: { 'application/json': { schema: Health } } } },
    }),
    (c) => c.json({ status: 'ok' }, 200),
  );
  router.get('/healthz', live);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      security: [],
      tags: ['operations'],
      summary: 'Readiness: migrations applied and lists loaded, not shutting down',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: Readiness } } },
        503: { description: 'Not ready', content: { 'application/json': { schema: Readiness } } },
      },
    }),
    (c) => {
      const checks = {
        lists: deps.lists.ready,
        shuttingDown: deps.lifecycle.shuttingDown,
        started: deps.lifecycle.ready(),
      };
      const ready = checks.lists && checks.started && !checks.shuttingDown;
      return c.json({ status: ready ? ('ready' as const) : ('not_ready' as const), checks }, ready ? 200 : 503);
    },
  );

  router.get('/metrics', async (c) => {
    const body = await deps.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': deps.metrics.registry.contentType });
  });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/v1/lists',
      operationId: 'listSanctionsLists',
      security: [],
      tags: ['screening'],
      summary: 'Per list source: publish date, checksums, counts, load time, last refresh attempt and error',
      responses: {
        200: {
          description: 'List status',
          content: {
            'application/json': {
              schema: z.object({
                sources: z.array(SourceView),
                builtAt: z.string().datetime().optional(),
                sample: z.boolean(),
                ready: z.boolean().openapi({ description: 'true when screening can run on these lists' }),
                reason: z.string().optional().openapi({ description: 'why screening cannot run, when not ready' }),
              }),
            },
          },
        },
      },
    }),
    (c) => {
      const iso = (d?: Date) => d?.toISOString();
      const sources = deps.lists.status().map((s) =>
        'loaded' in s
          ? {
              source: s.source,
              loaded: false,
              lastAttemptAt: iso(s.lastAttemptAt),
              lastError: s.lastError,
              error: s.lastError,
            }
          : {
              ...s,
              loaded: true,
              loadedAt: iso(s.loadedAt),
              lastAttemptAt: iso(s.lastAttemptAt),
              error: s.lastError,
            },
      );
      const snap = deps.lists.latest;
      const reason = deps.lists.unavailableReason();
      return c.json(
        { sources, builtAt: iso(snap?.builtAt), sample: snap?.sample ?? false, ready: reason === undefined, reason },
        200,
      );
    },
  );

  return router;
}

export function mountDocs(router: ReturnType<typeof createRouter>) {
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key from API_KEYS',
  });
  router.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    // The sidecar runs beside each platform: its own origin is the only server a client can mean.
    servers: [{ url: new URL(c.req.url).origin, description: 'this sidecar' }],
    info: {
      title: 'Screening sidecar',
      version: '0.1.0',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      description:
        'Sanctions screening, transaction screening (AML rules, Travel Rule) and KYC onboarding. Errors are RFC 9457 application/problem+json.',
    },
  }));
  mountSwaggerUi(router);
}
