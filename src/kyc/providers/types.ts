/** The one interface every identity-provider adapter implements, and the errors adapters raise. */
import { InvalidInputError, ProviderUnavailableError, UnauthorizedError } from '../../errors.ts';
import type { DOCUMENT_SIDES, DOCUMENT_TYPES } from '../documents/check.ts';
import type { Applicant, ProviderId, RiskLevel, VerificationStatus } from '../types.ts';

export interface StartSessionInput {
  verificationId: string;
  /** The platform's user id (an opaque id, not personal data): Jumio's customerInternalReference. */
  userId: string;
  /** The applicant's risk level at start: Shufti's address proof is asked for the high-risk tier. */
  riskLevel: RiskLevel;
  applicant: Applicant;
  /** <PUBLIC_BASE_URL>/v1/webhooks/<provider>, for providers that take it per session. */
  callbackUrl: string;
  expiresAt: Date;
  /** Aborted when this attempt's share of the start deadline is spent: the adapter passes it to every call. */
  signal?: AbortSignal;
}

export interface StartedSession {
  /** The provider's identifier of the session (Onfido workflow run, Jumio account, Shufti reference, Sumsub applicant, Veriff session). */
  providerRef: string;
  /** Where the applicant goes to verify. */
  redirectUrl: string;
  status: VerificationStatus;
}

export interface ProviderOutcome {
  providerRef: string;
  /** The common status, or undefined when the event carries nothing to act on (e.g. Onfido report.completed). */
  status: VerificationStatus | undefined;
  /** The provider's own status label, as mapped by mapStatus (kept for the audit trail). */
  providerStatus: string;
  /** Provider reason codes or labels: never personal data. */
  reasons: string[];
  /** When the provider says the event happened; orders out-of-order deliveries. */
  occurredAt?: Date;
}

export interface WebhookEvent extends ProviderOutcome {
  /**
   * Set when the event must be confirmed through the provider's API before acting: Jumio's unsigned
   * callback, Shufti's "status changed" ping. `locator` is what fetchResult needs besides the ref.
   */
  confirm?: { locator?: string; why: 'unsigned' | 'status_changed' };
}

export type DocumentImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A document photo that passed the document check, to be added to the provider's session. */
export interface UploadDocumentInput {
  verificationId: string;
  /** The session at the provider (StartedSession.providerRef). */
  providerRef: string;
  image: Uint8Array;
  contentType: DocumentImageType;
  /** Absent: the provider's most generic identity-document type (a passport-like page, front side). */
  documentType?: (typeof DOCUMENT_TYPES)[number];
  side?: (typeof DOCUMENT_SIDES)[number];
  /** ISO 3166-1 alpha-2 issuing country: the applicant's country when the MRZ does not say. */
  country: string;
  /** <PUBLIC_BASE_URL>/v1/webhooks/<provider>, for providers that take it per request (Shufti). */
  callbackUrl: string;
  /** Aborted when the forward's deadline is spent: the adapter passes it to every call. */
  signal?: AbortSignal;
}

export interface UploadedDocument {
  /** The provider's identifier of the document or image, when it gives one. */
  providerDocumentId?: string;
}

export interface KycProvider {
  readonly id: ProviderId;
  startSession(input: StartSessionInput): Promise<StartedSession>;
  /**
   * Adds a document photo to the session, in the provider's own wire format. Absent: the provider
   * collects documents in its hosted flow only (Jumio, the sandbox).
   */
  uploadDocument?(input: UploadDocumentInput): Promise<UploadedDocument>;
  /** Verifies the signature over the RAW bytes (constant time) and parses; throws WebhookAuthError or InvalidWebhookError. */
  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent;
  /** The provider's current result for a session, from its API. */
  fetchResult(providerRef: string, locator?: string): Promise<ProviderOutcome>;
  /** The provider's status label → the common status (undefined: informational). */
  mapStatus(providerStatus: string): VerificationStatus | undefined;
}

/** A webhook whose signature is missing or wrong, or that the provider's API does not confirm. */
export class WebhookAuthError extends UnauthorizedError {}

/** A correctly signed webhook whose body is not what the provider documents. */
export class InvalidWebhookError extends InvalidInputError {}

export type ProviderFailureKind =
  | 'timeout'
  | 'network'
  | 'rate_limited'
  | 'server'
  | 'auth'
  | 'rejected'
  | 'not_found'
  | 'invalid_response';

/**
 * A provider call that failed after retries. It is a ProviderUnavailableError so that, if it reaches the
 * HTTP edge (e.g. a retrieval during a webhook), the caller gets a 503 and the provider retries later.
 */
export class ProviderCallError extends ProviderUnavailableError {
  constructor(
    readonly provider: ProviderId,
    readonly operation: string,
    readonly kind: ProviderFailureKind,
    readonly httpStatus?: number,
    /** The provider's own error code or type (never its free-text message, which may echo input). */
    readonly code?: string,
    retryAfterSeconds?: number,
  ) {
    super(
      `${provider} ${operation} failed: ${kind}${httpStatus ? ` (HTTP ${httpStatus}${code ? ` ${code}` : ''})` : ''}`,
      retryAfterSeconds,
      { provider },
    );
  }
}

/** Reads JSON from a webhook body the signature already vouched for. */
export function parseWebhookJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new InvalidWebhookError('the webhook body is not JSON');
  }
}
