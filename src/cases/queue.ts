/**
 * The queue: cases newest (or oldest) first with keyset pagination on (created_at, seq), so a page costs an index
 * range read whatever its depth (no OFFSET). Every filter combination walks one index whose columns end in that
 * order, so a page stops after `limit` matches and never sorts: userId → cases_user_time, assignee (+ status) →
 * cases_assignee_time (cases_assignee_status), status (+ kind) → cases_status_time (cases_kind_status_time),
 * priority → cases_priority_time, nothing or kind alone → cases_time. The other filters are written
 * `col || '' = ?` (the same rows, but no index can serve it), so the planner walks the lead's index and filters
 * instead of, say, walking a quarter of the cases by priority to find one customer's handful: the app runs no
 * ANALYZE, so without the hint the planner could not tell which equality is narrower.
 */
import { and, asc, desc, eq, lte, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.ts';
import { cases } from '../db/schema/cases.ts';
import { InvalidInputError } from '../errors.ts';
import type { CaseRecord } from './outcomes.ts';
import type { CaseFilter, CaseOutcome, CaseView } from './types.ts';

export function encodeCaseCursor(r: Pick<CaseRecord, 'createdAt' | 'seq'>): string {
  return Buffer.from(`${r.createdAt.getTime()}:${r.seq}`).toString('base64url');
}

export function decodeCaseCursor(cursor: string): { createdAt: number; seq: number } {
  const m = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new InvalidInputError('The cursor is not valid.', [
      { path: 'cursor', message: 'pass the `next` value of the previous page' },
    ]);
  return { createdAt: Number(m[1]), seq: Number(m[2]) };
}

/** The SQL of one queue page (exported for the bench's EXPLAIN). */
export function queueQuery(db: Db, f: CaseFilter) {
  const c = cases;
  const where: SQL[] = [];
  // The one filter whose index is walked, narrowest first: a customer's cases are a handful, an officer's a few
  // thousand, a status's (open, escalated, awaiting confirmation) a share, a priority's a quarter.
  const lead = f.userId ? 'user' : f.assignee ? 'assignee' : f.status ? 'status' : f.priority ? 'priority' : 'time';
  /** `col = ?` when the lead's index holds the column, `col || '' = ?` (same rows, no index) otherwise. */
  const match = (col: SQLiteColumn, value: string, indexed: boolean) =>
    indexed ? eq(col, value) : sql`${col} || '' = ${value}`;
  if (f.userId) where.push(eq(c.userId, f.userId));
  if (f.assignee) where.push(match(c.assignee, f.assignee, lead === 'assignee'));
  if (f.status) where.push(match(c.status, f.status, lead === 'status' || lead === 'assignee'));
  if (f.kind) where.push(match(c.kind, f.kind, lead === 'status'));
  if (f.priority) where.push(match(c.priority, f.priority, lead === 'priority'));
  // A range on created_at, the last-but-one column of every queue index: the walk starts at the bound.
  if (f.createdBefore) where.push(lte(c.createdAt, new Date(f.createdBefore)));
  const oldest = f.order === 'oldest';
  if (f.cursor) {
    const at = decodeCaseCursor(f.cursor);
    // The first term is an index range on created_at; the second settles ties within the millisecond.
    where.push(
      oldest
        ? sql`${c.createdAt} >= ${at.createdAt} and (${c.createdAt} > ${at.createdAt} or ${c.seq} > ${at.seq})`
        : sql`${c.createdAt} <= ${at.createdAt} and (${c.createdAt} < ${at.createdAt} or ${c.seq} < ${at.seq})`,
    );
  }
  const dir = oldest ? asc : desc;
  return db
    .select()
    .from(c)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(dir(c.createdAt), dir(c.seq))
    .limit(f.limit);
}

export async function listCases(db: Db, f: CaseFilter, now: Date): Promise<{ cases: CaseView[]; next: string | null }> {
  const rows = await queueQuery(db, f).all();
  const last = rows.at(-1);
  return {
    cases: rows.map((r) => caseView(r, now)),
    next: rows.length === f.limit && last ? encodeCaseCursor(last) : null,
  };
}

export function caseView(r: CaseRecord, now: Date): CaseView {
  const end = r.decidedAt ?? now;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    priority: r.priority,
    userId: r.userId,
    subjectId: r.subjectId,
    summary: r.summary,
    assignee: r.assignee,
    escalated: r.escalated,
    createdAt: r.createdAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / 1000)),
    // A decided case was overdue if it was decided after its due date.
    overdue: end.getTime() > r.dueAt.getTime(),
    decision:
      r.status === 'decided' && r.outcome
        ? {
            outcome: r.outcome as CaseOutcome,
            reason: r.decisionReason ?? '',
            decidedBy: r.decidedBy ?? '',
            decidedAt: (r.decidedAt ?? r.createdAt).toISOString(),
          }
        : null,
  };
}
