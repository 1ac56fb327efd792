/**
 * Jumio KYX: OAuth2 client credentials, an account with a workflow; the applicant goes to web.href.
 * Jumio's callback is NOT signed. Its body is only a hint: the status is always taken from the
 * retrieval API, addressed with our own configured base URL (never the href in the body, which an
 * attacker controls), for an account we created.
 */
import type { JumioSettings } from '../config.ts';
import { parseCallbackBody } from './callback-body.ts';
import type { ProviderHttp } from '../http-client.ts';
import type { VerificationStatus } from '../types.ts';
import {
  InvalidWebhookError,
  ProviderCallError,
  WebhookAuthError,
  type KycProvider,
  type ProviderOutcome,
  type StartSessionInput,
  type StartedSession,
  type WebhookEvent,
} from './types.ts';

const USER_AGENT = 'screening-sidecar/0.1 (kyc)';
/** Jumio tokens last 3600 s; refresh a minute early so a call never starts with a token about to lapse. */
const TOKEN_MARGIN_MS = 60_000;

const STATUS: Record<string, VerificationStatus> = {
  INITIATED: 'pending',
  ACQUIRED: 'in_progress',
  // A callback says PROCESSED before the decision is readable: in progress until retrieval shows it.
  PROCESSED: 'in_progress',
  SESSION_EXPIRED: 'expired',
  TOKEN_EXPIRED: 'expired',
  PASSED: 'approved',
  REJECTED: 'rejected',
  WARNING: 'manual_review',
  NOT_EXECUTED: 'expired',
};

/** Labels: a workflow status (INITIATED, PROCESSED, SESSION_EXPIRED...) or, once processed, the decision type. */
export function mapJumioStatus(label: string): VerificationStatus | undefined {
  return STATUS[label];
}

export const jumioErrorCode = (body: unknown) => {
  const b = body as { title?: string; error?: string; errorCode?: string | number } | null;
  return b?.errorCode !== undefined ? String(b.errorCode) : (b?.error ?? b?.title)?.replace(/\s+/g, '_');
};

interface RetrievalAnswer {
  workflow?: { id?: string; status?: string };
  account?: { id?: string };
  decision?: { type?: string; details?: { label?: string }; risk?: { score?: number } };
  completedAt?: string;
}

export class JumioProvider implements KycProvider {
  readonly id = 'jumio' as const;
  #token: { value: string; until: number } | undefined;

  constructor(
    private readonly settings: JumioSettings,
    private readonly http: ProviderHttp,
    private readonly clock: () => Date,
  ) {}

  async #accessToken(force = false, signal?: AbortSignal): Promise<string> {
    const now = this.clock().getTime();
    if (!force && this.#token && this.#token.until > now) return this.#token.value;
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64');
    const res = await this.http.json<{ access_token?: string; expires_in?: number }>({
      operation: 'oauth_token',
      method: 'POST',
      // A token request creates nothing billable: it may be retried.
      idempotent: true,
      ...(signal ? { signal } : {}),
      url: `${this.settings.authUrl}/oauth2/token`,
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    if (!res.body.access_token)
      this.http.fail(new ProviderCallError('jumio', 'oauth_token', 'invalid_response', res.status));
    this.#token = { value: res.body.access_token, until: now + (res.body.expires_in ?? 3600) * 1000 - TOKEN_MARGIN_MS };
    return this.#token.value;
  }

  /** Bearer call; a 401 means the token was revoked or expired early: fetch a new one once and retry. */
  async #authorized<T>(req: {
    operation: string;
    method: 'GET' | 'POST';
    url: string;
    body?: string;
    signal?: AbortSignal;
  }): Promise<{ status: number; body: T }> {
    // Sending a create again after a 401 is safe: the provider refused it, so nothing was created.
    for (const force of [false, true]) {
      const token = await this.#accessToken(force, req.signal);
      const res = await this.http.send({
        ...req,
        headers: {
          authorization: `Bearer ${token}`,
          'user-agent': USER_AGENT,
          accept: 'application/json',
          ...(req.body ? { 'content-type': 'application/json' } : {}),
        },
      });
      if (res.status === 401 && !force) continue;
      if (res.status < 200 || res.status >= 300) this.http.fail(this.http.classify(req.operation, res));
      try {
        return { status: res.status, body: JSON.parse(res.text) as T };
      } catch {
        this.http.fail(new ProviderCallError('jumio', req.operation, 'invalid_response', res.status));
      }
    }
    throw new Error('unreachable');
  }

  async startSession(input: StartSessionInput): Promise<StartedSession> {
    const lifetimeMinutes = Math.max(5, Math.round((input.expiresAt.getTime() - this.clock().getTime()) / 60_000));
    const res = await this.#authorized<{ account?: { id?: string }; web?: { href?: string } }>({
      operation: 'create_account',
      method: 'POST',
      url: `${this.settings.accountUrl}/api/v1/accounts`,
      ...(input.signal ? { signal: input.signal } : {}),
      // Jumio gets no personal data from us: the applicant types it into Jumio's own flow. The seed's
      // customer internal reference is the platform's user id (opaque); the session is ours in userReference.
      body: JSON.stringify({
        customerInternalReference: input.userId,
        userReference: input.verificationId,
        callbackUrl: input.callbackUrl,
        tokenLifetime: `${lifetimeMinutes}m`,
        workflowDefinition: { key: this.settings.workflowKey },
        ...(this.settings.successUrl || this.settings.errorUrl
          ? {
              web: {
                ...(this.settings.successUrl ? { successUrl: this.settings.successUrl } : {}),
                ...(this.settings.errorUrl ? { errorUrl: this.settings.errorUrl } : {}),
              },
            }
          : {}),
      }),
    });
    const id = res.body.account?.id;
    const href = res.body.web?.href;
    if (!id || !href) this.http.fail(new ProviderCallError('jumio', 'create_account', 'invalid_response', res.status));
    return { providerRef: id, redirectUrl: href, status: 'pending' };
  }

  /** No signature exists: parse the hint and demand confirmation through the retrieval API. */
  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    let body: { account?: { id?: unknown }; workflowExecution?: { id?: unknown; status?: unknown } };
    try {
      body = parseCallbackBody(raw, headers.get('content-type')) as typeof body;
    } catch {
      // Unsigned and unreadable: nothing vouches for it at all.
      throw new WebhookAuthError('The Jumio callback could not be read, so it cannot be confirmed.');
    }
    const accountId = body?.account?.id;
    const executionId = body?.workflowExecution?.id;
    if (
      typeof accountId !== 'string' ||
      typeof executionId !== 'string' ||
      !/^[\w-]{1,100}$/.test(accountId) ||
      !/^[\w-]{1,100}$/.test(executionId)
    ) {
      throw new WebhookAuthError(
        'The Jumio callback lacks account.id or workflowExecution.id, so it cannot be confirmed.',
      );
    }
    const status = typeof body.workflowExecution?.status === 'string' ? body.workflowExecution.status : 'PROCESSED';
    return {
      providerRef: accountId,
      status: this.mapStatus(status),
      providerStatus: status,
      reasons: [],
      confirm: { locator: executionId, why: 'unsigned' },
    };
  }

  async fetchResult(providerRef: string, locator?: string): Promise<ProviderOutcome> {
    if (!locator) throw new InvalidWebhookError('Jumio retrieval needs the workflow execution id');
    const res = await this.#authorized<RetrievalAnswer>({
      operation: 'retrieve_execution',
      method: 'GET',
      url: `${this.settings.retrievalUrl}/api/v1/accounts/${encodeURIComponent(providerRef)}/workflow-executions/${encodeURIComponent(locator)}`,
    });
    const b = res.body;
    if (b.account?.id !== undefined && b.account.id !== providerRef)
      this.http.fail(new ProviderCallError('jumio', 'retrieve_execution', 'invalid_response', res.status));
    const workflowStatus = b.workflow?.status ?? 'PROCESSED';
    const decided = workflowStatus === 'PROCESSED' && b.decision?.type;
    const label = decided ? b.decision!.type! : workflowStatus;
    const reasons = [b.decision?.details?.label].filter((r): r is string => typeof r === 'string');
    return {
      providerRef,
      status: this.mapStatus(label),
      providerStatus: label,
      reasons,
      ...(b.completedAt ? { occurredAt: new Date(b.completedAt) } : {}),
    };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapJumioStatus(providerStatus);
  }
}
