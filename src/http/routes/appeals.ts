/**
 * Appeals of rejected verifications (the seed's submitAppeal / processAppeal): submit (scope kyc), decide (admin;
 * senior for an escalated appeal, enforced by the cases service), and the console's list and detail (admin).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { APPEAL_OUTCOMES, APPEAL_STATUSES } from '../../db/schema/appeals.ts';
import { CASE_PRIORITIES, CASE_STATUSES } from '../../cases/types.ts';
import type { AppDeps } from '../../deps.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import { ActorHeader } from '../schemas/cases.ts';
import { VerificationIdParam } from '../schemas/kyc.ts';
import { caseActor } from '../case-actor.ts';
import type { AppEnv } from '../types.ts';

const AppealRequest = z
  .strictObject({
    reason: z.string().trim().min(1).max(5_000).openapi({ description: 'Stored encrypted; may quote the customer' }),
    documents: z
      .array(
        z.strictObject({
          type: z.string().trim().min(1).max(100).openapi({ example: 'bank_statement' }),
          reference: z
            .string()
            .trim()
            .min(1)
            .max(500)
            .openapi({ description: 'Where the document is; stored encrypted' }),
        }),
      )
      .max(20)
      .optional(),
  })
  .openapi('AppealRequest');

const AppealCreated = z
  .object({
    appealId: z.string(),
    status: z.literal('pending_review'),
    escalated: z
      .boolean()
      .openapi({ description: 'Lifetime volume above APPEAL_ESCALATION_VOLUME_USD: senior decides' }),
    priority: z.enum(CASE_PRIORITIES),
    caseId: z.string(),
  })
  .openapi('AppealCreated');

const AppealSummary = z
  .object({
    appealId: z.string(),
    verificationId: z.string(),
    userId: z.string(),
    status: z.enum(APPEAL_STATUSES),
    escalated: z.boolean(),
    priority: z.enum(CASE_PRIORITIES),
    lifetimeVolumeUsd: z.string().openapi({ description: 'The lifetime volume the escalation was decided on' }),
    caseId: z.string(),
    documentCount: z.number().int(),
    createdAt: z.string(),
    outcome: z.enum(APPEAL_OUTCOMES).nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reverificationId: z.string().nullable().openapi({ description: 'The verification a `reverify` decision started' }),
  })
  .openapi('Appeal');

const AppealDecided = AppealSummary.extend({
  caseStatus: z.enum(CASE_STATUSES).openapi({
    description:
      'The appeal case’s status: `decided`, or `awaiting_confirmation` when four eyes (CASES_FOUR_EYES) holds an ' +
      'overturn for a second officer (the appeal stays pending_review until then)',
  }),
}).openapi('AppealDecided');

const AppealDetail = AppealSummary.extend({
  reason: z.string(),
  documents: z.array(z.object({ type: z.string(), reference: z.string() })),
  notes: z.string().nullable(),
}).openapi('AppealDetail');

const AppealList = z.object({ appeals: z.array(AppealSummary), next: z.string().nullable() }).openapi('AppealList');

const AppealQuery = z.strictObject({
  status: z.enum(APPEAL_STATUSES).optional(),
  userId: z.string().min(1).max(200).optional(),
  cursor: z.string().max(200).optional().openapi({ description: 'The `next` value of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const AppealIdParam = z.object({ id: z.string().min(1).max(100) });

const AppealDecisionRequest = z
  .strictObject({
    outcome: z.enum(APPEAL_OUTCOMES),
    notes: z.string().trim().min(1).max(5_000).openapi({ description: 'Stored encrypted' }),
    reason: z.string().trim().min(1).max(200).optional().openapi({ description: 'A code or short phrase' }),
  })
  .openapi('AppealDecisionRequest');

export function appealRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');
  const apiKey = (c: Context<AppEnv>) => `api-key:${c.get('principal').keyId}`;

  const submit = createRoute({
    method: 'post',
    path: '/v1/kyc/verifications/{id}/appeals',
    operationId: 'submitAppeal',
    tags: ['appeals'],
    summary: 'Appeal a rejected verification; a high-value customer’s appeal is escalated to senior compliance',
    description:
      'Only a rejected verification can be appealed, and not while an appeal of it is open (409). The appeal opens ' +
      'a case of kind `appeal`; escalated (lifetime volume above APPEAL_ESCALATION_VOLUME_USD) means priority high ' +
      'and a decision only by a `senior` key.',
    security: bearer,
    middleware: [requireScope('kyc')] as const,
    request: { params: VerificationIdParam, headers: ActorHeader, body: jsonBody(AppealRequest) },
    responses: {
      201: { description: 'Appeal submitted', content: json(AppealCreated) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(submit, async (c) => {
    const officer = c.req.valid('header')['x-actor'];
    const created = await deps.appeals.submit(
      c.req.valid('param').id,
      c.req.valid('json'),
      { type: 'system', id: apiKey(c) },
      officer,
    );
    return c.json(created, 201);
  });

  const decide = createRoute({
    method: 'post',
    path: '/v1/appeals/{id}/decision',
    operationId: 'decideAppeal',
    tags: ['appeals'],
    summary: 'Decide an appeal: overturn (approve the verification and the customer), uphold, or reverify',
    description:
      'Scope admin; an escalated appeal needs scope senior (403 otherwise). Decided through the appeal’s case, so ' +
      'the case timeline records it. reverify starts a new verification with another provider than the one that ' +
      'rejected, linked as reverificationId. With CASES_FOUR_EYES=true an overturn (it reverses a rejection) needs ' +
      'two officers: the first call answers caseStatus awaiting_confirmation and changes nothing else; another ' +
      'officer (other API key or X-Actor) confirms with overturn (409 for the same officer); uphold or reverify ' +
      'by any officer instead decides the appeal and keeps the rejection.',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: AppealIdParam, headers: ActorHeader, body: jsonBody(AppealDecisionRequest) },
    responses: {
      200: { description: 'The decided appeal, or the overturn awaiting confirmation', content: json(AppealDecided) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(decide, async (c) => {
    const actor = caseActor(c, c.req.valid('header')['x-actor']);
    const decided = await deps.appeals.decide(c.req.valid('param').id, c.req.valid('json'), actor);
    return c.json(decided, 200);
  });

  const list = createRoute({
    method: 'get',
    path: '/v1/appeals',
    operationId: 'listAppeals',
    tags: ['appeals'],
    summary: 'Appeals, newest first (no personal data)',
    security: bearer,
    middleware: [adminScope] as const,
    request: { query: AppealQuery },
    responses: {
      200: { description: 'A page of appeals', content: json(AppealList) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(list, async (c) => c.json(await deps.appeals.list(c.req.valid('query')), 200));

  const get = createRoute({
    method: 'get',
    path: '/v1/appeals/{id}',
    operationId: 'getAppeal',
    tags: ['appeals'],
    summary: 'One appeal with its reason, documents and decision notes (the view is audited)',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: AppealIdParam },
    responses: {
      200: { description: 'The appeal', content: json(AppealDetail) },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(get, async (c) =>
    c.json(await deps.appeals.get(c.req.valid('param').id, { type: 'compliance_officer', id: apiKey(c) }), 200),
  );

  return router;
}
