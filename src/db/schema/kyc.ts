/**
 * KYC onboarding records. Personal data (name, date of birth, email, address, reviewer notes that may
 * quote them) lives only in the `*_enc` columns, AES-256-GCM encrypted (src/kyc/crypto.ts).
 */
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RISK_LEVELS } from './customers.ts';

const VERIFICATION_STATUSES = [
  'pending',
  'in_progress',
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
] as const;
const ACTOR_TYPES = ['system', 'admin', 'compliance_officer', 'provider'] as const;

export const kycVerifications = sqliteTable(
  'kyc_verifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    provider: text('provider').notNull(),
    /** The provider's session identifier (Onfido run, Jumio account, Shufti reference, Sumsub applicant, Veriff session). */
    providerRef: text('provider_ref').notNull(),
    status: text('status', { enum: VERIFICATION_STATUSES }).notNull(),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    /** Reason codes of the risk assessment (no personal data). */
    riskReasons: text('risk_reasons', { mode: 'json' }).$type<string[]>().notNull(),
    /** ISO country of residence: kept in clear because routing and the transaction rules read it. */
    country: text('country').notNull(),
    /** Encrypted JSON of the applicant: names, date of birth, email, address. */
    applicantEnc: text('applicant_enc').notNull(),
    /** Encrypted like personal data: the session link lets whoever holds it act as the applicant at the provider. */
    redirectUrl: text('redirect_url').notNull(),
    sanctionsScreened: integer('sanctions_screened', { mode: 'boolean' }).notNull(),
    /** Sanctions matches at or above the review threshold found at start (rows in kyc_sanctions_results). */
    sanctionsHits: integer('sanctions_hits').notNull(),
    /** The provider's last outcome, mapped, with its own label and reason codes. */
    providerResult: text('provider_result', { mode: 'json' }).$type<{
      status: string;
      providerStatus: string;
      reasons: string[];
    } | null>(),
    /** When the provider reached a decision: the measure of its processing time. */
    providerDecidedAt: integer('provider_decided_at', { mode: 'timestamp_ms' }),
    /** Provider timestamp of the last applied event: orders out-of-order webhooks. */
    lastEventAt: integer('last_event_at', { mode: 'timestamp_ms' }),
    /**
     * The list versions the applicant was screened against (`{ sample, versions: { <source>: <version> } }`),
     * so an auditor can tell which list publication decided; null when no lists were loaded (not screened).
     */
    listsProvenance: text('lists_provenance', { mode: 'json' }).$type<{
      sample: boolean;
      versions: Record<string, string>;
    } | null>(),
    complianceFlags: text('compliance_flags', { mode: 'json' }).$type<string[]>().notNull(),
    /** Reason codes of the current decision. */
    decisionReasons: text('decision_reasons', { mode: 'json' }).$type<string[]>().notNull(),
    decidedBy: text('decided_by', { enum: ['system', 'compliance_officer'] }),
    /** Encrypted notes of the compliance officer who decided a manual review. */
    reviewNotesEnc: text('review_notes_enc'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** When it became approved: the periodic re-verification interval runs from here. */
    approvedAt: integer('approved_at', { mode: 'timestamp_ms' }),
    /** The identity document's expiry (YYYY-MM-DD, from its MRZ), when known: re-verification falls due then too. */
    documentExpiresOn: text('document_expires_on'),
    /** Re-verification fell due: the case was opened (an audited event) at this time. */
    reverificationOpenedAt: integer('reverification_opened_at', { mode: 'timestamp_ms' }),
    /** The grace period ran out without a new approval: the customer was limited as unverified. */
    reverificationLimitedAt: integer('reverification_limited_at', { mode: 'timestamp_ms' }),
    /**
     * The earliest audit event that reached a decision (approved, rejected, resubmission requested): creation →
     * this is the processing time the KYC analytics report. Kept by appendAudit (src/kyc/audit.ts) from the
     * events it writes, backfilled from the trail by drizzle/0020; the trail stays the record.
     */
    firstDecidedAt: integer('first_decided_at', { mode: 'timestamp_ms' }),
    /** The earliest audit event that put it in manual review (null: never reviewed); kept the same way. */
    manualReviewAt: integer('manual_review_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('kyc_verifications_provider_ref').on(t.provider, t.providerRef),
    index('kyc_verifications_approved').on(t.status, t.approvedAt),
    index('kyc_verifications_user').on(t.userId, t.createdAt),
    index('kyc_verifications_status_expiry').on(t.status, t.expiresAt),
    index('kyc_verifications_provider_created').on(t.provider, t.createdAt),
    // The KYC audit report pages verifications by (created_at, id) (src/reports). First made by
    // drizzle/0012_reports_indexes.sql by hand; declared here so the schema is the one description.
    index('kyc_verifications_created').on(t.createdAt, t.id),
    // The KYC analytics (src/reports/kyc-analytics.ts) read a range of creation times and only these columns.
    index('kyc_verifications_analytics').on(
      t.createdAt,
      t.provider,
      t.status,
      t.decidedBy,
      t.firstDecidedAt,
      t.manualReviewAt,
    ),
  ],
);

/** One row per sanctions match found when the verification started. */
export const kycSanctionsResults = sqliteTable(
  'kyc_sanctions_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    verificationId: text('verification_id')
      .notNull()
      .references(() => kycVerifications.id),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    /** The listed entity's name (public list data, not the applicant's). */
    listedName: text('listed_name').notNull(),
    score: real('score').notNull(),
    /** Programs and list-side facts; the score explanation (which quotes the applicant's name) is encrypted below. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    explanationEnc: text('explanation_enc'),
    manualReviewRequired: integer('manual_review_required', { mode: 'boolean' }).notNull(),
    reviewerNotesEnc: text('reviewer_notes_enc'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('kyc_sanctions_results_verification').on(t.verificationId)],
);

/** Append-only: rows are inserted, never updated or deleted (enforced by triggers in the migrations). */
export const kycAuditEvents = sqliteTable(
  'kyc_audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    verificationId: text('verification_id').notNull(),
    action: text('action').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** Reason codes, provider labels, counts: never personal data. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('kyc_audit_events_verification').on(t.verificationId, t.id)],
);

/** Every call to start a session at a provider, successful or not: the routing statistics read these. */
export const kycProviderAttempts = sqliteTable(
  'kyc_provider_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The verification id the attempt was for (it may never have been created if every provider failed). */
    verificationId: text('verification_id').notNull(),
    provider: text('provider').notNull(),
    /** abandoned: timed out (call, attempt or start deadline); the provider may still have created the session. */
    outcome: text('outcome', { enum: ['started', 'failed', 'abandoned', 'skipped_circuit_open'] }).notNull(),
    errorKind: text('error_kind'),
    httpStatus: integer('http_status'),
    errorCode: text('error_code'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('kyc_provider_attempts_provider_created').on(t.provider, t.createdAt),
    index('kyc_provider_attempts_verification').on(t.verificationId),
  ],
);

/** Webhooks already applied, keyed by a digest of the raw body: a redelivery is answered without effect. */
export const kycWebhookReceipts = sqliteTable(
  'kyc_webhook_receipts',
  {
    provider: text('provider').notNull(),
    bodyDigest: text('body_digest').notNull(),
    verificationId: text('verification_id'),
    result: text('result').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('kyc_webhook_receipts_key').on(t.provider, t.bodyDigest)],
);

/** Idempotency-Key of POST /v1/kyc/verifications: the request fingerprint and the response given. */
export const kycIdempotencyKeys = sqliteTable(
  'kyc_idempotency_keys',
  {
    /** API key fingerprint + ":" + the Idempotency-Key header: keys are per caller. */
    key: text('key').primaryKey(),
    /** Keyed HMAC of the request body (never the body: it holds personal data). */
    requestFingerprint: text('request_fingerprint').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    /** The response given, encrypted (it carries the applicant's session link). */
    responseBody: text('response_body', { mode: 'json' }).$type<unknown>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  // The periodic purge of expired and stale keys reads by age.
  (t) => [index('kyc_idempotency_keys_created').on(t.state, t.createdAt)],
);

const KYB_STATUSES = ['pending', 'approved', 'manual_review', 'rejected'] as const;
const KYB_ROLES = ['owner', 'director', 'controller'] as const;

/** Business customers (KYB). The company's registration data is encrypted like personal data. */
export const kybBusinesses = sqliteTable(
  'kyb_businesses',
  {
    id: text('id').primaryKey(),
    /** The platform's id for the business (its customer id, as a user id is for a person). */
    businessId: text('business_id').notNull(),
    country: text('country').notNull(),
    /** The Legal Entity Identifier: a public registry key, not personal data. */
    lei: text('lei'),
    status: text('status', { enum: KYB_STATUSES }).notNull(),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    /** Encrypted JSON: legal name, registration number, incorporation date, address. */
    detailsEnc: text('details_enc').notNull(),
    sanctionsScreened: integer('sanctions_screened', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('kyb_businesses_business_id').on(t.businessId)],
);

/** The owners, directors and controllers of a business, and the person verification each needs. */
export const kybPersons = sqliteTable(
  'kyb_persons',
  {
    id: text('id').primaryKey(),
    businessRef: text('business_ref')
      .notNull()
      .references(() => kybBusinesses.id),
    role: text('role', { enum: KYB_ROLES }).notNull(),
    /** Share in hundredths of a percent (exact: 25.5 % is 2550). */
    ownershipBasisPoints: integer('ownership_basis_points').notNull(),
    /** A person verification is required (owner at or above KYB_OWNERSHIP_THRESHOLD, or the controller). */
    verificationRequired: integer('verification_required', { mode: 'boolean' }).notNull(),
    /** Encrypted JSON: first and last name, date of birth, nationality. */
    personEnc: text('person_enc').notNull(),
    /** The linked person verification and its user, once started. */
    verificationId: text('verification_id'),
    userId: text('user_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('kyb_persons_business').on(t.businessRef), index('kyb_persons_user').on(t.userId)],
);

/** Sanctions matches of the company or one of its persons; open until a compliance officer clears them. */
export const kybSanctionsHits = sqliteTable(
  'kyb_sanctions_hits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    businessRef: text('business_ref')
      .notNull()
      .references(() => kybBusinesses.id),
    /** Null: the company itself. */
    personId: text('person_id'),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    listedName: text('listed_name').notNull(),
    score: real('score').notNull(),
    /** Quotes the screened name: encrypted. */
    explanationEnc: text('explanation_enc'),
    clearedAt: integer('cleared_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('kyb_sanctions_hits_business').on(t.businessRef)],
);
