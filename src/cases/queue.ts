/**
 * The queue: cases newest (or oldest) first with keyset pagination on (created_at, seq), so a page costs an index
 * range read whatever its depth (no OFFSET). Each filter combination is meant to walk an index in order:
 * status → cases_status_time, kind + status → cases_kind_status_time, nothing → cases_time. A filter with no index
 * of its own in front of the order (kind alone, priority) is written `col || '' = ?` so the planner walks the
 * time index and filters, instead of collecting every case of that kind and sorting it.
 */
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
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
  if (f.status) where.push(eq(c.status, f.status));
  if (f.kind) where.push(f.status ? eq(c.kind, f.kind) : sql`${c.kind} || '' = ${f.kind}`);
  if (f.priority) where.push(sql`${c.priority} || '' = ${f.priority}`);
  if (f.assignee) where.push(eq(c.assignee, f.assignee));
  if (f.userId) where.push(eq(c.userId, f.userId));
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
