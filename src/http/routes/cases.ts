/**
 * The case queue: list, read (subject facts and timeline), assign, comment, decide. Scope admin works cases;
 * an escalated case is decided only with scope senior (the service refuses it otherwise). The actor of every
 * call is the API key's id plus the officer named by the optional X-Actor header.
 */
import { createRoute } from '@hono/zod-openapi';
import type { CaseOutcome } from '../../cases/types.ts';
import type { AppDeps } from '../../deps.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import {
  ActorHeader,
  AssignRequest,
  CaseDetail,
  CaseEventView,
  CaseIdParam,
  CasePage,
  CaseQuery,
  CaseView,
  CommentRequest,
  DecisionRequest,
} from '../schemas/cases.ts';
import { caseActor } from '../case-actor.ts';

export function caseRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const admin = requireScope('admin');

  const list = createRoute({
    method: 'get',
    path: '/v1/cases',
    operationId: 'listCases',
    tags: ['cases'],
    summary: 'The case queue, newest (or oldest) first, with age, priority, due date and overdue',
    security: bearer,
    middleware: [admin] as const,
    request: { query: CaseQuery },
    responses: {
      200: { description: 'One page of cases; `next` is the cursor of the following page', content: json(CasePage) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(list, async (c) => c.json(await deps.cases.list(c.req.valid('query')), 200));

  const get = createRoute({
    method: 'get',
    path: '/v1/cases/{id}',
    operationId: 'getCase',
    tags: ['cases'],
    summary: "A case with its subject's facts and its timeline (personal data: the view is recorded on the timeline)",
    security: bearer,
    middleware: [admin] as const,
    request: { params: CaseIdParam, headers: ActorHeader },
    responses: {
      200: { description: 'The case', content: json(CaseDetail) },
      ...problemResponses(401, 403, 404, 422),
    },
  });
  router.openapi(get, async (c) => {
    const actor = caseActor(c, c.req.valid('header')['x-actor']);
    return c.json(await deps.cases.get(c.req.valid('param').id, actor), 200);
  });

  const assign = createRoute({
    method: 'post',
    path: '/v1/cases/{id}/assign',
    operationId: 'assignCase',
    tags: ['cases'],
    summary: 'Assign a case to an officer (an open case becomes in_progress)',
    security: bearer,
    middleware: [admin] as const,
    request: { params: CaseIdParam, headers: ActorHeader, body: jsonBody(AssignRequest) },
    responses: {
      200: { description: 'Assigned', content: json(CaseView) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(assign, async (c) => {
    const actor = caseActor(c, c.req.valid('header')['x-actor']);
    return c.json(await deps.cases.assign(c.req.valid('param').id, c.req.valid('json').assignee, actor), 200);
  });

  const comment = createRoute({
    method: 'post',
    path: '/v1/cases/{id}/comments',
    operationId: 'commentCase',
    tags: ['cases'],
    summary: 'Add a comment to a case timeline (stored encrypted)',
    security: bearer,
    middleware: [admin] as const,
    request: { params: CaseIdParam, headers: ActorHeader, body: jsonBody(CommentRequest) },
    responses: {
      201: { description: 'The comment event', content: json(CaseEventView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(comment, async (c) => {
    const actor = caseActor(c, c.req.valid('header')['x-actor']);
    return c.json(await deps.cases.comment(c.req.valid('param').id, c.req.valid('json').text, actor), 201);
  });

  const decide = createRoute({
    method: 'post',
    path: '/v1/cases/{id}/decision',
    operationId: 'decideCase',
    tags: ['cases'],
    summary: 'Decide a case with an outcome of its kind (escalated cases: scope senior)',
    description:
      'With CASES_FOUR_EYES=true, approving a high-risk KYC review, releasing a held transaction of a high-risk ' +
      'customer or overturning an appeal moves the case to awaiting_confirmation; another officer (other API key ' +
      'or X-Actor) confirms it ' +
      'with the same outcome. `escalate` (transaction cases that are not held) sends the case to senior compliance.',
    security: bearer,
    middleware: [admin] as const,
    request: { params: CaseIdParam, headers: ActorHeader, body: jsonBody(DecisionRequest) },
    responses: {
      200: { description: 'Decided, escalated, or awaiting confirmation', content: json(CaseView) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(decide, async (c) => {
    const actor = caseActor(c, c.req.valid('header')['x-actor']);
    const { outcome, reason, notes } = c.req.valid('json');
    const input = { outcome: outcome as CaseOutcome, reason, ...(notes !== undefined ? { notes } : {}) };
    return c.json(await deps.cases.decide(c.req.valid('param').id, input, actor), 200);
  });

  return router;
}
