/**
 * POST /v1/kyc/documents/check: the document pre-check, before the applicant's upload costs a provider
 * verification. POST /v1/kyc/verifications/{id}/documents: the same check, then the forward of an
 * accepted photo to the provider that holds the verification. The image comes as a multipart file part
 * `image` or as base64 in JSON; these routes read it (the size limit is DOCUMENT_MAX_BYTES, not
 * MAX_BODY_BYTES) and call one domain verb each.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../../deps.ts';
import { InvalidInputError } from '../../errors.ts';
import type { RequireScope } from '../middleware/auth.ts';
import { bearer, commonErrors, createRouter, json, problemResponses } from '../openapi.ts';
import {
  DocumentCheckFormRequest,
  DocumentCheckJsonRequest,
  DocumentCheckResponse,
  DocumentForwardResponse,
  DocumentRefusedProblem,
  DocumentUploadFormRequest,
  DocumentUploadJsonRequest,
  VerificationIdParam,
} from '../schemas/kyc.ts';

export const DOCUMENT_CHECK_PATH = '/v1/kyc/documents/check';
/** The forward's path as a request path (the route's template is /v1/kyc/verifications/{id}/documents). */
const DOCUMENT_UPLOAD_PATH = /^\/v1\/kyc\/verifications\/[^/]+\/documents$/;
/** Room for the multipart headers or the JSON around the base64 text. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Calls whose bodies are not JSON of at most MAX_BODY_BYTES: the document check and forward (an image,
 * up to DOCUMENT_MAX_BYTES) and the callbacks Jumio and Shufti may send form-encoded. Each checks its own.
 */
const isDocumentCall = (path: string) => path === DOCUMENT_CHECK_PATH || DOCUMENT_UPLOAD_PATH.test(path);
const OWN_CONTENT_TYPE = new Set(['/v1/webhooks/jumio', '/v1/webhooks/shufti']);

export function unlessOwnBodyRules(rule: 'size' | 'type', mw: MiddlewareHandler): MiddlewareHandler {
  const own = (path: string) => isDocumentCall(path) || (rule === 'type' && OWN_CONTENT_TYPE.has(path));
  return (c, next) => (own(c.req.path) ? next() : mw(c, next));
}

const tooLarge = (max: number) =>
  new HTTPException(413, { message: `The image exceeds ${max} bytes (DOCUMENT_MAX_BYTES).` });

function decodeBase64(text: string): Uint8Array {
  return Buffer.from(text.replace(/^data:image\/[a-z]+;base64,/, '').replace(/\s+/g, ''), 'base64');
}

type DocumentFields = { documentType?: 'passport' | 'id_card' | 'driving_licence'; side?: 'front' | 'back' };

/** The image from either body form, held to DOCUMENT_MAX_BYTES. */
async function readImage(fromJson: { image?: string }, fromForm: { image?: File }, max: number): Promise<Uint8Array> {
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
  return image;
}

const documentFields = (meta: DocumentFields) => ({
  ...(meta.documentType ? { documentType: meta.documentType } : {}),
  ...(meta.side ? { side: meta.side } : {}),
});

const systemActor = (c: Context) => ({ type: 'system' as const, id: `api-key:${c.get('principal').keyId}` });

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
    const image = await readImage(fromJson, fromForm, max);
    const result = await deps.kyc.checkDocument(
      { image, ...documentFields(meta), ...(meta.verificationId ? { verificationId: meta.verificationId } : {}) },
      systemActor(c),
    );
    return c.json(result, 200);
  });

  const upload = createRoute({
    method: 'post',
    path: '/v1/kyc/verifications/{id}/documents',
    operationId: 'uploadKycDocument',
    tags: ['kyc'],
    summary: "Check an identity document photo and forward it to the verification's provider",
    description:
      "The document check of POST /v1/kyc/documents/check runs first; only an accepted photo is sent, in the provider's own format (Onfido documents, Sumsub idDoc, Veriff media, Shufti document proof). A refused photo is a 422 with the check's `problems` and `checks`, and reaches no provider. Providers that collect documents in their hosted flow (Jumio) answer 409. The MRZ is compared with the applicant: a mismatch is reported in `checks.mrz.mismatches` and the audit trail, and does not stop the forward. Nothing is stored.",
    security: bearer,
    middleware: [requireScope('kyc'), sizeGuard] as const,
    request: {
      params: VerificationIdParam,
      body: {
        required: false,
        content: {
          'multipart/form-data': { schema: DocumentUploadFormRequest },
          'application/json': { schema: DocumentUploadJsonRequest },
        },
      },
    },
    responses: {
      201: {
        description: 'The photo passed the check and the provider took it',
        content: json(DocumentForwardResponse),
      },
      ...commonErrors,
      422: {
        description:
          'The document check refused the photo (`problems`, `checks`; nothing was forwarded), the provider refused it, or the request is invalid (`errors`)',
        content: { 'application/problem+json': { schema: DocumentRefusedProblem } },
      },
      ...problemResponses(404, 409, 503),
    },
  });
  router.openapi(upload, async (c) => {
    const { id } = c.req.valid('param');
    const fromJson = c.req.valid('json') as Partial<typeof DocumentUploadJsonRequest._zod.output>;
    const fromForm = c.req.valid('form') as Partial<typeof DocumentUploadFormRequest._zod.output>;
    const meta = fromJson.image !== undefined ? fromJson : fromForm;
    const image = await readImage(fromJson, fromForm, max);
    // A photo the check refuses is a RefusedError: a 422 with the check's problems and checks.
    const result = await deps.kyc.forwardDocument(
      { verificationId: id, image, ...documentFields(meta) },
      systemActor(c),
    );
    return c.json(result, 201);
  });
  return router;
}
