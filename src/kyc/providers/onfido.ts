/**
 * Onfido v3.6: an applicant plus a workflow run; the run's hosted link is where the applicant goes.
 * Webhooks carry X-SHA2-Signature = hex HMAC-SHA256(webhook token, raw body), with no timestamp, so
 * replays are absorbed by the idempotent receipt log and the status ordering.
 */
import type { OnfidoSettings } from '../config.ts';
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

/** Onfido's document types (onfido-openapi-spec, DocumentTypes). */
const DOCUMENT_TYPE = { passport: 'passport', id_card: 'national_identity_card', driving_licence: 'driving_licence' };

const RUN_STATUS: Record<string, VerificationStatus> = {
  awaiting_input: 'pending',
  processing: 'in_progress',
  approved: 'approved',
  declined: 'rejected',
  review: 'manual_review',
  awaiting_client_input: 'manual_review',
  abandoned: 'expired',
  // A run that broke at Onfido after the applicant started: a person looks at it rather than the applicant being turned away.
  error: 'manual_review',
};

export function mapOnfidoStatus(runStatus: string): VerificationStatus | undefined {
  return RUN_STATUS[runStatus];
}

export const onfidoErrorCode = (body: unknown) => (body as { error?: { type?: string } } | null)?.error?.type;

interface WorkflowRun {
  id: string;
  applicant_id?: string;
  status: string;
  reasons?: string[] | null;
  link?: { url?: string } | null;
  updated_at?: string;
  error?: { type?: string } | null;
}

export class OnfidoProvider implements KycProvider {
  readonly id = 'onfido' as const;

  constructor(
    private readonly settings: OnfidoSettings,
    private readonly http: ProviderHttp,
  ) {}

  #headers(): Record<string, string> {
    return {
      authorization: `Token token=${this.settings.apiToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
  }

  async startSession(input: StartSessionInput): Promise<StartedSession> {
    const { applicant } = input;
    const created = await this.http.json<{ id: string }>({
      operation: 'create_applicant',
      method: 'POST',
      url: `${this.settings.apiUrl}/applicants`,
      headers: this.#headers(),
      ...(input.signal ? { signal: input.signal } : {}),
      body: JSON.stringify({
        first_name: applicant.firstName,
        last_name: applicant.lastName,
        dob: applicant.dateOfBirth,
        email: applicant.email,
        // Onfido takes ISO 3166-1 alpha-3 country codes.
        location: { country_of_residence: toAlpha3(applicant.country) },
        ...(applicant.address
          ? {
              address: {
                street: applicant.address.street,
                town: applicant.address.city,
                postcode: applicant.address.postalCode,
                country: toAlpha3(applicant.address.country),
              },
            }
          : {}),
      }),
    });
    const run = await this.http.json<WorkflowRun>({
      operation: 'create_workflow_run',
      method: 'POST',
      url: `${this.settings.apiUrl}/workflow_runs`,
      headers: this.#headers(),
      ...(input.signal ? { signal: input.signal } : {}),
      body: JSON.stringify({
        workflow_id: this.settings.workflowId,
        applicant_id: created.body.id,
        customer_user_id: input.verificationId,
        tags: ['screening-sidecar'],
        link: { expires_at: input.expiresAt.toISOString() },
      }),
    });
    const url = run.body.link?.url;
    if (!run.body.id || !url)
      this.http.fail(new ProviderCallError('onfido', 'create_workflow_run', 'invalid_response', run.status));
    // A run that is already in error cannot be completed by the applicant: try the next provider.
    if (run.body.status === 'error')
      this.http.fail(
        new ProviderCallError('onfido', 'create_workflow_run', 'server', run.status, 'workflow_run_error'),
      );
    return { providerRef: run.body.id, redirectUrl: url, status: mapOnfidoStatus(run.body.status) ?? 'pending' };
  }

  /**
   * POST /documents, multipart: applicant_id, type, side, issuing_country (alpha-3) and the file part
   * `file` (onfido/onfido-openapi-spec, operation uploadDocument; onfido-node DocumentRequest). Documents
   * belong to the applicant, and the session we keep is the workflow run: its applicant is read first
   * (a GET, retried like other reads).
   */
  async uploadDocument(input: UploadDocumentInput): Promise<UploadedDocument> {
    const signal = input.signal ? { signal: input.signal } : {};
    const run = await this.http.json<WorkflowRun>({
      operation: 'get_workflow_run',
      method: 'GET',
      url: `${this.settings.apiUrl}/workflow_runs/${encodeURIComponent(input.providerRef)}`,
      headers: this.#headers(),
      ...signal,
    });
    const applicantId = run.body.applicant_id;
    if (!applicantId)
      this.http.fail(new ProviderCallError('onfido', 'get_workflow_run', 'invalid_response', run.status));
    const { body, contentType } = multipartBody([
      { name: 'applicant_id', value: applicantId },
      { name: 'type', value: DOCUMENT_TYPE[input.documentType ?? 'passport'] },
      ...(input.side ? [{ name: 'side', value: input.side }] : []),
      { name: 'issuing_country', value: toAlpha3(input.country) },
      {
        name: 'file',
        filename: documentFileName(input.contentType),
        contentType: input.contentType,
        data: input.image,
      },
    ]);
    const res = await this.http.json<{ id?: string }>({
      operation: 'upload_document',
      method: 'POST',
      url: `${this.settings.apiUrl}/documents`,
      headers: { ...this.#headers(), 'content-type': contentType },
      body,
      ...signal,
    });
    if (!res.body.id)
      this.http.fail(new ProviderCallError('onfido', 'upload_document', 'invalid_response', res.status));
    return { providerDocumentId: res.body.id };
  }

  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    const expected = hmacHex('sha256', this.settings.webhookToken, raw);
    if (!safeEqualHex(expected, headers.get('x-sha2-signature')))
      throw new WebhookAuthError('The X-SHA2-Signature header is missing or does not match the body.');
    const body = parseWebhookJson(raw) as {
      payload?: {
        resource_type?: string;
        action?: string;
        object?: { id?: string; status?: string; completed_at_iso8601?: string };
      };
    };
    const p = body?.payload;
    if (!p?.object?.id || typeof p.action !== 'string')
      throw new InvalidWebhookError('an Onfido webhook needs payload.action and payload.object.id');
    const at = p.object.completed_at_iso8601 ? new Date(p.object.completed_at_iso8601) : undefined;
    // Only workflow runs are sessions here; check/report events are informational.
    const isRun = p.resource_type === 'workflow_run';
    const providerStatus = String(p.object.status ?? p.action);
    return {
      providerRef: p.object.id,
      status: isRun ? this.mapStatus(providerStatus) : undefined,
      providerStatus: isRun ? providerStatus : p.action,
      reasons: [],
      ...(at && !Number.isNaN(at.getTime()) ? { occurredAt: at } : {}),
    };
  }

  async fetchResult(providerRef: string): Promise<ProviderOutcome> {
    const run = await this.http.json<WorkflowRun>({
      operation: 'get_workflow_run',
      method: 'GET',
      url: `${this.settings.apiUrl}/workflow_runs/${encodeURIComponent(providerRef)}`,
      headers: this.#headers(),
    });
    return {
      providerRef,
      status: this.mapStatus(run.body.status),
      providerStatus: run.body.status,
      reasons: (run.body.reasons ?? []).filter((r) => typeof r === 'string').slice(0, 20),
      ...(run.body.updated_at ? { occurredAt: new Date(run.body.updated_at) } : {}),
    };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapOnfidoStatus(providerStatus);
  }
}
