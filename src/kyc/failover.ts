/**
 * Starts a session at the first candidate that answers: a provider that errors, times out or
 * rate-limits is skipped for the next one; a provider whose circuit is open is not called at all.
 * Every attempt is returned for the record. A provider the caller named explicitly is never swapped
 * for another: its failure is a 503 with Retry-After.
 */
import { ProviderUnavailableError } from '../errors.ts';
import { webhookUrl, type KycContext } from './context.ts';
import { ProviderCallError, type StartSessionInput, type StartedSession } from './providers/types.ts';
import type { NewAttemptRow } from './store.ts';
import type { ProviderId } from './types.ts';

export interface FailoverResult {
  provider: ProviderId;
  session: StartedSession;
  attempts: NewAttemptRow[];
}

/** Seconds to suggest in Retry-After when a provider gives none. */
const DEFAULT_RETRY_AFTER_S = 30;

export async function startWithFailover(
  ctx: KycContext,
  candidates: readonly ProviderId[],
  input: Omit<StartSessionInput, 'callbackUrl'>,
  explicit: boolean,
): Promise<FailoverResult> {
  const attempts: NewAttemptRow[] = [];
  const record = (provider: ProviderId, outcome: NewAttemptRow['outcome'], ms: number, err?: ProviderCallError) =>
    attempts.push({
      verificationId: input.verificationId,
      provider,
      outcome,
      errorKind: err?.kind ?? null,
      httpStatus: err?.httpStatus ?? null,
      errorCode: err?.code ?? null,
      durationMs: Math.round(ms),
      createdAt: ctx.clock(),
    });
  let retryAfter: number | undefined;

  for (const id of candidates) {
    const provider = ctx.providers.get(id);
    if (!provider) continue;
    if (!ctx.breaker.tryAcquire(id)) {
      record(id, 'skipped_circuit_open', 0);
      const wait = ctx.breaker.retryAfterSeconds(id);
      retryAfter = Math.min(retryAfter ?? wait, wait);
      if (explicit) throw unavailable(`${id} is not being called for now after repeated failures.`, wait, attempts);
      ctx.metrics.failovers.inc({ provider: id, reason: 'circuit_open' });
      continue;
    }
    const t0 = performance.now();
    try {
      const session = await provider.startSession({ ...input, callbackUrl: webhookUrl(ctx, id) });
      ctx.breaker.success(id);
      record(id, 'started', performance.now() - t0);
      return { provider: id, session, attempts };
    } catch (e) {
      const err = e instanceof ProviderCallError ? e : new ProviderCallError(id, 'start_session', 'invalid_response');
      if (!(e instanceof ProviderCallError))
        ctx.logger.error(
          { provider: id, err: e instanceof Error ? e.message : String(e) },
          'identity provider adapter failed unexpectedly',
        );
      // Input the provider refuses is about this applicant, not the provider's health.
      if (err.kind !== 'rejected') ctx.breaker.failure(id);
      record(id, 'failed', performance.now() - t0, err);
      ctx.logger.warn(
        {
          provider: id,
          kind: err.kind,
          httpStatus: err.httpStatus,
          code: err.code,
          verificationId: input.verificationId,
        },
        'identity provider could not start a session',
      );
      const wait = err.retryAfterSeconds ?? (ctx.breaker.retryAfterSeconds(id) || DEFAULT_RETRY_AFTER_S);
      retryAfter = Math.min(retryAfter ?? wait, wait);
      if (explicit) throw unavailable(`${id} could not start a session (${err.kind}).`, wait, attempts);
      ctx.metrics.failovers.inc({ provider: id, reason: err.kind });
    }
  }
  throw unavailable('No identity provider could start a session.', retryAfter ?? DEFAULT_RETRY_AFTER_S, attempts);
}

/** Carries the attempts so the caller can record them before the error reaches the edge. */
export class SessionStartFailedError extends ProviderUnavailableError {
  constructor(
    message: string,
    retryAfterSeconds: number,
    readonly attempts: NewAttemptRow[],
  ) {
    super(message, retryAfterSeconds, {
      attempts: attempts.map((a) => ({ provider: a.provider, outcome: a.outcome, errorKind: a.errorKind })),
    });
  }
}

const unavailable = (message: string, retryAfter: number, attempts: NewAttemptRow[]) =>
  new SessionStartFailedError(message, retryAfter, attempts);
