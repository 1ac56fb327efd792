/**
 * Orchestration settings for transaction screening (the rule parameters live in src/risk/config.ts).
 * Merged into the app config by src/config.ts; documented in docs/transactions.md.
 */
import { z } from 'zod';
import { durationMs } from '../config.ts';
import { decimalProblem, ratio, type Fixed } from '../risk/money.ts';

export interface TransactionsConfig {
  /** A transaction timestamp later than the server clock by more than this is rejected. */
  maxClockSkewMs: number;
  /** Customers whose risk state is kept in memory; the least recently used are rebuilt from the database. */
  stateMaxUsers: number;
  /** Most transactions written in one group commit. */
  commitMaxBatch: number;
  /** `full`: fsync the WAL at every group commit (answered decisions survive power loss); `normal`: survive process kills only. */
  synchronous: 'normal' | 'full';
  /** Most screenings waiting for the group commit; beyond it a screening is refused with 503 + Retry-After. */
  commitMaxQueue: number;
  /** Most distinct counterparty-side names matched per screening; more is reason travel_rule.too_many_names. */
  maxScreenedNames: number;
  /** Largest relative deviation of a caller's amountUsd from amount × the configured rate (a ratio, 0.05 = 5 %). */
  amountUsdTolerance: Fixed;
  /** A timestamp older than this (default and ceiling: the longest rule window) needs the admin backfill call. */
  maxBackdateMs?: number;
}

/** Built on first use: the schema reads `durationMs` from ../config.ts, which imports this module. */
function transactionsEnvSchema() {
  return z.object({
    TRANSACTIONS_MAX_CLOCK_SKEW: durationMs.default(120_000),
    TRANSACTIONS_STATE_MAX_USERS: z.coerce.number().int().min(100).max(50_000_000).default(200_000),
    // SQLite binds at most 32,766 parameters per statement: 2,000 rows × 12 columns stays under it.
    TRANSACTIONS_COMMIT_MAX_BATCH: z.coerce.number().int().min(1).max(2_000).default(500),
    TRANSACTIONS_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
    TRANSACTIONS_COMMIT_MAX_QUEUE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    TRANSACTIONS_MAX_SCREENED_NAMES: z.coerce.number().int().min(1).max(1_000).default(50),
    TRANSACTIONS_AMOUNT_USD_TOLERANCE: z
      .string()
      .default('0.05')
      .refine((v) => decimalProblem(v.trim()) === undefined, 'a decimal ratio such as 0.05 (5 %)')
      .transform((v) => ratio(v.trim())),
    TRANSACTIONS_MAX_BACKDATE: durationMs.optional(),
  });
}

let schema: ReturnType<typeof transactionsEnvSchema> | undefined;

export function loadTransactionsConfig(env: NodeJS.ProcessEnv): TransactionsConfig {
  schema ??= transactionsEnvSchema();
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid transactions configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    maxClockSkewMs: e.TRANSACTIONS_MAX_CLOCK_SKEW,
    stateMaxUsers: e.TRANSACTIONS_STATE_MAX_USERS,
    commitMaxBatch: e.TRANSACTIONS_COMMIT_MAX_BATCH,
    synchronous: e.TRANSACTIONS_SYNCHRONOUS,
    commitMaxQueue: e.TRANSACTIONS_COMMIT_MAX_QUEUE,
    maxScreenedNames: e.TRANSACTIONS_MAX_SCREENED_NAMES,
    amountUsdTolerance: e.TRANSACTIONS_AMOUNT_USD_TOLERANCE,
    ...(e.TRANSACTIONS_MAX_BACKDATE !== undefined ? { maxBackdateMs: e.TRANSACTIONS_MAX_BACKDATE } : {}),
  };
}
