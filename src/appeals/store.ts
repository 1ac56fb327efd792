/** Reads and writes of appeal rows. No decisions here: submit.ts and outcome.ts decide, this persists. */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { type APPEAL_STATUSES, appeals } from '../db/schema/appeals.ts';
import type { DbOrTx } from '../kyc/db.ts';
import { decodeCursor, encodeCursor } from '../notifications/cursor.ts';

export type AppealRow = typeof appeals.$inferSelect;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface AppealFilter {
  status?: AppealStatus;
  userId?: string;
  cursor?: string;
  limit: number;
}

export async function findAppeal(db: DbOrTx, id: string): Promise<AppealRow | undefined> {
  return db.select().from(appeals).where(eq(appeals.id, id)).get();
}

export async function openAppealOf(db: DbOrTx, verificationId: string): Promise<AppealRow | undefined> {
  return db
    .select()
    .from(appeals)
    .where(and(eq(appeals.verificationId, verificationId), eq(appeals.status, 'pending_review')))
    .get();
}

/** Newest first; `next` is the cursor of the following page when this one is full. */
export async function listAppeals(
  db: DbOrTx,
  filter: AppealFilter,
): Promise<{ rows: AppealRow[]; next: string | null }> {
  const a = appeals;
  const conditions: (SQL | undefined)[] = [];
  if (filter.status) conditions.push(eq(a.status, filter.status));
  if (filter.userId) conditions.push(eq(a.userId, filter.userId));
  if (filter.cursor) {
    const p = decodeCursor(filter.cursor);
    const at = new Date(p.at);
    conditions.push(or(lt(a.createdAt, at), and(eq(a.createdAt, at), lt(a.id, p.id))));
  }
  const rows = await db
    .select()
    .from(a)
    .where(and(...conditions))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(filter.limit);
  const last = rows.at(-1);
  return {
    rows,
    next: rows.length === filter.limit && last ? encodeCursor({ at: last.createdAt.getTime(), id: last.id }) : null,
  };
}
