/** Reports: the KYC audit report (JSON or streamed CSV) and the KYC analytics with costs and case figures. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { GROUP_BYS } from '../../reports/period.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, createRouter, json, problemResponses } from '../openapi.ts';

const isoDate = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'an ISO date (YYYY-MM-DD) or date-time');

const RangeQuery = {
  from: isoDate.openapi({ description: 'First day (inclusive), ISO date or date-time, UTC', example: '2026-01-01' }),
  to: isoDate.openapi({
    description: 'Last day (inclusive for a date, exclusive for a date-time); at most 366 days after `from`',
    example: '2026-03-31',
  }),
};

const AuditQuery = z.strictObject({ ...RangeQuery, format: z.enum(['json', 'csv']).default('json') });
const AnalyticsQuery = z.strictObject({ ...RangeQuery, groupBy: z.enum(GROUP_BYS).default('month') });

const AuditReport = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    verifications: z
      .array(z.looseObject({ verificationId: z.string(), userId: z.string(), provider: z.string() }))
      .max(1_000_000)
      .openapi({ description: 'Every verification created in the range, oldest first' }),
    summary: z.looseObject({ verifications: z.number().int(), manualReviewRate: z.number().nullable() }),
  })
  .openapi('KycAuditReport');

const KycAnalytics = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(GROUP_BYS),
    periods: z.array(z.looseObject({ period: z.string() })).max(400),
    providers: z.array(z.looseObject({ provider: z.string() })).max(10),
    cases: z.looseObject({ opened: z.number().int(), decided: z.number().int() }),
  })
  .openapi('KycAnalytics');

/** Chunks from the domain as a byte stream, pulled as the client reads (a slow reader slows the queries). */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function reportRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');

  const audit = createRoute({
    method: 'get',
    path: '/v1/reports/kyc-audit',
    operationId: 'getKycAuditReport',
    tags: ['reports'],
    summary: 'KYC audit report: every verification in the range with decisions, sanctions results and exceptions',
    description:
      'JSON ends with a summary (counts by status, risk level and provider, manual-review rate, sanctions hits, ' +
      'regulatory exceptions). CSV is streamed as it is read, one record per verification, spreadsheet-safe.',
    security: bearer,
    middleware: [adminScope] as const,
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'The report',
        content: { ...json(AuditReport), 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(audit, async (c) => {
    const { from, to, format } = c.req.valid('query');
    const chunks = deps.reports.kycAudit(from, to, format);
    const headers: Record<string, string> =
      format === 'csv'
        ? {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="kyc-audit-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`,
          }
        : { 'content-type': 'application/json' };
    const res = new Response(streamOf(chunks), { status: 200, headers: { ...headers, 'cache-control': 'no-store' } });
    const contract = () => c.json({} as z.infer<typeof AuditReport>, 200);
    return res as unknown as ReturnType<typeof contract>;
  });

  const analytics = createRoute({
    method: 'get',
    path: '/v1/reports/kyc-analytics',
    operationId: 'getKycAnalytics',
    tags: ['reports'],
    summary: 'KYC analytics per provider and period: outcomes, processing minutes, cost, automation; case figures',
    security: bearer,
    middleware: [adminScope] as const,
    request: { query: AnalyticsQuery },
    responses: {
      200: { description: 'The analytics', content: json(KycAnalytics) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(analytics, async (c) => {
    const { from, to, groupBy } = c.req.valid('query');
    return c.json(await deps.reports.kycAnalytics(from, to, groupBy), 200);
  });

  return router;
}
