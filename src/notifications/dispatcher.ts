/**
 * Delivers the outbox: fans each event out to the configured receivers, POSTs `{ id, type, createdAt, data }`
 * signed (signing.ts), and retries with back-off (backoff.ts) until 24 h after the event. 2xx = delivered;
 * 410 Gone = the receiver asks us to stop; anything else (another status, a timeout, a refused connection, a
 * redirect, which is never followed) is retried. Each attempt is recorded. All state is in the database
 * (queue.ts), so a restart resumes the pending deliveries; each delivery is claimed by one dispatcher of the
 * fleet at a time (a per-row claim: owner and expiry), so several instances share the outbox without sending
 * a delivery twice, and a dead instance's claims run out and are taken over.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { NotificationsConfig } from './config.ts';
import { retryDelayMs } from './backoff.ts';
import type { NotificationMetrics } from './metrics.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing.ts';
import type { AttemptResult, DueDelivery, NotificationQueueStore } from './queue.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface DispatcherDeps {
  /** The outbox's work queue (queue.ts): libSQL or PostgreSQL. */
  store: NotificationQueueStore;
  /** This instance's claim identity: a fleet's dispatchers share the deliveries, each sent by one claimer. */
  owner?: string;
  config: NotificationsConfig;
  clock: () => Date;
  logger: Logger;
  metrics: NotificationMetrics;
  fetch?: FetchLike;
  random?: () => number;
}

/** Beyond the attempt timeout: recording the attempt. A claimed delivery is retried after this if we died. */
const LEASE_MARGIN_MS = 30_000;

export class NotificationDispatcher {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;
  readonly #fetch: FetchLike;
  readonly #random: () => number;
  readonly #owner: string;
  #warnedUnsigned = false;
  /** Attempts are recorded one at a time: the sends run in parallel, their write transactions need not. */
  #writes: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DispatcherDeps) {
    this.#fetch = deps.fetch ?? ((url, init) => fetch(url, init));
    this.#random = deps.random ?? Math.random;
    this.#owner = deps.owner ?? `${process.pid}-${randomUUID()}`;
  }

  /** The background loop (main process); tests call runOnce() instead. */
  start(): void {
    if (this.deps.config.urls.length === 0 || this.#timer) return;
    this.#stopped = false;
    this.#timer = setInterval(() => {
      this.runOnce().catch((err) =>
        this.deps.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'notification delivery failed',
        ),
      );
    }, this.deps.config.pollMs);
    this.#timer.unref();
  }

  /** Stops the loop and waits for the deliveries in flight (each bounded by the attempt timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /**
   * Fans out new events and sends every delivery due now (including retries whose time came), until none is
   * due; returns how many attempts it made. One pass at a time: a call during a pass waits for that pass.
   */
  runOnce(): Promise<number> {
    if (this.#running) return this.#running;
    const pass = this.#pass().finally(() => {
      this.#running = undefined;
    });
    this.#running = pass;
    return pass;
  }

  async #pass(): Promise<number> {
    const { store, config, clock, metrics } = this.deps;
    let made = 0;
    if (config.urls.length > 0) {
      while ((await store.fanOut(config.urls, config.retryWindowMs, clock())) > 0) {}
      const lease = config.timeoutMs + LEASE_MARGIN_MS;
      for (;;) {
        if (this.#stopped) break;
        const due = await store.claimDue(this.#owner, clock(), lease, config.concurrency * 4);
        if (due.length === 0) break;
        await pool(due, config.concurrency, (d) => this.#deliver(d));
        made += due.length;
      }
    }
    metrics.backlog.set(await store.backlog());
    return made;
  }

  async #deliver(d: DueDelivery): Promise<void> {
    const { config, clock, store, metrics, logger } = this.deps;
    const body = JSON.stringify({
      id: d.event.id,
      type: d.event.type,
      createdAt: d.event.createdAt.toISOString(),
      data: d.event.data,
    });
    const at = clock();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'compliance-sidecar-webhooks/1',
      [EVENT_ID_HEADER]: d.event.id,
    };
    if (config.secret) headers[SIGNATURE_HEADER] = signatureHeader(config.secret, body, at);
    else if (!this.#warnedUnsigned) {
      this.#warnedUnsigned = true;
      logger.warn('NOTIFY_WEBHOOK_SECRET is not set: webhooks are sent unsigned (never in production)');
    }
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#fetch(d.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      statusCode = res.status;
      // The answer's body is not ours to read; releasing it frees the connection.
      await res.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (err) {
      error = describe(err);
    }
    const durationMs = Math.round(performance.now() - started);
    const result = this.#outcome(d, at, statusCode, error, durationMs);
    const recorded = this.#writes.then(() => store.recordAttempt(d.id, d.claim, result));
    this.#writes = recorded.then(
      () => undefined,
      () => undefined,
    );
    if (!(await recorded)) {
      // Our claim ran out and another dispatcher took the delivery over (or a replay re-armed it): its outcome is theirs.
      logger.warn({ deliveryId: d.id, eventId: d.event.id }, 'notification claim lost; outcome left to the new claim');
      return;
    }
    metrics.attempts.inc({ outcome: result.status === 'pending' ? 'retry' : result.status });
    if (result.status === 'failed')
      logger.warn(
        { deliveryId: d.id, eventId: d.event.id, statusCode, attempts: d.attempts + 1 },
        'notification delivery abandoned',
      );
  }

  #outcome(
    d: DueDelivery,
    at: Date,
    statusCode: number | null,
    error: string | null,
    durationMs: number,
  ): AttemptResult {
    const base = { at, statusCode, error, durationMs };
    if (statusCode !== null && statusCode >= 200 && statusCode <= 299)
      return { ...base, status: 'delivered', nextAttemptAt: null };
    if (statusCode === 410) return { ...base, status: 'failed', nextAttemptAt: null };
    const { backoffBaseMs, backoffMaxMs } = this.deps.config;
    const next = new Date(at.getTime() + retryDelayMs(d.attempts + 1, backoffBaseMs, backoffMaxMs, this.#random));
    if (next > d.giveUpAt) return { ...base, status: 'failed', nextAttemptAt: null };
    return { ...base, status: 'pending', nextAttemptAt: next };
  }
}

/** Error text without URLs' query strings or anything else from the receiver's answer. */
function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code) return cause.code;
    return err.message.slice(0, 200);
  }
  return String(err).slice(0, 200);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
