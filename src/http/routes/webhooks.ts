/**
 * Provider webhooks: POST /v1/webhooks/{provider}. No API key: each call is authenticated by the
 * provider's signature over the RAW body bytes (Jumio's unsigned callback by the retrieval API), so the
 * body is read here as bytes, before and instead of any JSON parsing. A bad or missing signature is a
 * 401 problem and changes nothing.
 */
import { createRoute } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../deps.ts';
import { CALLBACK_CONTENT_TYPES, isCallbackContentType } from '../../kyc/providers/callback-body.ts';
import { createRouter, problemResponses } from '../openapi.ts';
import { ProviderParam, WebhookAnswerView } from '../schemas/kyc.ts';

const FORM_CALLBACK_PROVIDERS = new Set(['jumio', 'shufti']);

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
    const provider = c.req.valid('param').provider;
    // Jumio and Shufti callbacks may come form-encoded too (the app-wide JSON-only rule skips their paths).
    if (FORM_CALLBACK_PROVIDERS.has(provider) && !isCallbackContentType(c.req.header('content-type') ?? null))
      throw new HTTPException(415, {
        message: `Send the callback as ${CALLBACK_CONTENT_TYPES.join(', ')} (got "${c.req.header('content-type')}").`,
      });
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const answer = await deps.kyc.handleWebhook(provider, raw, c.req.raw.headers);
    return c.json(answer, 200);
  });
  return router;
}
