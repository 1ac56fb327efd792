/**
 * A customer's lifetime transaction volume in USD, exact (src/db/schema/customer-volume.ts): approved transactions
 * add theirs in the group commit that stores them (so an idempotent replay, refused by that commit, never counts
 * twice), held transactions when released, blocked and rejected ones never.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerVolume } from '../db/schema/customer-volume.ts';
import type { DbOrTx } from '../kyc/db.ts';
import { type Fixed, formatDecimal, parseDecimal, SCALE } from '../risk/money.ts';
import { TableRows } from '../transactions/row-writer.ts';

const ONE = 10n ** BigInt(SCALE);

/**
 * The fraction carries into the whole dollars in SQL; both sums stay below 2^63 (fractions < 2·10^18), so no integer
 * overflow (which SQLite would silently turn into a float). Portable: SQLite and PostgreSQL both accept it.
 */
const UPSERT = `on conflict ("user_id") do update set
  "usd" = "customer_volume"."usd" + excluded."usd" + ("customer_volume"."fraction" + excluded."fraction") / ${ONE},
  "fraction" = ("customer_volume"."fraction" + excluded."fraction") % ${ONE},
  "updated_at" = excluded."updated_at"`;

/** For the transaction group commit: one upsert row per customer (PostgreSQL refuses the same key twice). */
export const lifetimeVolumeRows = new TableRows(customerVolume, { upsert: UPSERT });

type VolumeRow = typeof customerVolume.$inferInsert;

function row(userId: string, amount: Fixed, at: Date): VolumeRow {
  // bigint on purpose: a fraction above 2^53 must reach the driver intact.
  return {
    userId,
    usd: (amount / ONE) as unknown as number,
    fraction: (amount % ONE) as unknown as number,
    updatedAt: at,
  };
}

/** The rows adding each customer's share of `entries`, summed per customer. */
export function lifetimeVolumeDeltas(entries: readonly { userId: string; amountUsd: Fixed }[], at: Date): VolumeRow[] {
  const totals = new Map<string, Fixed>();
  for (const e of entries) totals.set(e.userId, (totals.get(e.userId) ?? 0n) + e.amountUsd);
  return [...totals].map(([userId, amount]) => row(userId, amount, at));
}

/** Adds `amountUsd` (a decimal string) to the customer's lifetime volume, inside the caller's transaction. */
export async function addLifetimeVolume(tx: DbOrTx, userId: string, amountUsd: string, at: Date): Promise<void> {
  const values = row(userId, parseDecimal(amountUsd), at);
  const v = customerVolume;
  await tx
    .insert(v)
    .values(values)
    .onConflictDoUpdate({
      target: v.userId,
      set: {
        usd: sql`${v.usd} + excluded.${sql.identifier(v.usd.name)} + (${v.fraction} + excluded.${sql.identifier(v.fraction.name)}) / ${sql.raw(String(ONE))}`,
        fraction: sql`(${v.fraction} + excluded.${sql.identifier(v.fraction.name)}) % ${sql.raw(String(ONE))}`,
        updatedAt: at,
      },
    });
}

/** The customer's lifetime volume as an exact decimal string ("0" when nothing counted yet). */
export async function lifetimeVolumeUsd(db: DbOrTx | Db, userId: string): Promise<string> {
  const v = customerVolume;
  // As text: the driver would refuse (or round) an integer beyond 2^53.
  const stored = await db
    .select({ usd: sql<string>`cast(${v.usd} as text)`, fraction: sql<string>`cast(${v.fraction} as text)` })
    .from(v)
    .where(eq(v.userId, userId))
    .get();
  if (!stored) return '0';
  return formatDecimal(BigInt(stored.usd) * ONE + BigInt(stored.fraction));
}
