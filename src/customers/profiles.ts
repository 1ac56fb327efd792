/**
 * Customer profiles, cached in memory for the transaction hot path. Every write goes through here so
 * the cache never serves a stale status after a KYC decision or an import.
 */
import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { customers, type KycStatus, type RiskLevel } from '../db/schema/customers.ts';

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

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    maxCached = 200_000,
  ) {
    this.#cache = new LRUCache({ max: maxCached });
  }

  /** The stored profile, or undefined for a customer the sidecar has never heard of (treated as unverified). */
  async get(userId: string): Promise<CustomerProfile | undefined> {
    const hit = this.#cache.get(userId);
    if (hit !== undefined) return hit === MISSING ? undefined : hit;
    const row = await this.db.select().from(customers).where(eq(customers.userId, userId)).get();
    const profile = row ? toProfile(row) : undefined;
    this.#cache.set(userId, profile ?? MISSING);
    return profile;
  }

  /** Creates or updates; fields not given keep their stored value. Returns the profile and whether it was created. */
  async upsert(
    userId: string,
    update: ProfileUpdate,
    origin: 'import' | 'kyc',
  ): Promise<{ profile: CustomerProfile; created: boolean }> {
    const now = this.clock();
    const existing = await this.db.select().from(customers).where(eq(customers.userId, userId)).get();
    const values = {
      userId,
      kycStatus: update.kycStatus ?? existing?.kycStatus ?? 'unverified',
      riskLevel: update.riskLevel ?? existing?.riskLevel ?? 'medium',
      country: update.country ?? existing?.country ?? null,
      accountCreatedAt: update.accountCreatedAt ?? existing?.accountCreatedAt ?? null,
      origin,
      updatedAt: now,
    };
    await this.db.insert(customers).values(values).onConflictDoUpdate({ target: customers.userId, set: values });
    const profile = toProfile(values);
    this.#cache.set(userId, profile);
    return { profile, created: !existing };
  }
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
