// PostgreSQL mirror of src/db/schema/cases.ts: same tables, columns and indexes; type mapping in ./columns.ts.
/**
 * Casework: the queue (cases), each case's timeline (case_events). Officers' free text (comments, decision notes)
 * may quote the customer, so it lives only in `*_enc` columns, AES-256-GCM encrypted (src/kyc/crypto.ts).
 */
import { bigint, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { flag, jsonText, timestampMs } from './columns.ts';
import { CASE_EVENT_TYPES, CASE_KINDS, CASE_PRIORITIES, CASE_STATUSES } from '../../cases/types.ts';

export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    /** Insertion order: the queue's cursor is (created_at, seq) so pages neither skip nor repeat. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    priority: text('priority', { enum: CASE_PRIORITIES }).notNull(),
    /** 0 low … 3 critical, so the queue can sort by it with an index. */
    priorityRank: bigint('priority_rank', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    subjectId: text('subject_id').notNull(),
    summary: text('summary').notNull(),
    assignee: text('assignee'),
    escalated: flag('escalated').notNull(),
    createdAt: timestampMs('created_at').notNull(),
    dueAt: timestampMs('due_at').notNull(),
    outcome: text('outcome'),
    /** The decision's reason (a code or short phrase, not personal data). */
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by'),
    decidedAt: timestampMs('decided_at'),
  },
  (t) => [
    uniqueIndex('cases_subject').on(t.kind, t.subjectId),
    uniqueIndex('cases_seq').on(t.seq),
    // The queue (src/cases/queue.ts) reads each filter's index in its keyset order, (created_at, seq).
    index('cases_status_time').on(t.status, t.createdAt, t.seq),
    index('cases_kind_status_time').on(t.kind, t.status, t.createdAt, t.seq),
    index('cases_assignee_status').on(t.assignee, t.status, t.createdAt, t.seq),
    index('cases_assignee_time').on(t.assignee, t.createdAt, t.seq),
    index('cases_priority_time').on(t.priority, t.createdAt, t.seq),
    index('cases_user_time').on(t.userId, t.createdAt, t.seq),
    index('cases_time').on(t.createdAt, t.seq),
    // Reports (src/reports): the case figures read decided cases by decision time with the columns they need in
    // the index itself, so a quarter over a million cases is an index range scan (it also serves what the
    // former cases_decided on decided_at alone did). First made by drizzle/0012_reports_indexes.sql by hand;
    // declared here so the schema is the one description.
    index('cases_decided_cover').on(t.decidedAt, t.kind, t.outcome, t.createdAt, t.subjectId),
  ],
);

export const caseEvents = pgTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    type: text('type', { enum: CASE_EVENT_TYPES }).notNull(),
    at: timestampMs('at').notNull(),
    /** `api-key:<id>` or `system:<component>`. */
    actor: text('actor').notNull(),
    /** The officer named by X-Actor or the console sign-in, as given. */
    officer: text('officer'),
    /** Non-personal event data (assignee, outcome, reason). */
    data: jsonText('data').$type<Record<string, unknown>>().notNull(),
    /** Encrypted free text (a comment, decision notes); AAD: the case id. */
    textEnc: text('text_enc'),
  },
  (t) => [index('case_events_case').on(t.caseId, t.at)],
);

/**
 * The rule codes of a decided transaction case, one row each (the distinct `code`s of its alert's rule hits), with
 * the decision's time and outcome: written with the decision (markCaseDecided, src/cases/store.ts; a case is decided
 * once) and backfilled by drizzle/0020. The reports' false positives per rule are one GROUP BY over a range of the
 * (decided_at, rule, outcome) index instead of pattern matches over each alert's JSON.
 */
export const caseRules = pgTable(
  'case_rules',
  {
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    rule: text('rule').notNull(),
    decidedAt: timestampMs('decided_at').notNull(),
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.rule] }), index('case_rules_decided').on(t.decidedAt, t.rule, t.outcome)],
);
