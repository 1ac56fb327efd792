/**
 * Customer profiles, cached in memory for the transaction hot path. Every write goes through here so
 * the cache never serves a stale status after a KYC decision or an import.
 */
import { eq, ne } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { customers, type KycStatus, type RiskLevel } from '../db/schema/customers.ts';
import { InvalidInputError } from '../errors.ts';
import type { HistoryReader, ProfileRow } from '../transactions/history-reader.ts';
import { KeyedMutex } from '../transactions/keyed-mutex.ts';

export interface CustomerProfile {
  userId: string;
  kycStatus: KycStatus;
  riskLevel: RiskLevel;
  country?: string;
  accountCreatedAt?: Date;
  origin: 'import' | 'kyc';
  updatedAt: Date;
}

export type ProfileUpdate = Partial<Pick<CustomerProfile, 'kycStatus' | 'riskLevel' | 'country' | 'accountCreatedAt'>>;

const MISSING = Symbol('missing');

export class CustomerProfiles {
  #cache: LRUCache<string, CustomerProfile | typeof MISSING>;
  readonly #writes = new KeyedMutex();
  /** Reads in flight, by customer: concurrent misses share one. */
  readonly #reading = new Map<string, Promise<CustomerProfile | undefined>>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    maxCached = 200_000,
    /** Reads misses off the event loop (embedded database); without it they go through `db`. */
    private readonly reader?: HistoryReader,
  ) {
    this.#cache = new LRUCache({ max: maxCached });
  }

  /** The stored profile, or undefined for a customer the sidecar has never heard of (treated as unverified). */
  async get(userId: string): Promise<CustomerProfile | undefined> {
    const hit = this.#cache.get(userId);
    if (hit !== undefined) return hit === MISSING ? undefined : hit;
    const reading = this.#reading.get(userId);
    if (reading) return reading;
    const read = this.#read(userId).then((profile) => {
      // An upsert that committed while this read was out has set the cache from its own row: keep that.
      if (this.#reading.get(userId) === read && !this.#cache.has(userId)) this.#cache.set(userId, profile ?? MISSING);
      return profile;
    });
    this.#reading.set(userId, read);
    try {
      return await read;
    } finally {
      if (this.#reading.get(userId) === read) this.#reading.delete(userId);
    }
  }

  async #read(userId: string): Promise<CustomerProfile | undefined> {
    if (this.reader) {
      const row = await this.reader.profile(userId);
      return row ? toProfile(fromRow(row)) : undefined;
    }
    const row = await this.db.select().from(customers).where(eq(customers.userId, userId)).get();
    return row ? toProfile(row) : undefined;
  }

  /**
   * Creates or updates; fields not given keep their stored value. One statement (INSERT … ON CONFLICT DO
   * UPDATE of the given fields only), so a concurrent writer's fields survive even across processes; per
   * customer the writes are serialised, so the cache is set from each committed row in commit order.
   * `created` is exact within one process (it is read under the lock).
   */
  async upsert(
    userId: string,
    update: ProfileUpdate,
    origin: 'import' | 'kyc',
    opts: { keepApproved?: boolean } = {},
  ): Promise<{ profile: CustomerProfile; created: boolean; applied: boolean }> {
    refuseAncientDates(update);
    return this.#writes.run(userId, async () => {
      const created = (await this.get(userId)) === undefined;
      const now = this.clock();
      const given = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)) as ProfileUpdate;
      // keepApproved: the condition is part of the statement, so a decision committed by another writer (or
      // another process) between a read and this write can never be overwritten by a progress state.
      const row = await this.db
        .insert(customers)
        .values({ userId, ...given, origin, updatedAt: now })
        .onConflictDoUpdate({
          target: customers.userId,
          set: { ...given, origin, updatedAt: now },
          ...(opts.keepApproved ? { setWhere: ne(customers.kycStatus, 'approved') } : {}),
        })
        .returning()
        .get();
      const committed = row ?? (await this.db.select().from(customers).where(eq(customers.userId, userId)).get());
      if (!committed) throw new Error(`customer ${userId}: upsert returned no row`);
      const profile = toProfile(committed);
      this.#cache.set(userId, profile);
      // A read that started before this write must not answer later callers with the old row.
      this.#reading.delete(userId);
      return { profile, created, applied: row !== undefined };
    });
  }
}

/** Dates before 1900 are typing errors or probes (a 1970 epoch, a 0001 default), never an account's age. */
const EARLIEST = Date.UTC(1900, 0, 1);

function refuseAncientDates(update: ProfileUpdate): void {
  const at = update.accountCreatedAt;
  if (at !== undefined && !(at.getTime() >= EARLIEST)) {
    throw new InvalidInputError('createdAt is before 1900.', [
      { path: 'createdAt', message: 'dates before 1900-01-01 are refused' },
    ]);
  }
}

/** A row as the reader returns it (stored columns), as drizzle maps it (timestamp_ms columns to dates). */
function fromRow(r: ProfileRow): typeof customers.$inferSelect {
  return {
    userId: r.user_id,
    kycStatus: r.kyc_status as KycStatus,
    riskLevel: r.risk_level as RiskLevel,
    country: r.country,
    accountCreatedAt: r.account_created_at === null ? null : new Date(r.account_created_at),
    origin: r.origin as 'import' | 'kyc',
    updatedAt: new Date(r.updated_at),
  };
}

function toProfile(row: typeof customers.$inferSelect): CustomerProfile {
  return {
    userId: row.userId,
    kycStatus: row.kycStatus,
    riskLevel: row.riskLevel,
    ...(row.country ? { country: row.country } : {}),
    ...(row.accountCreatedAt ? { accountCreatedAt: row.accountCreatedAt } : {}),
    origin: row.origin,
    updatedAt: row.updatedAt,
  };
}
