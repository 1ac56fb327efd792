// PostgreSQL mirror of src/db/schema/sars.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * Suspicious Activity Report drafts. A draft names the subject (personal data) and quotes the activity, so its
 * whole content lives in `content_enc` (AES-256-GCM, AAD: the SAR id); the columns in clear are what listing
 * and deadline tracking need. Drafting a case again adds version n+1; earlier versions stay as they were.
 */
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, timestampMs } from './columns.ts';

export const sars = pgTable(
  'sars',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['draft'] }).notNull(),
    /** First detection of the activity: the 30-day (60 without a subject) filing clock starts here. */
    detectedAt: timestampMs('detected_at').notNull(),
    filingDueAt: timestampMs('filing_due_at').notNull(),
    continuingReviewAt: timestampMs('continuing_review_at').notNull(),
    subjectIdentified: flag('subject_identified').notNull(),
    contentEnc: text('content_enc').notNull(),
    /** `api-key:<id>`, as on case events. */
    createdBy: text('created_by').notNull(),
    officer: text('officer'),
    createdAt: timestampMs('created_at').notNull(),
  },
  (t) => [uniqueIndex('sars_case_version').on(t.caseId, t.version), index('sars_due').on(t.filingDueAt)],
);
