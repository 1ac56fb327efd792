/**
 * Veriff: POST /v1/sessions with X-AUTH-CLIENT (the one call that needs no signature) returns the
 * session URL. Webhooks (registered in Veriff Station) carry X-AUTH-CLIENT and
 * X-HMAC-SIGNATURE = hex HMAC-SHA256(shared secret, raw body). Decisions are numeric codes.
 */
import type { VeriffSettings } from '../config.ts';
import type { ProviderHttp } from '../http-client.ts';
import { hmacHex, safeEqualHex } from '../signatures.ts';
import type { VerificationStatus } from '../types.ts';
import {
  InvalidWebhookError,
  ProviderCallError,
  WebhookAuthError,
  parseWebhookJson,
  type KycProvider,
  type ProviderOutcome,
  type StartSessionInput,
  type StartedSession,
  type UploadDocumentInput,
  type UploadedDocument,
  type WebhookEvent,
} from './types.ts';

const CODES: Record<string, VerificationStatus> = {
  '7001': 'in_progress', // started
  '7002': 'in_progress', // submitted
  '9001': 'approved',
  '9102': 'rejected',
  '9103': 'resubmission_requested',
  '9104': 'expired', // expired or abandoned
  '9121': 'manual_review', // review
};

/** Labels are Veriff's event and decision codes as strings ('created' for a fresh session). */
export function mapVeriffStatus(code: string): VerificationStatus | undefined {
  if (code === 'created') return 'pending';
  return CODES[code];
}

export const veriffErrorCode = (body: unknown) => {
  const c = (body as { code?: string | number } | null)?.code;
  return c === undefined ? undefined : String(c);
};

interface Decision {
  id?: string;
  code?: number | string;
  status?: string;
  reasonCode?: number | string | null;
  decisionTime?: string | null;
}

export class VeriffProvider implements KycProvider {
  readonly id = 'veriff' as const;

  constructor(
    private readonly settings: VeriffSettings,
    private readonly http: ProviderHttp,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async startSession(input: StartSessionInput): Promise<StartedSession> {
    const { applicant } = input;
    const res = await this.http.json<{ status?: string; verification?: { id?: string; url?: string } }>({
      operation: 'create_session',
      method: 'POST',
      url: `${this.settings.apiUrl}/v1/sessions`,
      ...(input.signal ? { signal: input.signal } : {}),
      headers: {
        'x-auth-client': this.settings.apiKey,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        verification: {
          person: { firstName: applicant.firstName, lastName: applicant.lastName, dateOfBirth: applicant.dateOfBirth },
          vendorData: input.verificationId,
          endUserId: input.verificationId,
        },
      }),
    });
    const v = res.body.verification;
    if (res.body.status !== 'success' || !v?.id || !v.url)
      this.http.fail(new ProviderCallError('veriff', 'create_session', 'invalid_response', res.status));
    return { providerRef: v.id, redirectUrl: v.url, status: 'pending' };
  }

  /**
   * POST /v1/sessions/{sessionId}/media, JSON {image: {context: document-front|document-back, content:
   * data URL of the base64 image, timestamp}}, with X-AUTH-CLIENT and X-HMAC-SIGNATURE = hex
   * HMAC-SHA256(shared secret, the exact body) (devdocs.veriff.com/apidocs/v1sessionsidmedia-3, "Upload
   * media"; HMAC authentication). The answer names the media as image.id.
   */
  async uploadDocument(input: UploadDocumentInput): Promise<UploadedDocument> {
    const body = JSON.stringify({
      image: {
        context: input.side === 'back' ? 'document-back' : 'document-front',
        content: `data:${input.contentType};base64,${Buffer.from(input.image).toString('base64')}`,
        timestamp: this.clock().toISOString(),
      },
    });
    const res = await this.http.json<{ status?: string; image?: { id?: string } }>({
      operation: 'upload_media',
      method: 'POST',
      url: `${this.settings.apiUrl}/v1/sessions/${encodeURIComponent(input.providerRef)}/media`,
      headers: {
        'x-auth-client': this.settings.apiKey,
        'x-hmac-signature': hmacHex('sha256', this.settings.sharedSecret, body),
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (res.body.status !== 'success')
      this.http.fail(new ProviderCallError('veriff', 'upload_media', 'invalid_response', res.status));
    return res.body.image?.id ? { providerDocumentId: res.body.image.id } : {};
  }

  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    const okSignature = safeEqualHex(
      hmacHex('sha256', this.settings.sharedSecret, raw),
      headers.get('x-hmac-signature'),
    );
    if (!okSignature) throw new WebhookAuthError('The X-HMAC-SIGNATURE header is missing or does not match the body.');
    const body = parseWebhookJson(raw) as {
      id?: string;
      code?: number | string;
      action?: string;
      verification?: Decision;
    };
    // Decision webhooks nest the session under `verification`; event webhooks carry it at the top.
    const decision = body?.verification;
    const sessionId = decision?.id ?? body?.id;
    const code = decision?.code ?? body?.code;
    if (typeof sessionId !== 'string' || code === undefined)
      throw new InvalidWebhookError('a Veriff webhook needs a session id and a code');
    const at = decision?.decisionTime ? new Date(decision.decisionTime) : undefined;
    return {
      providerRef: sessionId,
      status: this.mapStatus(String(code)),
      providerStatus: String(code),
      reasons: decision?.reasonCode != null ? [String(decision.reasonCode)] : [],
      ...(at && !Number.isNaN(at.getTime()) ? { occurredAt: at } : {}),
    };
  }

  async fetchResult(providerRef: string): Promise<ProviderOutcome> {
    const res = await this.http.json<{ verification?: Decision | null }>({
      operation: 'get_decision',
      method: 'GET',
      url: `${this.settings.apiUrl}/v1/sessions/${encodeURIComponent(providerRef)}/decision`,
      headers: {
        'x-auth-client': this.settings.apiKey,
        'x-hmac-signature': hmacHex('sha256', this.settings.sharedSecret, providerRef),
        accept: 'application/json',
      },
    });
    const d = res.body.verification;
    if (!d || d.code === undefined)
      return { providerRef, status: 'in_progress', providerStatus: 'no_decision', reasons: [] };
    return {
      providerRef,
      status: this.mapStatus(String(d.code)),
      providerStatus: String(d.code),
      reasons: d.reasonCode != null ? [String(d.reasonCode)] : [],
    };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapVeriffStatus(providerStatus);
  }
}
