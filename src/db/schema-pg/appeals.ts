// PostgreSQL mirror of src/db/schema/appeals.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * Appeals of rejected verifications (the seed's submitAppeal / processAppeal). The customer's reason and the
 * document references may be personal, so they are stored only encrypted (KYC cipher, AAD: the appeal id).
 * The work itself is a case of kind `appeal` (cases.subject_id = appeals.id); this row keeps the appeal's facts.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, timestampMs } from './columns.ts';
import { CASE_PRIORITIES } from '../../cases/types.ts';
import { kycVerifications } from './kyc.ts';
import { APPEAL_OUTCOMES, APPEAL_STATUSES } from '../schema/appeals.ts';
/** The value lists are the SQLite schema's own: one definition for both dialects. */
export { APPEAL_OUTCOMES, APPEAL_STATUSES } from '../schema/appeals.ts';

export const appeals = pgTable(
  'appeals',
  {
    id: text('id').primaryKey(),
    verificationId: text('verification_id')
      .notNull()
      .references(() => kycVerifications.id),
    userId: text('user_id').notNull(),
    status: text('status', { enum: APPEAL_STATUSES }).notNull(),
    /** Encrypted reason text. */
    reasonEnc: text('reason_enc').notNull(),
    /** Encrypted JSON [{ type, reference }]. */
    documentsEnc: text('documents_enc').notNull(),
    documentCount: bigint('document_count', { mode: 'number' }).notNull(),
    escalated: flag('escalated').notNull(),
    priority: text('priority', { enum: CASE_PRIORITIES }).notNull(),
    /** The lifetime volume (exact decimal USD) the escalation was decided on. */
    lifetimeVolumeUsd: text('lifetime_volume_usd').notNull(),
    caseId: text('case_id').notNull(),
    /** `api-key:<id>` of the submitter. */
    submittedBy: text('submitted_by').notNull(),
    createdAt: timestampMs('created_at').notNull(),
    outcome: text('outcome', { enum: APPEAL_OUTCOMES }),
    /** Encrypted decision notes. */
    notesEnc: text('notes_enc'),
    decidedBy: text('decided_by'),
    decidedAt: timestampMs('decided_at'),
    /** The new verification a `reverify` decision started (null until it started). */
    reverificationId: text('reverification_id'),
  },
  (t) => [
    // At most one open appeal per verification, enforced by the database (a race of two submissions too).
    uniqueIndex('appeals_open_per_verification').on(t.verificationId).where(sql`${t.status} = 'pending_review'`),
    index('appeals_status_time').on(t.status, t.createdAt, t.id),
    index('appeals_time').on(t.createdAt, t.id),
    index('appeals_user').on(t.userId, t.createdAt),
  ],
);
