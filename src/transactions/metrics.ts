/**
 * Transaction screening metrics, registered on the process registry. Labels are bounded enums
 * (decision, reason code): never a user id, transaction id or amount.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../metrics.ts';

/** Reuses a metric already registered (a test runtime restarted on the same registry) instead of throwing. */
function once<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

export function createTransactionMetrics(
  registry: Registry,
  gauges: { cachedUsers(): number; pendingWrites(): number },
) {
  const registers = [registry];
  return {
    decisions: once(
      registry,
      'transaction_decisions_total',
      () =>
        new Counter({
          name: 'transaction_decisions_total',
          help: 'Transactions screened, by decision',
          labelNames: ['decision'] as const,
          registers,
        }),
    ),
    reasonHits: once(
      registry,
      'transaction_reason_hits_total',
      () =>
        new Counter({
          name: 'transaction_reason_hits_total',
          help: 'Rule hits, by reason code',
          labelNames: ['code'] as const,
          registers,
        }),
    ),
    duration: once(
      registry,
      'transaction_screening_duration_seconds',
      () =>
        new Histogram({
          name: 'transaction_screening_duration_seconds',
          help: 'Screening time from validated request to answer, durable write included',
          buckets: LATENCY_BUCKETS,
          registers,
        }),
    ),
    replays: once(
      registry,
      'transaction_idempotent_replays_total',
      () =>
        new Counter({
          name: 'transaction_idempotent_replays_total',
          help: 'Requests answered with a stored decision (same transactionId and body)',
          registers,
        }),
    ),
    commitBatch: once(
      registry,
      'transaction_commit_batch_size',
      () =>
        new Histogram({
          name: 'transaction_commit_batch_size',
          help: 'Transactions per group commit',
          buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
          registers,
        }),
    ),
    commitDuration: once(
      registry,
      'transaction_commit_duration_seconds',
      () =>
        new Histogram({
          name: 'transaction_commit_duration_seconds',
          help: 'Time of one group commit',
          labelNames: ['result'] as const,
          buckets: LATENCY_BUCKETS,
          registers,
        }),
    ),
    commitRefused: once(
      registry,
      'transaction_commit_refused_total',
      () =>
        new Counter({
          name: 'transaction_commit_refused_total',
          help: 'Screenings refused with 503 because the group-commit queue was full (TRANSACTIONS_COMMIT_MAX_QUEUE)',
          registers,
        }),
    ),
    stateLoads: once(
      registry,
      'risk_state_loads_total',
      () =>
        new Counter({
          name: 'risk_state_loads_total',
          help: 'Customer risk states rebuilt from the database (cache misses)',
          registers,
        }),
    ),
    cachedUsers: once(
      registry,
      'risk_state_cached_users',
      () =>
        new Gauge({
          name: 'risk_state_cached_users',
          help: 'Customers whose risk state is in memory',
          registers,
          collect() {
            this.set(gauges.cachedUsers());
          },
        }),
    ),
    pendingWrites: once(
      registry,
      'transaction_commit_pending',
      () =>
        new Gauge({
          name: 'transaction_commit_pending',
          help: 'Screened transactions waiting for the next group commit',
          registers,
          collect() {
            this.set(gauges.pendingWrites());
          },
        }),
    ),
  };
}

export type TransactionMetrics = ReturnType<typeof createTransactionMetrics>;
