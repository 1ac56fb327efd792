/**
 * A customer's monitoring level (standard / enhanced), the one transaction screening reads: enhanced lowers the
 * activity thresholds. Set by an officer with a reason, or at registration for a customer who is high-risk at
 * onboarding. The transaction rules keep enhanced sticky on their own; this is how compliance moves it.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type MONITORING_LEVELS, userMonitoring } from '../db/schema/transactions.ts';

export type MonitoringLevel = (typeof MONITORING_LEVELS)[number];

export async function currentLevel(db: Db, userId: string): Promise<MonitoringLevel> {
  const row = await db.select().from(userMonitoring).where(eq(userMonitoring.userId, userId)).get();
  return row?.level ?? 'standard';
}

/** Writes the level; `onlyIfUnset` leaves a level already recorded (by a rule or an officer) alone. */
export async function writeLevel(
  db: Db,
  userId: string,
  level: MonitoringLevel,
  at: Date,
  opts: { onlyIfUnset?: boolean } = {},
): Promise<boolean> {
  const values = { userId, level, since: at, transactionId: null };
  const q = db.insert(userMonitoring).values(values);
  const rows = await (opts.onlyIfUnset
    ? q.onConflictDoNothing()
    : q.onConflictDoUpdate({ target: userMonitoring.userId, set: { level, since: at, transactionId: null } })
  ).returning({ userId: userMonitoring.userId });
  return rows.length > 0;
}
