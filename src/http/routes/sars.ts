/** SAR drafts: drafted from a transaction case, versioned, read back as JSON or a printable PDF. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { sarPdf } from '../../sar/pdf.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, createRouter, json, problemResponses } from '../openapi.ts';
import { ActorHeader, CaseIdParam } from '../schemas/cases.ts';
import { caseActor } from '../case-actor.ts';

const SarIdParam = z.object({
  id: z
    .string()
    .max(100)
    .regex(/^sar_[0-9a-f-]{36}$/, 'a SAR id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const SarQuery = z.strictObject({ format: z.enum(['json', 'pdf']).default('json') });

const SarView = z
  .looseObject({
    sarId: z.string(),
    version: z.number().int(),
    caseId: z.string(),
    status: z.literal('draft'),
    subject: z.looseObject({ identified: z.boolean(), userId: z.string() }),
    suspiciousActivity: z.looseObject({ amountInvolvedUsd: z.string() }),
    filingInstitution: z.looseObject({ name: z.string() }),
    narrative: z.looseObject({ text: z.string() }),
    deadlines: z.object({
      detectedAt: z.string(),
      filingDueAt: z.string(),
      continuingActivityReviewAt: z.string(),
      basis: z.string(),
    }),
  })
  .openapi('SarDraft');

export function sarRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');

  const draft = createRoute({
    method: 'post',
    path: '/v1/cases/{id}/sar',
    operationId: 'draftSar',
    tags: ['cases'],
    summary:
      'Draft a Suspicious Activity Report (FinCEN SAR structure) from a transaction case; redrafting adds a version',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: CaseIdParam, headers: ActorHeader },
    responses: {
      201: { description: 'The draft, stored encrypted', content: json(SarView) },
      ...problemResponses(401, 403, 404, 409, 422, 503),
    },
  });
  router.openapi(draft, async (c) =>
    c.json(await deps.sars.draft(c.req.valid('param').id, caseActor(c, c.req.valid('header')['x-actor'])), 201),
  );

  const get = createRoute({
    method: 'get',
    path: '/v1/sars/{id}',
    operationId: 'getSar',
    tags: ['cases'],
    summary: 'A SAR draft as JSON or a printable PDF (watermarked DRAFT); the read of personal data is audited',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: SarIdParam, query: SarQuery, headers: ActorHeader },
    responses: {
      200: {
        description: 'The draft',
        content: { ...json(SarView), 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(get, async (c) => {
    const sar = await deps.sars.get(c.req.valid('param').id, caseActor(c, c.req.valid('header')['x-actor']));
    if (c.req.valid('query').format === 'json') return c.json(sar, 200);
    const pdf = await sarPdf(sar);
    const res = new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${sar.sarId}-v${sar.version}.pdf"`,
        'cache-control': 'no-store',
      },
    });
    return res as unknown as ReturnType<typeof c.json<typeof sar, 200>>;
  });

  return router;
}
