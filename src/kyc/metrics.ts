/** KYC metrics, added to the process registry. Labels are bounded: provider ids, operation names, statuses. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Provider calls are network round trips: buckets from 25 ms to 30 s. */
const PROVIDER_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

function once<T>(registry: Registry, name: string, make: () => T): T {
  // A restart in tests may reuse the registry: reuse the metric rather than fail on a duplicate name.
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createKycMetrics(registry: Registry) {
  return {
    verifications: once(
      registry,
      'kyc_verifications_total',
      () =>
        new Counter({
          name: 'kyc_verifications_total',
          help: 'Verification status changes, by provider and resulting status (pending = started)',
          labelNames: ['provider', 'outcome'] as const,
          registers: [registry],
        }),
    ),
    providerCalls: once(
      registry,
      'kyc_provider_calls_total',
      () =>
        new Counter({
          name: 'kyc_provider_calls_total',
          help: 'HTTP calls to identity providers (each retry counts), by outcome',
          labelNames: ['provider', 'operation', 'outcome'] as const,
          registers: [registry],
        }),
    ),
    providerErrors: once(
      registry,
      'kyc_provider_errors_total',
      () =>
        new Counter({
          name: 'kyc_provider_errors_total',
          help: 'Failed identity-provider operations after retries, by kind (timeout, network, rate_limited, server, auth, rejected, invalid_response)',
          labelNames: ['provider', 'operation', 'kind'] as const,
          registers: [registry],
        }),
    ),
    providerLatency: once(
      registry,
      'kyc_provider_call_duration_seconds',
      () =>
        new Histogram({
          name: 'kyc_provider_call_duration_seconds',
          help: 'Latency of single HTTP calls to identity providers',
          labelNames: ['provider', 'operation'] as const,
          buckets: PROVIDER_BUCKETS,
          registers: [registry],
        }),
    ),
    circuitState: once(
      registry,
      'kyc_provider_circuit_state',
      () =>
        new Gauge({
          name: 'kyc_provider_circuit_state',
          help: 'Circuit breaker per provider: 0 closed, 1 half-open (one trial call allowed), 2 open (skipped)',
          labelNames: ['provider'] as const,
          registers: [registry],
        }),
    ),
    webhooks: once(
      registry,
      'kyc_webhooks_total',
      () =>
        new Counter({
          name: 'kyc_webhooks_total',
          help: 'Provider webhooks received, by result (applied, unchanged, duplicate, stale, ignored, unauthorized, invalid)',
          labelNames: ['provider', 'result'] as const,
          registers: [registry],
        }),
    ),
    failovers: once(
      registry,
      'kyc_failovers_total',
      () =>
        new Counter({
          name: 'kyc_failovers_total',
          help: 'Session starts that moved past a provider, by the provider skipped and why',
          labelNames: ['provider', 'reason'] as const,
          registers: [registry],
        }),
    ),
    documentChecks: once(
      registry,
      'kyc_document_checks_total',
      () =>
        new Counter({
          name: 'kyc_document_checks_total',
          help: 'Document pre-checks, by outcome (accepted, refused)',
          labelNames: ['outcome'] as const,
          registers: [registry],
        }),
    ),
    documentProblems: once(
      registry,
      'kyc_document_problems_total',
      () =>
        new Counter({
          name: 'kyc_document_problems_total',
          help: 'Problems found by document pre-checks, by code',
          labelNames: ['code'] as const,
          registers: [registry],
        }),
    ),
  };
}

export type KycMetrics = ReturnType<typeof createKycMetrics>;
