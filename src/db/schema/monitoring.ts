/**
 * Continuous monitoring: who is re-screened, their re-screen alerts, officers' clearings, runs and the
 * scheduler's lease. Personal data (the imported identity, officers' free-text reasons, score explanations that
 * quote the customer's name) lives only in `*_enc` columns, AES-256-GCM encrypted (src/kyc/crypto.ts).
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ListDelta } from '../../sanctions/delta.ts';

export const MONITORED_ORIGINS = ['import', 'kyc'] as const;
export const RUN_KINDS = ['delta', 'full', 'on_demand'] as const;
export const RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const RESCREEN_ALERT_CLOSE_REASONS = ['resolved', 'cleared', 'delisted'] as const;

/**
 * One row per customer known to monitoring. `id` is the number the in-memory name index holds (never the
 * name); `name_keys` are hashed phonetic keys of the name tokens, so the index is rebuilt at start without
 * decrypting anyone.
 */
export const monitoredCustomers = sqliteTable(
  'monitored_customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    origin: text('origin', { enum: MONITORED_ORIGINS }).notNull(),
    /** Encrypted JSON { name, dateOfBirth?, nationality? } of an imported identity (AAD: the user id). */
    identityEnc: text('identity_enc'),
    /** For a KYC-approved customer: the approved verification whose applicant is the identity. */
    verificationId: text('verification_id'),
    /** Space-separated base-36 hashes of the name's phonetic keys; empty when there is no name. */
    nameKeys: text('name_keys').notNull(),
    /** False once monitoring was stopped (off-boarded customer). */
    active: integer('active', { mode: 'boolean' }).notNull(),
    lastScreenedAt: integer('last_screened_at', { mode: 'timestamp_ms' }),
    lastFullAt: integer('last_full_at', { mode: 'timestamp_ms' }),
    /** When the scheduled full re-screen is due; the scheduler reads customers by it. */
    nextDueAt: integer('next_due_at', { mode: 'timestamp_ms' }).notNull(),
    /** `{ <source>: <version> }` of the last screening. */
    listVersions: text('list_versions', { mode: 'json' }).$type<Record<string, string>>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('monitored_customers_user').on(t.userId), index('monitored_customers_due').on(t.nextDueAt)],
);

/** A customer–entity match found by a re-screen: an alert of kind "sanctions.rescreen". */
export const rescreenAlerts = sqliteTable(
  'rescreen_alerts',
  {
    alertId: text('alert_id').primaryKey(),
    userId: text('user_id').notNull(),
    runId: text('run_id'),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    /** The listed entity's primary name and programmes (public list data). */
    entityName: text('entity_name').notNull(),
    programs: text('programs', { mode: 'json' }).$type<string[]>().notNull(),
    /** Identifying-content hash of the entity when matched (sanctions/delta.ts entityHash). */
    entityHash: text('entity_hash').notNull(),
    listVersion: text('list_version'),
    score: real('score').notNull(),
    /** Encrypted score explanation (it quotes the customer's name). */
    explanationEnc: text('explanation_enc').notNull(),
    /** The pair had been cleared and the entity's identifying content changed since. */
    clearedEntityChanged: integer('cleared_entity_changed', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    closeReason: text('close_reason', { enum: RESCREEN_ALERT_CLOSE_REASONS }),
    note: text('note'),
    detectedAt: integer('detected_at', { mode: 'timestamp_ms' }).notNull(),
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('rescreen_alerts_user').on(t.userId, t.detectedAt),
    index('rescreen_alerts_status_time').on(t.status, t.detectedAt),
    index('rescreen_alerts_entity').on(t.source, t.sourceId, t.status),
  ],
);

/** An officer's "not this person" for a customer–entity pair, valid while the entity hash is unchanged. */
export const screeningClearings = sqliteTable(
  'screening_clearings',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    entityHash: text('entity_hash').notNull(),
    reasonEnc: text('reason_enc').notNull(),
    clearedBy: text('cleared_by').notNull(),
    clearedAt: integer('cleared_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('screening_clearings_pair').on(t.userId, t.source, t.sourceId)],
);

/** One re-screen run (delta, scheduled full, on demand) and its progress. */
export const screeningRuns = sqliteTable(
  'screening_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    /** Delta runs: per-source counts; full runs: the due cut-off. No personal data. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    listVersions: text('list_versions', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** Full runs: customers due at or before this instant are in the run. */
    dueBefore: integer('due_before', { mode: 'timestamp_ms' }),
    /** The last monitored_customers.id done (full runs: in id order; delta runs: of the candidates, in id order). */
    cursor: integer('cursor').notNull(),
    /**
     * Delta runs: the list changes being re-screened (added and changed entities, removed ids: public list data),
     * so a run interrupted by a restart is finished from the same changes.
     */
    delta: text('delta', { mode: 'json' }).$type<ListDelta>(),
    customersTotal: integer('customers_total').notNull(),
    customersChecked: integer('customers_checked').notNull(),
    candidates: integer('candidates').notNull(),
    hits: integer('hits').notNull(),
    error: text('error'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('screening_runs_kind_status').on(t.kind, t.status)],
);

/** Named leases: whoever holds an unexpired row runs the job, so a fleet runs each job once. */
export const monitoringLeases = sqliteTable('monitoring_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Officers' monitoring actions: clearings, revocations, level changes, stops. Reasons are encrypted. */
export const monitoringAuditEvents = sqliteTable(
  'monitoring_audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id').notNull(),
    /** Ids, levels, sources: never personal data. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    reasonEnc: text('reason_enc'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('monitoring_audit_events_user').on(t.userId, t.id)],
);
