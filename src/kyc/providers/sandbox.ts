/**
 * The local sandbox: stands in for a real provider when none is configured outside production, so the
 * quick start runs the whole flow. A developer completes a session through an admin call, which
 * produces a webhook signed exactly like a real one (hex HMAC-SHA256 over the raw body, header
 * X-Sandbox-Signature) and feeds it through the same verification path.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hmacHex, safeEqualHex } from '../signatures.ts';
import { VERIFICATION_STATUSES, type VerificationStatus } from '../types.ts';
import {
  InvalidWebhookError,
  WebhookAuthError,
  parseWebhookJson,
  type KycProvider,
  type ProviderOutcome,
  type StartSessionInput,
  type StartedSession,
  type WebhookEvent,
} from './types.ts';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
export const SANDBOX_OUTCOMES = [
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
  'in_progress',
] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

export function mapSandboxStatus(label: string): VerificationStatus | undefined {
  return (VERIFICATION_STATUSES as readonly string[]).includes(label) ? (label as VerificationStatus) : undefined;
}

export interface SignedWebhook {
  body: Uint8Array;
  headers: Headers;
}

export class SandboxProvider implements KycProvider {
  readonly id = 'sandbox' as const;
  /** Per process: the sandbox only ever signs for itself. */
  readonly #secret = randomBytes(32).toString('hex');
  readonly #sessions = new Map<string, VerificationStatus>();

  constructor(
    private readonly publicBaseUrl: string,
    private readonly clock: () => Date,
  ) {}

  async startSession(_input: StartSessionInput): Promise<StartedSession> {
    const ref = `sbx_${randomUUID()}`;
    this.#sessions.set(ref, 'pending');
    return { providerRef: ref, redirectUrl: `${this.publicBaseUrl}/v1/kyc/sandbox/sessions/${ref}`, status: 'pending' };
  }

  /** What a real provider would POST: the signed body and its headers. */
  signWebhook(providerRef: string, outcome: SandboxOutcome): SignedWebhook {
    const body = Buffer.from(
      JSON.stringify({ sessionId: providerRef, status: outcome, occurredAt: this.clock().toISOString() }),
    );
    this.#sessions.set(providerRef, outcome);
    return {
      body,
      headers: new Headers({
        'content-type': 'application/json',
        [SANDBOX_SIGNATURE_HEADER]: hmacHex('sha256', this.#secret, body),
      }),
    };
  }

  readWebhook(raw: Uint8Array, headers: Headers): WebhookEvent {
    if (!safeEqualHex(hmacHex('sha256', this.#secret, raw), headers.get(SANDBOX_SIGNATURE_HEADER))) {
      throw new WebhookAuthError(`The ${SANDBOX_SIGNATURE_HEADER} header is missing or does not match the body.`);
    }
    const body = parseWebhookJson(raw) as { sessionId?: string; status?: string; occurredAt?: string };
    if (typeof body?.sessionId !== 'string' || typeof body.status !== 'string')
      throw new InvalidWebhookError('a sandbox webhook needs sessionId and status');
    return {
      providerRef: body.sessionId,
      status: this.mapStatus(body.status),
      providerStatus: body.status,
      reasons: ['sandbox'],
      ...(body.occurredAt ? { occurredAt: new Date(body.occurredAt) } : {}),
    };
  }

  async fetchResult(providerRef: string): Promise<ProviderOutcome> {
    const status = this.#sessions.get(providerRef) ?? 'pending';
    return { providerRef, status, providerStatus: status, reasons: ['sandbox'] };
  }

  mapStatus(providerStatus: string): VerificationStatus | undefined {
    return mapSandboxStatus(providerStatus);
  }
}
