// PostgreSQL mirror of src/db/schema/transactions.ts: same tables, columns and indexes; type mapping in ./columns.ts.
import { doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';
import { flag, jsonText, timestampMs } from './columns.ts';
import { ALERT_STATUSES, DECISIONS, DIRECTIONS, FINAL_OUTCOMES, MONITORING_LEVELS } from '../schema/transactions.ts';
/** The value lists are the SQLite schema's own: one definition for both dialects. */
export { ALERT_STATUSES, DECISIONS, DIRECTIONS, FINAL_OUTCOMES, MONITORING_LEVELS } from '../schema/transactions.ts';

/**
 * Every screened transaction, as received. Rebuilding a customer's risk state after a restart or a
 * cache eviction reads this table (user_id, occurred_at), so it holds the facts the windows need.
 */
export const screenedTransactions = pgTable(
  'screened_transactions',
  {
    transactionId: text('transaction_id').primaryKey(),
    userId: text('user_id').notNull(),
    /** The transaction's own timestamp (the trading engine's clock): windows are computed on it. */
    occurredAt: timestampMs('occurred_at').notNull(),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    /** Decimal strings, exact. */
    amount: text('amount').notNull(),
    asset: text('asset').notNull(),
    amountUsd: text('amount_usd').notNull(),
    /** Who the counterparty is for fan-in/fan-out ("user:<id>", "wallet:<keyed hash>", "name:<keyed hash>"); null when unknown. */
    counterpartyKey: text('counterparty_key'),
    /** False for blocked transactions: the platform does not execute them, so they are not activity. */
    counted: flag('counted').notNull(),
    /** Keyed fingerprint ("h1." HMAC-SHA256) of the canonical request body, plain SHA-256 on older rows: same id + other body = 409. */
    bodyHash: text('body_hash').notNull(),
    /**
     * The validated request as received, for audit: counterparty and Travel Rule personal data, so sealed
     * ("v1." AES-256-GCM under PII_ENCRYPTION_KEY, see src/transactions/pii.ts). Rows written before that
     * hold the JSON in clear until the start-up pass seals them.
     */
    request: text('request').notNull(),
    receivedAt: timestampMs('received_at').notNull(),
  },
  (t) => [index('screened_transactions_user_time').on(t.userId, t.occurredAt)],
);

/** The answer given for each screened transaction; `response` is replayed verbatim to a retry with the same id. */
export const transactionDecisions = pgTable(
  'transaction_decisions',
  {
    transactionId: text('transaction_id')
      .primaryKey()
      .references(() => screenedTransactions.transactionId),
    userId: text('user_id').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    /** 0..1, four decimals; a score, not money. */
    riskScore: doublePrecision('risk_score').notNull(),
    /** The customer's monitoring level after this decision. */
    monitoring: text('monitoring', { enum: MONITORING_LEVELS }).notNull(),
    reasonCodes: jsonText('reason_codes').$type<string[]>().notNull(),
    response: jsonText('response').$type<Record<string, unknown>>().notNull(),
    evaluatedAt: timestampMs('evaluated_at').notNull(),
    /** A held (`review`) transaction's decision from its case: null while held (and for other decisions). */
    finalOutcome: text('final_outcome', { enum: FINAL_OUTCOMES }),
    /** `api-key:<id>` of the officer's key (the officer's name stays on the case timeline). */
    decidedBy: text('decided_by'),
    decidedAt: timestampMs('decided_at'),
  },
  // No secondary index: decisions are read by transaction id only, and each index costs the hot-path write.
);

/**
 * One alert per non-approved decision (and per approval scored above the enhanced-monitoring
 * threshold): what compliance works from. `detectedAt` starts the SAR filing clock.
 */
export const transactionAlerts = pgTable(
  'transaction_alerts',
  {
    alertId: text('alert_id').primaryKey(),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => screenedTransactions.transactionId),
    userId: text('user_id').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    riskScore: doublePrecision('risk_score').notNull(),
    /** [{ code, score, outcome?, message, details }] */
    ruleHits: jsonText('rule_hits').$type<Record<string, unknown>[]>().notNull(),
    /** The customer's aggregates the rules saw (24 h volume and count, counterparties, activity dates). */
    aggregates: jsonText('aggregates').$type<Record<string, unknown>>().notNull(),
    detectedAt: timestampMs('detected_at').notNull(),
    status: text('status', { enum: ALERT_STATUSES }).notNull().default('open'),
    statusChangedAt: timestampMs('status_changed_at'),
    note: text('note'),
  },
  (t) => [
    index('transaction_alerts_status_time').on(t.status, t.detectedAt),
    index('transaction_alerts_user').on(t.userId, t.detectedAt),
  ],
);

/** Sticky enhanced monitoring per customer (written in the same commit as the decision that set it). */
export const userMonitoring = pgTable('user_monitoring', {
  userId: text('user_id').primaryKey(),
  level: text('level', { enum: MONITORING_LEVELS }).notNull(),
  since: timestampMs('since').notNull(),
  /** The transaction whose decision set the level. */
  transactionId: text('transaction_id'),
});
