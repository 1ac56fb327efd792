/**
 * Customer profiles, cached in memory for the transaction hot path. Every write goes through here so
 * the cache never serves a stale status after a KYC decision or an import.
 *
 * The cache is off the V8 heap (issue #13): a 32-byte record per customer in CustomerSlots (an LRU of
 * fixed-width records in typed arrays), the strings (KYC status, risk level, origin, country) interned once
 * in a StringTable and named by index, the dates as numbers. get() builds the CustomerProfile object from the
 * record on each call (young-generation garbage); an object per cached customer (two Dates, four strings read
 * from the row, an LRU entry) cost ~420 B of heap each.
 */
import { eq, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, type KycStatus, type RiskLevel } from '../db/schema/customers.ts';
import { InvalidInputError } from '../errors.ts';
import type { HistoryReader, ProfileRow } from '../transactions/history-reader.ts';
import { CustomerSlots } from '../risk/customer-slots.ts';
import { StringTable } from '../risk/string-table.ts';
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

/*
 * A cached profile's record (RECORD_BYTES; f64 / u32 indices within it):
 *   0  accountCreatedAt  float64  ms; NaN: none
 *   8  updatedAt         float64  ms
 *  16  kycStatus         uint32   interned; MISSING: no stored profile (cached as such)
 *  20  riskLevel         uint32   interned
 *  24  origin            uint32   interned
 *  28  country           uint32   interned; NONE: none
 */
const RECORD_BYTES = 32;
const F64S = RECORD_BYTES / 8;
const U32S = RECORD_BYTES / 4;
const CREATED = 0;
const UPDATED = 1;
const KYC = 4;
const RISK = 5;
const ORIGIN = 6;
const COUNTRY = 7;
const MISSING = 0xffffffff;
const NONE = 0xffffffff;

export class CustomerProfiles {
  readonly #cache: CustomerSlots;
  /** The records' strings: a handful of distinct values (statuses, levels, origins, countries), each held once. */
  readonly #strings = new StringTable();
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
    this.#cache = new CustomerSlots(maxCached, RECORD_BYTES, (slot) => this.#release(slot));
  }

  /** The stored profile, or undefined for a customer the sidecar has never heard of (treated as unverified). */
  async get(userId: string): Promise<CustomerProfile | undefined> {
    const slot = this.#cache.get(userId);
    if (slot >= 0) return this.#profileAt(slot, userId);
    const reading = this.#reading.get(userId);
    if (reading) return reading;
    const read = this.#read(userId).then((profile) => {
      // An upsert that committed while this read was out has set the cache from its own row: keep that.
      if (this.#reading.get(userId) === read && this.#cache.find(userId) < 0) this.#set(userId, profile);
      return profile;
    });
    this.#reading.set(userId, read);
    try {
      return await read;
    } finally {
      if (this.#reading.get(userId) === read) this.#reading.delete(userId);
    }
  }

  /** Bytes of the cache's records (ids, index, LRU links, fields; used or free), off the V8 heap. */
  get recordBytes(): number {
    return this.#cache.bytes;
  }

  /** Customers cached (with a profile, or known to have none). */
  get cacheSize(): number {
    return this.#cache.size;
  }

  #profileAt(slot: number, userId: string): CustomerProfile | undefined {
    const u32 = this.#cache.u32;
    const u = slot * U32S;
    const kyc = u32[u + KYC]!;
    if (kyc === MISSING) return undefined;
    const f64 = this.#cache.f64;
    const created = f64[slot * F64S + CREATED]!;
    const country = u32[u + COUNTRY]!;
    const strings = this.#strings;
    return {
      userId,
      kycStatus: strings.get(kyc) as KycStatus,
      riskLevel: strings.get(u32[u + RISK]!) as RiskLevel,
      ...(country !== NONE ? { country: strings.get(country) } : {}),
      ...(Number.isNaN(created) ? {} : { accountCreatedAt: new Date(created) }),
      origin: strings.get(u32[u + ORIGIN]!) as CustomerProfile['origin'],
      updatedAt: new Date(f64[slot * F64S + UPDATED]!),
    };
  }

  /** Caches the profile (or that there is none), as the most recently used. */
  #set(userId: string, profile: CustomerProfile | undefined): void {
    let slot = this.#cache.find(userId);
    if (slot >= 0) {
      this.#release(slot);
      this.#cache.touch(slot);
    } else slot = this.#cache.add(userId);
    // After add(): the views may be new (the table grew).
    const { u32, f64 } = this.#cache;
    const u = slot * U32S;
    if (!profile) {
      u32[u + KYC] = MISSING;
      return;
    }
    const strings = this.#strings;
    f64[slot * F64S + CREATED] = profile.accountCreatedAt ? profile.accountCreatedAt.getTime() : Number.NaN;
    f64[slot * F64S + UPDATED] = profile.updatedAt.getTime();
    u32[u + KYC] = strings.intern(profile.kycStatus);
    u32[u + RISK] = strings.intern(profile.riskLevel);
    u32[u + ORIGIN] = strings.intern(profile.origin);
    u32[u + COUNTRY] = profile.country !== undefined ? strings.intern(profile.country) : NONE;
  }

  /** Drops the record's references to interned strings (before it is overwritten or leaves the cache). */
  #release(slot: number): void {
    const u32 = this.#cache.u32;
    const u = slot * U32S;
    if (u32[u + KYC] === MISSING) return;
    this.#strings.release(u32[u + KYC]!);
    this.#strings.release(u32[u + RISK]!);
    this.#strings.release(u32[u + ORIGIN]!);
    if (u32[u + COUNTRY] !== NONE) this.#strings.release(u32[u + COUNTRY]!);
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
      this.#set(userId, profile);
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
