/**
 * Starts a session at the first candidate that answers, within the start deadline: a provider that
 * errors, times out or rate-limits is skipped for the next one; a provider whose circuit is open is
 * not called at all. Each attempt gets at most KYC_START_ATTEMPT_TIMEOUT of what is left of
 * KYC_START_DEADLINE, so a hanging provider is abandoned (its request aborted) while there is still
 * time for the next one (the last candidate may use all that is left). Every attempt is returned for
 * the record. A provider the caller named explicitly is never swapped for another: its failure is a
 * 503 with Retry-After.
 *
 * Policies (cockatiel), outermost first: the start deadline (cooperative: the loop sees it and stops),
 * then per attempt the provider's circuit breaker around the attempt timeout (aggressive: the attempt is
 * abandoned at once and its calls aborted), so an abandoned attempt counts against the provider.
 */
import { BrokenCircuitError, TaskCancelledError, TimeoutStrategy, timeout, wrap } from 'cockatiel';
import { ProviderUnavailableError } from '../errors.ts';
import { type KycContext, webhookUrl } from './context.ts';
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
  input: Omit<StartSessionInput, 'callbackUrl' | 'signal'>,
  explicit: boolean,
): Promise<FailoverResult> {
  const { deadlineMs } = ctx.config.start;
  const deadline = timeout(deadlineMs, TimeoutStrategy.Cooperative);
  const deadlineAt = performance.now() + deadlineMs;
  return deadline.execute(({ signal }) => attemptInTurn(ctx, candidates, input, explicit, signal, deadlineAt));
}

async function attemptInTurn(
  ctx: KycContext,
  candidates: readonly ProviderId[],
  input: Omit<StartSessionInput, 'callbackUrl' | 'signal'>,
  explicit: boolean,
  deadlineSignal: AbortSignal,
  deadlineAt: number,
): Promise<FailoverResult> {
  const { attemptTimeoutMs } = ctx.config.start;
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
  const skipOpen = (id: ProviderId) => {
    record(id, 'skipped_circuit_open', 0);
    const wait = ctx.circuits.retryAfterSeconds(id);
    retryAfter = Math.min(retryAfter ?? wait, wait);
    if (explicit) throw unavailable(`${id} is not being called for now after repeated failures.`, wait, attempts);
    ctx.metrics.failovers.inc({ provider: id, reason: 'circuit_open' });
  };

  for (const [i, id] of candidates.entries()) {
    const provider = ctx.providers.get(id);
    if (!provider) continue;
    const left = deadlineAt - performance.now();
    if (deadlineSignal.aborted || left <= 0) break;
    if (!ctx.circuits.available(id)) {
      skipOpen(id);
      continue;
    }
    // The last candidate has no one to fail over to: it may use all the time that is left.
    const budget = i === candidates.length - 1 ? left : Math.min(attemptTimeoutMs, left);
    const attempt = wrap(ctx.circuits.policy(id), timeout(budget, TimeoutStrategy.Aggressive));
    const t0 = performance.now();
    try {
      const session = await attempt.execute(
        ({ signal }) => provider.startSession({ ...input, callbackUrl: webhookUrl(ctx, id), signal }),
        deadlineSignal,
      );
      record(id, 'started', performance.now() - t0);
      return { provider: id, session, attempts };
    } catch (e) {
      if (e instanceof BrokenCircuitError) {
        skipOpen(id);
        continue;
      }
      const err = asCallError(ctx, id, e);
      // Abandoned: we stopped waiting, so the provider may still create the session; it is not retried.
      record(id, err.kind === 'timeout' ? 'abandoned' : 'failed', performance.now() - t0, err);
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
      const wait = err.retryAfterSeconds ?? (ctx.circuits.retryAfterSeconds(id) || DEFAULT_RETRY_AFTER_S);
      retryAfter = Math.min(retryAfter ?? wait, wait);
      if (explicit) throw unavailable(`${id} could not start a session (${err.kind}).`, wait, attempts);
      ctx.metrics.failovers.inc({ provider: id, reason: err.kind });
    }
  }
  const late = deadlineSignal.aborted || deadlineAt - performance.now() <= 0;
  throw unavailable(
    late
      ? 'No identity provider could start a session within the start deadline.'
      : 'No identity provider could start a session.',
    retryAfter ?? DEFAULT_RETRY_AFTER_S,
    attempts,
  );
}

/** The attempt timeout and unexpected adapter failures, in the same terms as the provider's own errors. */
function asCallError(ctx: KycContext, id: ProviderId, e: unknown): ProviderCallError {
  if (e instanceof ProviderCallError) return e;
  if (e instanceof TaskCancelledError) return new ProviderCallError(id, 'start_session', 'timeout');
  ctx.logger.error(
    { provider: id, err: e instanceof Error ? e.message : String(e) },
    'identity provider adapter failed unexpectedly',
  );
  return new ProviderCallError(id, 'start_session', 'invalid_response');
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
