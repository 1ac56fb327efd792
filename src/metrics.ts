/** One prom-client registry per process (tests build their own). Areas add their metrics to `registry`. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Buckets from 100 µs: the screening hot path is sub-millisecond. */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export function createMetrics(opts: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaults ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    httpClientDisconnects: new Counter({
      name: 'http_client_disconnects_total',
      help: 'Requests whose client went away (or was cut off by a timeout) before the answer was written',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    screenings: new Counter({
      name: 'sanctions_screenings_total',
      help: 'Names screened, by endpoint kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    matches: new Counter({
      name: 'sanctions_matches_total',
      help: 'Matches returned, by list source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    listEntities: new Gauge({
      name: 'sanctions_list_entities',
      help: 'Entities loaded per list source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    listNames: new Gauge({
      name: 'sanctions_list_names',
      help: 'Names (primary + aliases) indexed per list source',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    listLoadedAt: new Gauge({
      name: 'sanctions_list_loaded_timestamp_seconds',
      help: 'Unix time the current data of a source was loaded; age = time() - this',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    listRefreshFailures: new Counter({
      name: 'sanctions_list_refresh_failures_total',
      help: 'Failed list downloads or parses (the last good index is kept)',
      labelNames: ['source', 'stage'] as const,
      registers: [registry],
    }),
    indexBuildSeconds: new Gauge({
      name: 'sanctions_index_build_seconds',
      help: 'Time the last index build took (parse excluded)',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
