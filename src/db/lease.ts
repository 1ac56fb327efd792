/**
 * Named leases for background jobs (schedulers, runs): whoever holds an unexpired row runs the job, so a fleet of
 * instances runs each job once. The first store with one interface above both engines (issue #14): one
 * implementation, constructed over libSQL or over PostgreSQL, proved on each by the same contract test
 * (test/integration/lease-store.test.ts).
 *
 * A lease is a row (name, owner, expires_at) in `monitoring_leases`; it is held while `now < expires_at`. Every
 * change is one statement that compares and sets the row — `INSERT … ON CONFLICT (name) DO UPDATE … WHERE …
 * RETURNING` or `UPDATE … WHERE owner = ? …` — portable SQL that SQLite (≥ 3.35), PostgreSQL and CockroachDB
 * all run atomically. No advisory locks and no session state: a lease survives a dropped connection and is
 * visible to every instance. The clock is the caller's (injected), as elsewhere; instances are assumed to have
 * clocks within a small fraction of the lease's time to live of each other.
 *
 * On CockroachDB (serializable) a contended statement can fail with a retryable error (40001): the caller's next
 * tick simply tries again, which is what the schedulers do anyway.
 */
import { and, eq, gt, lte, or } from 'drizzle-orm';
import type { Db } from './client.ts';
import type { PgDb } from './postgres.ts';
import { monitoringLeases as sqliteLeases } from './schema/monitoring.ts';
import { monitoringLeases as pgLeases } from './schema-pg/monitoring.ts';

export interface Lease {
  name: string;
  owner: string;
  expiresAt: Date;
}

export interface LeaseStore {
  /**
   * Takes the lease when nobody holds it (no row, or the holder's expired), or extends it when `owner` already
   * holds it; true when `owner` holds it until `now + ttlMs` afterwards, false while another owner holds it.
   */
  acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean>;
  /**
   * Extends the lease only while `owner` holds it, unexpired; false means the lease was lost (expired, perhaps
   * taken over) and the caller must stop the work it guarded.
   */
  renew(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease up so another owner can take it at once; false when `owner` did not hold it. */
  release(name: string, owner: string, now: Date): Promise<boolean>;
  /** The unexpired holder, if any. */
  holder(name: string, now: Date): Promise<Lease | undefined>;
}

/** The expiry a released lease gets: the epoch, long past for every clock. */
const RELEASED = new Date(0);

function expiry(now: Date, ttlMs: number): Date {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('lease ttlMs must be a positive number');
  return new Date(now.getTime() + ttlMs);
}

/**
 * One implementation for both engines. drizzle's query builders have one API in its SQLite and PostgreSQL
 * dialects, and these statements use only what both share; the contract test runs them on each. Only their
 * TypeScript types differ by dialect, so the PostgreSQL database and table are typed through the SQLite surface
 * in PgLeaseStore's constructor: the one place that cast lives.
 */
class DrizzleLeaseStore implements LeaseStore {
  constructor(
    private readonly db: Db,
    private readonly l: typeof sqliteLeases,
  ) {}

  async acquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const l = this.l;
    const rows = await this.db
      .insert(l)
      .values({ name, owner, expiresAt: expiry(now, ttlMs) })
      .onConflictDoUpdate({
        target: l.name,
        set: { owner, expiresAt: expiry(now, ttlMs) },
        setWhere: or(eq(l.owner, owner), lte(l.expiresAt, now)),
      })
      .returning({ owner: l.owner });
    return rows[0]?.owner === owner;
  }

  async renew(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const l = this.l;
    const rows = await this.db
      .update(l)
      .set({ expiresAt: expiry(now, ttlMs) })
      .where(and(eq(l.name, name), eq(l.owner, owner), gt(l.expiresAt, now)))
      .returning({ name: l.name });
    return rows.length > 0;
  }

  async release(name: string, owner: string, now: Date): Promise<boolean> {
    const l = this.l;
    const rows = await this.db
      .update(l)
      .set({ expiresAt: RELEASED })
      .where(and(eq(l.name, name), eq(l.owner, owner), gt(l.expiresAt, now)))
      .returning({ name: l.name });
    return rows.length > 0;
  }

  async holder(name: string, now: Date): Promise<Lease | undefined> {
    const l = this.l;
    const rows = await this.db
      .select()
      .from(l)
      .where(and(eq(l.name, name), gt(l.expiresAt, now)));
    return rows[0];
  }
}

/** Over the embedded libSQL / SQLite database (src/db/client.ts). */
export class LibsqlLeaseStore extends DrizzleLeaseStore {
  constructor(db: Db) {
    super(db, sqliteLeases);
  }
}

/** Over PostgreSQL (src/db/postgres.ts): the same statements through drizzle's PostgreSQL dialect. */
export class PgLeaseStore extends DrizzleLeaseStore {
  constructor(db: PgDb) {
    super(db as unknown as Db, pgLeases as unknown as typeof sqliteLeases);
  }
}
