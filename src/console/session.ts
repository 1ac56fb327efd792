/**
 * Server-side console sessions. The cookie carries a random id; the database keeps only its SHA-256, so a fleet
 * shares sessions and a leaked table signs no one in. A session ends when unused for the idle period, at its
 * absolute lifetime, or at sign-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { consoleSessions } from '../db/schema/console.ts';

export interface ConsoleSession {
  /** The raw id from the cookie (kept in memory for this request only: the CSRF token derives from it). */
  id: string;
  keyId: string;
  officer: string;
  createdAt: Date;
}

export interface SessionTimes {
  idleMs: number;
  lifetimeMs: number;
}

/** Activity refreshes last_seen_at at most this often: one write a minute per officer, not one per page. */
const TOUCH_EVERY_MS = 60_000;

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly times: SessionTimes,
  ) {}

  async create(keyId: string, officer: string): Promise<ConsoleSession> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock();
    // Expired rows are removed here, on the sign-in path, so the table stays bounded without a timer.
    await this.db.delete(consoleSessions).where(lt(consoleSessions.expiresAt, now));
    await this.db.insert(consoleSessions).values({
      idHash: hashId(id),
      keyId,
      officer,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.times.lifetimeMs),
    });
    return { id, keyId, officer, createdAt: now };
  }

  /** The live session for a cookie value, or undefined (unknown, idle too long, or past its lifetime). */
  async load(id: string): Promise<ConsoleSession | undefined> {
    const idHash = hashId(id);
    const row = await this.db.select().from(consoleSessions).where(eq(consoleSessions.idHash, idHash)).get();
    if (!row) return undefined;
    const now = this.clock();
    if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() >= this.times.idleMs) {
      await this.db.delete(consoleSessions).where(eq(consoleSessions.idHash, idHash));
      return undefined;
    }
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.db
        .update(consoleSessions)
        .set({ lastSeenAt: now })
        .where(and(eq(consoleSessions.idHash, idHash), lt(consoleSessions.lastSeenAt, now)));
    }
    return { id, keyId: row.keyId, officer: row.officer, createdAt: row.createdAt };
  }

  async destroy(id: string): Promise<void> {
    await this.db.delete(consoleSessions).where(eq(consoleSessions.idHash, hashId(id)));
  }
}
