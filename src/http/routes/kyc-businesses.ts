/** Business customers (KYB): onboard a business with its owners, read it back. Mounted by kycRoutes. */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import { BusinessIdParam, BusinessRequest, BusinessView } from '../schemas/kyc.ts';
import { anyScope } from './kyc.ts';

export function businessRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();

  const create = createRoute({
    method: 'post',
    path: '/v1/kyc/businesses',
    operationId: 'createKycBusiness',
    tags: ['kyc'],
    summary: 'Onboard a business: LEI check, company and persons screened, person verifications required',
    security: bearer,
    middleware: [requireScope('kyc')] as const,
    request: { body: jsonBody(BusinessRequest) },
    responses: {
      201: { description: 'Onboarded; start the required person verifications', content: json(BusinessView) },
      ...commonErrors,
      ...problemResponses(409),
    },
  });
  router.openapi(create, async (c) => {
    const principal = c.get('principal');
    const view = await deps.kyc.createBusiness(c.req.valid('json'), {
      type: 'system',
      id: `api-key:${principal.keyId}`,
    });
    return c.json(view, 201);
  });

  const get = createRoute({
    method: 'get',
    path: '/v1/kyc/businesses/{id}',
    operationId: 'getKycBusiness',
    tags: ['kyc'],
    summary: "A business: structure, each person's verification status, screening, audit trail",
    security: bearer,
    middleware: [anyScope(requireScope, 'kyc', 'admin')] as const,
    request: { params: BusinessIdParam },
    responses: {
      200: { description: 'The business', content: json(BusinessView) },
      ...commonErrors,
      ...problemResponses(404),
    },
  });
  router.openapi(get, async (c) => {
    const principal = c.get('principal');
    const personalData = principal.scopes.has('admin');
    const view = await deps.kyc.viewBusiness(c.req.valid('param').id, {
      actor: { type: personalData ? 'compliance_officer' : 'system', id: `api-key:${principal.keyId}` },
      personalData,
    });
    return c.json(view, 200);
  });
  return router;
}
