import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export const DECISIONS = ['approve', 'review', 'block'] as const;
export const MONITORING_LEVELS = ['standard', 'enhanced'] as const;
export const ALERT_STATUSES = ['open', 'closed'] as const;
/** What a held transaction became: released (executed, counted) or rejected (not executed, not counted). */
export const FINAL_OUTCOMES = ['released', 'rejected'] as const;

/**
 * Every screened transaction, as received. Rebuilding a customer's risk state after a restart or a
 * cache eviction reads this table (user_id, occurred_at), so it holds the facts the windows need.
 */
export const screenedTransactions = sqliteTable(
  'screened_transactions',
  {
    transactionId: text('transaction_id').primaryKey(),
    userId: text('user_id').notNull(),
    /** The transaction's own timestamp (the trading engine's clock): windows are computed on it. */
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    /** Decimal strings, exact. */
    amount: text('amount').notNull(),
    asset: text('asset').notNull(),
    amountUsd: text('amount_usd').notNull(),
    /** Who the counterparty is for fan-in/fan-out ("user:<id>", "wallet:<keyed hash>", "name:<keyed hash>"); null when unknown. */
    counterpartyKey: text('counterparty_key'),
    /** False for blocked transactions: the platform does not execute them, so they are not activity. */
    counted: integer('counted', { mode: 'boolean' }).notNull(),
    /** Keyed fingerprint ("h1." HMAC-SHA256) of the canonical request body, plain SHA-256 on older rows: same id + other body = 409. */
    bodyHash: text('body_hash').notNull(),
    /**
     * The validated request as received, for audit: counterparty and Travel Rule personal data, so sealed
     * ("v1." AES-256-GCM under PII_ENCRYPTION_KEY, see src/transactions/pii.ts). Rows written before that
     * hold the JSON in clear until the start-up pass seals them.
     */
    request: text('request').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('screened_transactions_user_time').on(t.userId, t.occurredAt)],
);

/** The answer given for each screened transaction; `response` is replayed verbatim to a retry with the same id. */
export const transactionDecisions = sqliteTable(
  'transaction_decisions',
  {
    transactionId: text('transaction_id')
      .primaryKey()
      .references(() => screenedTransactions.transactionId),
    userId: text('user_id').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    /** 0..1, four decimals; a score, not money. */
    riskScore: real('risk_score').notNull(),
    /** The customer's monitoring level after this decision. */
    monitoring: text('monitoring', { enum: MONITORING_LEVELS }).notNull(),
    reasonCodes: text('reason_codes', { mode: 'json' }).$type<string[]>().notNull(),
    response: text('response', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    evaluatedAt: integer('evaluated_at', { mode: 'timestamp_ms' }).notNull(),
    /** A held (`review`) transaction's decision from its case: null while held (and for other decisions). */
    finalOutcome: text('final_outcome', { enum: FINAL_OUTCOMES }),
    /** `api-key:<id>` of the officer's key (the officer's name stays on the case timeline). */
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  // No secondary index: decisions are read by transaction id only, and each index costs the hot-path write.
);

/**
 * One alert per non-approved decision (and per approval scored above the enhanced-monitoring
 * threshold): what compliance works from. `detectedAt` starts the SAR filing clock.
 */
export const transactionAlerts = sqliteTable(
  'transaction_alerts',
  {
    alertId: text('alert_id').primaryKey(),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => screenedTransactions.transactionId),
    userId: text('user_id').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    riskScore: real('risk_score').notNull(),
    /** [{ code, score, outcome?, message, details }] */
    ruleHits: text('rule_hits', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull(),
    /** The customer's aggregates the rules saw (24 h volume and count, counterparties, activity dates). */
    aggregates: text('aggregates', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    detectedAt: integer('detected_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }),
    note: text('note'),
  },
  (t) => [
    index('transaction_alerts_status_time').on(t.status, t.detectedAt),
    index('transaction_alerts_user').on(t.userId, t.detectedAt),
  ],
);

/** Sticky enhanced monitoring per customer (written in the same commit as the decision that set it). */
export const userMonitoring = sqliteTable('user_monitoring', {
  userId: text('user_id').primaryKey(),
  level: text('level', { enum: MONITORING_LEVELS }).notNull(),
  since: integer('since', { mode: 'timestamp_ms' }).notNull(),
  /** The transaction whose decision set the level. */
  transactionId: text('transaction_id'),
});
