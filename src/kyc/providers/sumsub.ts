/**
 * Sumsub: requests are signed (X-App-Access-Sig = hex HMAC-SHA256(secret, ts + METHOD + path?query + body));
 * an applicant plus a WebSDK link. Webhooks are signed with a SEPARATE webhook secret:
 * x-payload-digest = hex HMAC over the raw body with the algorithm named in x-payload-digest-alg.
 * Sumsub may send GREEN and later RED, duplicates, and out of order: createdAtMs orders them.
 */
import type { SumsubSettings } from '../config.ts';
import { toAlpha3 } from '../countries.ts';
import type { ProviderHttp } from '../http-client.ts';
import { hmacHex, safeEqualHex } from '../signatures.ts';
import type { VerificationStatus } from '../types.ts';
import { documentFileName, multipartBody } from './multipart.ts';
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

/** Sumsub's idDocType values (docs.sumsub.com, "Add ID documents" / supported document types). */
const ID_DOC_TYPE = { passport: 'PASSPORT', id_card: 'ID_CARD', driving_licence: 'DRIVERS' } as const;

const DIGEST_ALGS = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' } as const;

const LABELS: Record<string, VerificationStatus> = {
  init: 'pending',
  pending: 'in_progress',
  queued: 'in_progress',
  prechecked: 'in_progress',
  awaitingService: 'in_progress',
  awaitingUser: 'pending',
  onHold: 'manual_review',
  GREEN: 'approved',
  'RED:FINAL': 'rejected',
  'RED:RETRY': 'resubmission_requested',
  // No reject type: Sumsub's default is final.
  RED: 'rejected',
  deactivated: 'expired',
  deleted: 'expired',
};

/** Labels: a reviewStatus (init, pending, queued, prechecked, onHold), or the review answer (GREEN, RED:FINAL, RED:RETRY). */
export function mapSumsubStatus(label: string): VerificationStatus | undefined {
  return LABELS[label];
}

export const sumsubErrorCode = (body: unknown) => {
  const b = body as { errorName?: string; code?: number; errorCode?: number } | null;
  return b?.errorName ?? (b?.errorCode ?? b?.code)?.toString();
};

interface Review {
  reviewStatus?: string;
  reviewResult?: { reviewAnswer?: string; reviewRejectType?: string; rejectLabels?: string[] };
}

/** The label an applicant's review state maps from. */
export function sumsubLabel(review: Review | undefined, type?: string): string {
  if (type === 'applicantDeleted') return 'deleted';
  if (type === 'applicantDeactivated') return 'deactivated';
  if (type === 'applicantOnHold') return 'onHold';
  const answer = review?.reviewResult?.reviewAnswer;
  if (review?.reviewStatus === 'completed' && answer) {
    return answer === 'RED' && review.reviewResult?.reviewRejectType
      ? `RED:${review.reviewResult.reviewRejectType}`
      : answer;
  }
  return review?.reviewStatus ?? 'init';
}

export class SumsubProvider implements KycProvider {
  readonly id = 'sumsub' as const;

  constructor(
    private readonly settings: SumsubSettings,
    private readonly http: ProviderHttp,
    private readonly clock: () => Date,
  ) {}

  /** The body is signed as the exact bytes sent: JSON text, or a multipart body with an image in it. */
  #signed(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    body?: string | Uint8Array,
    contentType = 'application/json',
  ): Record<string, string> {
    const ts = Math.floor(this.clock().getTime() / 1000).toString();
    const signed = Buffer.concat([Buffer.from(ts + method + pathWithQuery), Buffer.from(body ?? '')]);
    return {
      'x-app-token': this.settings.appToken,
      'x-app-access-ts': ts,
      'x-app-access-sig': hmacHex('sha256', this.settings.secretKey, signed),
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    };
  }

  async #call<T>(
    operation: string,
    method: 'GET' | 'POST',
    pathWithQuery: string,
    payload?: unknown,
    signal?: AbortSignal,
  ) {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    return this.http.json<T>({
      operation,
      method,
      url: this.settings.apiUrl + pathWithQuery,
      headers: this.#signed(method, pathWithQuery, body),
      body,
      ...(signal ? { signal } : {}),
    });
  }

  async startSession(input: StartSessionInput): Promise<StartedSession> {
    const { applicant } = input;
    const created = await this.#call<{ id?: string }>(
      'create_applicant',
      'POST',
      `/resources/applicants?levelName=${encodeURIComponent(this.settings.levelName)}`,
      {
        externalUserId: input.verificationId,
        email: applicant.email,
        // Sumsub takes ISO 3166-1 alpha-3 country codes.
        fixedInfo: {
          firstName: applicant.firstName,
          lastName: applicant.lastName,
          dob: applicant.dateOfBirth,
          country: toAlpha3(applicant.country),
          ...(applicant.address
            ? {
                addresses: [
                  {
                    street: applicant.address.street,
                    town: applicant.address.city,
                    postCode: applicant.address.postalCode,
                    country: toAlpha3(applicant.address.country),
                  },
                ],
              }
            : {}),
        },
      },
      input.signal,
    );
    if (!created.body.id)
      this.http.fail(new ProviderCallError('sumsub', 'create_applicant', 'invalid_response', created.status));
    const ttlInSecs = Math.max(600, Math.round((input.expiresAt.getTime() - this.clock().getTime()) / 1000));
    const link = await this.#call<{ url?: string }>(
      'create_websdk_link',
      'POST',
      '/resources/sdkIntegrations/levels/-/websdkLink',
      {
        levelName: this.settings.levelName,
        userId: input.verificationId,
        ttlInSecs,
      },
      input.signal,
    );
    if (!link.body.url)
      this.http.fail(new ProviderCallError('sumsub', 'create_websdk_link', 'invalid_response', link.status));
    return { providerRef: created.body.id, redirectUrl: link.body.url, status: 'pending' };
  }

  /**
   * POST /resources/applicants/{applicantId}/info/idDoc, multipart: `metadata` (JSON {idDocType, country
   * alpha-3, idDocSubType FRONT_SIDE|BACK_SIDE}) and the file part `content`, signed like every other
   * request over ts + method + path + the exact body bytes (docs.sumsub.com/reference/add-id-documents;
   * SumSubstance/AppTokenUsageExamples). Sumsub gives the image id in the X-Image-Id response header.
   */
  async uploadDocument(input: UploadDocumentInput): Promise<UploadedDocument> {
    const path = `/resources/applicants/${encodeURIComponent(input.providerRef)}/info/idDoc`;
    const metadata = {
      idDocType: ID_DOC_TYPE[input.documentType ?? 'passport'],
      country: toAlpha3(input.country),
      // A passport is one page; a card's side is named so Sumsub can pair the two images.
      ...(input.side && input.documentType !== 'passport'
        ? { idDocSubType: input.side === 'back' ? 'BACK_SIDE' : 'FRONT_SIDE' }
        : {}),
    };
    const { body, contentType } = multipartBody([
      { name: 'metadata', value: JSON.stringify(metadata) },
      {
        name: 'content',
        filename: documentFileName(input.contentType),
        contentType: input.contentType,
        data: input.image,
      },
    ]);
    const res = await this.http.json<{ errors?: unknown[] }>({
      operation: 'add_id_document',
      method: 'POST',
      url: this.settings.apiUrl + path,
      headers: this.#signed('POST', path, body, contentType),
      body,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const imageId = res.headers.get('x-image-id');
    return imageId ? { providerDocumentId: imageId } : {};
  }

  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    const algName = headers.get('x-payload-digest-alg') ?? 'HMAC_SHA256_HEX';
    const alg = DIGEST_ALGS[algName as keyof typeof DIGEST_ALGS];
    // An unknown algorithm is compared against a SHA-256 digest anyway, so it fails on the same path.
    const expected = hmacHex(alg ?? 'sha256', this.settings.webhookSecret, raw);
    const ok = safeEqualHex(expected, headers.get('x-payload-digest'));
    if (!ok || !alg) throw new WebhookAuthError('The x-payload-digest header is missing or does not match the body.');
    const body = parseWebhookJson(raw) as Review & {
      applicantId?: string;
      type?: string;
      createdAtMs?: string | number;
      createdAt?: string;
    };
    if (typeof body?.applicantId !== 'string' || typeof body.type !== 'string')
      throw new InvalidWebhookError('a Sumsub webhook needs applicantId and type');
    const label = sumsubLabel(body, body.type);
    const at =
      body.createdAtMs !== undefined
        ? new Date(Number(body.createdAtMs))
        : body.createdAt
          ? new Date(`${body.createdAt.replace(' ', 'T')}Z`)
          : undefined;
    return {
      providerRef: body.applicantId,
      status: this.mapStatus(label),
      providerStatus: label,
      reasons: (body.reviewResult?.rejectLabels ?? []).filter((r) => typeof r === 'string').slice(0, 20),
      ...(at && !Number.isNaN(at.getTime()) ? { occurredAt: at } : {}),
    };
  }

  async fetchResult(providerRef: string): Promise<ProviderOutcome> {
    const res = await this.#call<{ review?: Review }>(
      'get_applicant',
      'GET',
      `/resources/applicants/${encodeURIComponent(providerRef)}/one`,
    );
    const label = sumsubLabel(res.body.review);
    return {
      providerRef,
      status: this.mapStatus(label),
      providerStatus: label,
      reasons: res.body.review?.reviewResult?.rejectLabels ?? [],
    };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapSumsubStatus(providerStatus);
  }
}
