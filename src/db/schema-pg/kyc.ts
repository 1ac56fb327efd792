// PostgreSQL mirror of src/db/schema/kyc.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * KYC onboarding records. Personal data (name, date of birth, email, address, reviewer notes that may
 * quote them) lives only in the `*_enc` columns, AES-256-GCM encrypted (src/kyc/crypto.ts).
 */
import { bigint, doublePrecision, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, jsonText, timestampMs } from './columns.ts';
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

export const kycVerifications = pgTable(
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
    riskReasons: jsonText('risk_reasons').$type<string[]>().notNull(),
    /** ISO country of residence: kept in clear because routing and the transaction rules read it. */
    country: text('country').notNull(),
    /** Encrypted JSON of the applicant: names, date of birth, email, address. */
    applicantEnc: text('applicant_enc').notNull(),
    /** Encrypted like personal data: the session link lets whoever holds it act as the applicant at the provider. */
    redirectUrl: text('redirect_url').notNull(),
    sanctionsScreened: flag('sanctions_screened').notNull(),
    /** Sanctions matches at or above the review threshold found at start (rows in kyc_sanctions_results). */
    sanctionsHits: bigint('sanctions_hits', { mode: 'number' }).notNull(),
    /** The provider's last outcome, mapped, with its own label and reason codes. */
    providerResult: jsonText('provider_result').$type<{
      status: string;
      providerStatus: string;
      reasons: string[];
    } | null>(),
    /** When the provider reached a decision: the measure of its processing time. */
    providerDecidedAt: timestampMs('provider_decided_at'),
    /** Provider timestamp of the last applied event: orders out-of-order webhooks. */
    lastEventAt: timestampMs('last_event_at'),
    /**
     * The list versions the applicant was screened against (`{ sample, versions: { <source>: <version> } }`),
     * so an auditor can tell which list publication decided; null when no lists were loaded (not screened).
     */
    listsProvenance: jsonText('lists_provenance').$type<{
      sample: boolean;
      versions: Record<string, string>;
    } | null>(),
    complianceFlags: jsonText('compliance_flags').$type<string[]>().notNull(),
    /** Reason codes of the current decision. */
    decisionReasons: jsonText('decision_reasons').$type<string[]>().notNull(),
    decidedBy: text('decided_by', { enum: ['system', 'compliance_officer'] }),
    /** Encrypted notes of the compliance officer who decided a manual review. */
    reviewNotesEnc: text('review_notes_enc'),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
    expiresAt: timestampMs('expires_at').notNull(),
    /** When it became approved: the periodic re-verification interval runs from here. */
    approvedAt: timestampMs('approved_at'),
    /** The identity document's expiry (YYYY-MM-DD, from its MRZ), when known: re-verification falls due then too. */
    documentExpiresOn: text('document_expires_on'),
    /** Re-verification fell due: the case was opened (an audited event) at this time. */
    reverificationOpenedAt: timestampMs('reverification_opened_at'),
    /** The grace period ran out without a new approval: the customer was limited as unverified. */
    reverificationLimitedAt: timestampMs('reverification_limited_at'),
    /**
     * The earliest audit event that reached a decision (approved, rejected, resubmission requested): creation →
     * this is the processing time the KYC analytics report. Kept by appendAudit (src/kyc/audit.ts) from the
     * events it writes, backfilled from the trail by drizzle/0020; the trail stays the record.
     */
    firstDecidedAt: timestampMs('first_decided_at'),
    /** The earliest audit event that put it in manual review (null: never reviewed); kept the same way. */
    manualReviewAt: timestampMs('manual_review_at'),
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
export const kycSanctionsResults = pgTable(
  'kyc_sanctions_results',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    verificationId: text('verification_id')
      .notNull()
      .references(() => kycVerifications.id),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    /** The listed entity's name (public list data, not the applicant's). */
    listedName: text('listed_name').notNull(),
    score: doublePrecision('score').notNull(),
    /** Programs and list-side facts; the score explanation (which quotes the applicant's name) is encrypted below. */
    details: jsonText('details').$type<Record<string, unknown>>().notNull(),
    explanationEnc: text('explanation_enc'),
    manualReviewRequired: flag('manual_review_required').notNull(),
    reviewerNotesEnc: text('reviewer_notes_enc'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestampMs('reviewed_at'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('kyc_sanctions_results_verification').on(t.verificationId)],
);

/** Append-only: rows are inserted, never updated or deleted (enforced by triggers in the migrations). */
export const kycAuditEvents = pgTable(
  'kyc_audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    verificationId: text('verification_id').notNull(),
    action: text('action').notNull(),
    actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
    actorId: text('actor_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** Reason codes, provider labels, counts: never personal data. */
    details: jsonText('details').$type<Record<string, unknown>>().notNull(),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('kyc_audit_events_verification').on(t.verificationId, t.id)],
);

/** Every call to start a session at a provider, successful or not: the routing statistics read these. */
export const kycProviderAttempts = pgTable(
  'kyc_provider_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** The verification id the attempt was for (it may never have been created if every provider failed). */
    verificationId: text('verification_id').notNull(),
    provider: text('provider').notNull(),
    /** abandoned: timed out (call, attempt or start deadline); the provider may still have created the session. */
    outcome: text('outcome', { enum: ['started', 'failed', 'abandoned', 'skipped_circuit_open'] }).notNull(),
    errorKind: text('error_kind'),
    httpStatus: bigint('http_status', { mode: 'number' }),
    errorCode: text('error_code'),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [
    index('kyc_provider_attempts_provider_created').on(t.provider, t.createdAt),
    index('kyc_provider_attempts_verification').on(t.verificationId),
  ],
);

/** Webhooks already applied, keyed by a digest of the raw body: a redelivery is answered without effect. */
export const kycWebhookReceipts = pgTable(
  'kyc_webhook_receipts',
  {
    provider: text('provider').notNull(),
    bodyDigest: text('body_digest').notNull(),
    verificationId: text('verification_id'),
    result: text('result').notNull(),
    receivedAt: timestampMs('received_at').notNull(),
  },
  (t) => [uniqueIndex('kyc_webhook_receipts_key').on(t.provider, t.bodyDigest)],
);

/** Idempotency-Key of POST /v1/kyc/verifications: the request fingerprint and the response given. */
export const kycIdempotencyKeys = pgTable(
  'kyc_idempotency_keys',
  {
    /** API key fingerprint + ":" + the Idempotency-Key header: keys are per caller. */
    key: text('key').primaryKey(),
    /** Keyed HMAC of the request body (never the body: it holds personal data). */
    requestFingerprint: text('request_fingerprint').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: bigint('response_status', { mode: 'number' }),
    /** The response given, encrypted (it carries the applicant's session link). */
    responseBody: jsonText('response_body').$type<unknown>(),
    createdAt: timestampMs('created_at').notNull(),
  },
  // The periodic purge of expired and stale keys reads by age.
  (t) => [index('kyc_idempotency_keys_created').on(t.state, t.createdAt)],
);

const KYB_STATUSES = ['pending', 'approved', 'manual_review', 'rejected'] as const;
const KYB_ROLES = ['owner', 'director', 'controller'] as const;

/** Business customers (KYB). The company's registration data is encrypted like personal data. */
export const kybBusinesses = pgTable(
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
    sanctionsScreened: flag('sanctions_screened').notNull(),
    createdAt: timestampMs('created_at').notNull(),
    updatedAt: timestampMs('updated_at').notNull(),
  },
  (t) => [uniqueIndex('kyb_businesses_business_id').on(t.businessId)],
);

/** The owners, directors and controllers of a business, and the person verification each needs. */
export const kybPersons = pgTable(
  'kyb_persons',
  {
    id: text('id').primaryKey(),
    businessRef: text('business_ref')
      .notNull()
      .references(() => kybBusinesses.id),
    role: text('role', { enum: KYB_ROLES }).notNull(),
    /** Share in hundredths of a percent (exact: 25.5 % is 2550). */
    ownershipBasisPoints: bigint('ownership_basis_points', { mode: 'number' }).notNull(),
    /** A person verification is required (owner at or above KYB_OWNERSHIP_THRESHOLD, or the controller). */
    verificationRequired: flag('verification_required').notNull(),
    /** Encrypted JSON: first and last name, date of birth, nationality. */
    personEnc: text('person_enc').notNull(),
    /** The linked person verification and its user, once started. */
    verificationId: text('verification_id'),
    userId: text('user_id'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('kyb_persons_business').on(t.businessRef), index('kyb_persons_user').on(t.userId)],
);

/** Sanctions matches of the company or one of its persons; open until a compliance officer clears them. */
export const kybSanctionsHits = pgTable(
  'kyb_sanctions_hits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    businessRef: text('business_ref')
      .notNull()
      .references(() => kybBusinesses.id),
    /** Null: the company itself. */
    personId: text('person_id'),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    listedName: text('listed_name').notNull(),
    score: doublePrecision('score').notNull(),
    /** Quotes the screened name: encrypted. */
    explanationEnc: text('explanation_enc'),
    clearedAt: timestampMs('cleared_at'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [index('kyb_sanctions_hits_business').on(t.businessRef)],
);
