/** Monitoring settings from the environment (merged into src/config.ts). */
import { z } from 'zod';
import { durationMs } from '../config.ts';

export interface MonitoringConfig {
  /** Full re-screen interval per risk level, ms. */
  intervals: { high: number; medium: number; low: number };
  /** How often the scheduler looks for due customers. */
  tickMs: number;
  /** Customers per committed chunk of a full run (progress is saved after each). */
  chunkSize: number;
  /** Upper bound on customers re-screened per second by the scheduler (0 = no bound, and no pacing). */
  maxRate: number;
  /** The pace a run slows down to at most while requests wait (customers/s). */
  minRate: number;
  /** Event-loop delay p99 (ms) above which a run slows down: transactions come first. */
  lagMs: number;
  /** How long a scheduler's lease lasts without renewal (a crashed process's run is resumed after it). */
  leaseMs: number;
  /** Full re-screens score in a worker thread (off the request path); false scores on the main thread in slices. */
  worker: boolean;
}

/** Built on first use: src/config.ts imports this module, and `durationMs` is not initialised at import time. */
const envSchema = () =>
  z.object({
    SCREENING_INTERVAL_HIGH: durationMs.default(7 * 86_400_000),
    SCREENING_INTERVAL_MEDIUM: durationMs.default(30 * 86_400_000),
    SCREENING_INTERVAL_LOW: durationMs.default(30 * 86_400_000),
    SCREENING_SCHEDULER_TICK: durationMs.default(60_000),
    SCREENING_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(500),
    SCREENING_MAX_RATE: z.coerce.number().int().min(0).default(3_000),
    SCREENING_MIN_RATE: z.coerce.number().int().min(1).default(200),
    SCREENING_YIELD_LAG: durationMs.default(20),
    SCREENING_LEASE_TTL: durationMs.default(120_000),
    SCREENING_WORKER: z.enum(['true', 'false']).default('true'),
  });

export function loadMonitoringConfig(e: NodeJS.ProcessEnv): MonitoringConfig {
  const parsed = envSchema().safeParse(e);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    intervals: { high: c.SCREENING_INTERVAL_HIGH, medium: c.SCREENING_INTERVAL_MEDIUM, low: c.SCREENING_INTERVAL_LOW },
    tickMs: c.SCREENING_SCHEDULER_TICK,
    chunkSize: c.SCREENING_CHUNK_SIZE,
    maxRate: c.SCREENING_MAX_RATE,
    minRate: c.SCREENING_MIN_RATE,
    lagMs: c.SCREENING_YIELD_LAG,
    leaseMs: c.SCREENING_LEASE_TTL,
    worker: c.SCREENING_WORKER === 'true',
  };
}
