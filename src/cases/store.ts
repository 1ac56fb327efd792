/**
 * Writing side of the case queue: opening a case and appending to its timeline. Both run on the caller's
 * handle, so a case is written in the same database transaction as its subject (nothing detected is lost) and
 * its notification is enqueued with it (src/notifications/outbox.ts).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { caseEvents, caseRules, cases } from '../db/schema/cases.ts';
import { transactionAlerts } from '../db/schema/transactions.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { DbOrTx } from '../kyc/db.ts';
import { ConflictError } from '../errors.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import type { CaseRecord } from './outcomes.ts';
import { DEFAULT_SLA_HOURS, dueAtFor, PRIORITY_RANK, type SlaHours } from './sla.ts';
import type { CaseEventType, CaseKind, CasePriority } from './types.ts';

export interface OpenCaseInput {
  kind: CaseKind;
  /** What opened a kyc_review case (manual_review, reverification_due, kyb_review): on its created event. */
  source?: string;
  userId: string;
  subjectId: string;
  /** One line, no personal data: it is shown in the queue and sent nowhere else. */
  summary: string;
  priority: CasePriority;
  escalated?: boolean;
  /** Default: the kind's and priority's SLA from `sla` (CASES_SLA_*; the default SLA hours without it). */
  dueAt?: Date;
  sla?: SlaHours;
  /** 'system:<component>' or 'api-key:<id>'. */
  actor: string;
  officer?: string;
}

export function newCaseId(): string {
  return `case_${randomUUID()}`;
}

/**
 * The next queue sequence number. MAX over the unique `cases_seq` index is one index probe; it is race-free
 * because it runs inside the writer's transaction (SQLite has one writer at a time).
 */
export const NEXT_CASE_SEQ_SQL = 'COALESCE((SELECT MAX(seq) FROM cases), 0) + 1';

/** Inserts the case, its `created` event (and `escalated` event) and enqueues case.created (and case.escalated). */
export async function openCase(tx: DbOrTx, input: OpenCaseInput, at: Date): Promise<string> {
  const id = newCaseId();
  const escalated = input.escalated ?? false;
  const dueAt = input.dueAt ?? dueAtFor(input.kind, input.priority, at, input.sla ?? DEFAULT_SLA_HOURS);
  await tx.insert(cases).values({
    id,
    seq: sql.raw(`(${NEXT_CASE_SEQ_SQL})`),
    kind: input.kind,
    status: escalated ? 'escalated' : 'open',
    priority: input.priority,
    priorityRank: PRIORITY_RANK[input.priority],
    userId: input.userId,
    subjectId: input.subjectId,
    summary: input.summary,
    assignee: null,
    escalated,
    createdAt: at,
    dueAt,
  });
  const who = { actor: input.actor, officer: input.officer };
  await appendCaseEvent(tx, id, { type: 'created', ...who, data: createdData(input) }, at);
  const note = {
    caseId: id,
    kind: input.kind,
    subjectId: input.subjectId,
    userId: input.userId,
    ...(input.source ? { source: input.source } : {}),
  };
  await enqueueNotification(tx, 'case.created', { ...note, priority: input.priority, status: 'open' }, at);
  if (escalated) {
    await appendCaseEvent(tx, id, { type: 'escalated', ...who, data: { reason: 'opened_escalated' } }, at);
    await enqueueNotification(tx, 'case.escalated', { ...note, priority: input.priority }, at);
  }
  return id;
}

function createdData(input: OpenCaseInput): Record<string, unknown> {
  return {
    kind: input.kind,
    subjectId: input.subjectId,
    priority: input.priority,
    ...(input.source ? { source: input.source } : {}),
  };
}

export interface CaseEventInput {
  type: CaseEventType;
  actor: string;
  officer?: string;
  /** Non-personal data only (ids, outcomes, reason codes). */
  data: Record<string, unknown>;
  /** Free text (a comment, decision notes): stored only encrypted, so `cipher` is required with it. */
  text?: string;
  cipher?: PiiCipher;
}

/** Appends one event to a case's timeline; returns the event id. */
export async function appendCaseEvent(tx: DbOrTx, caseId: string, event: CaseEventInput, at: Date): Promise<string> {
  if (event.text !== undefined && !event.cipher) throw new Error('case event text must be encrypted: pass cipher');
  const id = `cev_${randomUUID()}`;
  await tx.insert(caseEvents).values({
    id,
    caseId,
    type: event.type,
    at,
    actor: event.actor,
    officer: event.officer ?? null,
    data: event.data,
    textEnc: event.text !== undefined && event.cipher ? event.cipher.encrypt(event.text, caseId) : null,
  });
  return id;
}

export async function findCase(tx: DbOrTx, id: string): Promise<CaseRecord | undefined> {
  return tx.select().from(cases).where(eq(cases.id, id)).get();
}

export async function findCaseOf(tx: DbOrTx, kind: CaseKind, subjectId: string): Promise<CaseRecord | undefined> {
  return tx
    .select()
    .from(cases)
    .where(and(eq(cases.kind, kind), eq(cases.subjectId, subjectId)))
    .get();
}

export interface CaseDecision {
  outcome: string;
  reason: string;
  notes?: string;
  cipher?: PiiCipher;
  actor: string;
  officer?: string;
  /** Non-personal facts of the outcome (from the kind's handler), on the event and the notification. */
  data?: Record<string, unknown>;
}

/**
 * Marks an undecided case decided, with its `decided` event and case.decided, in the caller's transaction.
 * Guarded on the status read, so two deciders never both succeed.
 */
export async function markCaseDecided(tx: DbOrTx, record: CaseRecord, d: CaseDecision, at: Date): Promise<void> {
  const updated = await tx
    .update(cases)
    .set({ status: 'decided', outcome: d.outcome, decisionReason: d.reason, decidedBy: d.actor, decidedAt: at })
    .where(and(eq(cases.id, record.id), eq(cases.status, record.status)))
    .returning({ id: cases.id });
  if (updated.length === 0) throw new ConflictError('The case changed while it was being decided; reload it.');
  if (record.kind === 'transaction') {
    // The alert's rule codes, one row each: the reports' false positives per rule (src/reports/kyc-analytics.ts).
    const alert = await tx
      .select({ hits: transactionAlerts.ruleHits })
      .from(transactionAlerts)
      .where(eq(transactionAlerts.alertId, record.subjectId))
      .get();
    const rules = [...new Set((alert?.hits ?? []).map((h) => h.code).filter((c) => typeof c === 'string'))];
    if (rules.length > 0)
      await tx
        .insert(caseRules)
        .values(rules.map((rule) => ({ caseId: record.id, rule: rule as string, decidedAt: at, outcome: d.outcome })))
        .onConflictDoNothing();
  }
  await appendCaseEvent(
    tx,
    record.id,
    {
      type: 'decided',
      actor: d.actor,
      ...(d.officer ? { officer: d.officer } : {}),
      data: { outcome: d.outcome, reason: d.reason, ...(d.data ?? {}), notesRecorded: d.notes !== undefined },
      ...(d.notes !== undefined && d.cipher ? { text: d.notes, cipher: d.cipher } : {}),
    },
    at,
  );
  await enqueueNotification(
    tx,
    'case.decided',
    {
      caseId: record.id,
      kind: record.kind,
      subjectId: record.subjectId,
      userId: record.userId,
      outcome: d.outcome,
      ...(d.data ?? {}),
    },
    at,
  );
}

/**
 * A subject decided outside the queue (the older per-area endpoints: POST /v1/kyc/verifications/:id/decision,
 * PATCH /v1/alerts/:id): its open case is decided with it, in the same transaction, so the two never disagree.
 */
export async function decideCaseOfSubject(
  tx: DbOrTx,
  kind: CaseKind,
  subjectId: string,
  d: CaseDecision,
  at: Date,
): Promise<string | undefined> {
  const record = await findCaseOf(tx, kind, subjectId);
  if (!record || record.status === 'decided') return undefined;
  await markCaseDecided(tx, record, d, at);
  return record.id;
}
