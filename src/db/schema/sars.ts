/**
 * Suspicious Activity Report drafts. A draft names the subject (personal data) and quotes the activity, so its
 * whole content lives in `content_enc` (AES-256-GCM, AAD: the SAR id); the columns in clear are what listing
 * and deadline tracking need. Drafting a case again adds version n+1; earlier versions stay as they were.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sars = sqliteTable(
  'sars',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    version: integer('version').notNull(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['draft'] }).notNull(),
    /** First detection of the activity: the 30-day (60 without a subject) filing clock starts here. */
    detectedAt: integer('detected_at', { mode: 'timestamp_ms' }).notNull(),
    filingDueAt: integer('filing_due_at', { mode: 'timestamp_ms' }).notNull(),
    continuingReviewAt: integer('continuing_review_at', { mode: 'timestamp_ms' }).notNull(),
    subjectIdentified: integer('subject_identified', { mode: 'boolean' }).notNull(),
    contentEnc: text('content_enc').notNull(),
    /** `api-key:<id>`, as on case events. */
    createdBy: text('created_by').notNull(),
    officer: text('officer'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('sars_case_version').on(t.caseId, t.version), index('sars_due').on(t.filingDueAt)],
);
