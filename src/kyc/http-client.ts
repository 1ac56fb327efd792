/**
 * Outbound HTTP to identity providers: a timeout on every call, retries with exponential back-off and
 * jitter on 429/5xx and connection failures (honouring Retry-After), and per-provider metrics.
 * Bodies are never logged: they carry personal data.
 */
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
  body?: string;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface ProviderHttpOptions extends HttpSettings {
  metrics: KycMetrics;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  /** Pulls the provider's error code out of an error body, for error messages and metrics. */
  errorCode?: (body: unknown) => string | undefined;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;
/** A Retry-After longer than this is not waited for: the router fails over instead. */
const MAX_RETRY_AFTER_MS = 5_000;

export class ProviderHttp {
  readonly #fetch: FetchLike;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    readonly provider: ProviderId,
    private readonly opts: ProviderHttpOptions,
  ) {
    this.#fetch = opts.fetch ?? ((url, init) => fetch(url, init));
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Sends the request, retrying transient failures. Returns any answer below 500 except 429 (the
   * adapter interprets 4xx); throws ProviderCallError for timeouts, network failures and exhausted retries.
   */
  async send(req: ProviderRequest): Promise<ProviderResponse> {
    const { metrics } = this.opts;
    let last: ProviderCallError | undefined;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) await this.#sleep(this.#delay(attempt, last?.retryAfterSeconds));
      const end = metrics.providerLatency.startTimer({ provider: this.provider, operation: req.operation });
      try {
        const res = await this.#fetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
          redirect: 'error',
        });
        const text = await res.text();
        end();
        if (!RETRYABLE(res.status)) {
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
        last = new ProviderCallError(this.provider, req.operation, kind, res.status, this.#code(text), retryAfter);
        if (retryAfter !== undefined && retryAfter * 1000 > MAX_RETRY_AFTER_MS) break;
      } catch (err) {
        end();
        const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const kind: ProviderFailureKind = timeout ? 'timeout' : 'network';
        metrics.providerCalls.inc({ provider: this.provider, operation: req.operation, outcome: kind });
        last = new ProviderCallError(this.provider, req.operation, kind);
        // A timed-out call may still be running at the provider, and waiting again doubles the delay the
        // customer sees: fail over instead of retrying.
        if (timeout) break;
      }
    }
    this.fail(last!);
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

  #delay(attempt: number, retryAfterSeconds?: number): number {
    if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
    const cap = this.opts.backoffMs * 2 ** (attempt - 1);
    return cap / 2 + Math.random() * (cap / 2);
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
