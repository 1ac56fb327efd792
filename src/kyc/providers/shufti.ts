/**
 * Shufti Pro: one POST with Basic auth returns a verification_url. Callbacks carry
 * `Signature` = hex sha256(raw body + hex sha256(secret key)); the older scheme sha256(raw body + secret)
 * is accepted too, for accounts that have not switched. "verification.status.changed" only says that
 * something changed: the new status is read from POST /status.
 */
import { randomBytes } from 'node:crypto';
import type { ShuftiSettings } from '../config.ts';
import { parseCallbackBody } from './callback-body.ts';
import type { ProviderHttp } from '../http-client.ts';
import { safeEqualHex, sha256Hex } from '../signatures.ts';
import type { VerificationStatus } from '../types.ts';
import {
  InvalidWebhookError,
  ProviderCallError,
  WebhookAuthError,
  type KycProvider,
  type ProviderOutcome,
  type StartSessionInput,
  type StartedSession,
  type UploadDocumentInput,
  type UploadedDocument,
  type WebhookEvent,
} from './types.ts';

/** Shufti's document supported_types (developers.shuftipro.com, document service). */
const SUPPORTED_TYPE = { passport: 'passport', id_card: 'id_card', driving_licence: 'driving_license' } as const;

const EVENT_STATUS: Record<string, VerificationStatus> = {
  'request.pending': 'pending',
  'request.received': 'in_progress',
  'verification.accepted': 'approved',
  'verification.declined': 'rejected',
  'review.pending': 'manual_review',
  'request.timeout': 'expired',
  'verification.cancelled': 'expired',
  'request.deleted': 'expired',
};

/** Events that say the request itself was refused: a provider error at start, grounds to fail over. */
const REQUEST_ERRORS = new Set(['request.invalid', 'request.unauthorized']);

export function mapShuftiStatus(event: string): VerificationStatus | undefined {
  return EVENT_STATUS[event];
}

export const shuftiErrorCode = (body: unknown) => {
  const b = body as { event?: string; error?: { key?: string } } | null;
  return b?.error?.key ? `${b.event ?? 'error'}:${b.error.key}` : b?.event;
};

interface ShuftiAnswer {
  reference?: string;
  event?: string;
  verification_url?: string;
  declined_reason?: string;
  declined_codes?: string[];
}

export class ShuftiProvider implements KycProvider {
  readonly id = 'shufti' as const;
  readonly #secretDigest: string;

  constructor(
    private readonly settings: ShuftiSettings,
    private readonly http: ProviderHttp,
    private readonly clock: () => Date,
  ) {
    this.#secretDigest = sha256Hex(settings.secretKey);
  }

  #headers(): Record<string, string> {
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.secretKey}`).toString('base64');
    return { authorization: `Basic ${basic}`, 'content-type': 'application/json', accept: 'application/json' };
  }

  async startSession(input: StartSessionInput): Promise<StartedSession> {
    const { applicant } = input;
    const ttlMinutes = Math.max(60, Math.round((input.expiresAt.getTime() - this.clock().getTime()) / 60_000));
    const res = await this.http.send({
      operation: 'create_request',
      method: 'POST',
      url: `${this.settings.apiUrl}/`,
      headers: this.#headers(),
      ...(input.signal ? { signal: input.signal } : {}),
      body: JSON.stringify({
        reference: input.verificationId,
        callback_url: input.callbackUrl,
        email: applicant.email,
        country: applicant.country,
        language: 'EN',
        verification_mode: 'any',
        ttl: ttlMinutes,
        document: {
          supported_types: ['id_card', 'passport', 'driving_license'],
          name: { first_name: applicant.firstName, last_name: applicant.lastName },
          dob: applicant.dateOfBirth,
        },
        face: {},
        // The seed asks high-risk applicants for a proof of address as well.
        ...(this.settings.addressProof && input.riskLevel === 'high'
          ? {
              address: {
                supported_types: ['utility_bill', 'bank_statement', 'rent_agreement', 'tax_bill'],
                name: { first_name: applicant.firstName, last_name: applicant.lastName },
                ...(applicant.address
                  ? {
                      full_address: [
                        applicant.address.street,
                        applicant.address.postalCode,
                        applicant.address.city,
                        applicant.address.country,
                      ].join(', '),
                    }
                  : {}),
              },
            }
          : {}),
      }),
    });
    let body: ShuftiAnswer;
    try {
      body = JSON.parse(res.text) as ShuftiAnswer;
    } catch {
      this.http.fail(new ProviderCallError('shufti', 'create_request', 'invalid_response', res.status));
    }
    if (res.status >= 400 || REQUEST_ERRORS.has(body.event ?? '')) {
      const err = this.http.classify('create_request', res);
      this.http.fail(
        res.status >= 400 ? err : new ProviderCallError('shufti', 'create_request', 'rejected', res.status, body.event),
      );
    }
    if (!body.verification_url)
      this.http.fail(new ProviderCallError('shufti', 'create_request', 'invalid_response', res.status));
    return {
      providerRef: body.reference ?? input.verificationId,
      redirectUrl: body.verification_url,
      status: mapShuftiStatus(body.event ?? '') ?? 'pending',
    };
  }

  /**
   * Shufti takes documents only in an offsite request: POST / (Basic auth) with `document.proof` = the
   * base64 image and `document.supported_types` (developers.shuftipro.com, document verification,
   * offsite integration). A request's reference is unique and the hosted request already holds the
   * session's, so the document goes in a request of its own whose reference derives from the session's
   * (`<reference>-doc-<random>`); that reference is the document's id. Shufti's callbacks for it name
   * that reference, which no verification holds: they are recorded and ignored, and the verification's
   * decision still comes from the session's own request. One image per request: a card's back goes as
   * its own proof (Shufti's `additional_proof` would need the front in the same request).
   */
  async uploadDocument(input: UploadDocumentInput): Promise<UploadedDocument> {
    const reference = `${input.providerRef.slice(0, 200)}-doc-${randomBytes(8).toString('hex')}`;
    const res = await this.http.send({
      operation: 'upload_document',
      method: 'POST',
      url: `${this.settings.apiUrl}/`,
      headers: this.#headers(),
      ...(input.signal ? { signal: input.signal } : {}),
      body: JSON.stringify({
        reference,
        callback_url: input.callbackUrl,
        country: input.country,
        language: 'EN',
        verification_mode: 'image_only',
        document: {
          proof: Buffer.from(input.image).toString('base64'),
          supported_types: [SUPPORTED_TYPE[input.documentType ?? 'passport']],
        },
      }),
    });
    let answer: ShuftiAnswer;
    try {
      answer = JSON.parse(res.text) as ShuftiAnswer;
    } catch {
      this.http.fail(new ProviderCallError('shufti', 'upload_document', 'invalid_response', res.status));
    }
    if (res.status >= 400 || REQUEST_ERRORS.has(answer.event ?? ''))
      this.http.fail(
        res.status >= 400
          ? this.http.classify('upload_document', res)
          : new ProviderCallError('shufti', 'upload_document', 'rejected', res.status, answer.event),
      );
    return { providerDocumentId: answer.reference ?? reference };
  }

  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    const presented = headers.get('signature');
    const current = sha256Hex(Buffer.concat([Buffer.from(raw), Buffer.from(this.#secretDigest)]));
    const legacy = sha256Hex(Buffer.concat([Buffer.from(raw), Buffer.from(this.settings.secretKey)]));
    // Both compared every time (no short-circuit), so timing does not tell which scheme matched.
    const okCurrent = safeEqualHex(current, presented);
    const okLegacy = safeEqualHex(legacy, presented);
    if (!(okCurrent || okLegacy))
      throw new WebhookAuthError('The Signature header is missing or does not match the body.');
    const body = parseCallbackBody(raw, headers.get('content-type')) as ShuftiAnswer;
    if (typeof body?.reference !== 'string' || typeof body.event !== 'string')
      throw new InvalidWebhookError('a Shufti callback needs reference and event');
    const reasons = [...(body.declined_codes ?? []), ...(body.declined_reason ? ['declined'] : [])].filter(
      (r) => typeof r === 'string',
    );
    const confirm = body.event === 'verification.status.changed';
    return {
      providerRef: body.reference,
      status: confirm ? undefined : this.mapStatus(body.event),
      providerStatus: body.event,
      reasons,
      ...(confirm ? { confirm: { why: 'status_changed' as const } } : {}),
    };
  }

  async fetchResult(providerRef: string): Promise<ProviderOutcome> {
    const res = await this.http.json<ShuftiAnswer>({
      operation: 'get_status',
      method: 'POST',
      // A status read: POST by Shufti's design, but it creates nothing, so it may be retried.
      idempotent: true,
      url: `${this.settings.apiUrl}/status`,
      headers: this.#headers(),
      body: JSON.stringify({ reference: providerRef }),
    });
    const event = res.body.event ?? '';
    if (REQUEST_ERRORS.has(event))
      this.http.fail(new ProviderCallError('shufti', 'get_status', 'rejected', res.status, event));
    return {
      providerRef,
      status: this.mapStatus(event),
      providerStatus: event,
      reasons: (res.body.declined_codes ?? []).filter((r) => typeof r === 'string'),
    };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapShuftiStatus(providerStatus);
  }
}
