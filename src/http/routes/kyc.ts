/**
 * KYC onboarding calls: start a verification, read it (with its audit trail), read a user's KYC state,
 * decide a manual review, the provider overview, and the sandbox's completion call. Routes validate,
 * call one KycService verb and shape the answer.
 */
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Scope } from '../../config.ts';
import type { AppDeps } from '../../deps.ts';
import { ForbiddenError, NotFoundError } from '../../errors.ts';
import type { Actor, ActorType } from '../../kyc/types.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import {
  IdempotencyHeader,
  ProvidersOverview,
  ReviewDecisionRequest,
  ReviewDecisionResponse,
  SandboxCompleteRequest,
  SandboxSessionParam,
  StartVerificationRequest,
  StartVerificationResponse,
  UserIdParam,
  UserKycView,
  VerificationIdParam,
  VerificationView,
  WebhookAnswerView,
} from '../schemas/kyc.ts';
import type { AppEnv } from '../types.ts';
import { businessRoutes } from './kyc-businesses.ts';

/** Passes when the key holds any of the scopes (the auth middleware checks one scope at a time). */
export function anyScope(requireScope: RequireScope, ...scopes: Scope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    for (const scope of scopes) {
      let passed = false;
      try {
        await requireScope(scope)(c, async () => {
          passed = true;
        });
      } catch (err) {
        if (!(err instanceof ForbiddenError)) throw err;
      }
      if (passed) return next();
    }
    throw new ForbiddenError(`This API key needs one of the scopes: ${scopes.join(', ')}.`, {
      requiredScope: scopes.join('|'),
    });
  };
}

export function kycRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const actor = (c: { get(k: 'principal'): { keyId: string } }, type: ActorType): Actor => ({
    type,
    id: `api-key:${c.get('principal').keyId}`,
  });

  const start = createRoute({
    method: 'post',
    path: '/v1/kyc/verifications',
    operationId: 'startKycVerification',
    tags: ['kyc'],
    summary: 'Start a KYC verification: risk assessment, sanctions screening, provider choice and session',
    security: bearer,
    middleware: [requireScope('kyc')] as const,
    request: { headers: IdempotencyHeader, body: jsonBody(StartVerificationRequest) },
    responses: {
      201: {
        description: 'Session started; send the applicant to redirectUrl',
        content: json(StartVerificationResponse),
      },
      ...commonErrors,
      ...problemResponses(409, 503),
    },
  });
  router.openapi(start, async (c) => {
    const key = c.req.valid('header')['idempotency-key'];
    const res = await deps.kyc.start(c.req.valid('json'), actor(c, 'system'), key);
    if (res.replayed) c.header('idempotent-replayed', 'true');
    return c.json(res.body, 201);
  });

  const get = createRoute({
    method: 'get',
    path: '/v1/kyc/verifications/{id}',
    operationId: 'getKycVerification',
    tags: ['kyc'],
    summary: 'A verification with its sanctions results and audit trail (personal data only for scope admin)',
    security: bearer,
    middleware: [anyScope(requireScope, 'kyc', 'admin')] as const,
    request: { params: VerificationIdParam },
    responses: {
      200: { description: 'The verification', content: json(VerificationView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(get, async (c) => {
    const principal = c.get('principal');
    const personalData = principal.scopes.has('admin');
    const view = await deps.kyc.view(c.req.valid('param').id, {
      actor: actor(c, personalData ? 'compliance_officer' : 'system'),
      personalData,
    });
    return c.json(view, 200);
  });

  const user = createRoute({
    method: 'get',
    path: '/v1/users/{userId}/kyc',
    operationId: 'getUserKyc',
    tags: ['kyc'],
    summary: "A user's current KYC status and risk level (what transaction screening reads)",
    security: bearer,
    middleware: [anyScope(requireScope, 'kyc', 'admin')] as const,
    request: { params: UserIdParam },
    responses: {
      200: { description: 'KYC state', content: json(UserKycView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(user, async (c) => c.json(await deps.kyc.userKyc(c.req.valid('param').userId), 200));

  const decision = createRoute({
    method: 'post',
    path: '/v1/kyc/verifications/{id}/decision',
    operationId: 'decideKycVerification',
    tags: ['kyc'],
    summary: 'A compliance officer decides a verification in manual review, with notes',
    security: bearer,
    middleware: [requireScope('admin')] as const,
    request: { params: VerificationIdParam, body: jsonBody(ReviewDecisionRequest) },
    responses: {
      200: { description: 'Decided', content: json(ReviewDecisionResponse) },
      ...commonErrors,
      ...problemResponses(404, 409),
    },
  });
  router.openapi(decision, async (c) => {
    const id = c.req.valid('param').id;
    const r = await deps.kyc.decide(id, c.req.valid('json'), actor(c, 'compliance_officer'));
    return c.json({ verificationId: id, ...r }, 200);
  });

  const providers = createRoute({
    method: 'get',
    path: '/v1/kyc/providers',
    operationId: 'listKycProviders',
    tags: ['kyc'],
    summary: 'Enabled identity providers: circuit state, live success rate, median time, cost ranking',
    security: bearer,
    middleware: [anyScope(requireScope, 'kyc', 'admin')] as const,
    responses: {
      200: { description: 'Providers, most cost-effective first', content: json(ProvidersOverview) },
      ...commonErrors,
    },
  });
  router.openapi(providers, async (c) => c.json(await deps.kyc.providersOverview(), 200));

  const sandboxComplete = createRoute({
    method: 'post',
    path: '/v1/kyc/sandbox/sessions/{sessionId}/complete',
    operationId: 'completeSandboxSession',
    tags: ['kyc'],
    summary: 'Sandbox only: finish a session with an outcome; delivers a signed webhook like a real provider',
    security: bearer,
    middleware: [requireScope('admin')] as const,
    request: { params: SandboxSessionParam, body: jsonBody(SandboxCompleteRequest) },
    responses: {
      200: { description: 'What the webhook did', content: json(WebhookAnswerView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(sandboxComplete, async (c) => {
    const answer = await deps.kyc.completeSandboxSession(
      c.req.valid('param').sessionId,
      c.req.valid('json').outcome,
      actor(c, 'admin'),
    );
    return c.json(answer, 200);
  });

  // The sandbox "hosted page": where redirectUrl points. No key: a browser opens it.
  router.get('/v1/kyc/sandbox/sessions/:sessionId', async (c) => {
    const parsed = SandboxSessionParam.safeParse(c.req.param());
    if (!parsed.success) throw new NotFoundError('Not a sandbox session id.');
    const s = await deps.kyc.sandboxSession(parsed.data.sessionId);
    return c.json({
      ...s,
      howToComplete: `POST /v1/kyc/sandbox/sessions/${s.sessionId}/complete with {"outcome":"approved"} (or rejected, manual_review, expired, resubmission_requested) and an admin API key`,
    });
  });

  router.route('/', businessRoutes(deps, requireScope));
  return router;
}
