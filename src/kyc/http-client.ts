/**
 * Outbound HTTP to identity providers, on cockatiel policies: a timeout on every call and, for calls
 * that create nothing, retries with exponential back-off and jitter on 429/5xx and connection failures
 * (honouring Retry-After), plus per-provider metrics. Bodies are never logged: they carry personal data.
 *
 * A call that creates something at the provider (an applicant, a session, a verification) is sent once:
 * a 5xx, 429 or reset connection does not prove that nothing was created, and none of the five
 * providers documents an idempotency key, so a retry could create a second billed applicant. The
 * caller fails over to the next provider instead. GETs and requests marked `idempotent` (token
 * requests, status reads) are retried.
 */
import {
  handleWhen,
  type IBackoff,
  type IDefaultPolicyContext,
  type IPolicy,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type { KycMetrics } from './metrics.ts';
import { ProviderCallError, type ProviderFailureKind } from './providers/types.ts';
import type { ProviderId } from './types.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

export interface ProviderRequest {
  /** A bounded metric label: 'create_applicant', 'oauth_token', ... */
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** JSON text, or the exact bytes of a multipart body (a document upload) when the signature covers them. */
  body?: string | Uint8Array;
  /** A POST that creates nothing (a token request, a status read) and may therefore be retried. */
  idempotent?: true;
  /** The caller's deadline (a session start's attempt budget): aborts the call and stops retries. */
  signal?: AbortSignal;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface RetryEvent {
  provider: ProviderId;
  operation: string;
  attempt: number;
  delayMs: number;
  kind: ProviderFailureKind;
}

export interface ProviderHttpOptions extends HttpSettings {
  metrics: KycMetrics;
  fetch?: FetchLike;
  /** Told before each back-off (for a debug log line; no personal data in it). */
  onRetry?: (e: RetryEvent) => void;
  /** Pulls the provider's error code out of an error body, for error messages and metrics. */
  errorCode?: (body: unknown) => string | undefined;
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status >= 500;
const TRANSIENT: ReadonlySet<ProviderFailureKind> = new Set(['rate_limited', 'server', 'network']);
/** A Retry-After longer than this is not waited for: the router fails over instead. */
const MAX_RETRY_AFTER_MS = 5_000;

/** Retry-After when the provider gives one (capped), else exponential back-off with jitter. */
class ProviderBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly baseMs: number) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const err = 'error' in context.result ? context.result.error : undefined;
    const retryAfter = err instanceof ProviderCallError ? err.retryAfterSeconds : undefined;
    const cap = this.baseMs * 2 ** (context.attempt - 1);
    const duration =
      retryAfter !== undefined ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : cap / 2 + Math.random() * (cap / 2);
    return { duration, next: (c) => this.next(c) };
  }
}

const isTransient = (err: unknown) =>
  err instanceof ProviderCallError &&
  TRANSIENT.has(err.kind) &&
  !(err.retryAfterSeconds !== undefined && err.retryAfterSeconds * 1000 > MAX_RETRY_AFTER_MS);

export class ProviderHttp {
  readonly #fetch: FetchLike;

  constructor(
    readonly provider: ProviderId,
    private readonly opts: ProviderHttpOptions,
  ) {
    this.#fetch = opts.fetch ?? ((url, init) => fetch(url, init));
  }

  /**
   * Sends the request (retrying transient failures where that is safe). Returns any answer below 500
   * except 429 (the adapter interprets 4xx); throws ProviderCallError for timeouts, network failures,
   * 429/5xx and exhausted retries.
   */
  async send(req: ProviderRequest): Promise<ProviderResponse> {
    // Aggressive: the call is abandoned at the timeout even if the body is still trickling in.
    const perCall = timeout(this.opts.timeoutMs, TimeoutStrategy.Aggressive);
    const mayRetry = (req.method === 'GET' || req.idempotent === true) && this.opts.retries > 0;
    let policy: IPolicy<IDefaultPolicyContext> = perCall;
    if (mayRetry) {
      const retries = retry(handleWhen(isTransient), {
        maxAttempts: this.opts.retries,
        backoff: new ProviderBackoff(this.opts.backoffMs),
      });
      retries.onRetry((e) => {
        const kind = 'error' in e && e.error instanceof ProviderCallError ? e.error.kind : 'server';
        this.opts.onRetry?.({
          provider: this.provider,
          operation: req.operation,
          attempt: e.attempt,
          delayMs: e.delay,
          kind,
        });
      });
      policy = wrap(retries, perCall);
    }
    try {
      return await policy.execute(({ signal }) => this.#once(req, signal), req.signal);
    } catch (err) {
      if (err instanceof ProviderCallError) this.fail(err);
      if (err instanceof TaskCancelledError) this.fail(new ProviderCallError(this.provider, req.operation, 'timeout'));
      throw err;
    }
  }

  /** One HTTP exchange: an answer, or a classified transient failure for the retry policy. */
  async #once(req: ProviderRequest, signal: AbortSignal): Promise<ProviderResponse> {
    const { metrics } = this.opts;
    const end = metrics.providerLatency.startTimer({ provider: this.provider, operation: req.operation });
    try {
      const res = await this.#fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        redirect: 'error',
      });
      const text = await res.text();
      end();
      if (!RETRYABLE_STATUS(res.status)) {
        metrics.providerCalls.inc({
          provider: this.provider,
          operation: req.operation,
          outcome: res.ok ? 'ok' : 'client_error',
        });
        return { status: res.status, headers: res.headers, text };
      }
      const kind: ProviderFailureKind = res.status === 429 ? 'rate_limited' : 'server';
      metrics.providerCalls.inc({ provider: this.provider, operation: req.operation, outcome: kind });
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      throw new ProviderCallError(this.provider, req.operation, kind, res.status, this.#code(text), retryAfter);
    } catch (err) {
      if (err instanceof ProviderCallError) throw err;
      end();
      // An aborted call is a timeout (ours or the caller's deadline); anything else failed on the wire.
      const kind: ProviderFailureKind = signal.aborted ? 'timeout' : 'network';
      metrics.providerCalls.inc({ provider: this.provider, operation: req.operation, outcome: kind });
      throw new ProviderCallError(this.provider, req.operation, kind);
    }
  }

  /** Sends and returns the parsed JSON of a 2xx answer; any other answer becomes a classified ProviderCallError. */
  async json<T = unknown>(req: ProviderRequest): Promise<{ status: number; body: T; headers: Headers }> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) this.fail(this.classify(req.operation, res));
    try {
      return { status: res.status, body: JSON.parse(res.text) as T, headers: res.headers };
    } catch {
      this.fail(new ProviderCallError(this.provider, req.operation, 'invalid_response', res.status));
    }
  }

  /** A 4xx answer as an error: 401/403 auth, 404 not found, the rest rejected input. */
  classify(operation: string, res: ProviderResponse): ProviderCallError {
    const kind: ProviderFailureKind =
      res.status === 401 || res.status === 403 ? 'auth' : res.status === 404 ? 'not_found' : 'rejected';
    return new ProviderCallError(this.provider, operation, kind, res.status, this.#code(res.text));
  }

  /** Counts and throws: every failed operation goes through here once. */
  fail(err: ProviderCallError): never {
    this.opts.metrics.providerErrors.inc({ provider: this.provider, operation: err.operation, kind: err.kind });
    throw err;
  }

  #code(text: string): string | undefined {
    if (!this.opts.errorCode) return undefined;
    try {
      const code = this.opts.errorCode(JSON.parse(text));
      // Bounded and free of input echoes: codes are short identifiers.
      return code !== undefined && /^[\w.:-]{1,64}$/.test(code) ? code : undefined;
    } catch {
      return undefined;
    }
  }
}

function parseRetryAfter(v: string | null): number | undefined {
  if (v === null) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
