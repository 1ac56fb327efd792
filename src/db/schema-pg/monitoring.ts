// PostgreSQL mirror of src/db/schema/monitoring.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * Continuous monitoring: who is re-screened, their re-screen alerts, officers' clearings, runs and the
 * scheduler's lease. Personal data (the imported identity, officers' free-text reasons, score explanations that
 * quote the customer's name) lives only in `*_enc` columns, AES-256-GCM encrypted (src/kyc/crypto.ts).
 */
import { bigint, doublePrecision, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, jsonText, timestampMs } from './columns.ts';
import type { ListDelta } from '../../sanctions/delta.ts';
import { MONITORED_ORIGINS, RESCREEN_ALERT_CLOSE_REASONS, RUN_KINDS, RUN_STATUSES } from '../schema/monitoring.ts';
/** The value lists are the SQLite schema's own: one definition for both dialects. */
export { MONITORED_ORIGINS, RESCREEN_ALERT_CLOSE_REASONS, RUN_KINDS, RUN_STATUSES } from '../schema/monitoring.ts';

/**
 * One row per customer known to monitoring. `id` is the number the in-memory name index holds (never the
 * name); `name_keys` are hashed phonetic keys of the name tokens, so the index is rebuilt at start without
 * decrypting anyone.
 */
export const monitoredCustomers = pgTable(
  'monitored_customers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull(),
    origin: text('origin', { enum: MONITORED_ORIGINS }).notNull(),
    /** Encrypted JSON { name, dateOfBirth?, nationality? } of an imported identity (AAD: the user id). */
    identityEnc: text('identity_enc'),
    /** For a KYC-approved customer: the approved verification whose applicant is the identity. */
    verificationId: text('verification_id'),
    /** Space-separated base-36 hashes of the name's phonetic keys; empty when there is no name. */
    nameKeys: text('name_keys').notNull(),
    /** False once monitoring was stopped (off-boarded customer). */
    active: flag('active').notNull(),
    lastScreenedAt: timestampMs('last_screened_at'),
    lastFullAt: timestampMs('last_full_at'),
    /** When the scheduled full re-screen is due; the scheduler reads customers by it. */
    nextDueAt: timestampMs('next_due_at').notNull(),
    /** `{ <source>: <version> }` of the last screening. */
    listVersions: jsonText('list_versions').$type<Record<string, string>>(),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
  },
  (t) => [uniqueIndex('monitored_customers_user').on(t.userId), index('monitored_customers_due').on(t.nextDueAt)],
);

/** A customer–entity match found by a re-screen: an alert of kind "sanctions.rescreen". */
export const rescreenAlerts = pgTable(
  'rescreen_alerts',
  {
    alertId: text('alert_id').primaryKey(),
    userId: text('user_id').notNull(),
    runId: text('run_id'),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    /** The listed entity's primary name and programmes (public list data). */
    entityName: text('entity_name').notNull(),
    programs: jsonText('programs').$type<string[]>().notNull(),
    /** Identifying-content hash of the entity when matched (sanctions/delta.ts entityHash). */
    entityHash: text('entity_hash').notNull(),
    listVersion: text('list_version'),
    score: doublePrecision('score').notNull(),
    /** Encrypted score explanation (it quotes the customer's name). */
    explanationEnc: text('explanation_enc').notNull(),
    /** The pair had been cleared and the entity's identifying content changed since. */
    clearedEntityChanged: flag('cleared_entity_changed').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    closeReason: text('close_reason', { enum: RESCREEN_ALERT_CLOSE_REASONS }),
    note: text('note'),
    detectedAt: timestampMs('detected_at').notNull(),
    statusChangedAt: timestampMs('status_changed_at'),
  },
  (t) => [
    index('rescreen_alerts_user').on(t.userId, t.detectedAt),
    index('rescreen_alerts_status_time').on(t.status, t.detectedAt),
    index('rescreen_alerts_entity').on(t.source, t.sourceId, t.status),
  ],
);

/** An officer's "not this person" for a customer–entity pair, valid while the entity hash is unchanged. */
export const screeningClearings = pgTable(
  'screening_clearings',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    entityHash: text('entity_hash').notNull(),
    reasonEnc: text('reason_enc').notNull(),
    clearedBy: text('cleared_by').notNull(),
    clearedAt: timestampMs('cleared_at').notNull(),
    revokedAt: timestampMs('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('screening_clearings_pair').on(t.userId, t.source, t.sourceId)],
);

/** One re-screen run (delta, scheduled full, on demand) and its progress. */
export const screeningRuns = pgTable(
  'screening_runs',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    /** Delta runs: per-source counts; full runs: the due cut-off. No personal data. */
    details: jsonText('details').$type<Record<string, unknown>>().notNull(),
    listVersions: jsonText('list_versions').$type<Record<string, string>>().notNull(),
    /** Full runs: customers due at or before this instant are in the run. */
    dueBefore: timestampMs('due_before'),
    /** The last monitored_customers.id done (full runs: in id order; delta runs: of the candidates, in id order). */
    cursor: bigint('cursor', { mode: 'number' }).notNull(),
    /**
     * Delta runs: the list changes being re-screened (added and changed entities, removed ids: public list data),
     * so a run interrupted by a restart is finished from the same changes.
     */
    delta: jsonText('delta').$type<ListDelta>(),
    customersTotal: bigint('customers_total', { mode: 'number' }).notNull(),
    customersChecked: bigint('customers_checked', { mode: 'number' }).notNull(),
    candidates: bigint('candidates', { mode: 'number' }).notNull(),
    hits: bigint('hits', { mode: 'number' }).notNull(),
    error: text('error'),
    startedAt: timestampMs('started_at').notNull(),
    finishedAt: timestampMs('finished_at'),
  },
  (t) => [index('screening_runs_kind_status').on(t.kind, t.status)],
);

/** Named leases: whoever holds an unexpired row runs the job, so a fleet runs each job once. */
export const monitoringLeases = pgTable('monitoring_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  expiresAt: timestampMs('expires_at').notNull(),
});

/** Officers' monitoring actions: clearings, revocations, level changes, stops. Reasons are encrypted. */
export const monitoringAuditEvents = pgTable(
  'monitoring_audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull(),
    action: text('action').notNull(),
    actorId: text('actor_id').notNull(),
    /** Ids, levels, sources: never personal data. */
    details: jsonText('details').$type<Record<string, unknown>>().notNull(),
    reasonEnc: text('reason_enc'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('monitoring_audit_events_user').on(t.userId, t.id)],
);
