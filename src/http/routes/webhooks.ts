/**
 * Provider webhooks: POST /v1/webhooks/{provider}. No API key: each call is authenticated by the
 * provider's signature over the RAW body bytes (Jumio's unsigned callback by the retrieval API), so the
 * body is read here as bytes, before and instead of any JSON parsing. A bad or missing signature is a
 * 401 problem and changes nothing.
 */
import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps.ts';
import { createRouter, problemResponses } from '../openapi.ts';
import { ProviderParam, WebhookAnswerView } from '../schemas/kyc.ts';

export function webhookRoutes(deps: AppDeps) {
  const router = createRouter();
  const receive = createRoute({
    method: 'post',
    path: '/v1/webhooks/{provider}',
    operationId: 'receiveProviderWebhook',
    // No bearer key: the provider's signature over the raw body authenticates the call.
    security: [],
    tags: ['kyc'],
    summary: 'Identity-provider webhook (register <PUBLIC_BASE_URL>/v1/webhooks/<provider> at the provider)',
    request: { params: ProviderParam },
    responses: {
      200: {
        description: 'Received; `result` says what it did (duplicates and stale events are accepted without effect)',
        content: { 'application/json': { schema: WebhookAnswerView } },
      },
      ...problemResponses(401, 404, 413, 415, 422, 503),
    },
  });
  router.openapi(receive, async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const answer = await deps.kyc.handleWebhook(c.req.valid('param').provider, raw, c.req.raw.headers);
    return c.json(answer, 200);
  });
  return router;
}
