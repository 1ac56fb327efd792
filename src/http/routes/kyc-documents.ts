/**
 * POST /v1/kyc/documents/check: the document pre-check, before the applicant's upload costs a provider
 * verification. The image comes as a multipart file part `image` or as base64 in JSON; this route reads
 * it (the size limit is DOCUMENT_MAX_BYTES, not MAX_BODY_BYTES) and calls the one domain verb.
 */
import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../deps.ts';
import { InvalidInputError } from '../../errors.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, problemResponses } from '../openapi.ts';
import { DocumentCheckFormRequest, DocumentCheckJsonRequest, DocumentCheckResponse } from '../schemas/kyc.ts';

export const DOCUMENT_CHECK_PATH = '/v1/kyc/documents/check';
/** Room for the multipart headers or the JSON around the base64 text. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Calls whose bodies are not JSON of at most MAX_BODY_BYTES: the document check (an image, up to
 * DOCUMENT_MAX_BYTES) and the callbacks Jumio and Shufti may send form-encoded. Each checks its own.
 */
const OWN_BODY_SIZE = new Set([DOCUMENT_CHECK_PATH]);
const OWN_CONTENT_TYPE = new Set([DOCUMENT_CHECK_PATH, '/v1/webhooks/jumio', '/v1/webhooks/shufti']);

export function unlessOwnBodyRules(rule: 'size' | 'type', mw: MiddlewareHandler): MiddlewareHandler {
  const own = rule === 'size' ? OWN_BODY_SIZE : OWN_CONTENT_TYPE;
  return (c, next) => (own.has(c.req.path) ? next() : mw(c, next));
}

const tooLarge = (max: number) =>
  new HTTPException(413, { message: `The image exceeds ${max} bytes (DOCUMENT_MAX_BYTES).` });

function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, ''), 'base64');
}

export function documentRoutes(deps: AppDeps, requireScope: RequireScope) {
  const router = createRouter();
  const max = deps.config.kyc.documents.maxBytes;
  // Base64 is 4/3 of the bytes.
  const limit = Math.ceil(max / 3) * 4 + ENVELOPE_BYTES;
  const sizeGuard: MiddlewareHandler = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge(max);
    },
  });

  const check = createRoute({
    method: 'post',
    path: DOCUMENT_CHECK_PATH,
    operationId: 'checkKycDocument',
    tags: ['kyc'],
    summary: 'Pre-check an identity document photo (resolution, sharpness, glare, OCR, MRZ) before the upload',
    description:
      'Multipart with a file part `image`, or JSON with the image in base64. JPEG, PNG or WebP up to DOCUMENT_MAX_BYTES. Nothing is stored.',
    security: bearer,
    middleware: [requireScope('kyc'), sizeGuard] as const,
    request: {
      body: {
        required: false,
        content: {
          'multipart/form-data': { schema: DocumentCheckFormRequest },
          'application/json': { schema: DocumentCheckJsonRequest },
        },
      },
    },
    responses: {
      200: {
        description: '`accepted` true, or the problems to fix before retaking the photo',
        content: json(DocumentCheckResponse),
      },
      ...commonErrors,
      ...problemResponses(404, 503),
    },
  });
  router.openapi(check, async (c) => {
    const fromJson = c.req.valid('json') as Partial<typeof DocumentCheckJsonRequest._zod.output>;
    const fromForm = c.req.valid('form') as Partial<typeof DocumentCheckFormRequest._zod.output>;
    const meta = fromJson.image !== undefined ? fromJson : fromForm;
    let image: Uint8Array;
    if (fromJson.image !== undefined) image = decodeBase64(fromJson.image);
    else if (fromForm.image !== undefined) {
      if (fromForm.image.size > max) throw tooLarge(max);
      image = new Uint8Array(await fromForm.image.arrayBuffer());
    } else
      throw new InvalidInputError('No image was sent.', [
        { path: 'image', message: 'send a multipart file part "image" or JSON {"image": "<base64>"}' },
      ]);
    if (image.length > max) throw tooLarge(max);
    if (image.length === 0)
      throw new InvalidInputError('The image is empty.', [{ path: 'image', message: 'empty image' }]);
    const result = await deps.kyc.checkDocument(
      {
        image,
        ...(meta.documentType ? { documentType: meta.documentType } : {}),
        ...(meta.side ? { side: meta.side } : {}),
        ...(meta.verificationId ? { verificationId: meta.verificationId } : {}),
      },
      { type: 'system', id: `api-key:${c.get('principal').keyId}` },
    );
    return c.json(result, 200);
  });
  return router;
}
