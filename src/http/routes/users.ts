/** Customer profile import (platforms' existing verifications) and a customer's risk picture. */
import { createRoute } from '@hono/zod-openapi';
import { lifetimeVolumeUsd } from '../../customers/lifetime-volume.ts';
import type { AppDeps } from '../../deps.ts';
import { importCustomerProfile, profileView } from '../../transactions/import-profile.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, jsonBody, problemResponses } from '../openapi.ts';
import { ProfileImport, ProfileView, UserIdParam, UserRiskView } from '../schemas/transactions.ts';

export function userRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const adminScope = requireScope('admin');

  const put = createRoute({
    method: 'put',
    path: '/v1/users/{userId}',
    operationId: 'putUserProfile',
    tags: ['customers'],
    summary:
      'Import or update a customer profile (KYC status, risk level, country, account opening date; identity for monitoring)',
    description: 'Fields not sent keep their stored value. A customer without a profile is screened as unverified.',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam, body: jsonBody(ProfileImport) },
    responses: {
      200: { description: 'Updated', content: json(ProfileView) },
      201: { description: 'Created', content: json(ProfileView) },
      ...commonErrors,
    },
  });
  router.openapi(put, async (c) => {
    const { name, dateOfBirth, nationality, ...fields } = c.req.valid('json');
    const userId = c.req.valid('param').userId;
    const { profile, created } = await importCustomerProfile(deps.customers, deps.clock, userId, fields);
    if (name !== undefined || dateOfBirth !== undefined || nationality !== undefined)
      await deps.monitoring.importIdentity(userId, { name, dateOfBirth, nationality });
    return created ? c.json(profileView(profile), 201) : c.json(profileView(profile), 200);
  });

  const risk = createRoute({
    method: 'get',
    path: '/v1/users/{userId}/risk',
    operationId: 'getUserRisk',
    tags: ['customers'],
    summary: 'A customer’s risk picture: verification, profile, monitoring level, rolling aggregates now, open alerts',
    security: bearer,
    middleware: [adminScope] as const,
    request: { params: UserIdParam },
    responses: {
      200: { description: 'Risk picture', content: json(UserRiskView) },
      ...problemResponses(401, 403, 422),
    },
  });
  router.openapi(risk, async (c) => {
    const userId = c.req.valid('param').userId;
    const [view, lifetimeVolume] = await Promise.all([
      deps.transactions.userRisk(userId),
      lifetimeVolumeUsd(deps.db, userId),
    ]);
    return c.json({ ...view, lifetimeVolumeUsd: lifetimeVolume }, 200);
  });

  return router;
}
