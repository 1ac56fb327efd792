// PostgreSQL mirror of src/db/schema/customer-volume.ts: same tables, columns and indexes; type mapping in ./columns.ts.
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs } from './columns.ts';

/**
 * Lifetime transaction volume per customer in USD, exact: whole dollars plus the fraction in 10^-18 dollars
 * (the scale of src/risk/money.ts), both integers. One integer of 10^-18 dollars would overflow 64 bits at
 * 9.2 USD; SQLite turns an overflowing integer sum into a float, so the fraction carries into the whole
 * dollars inside the upsert instead. Counts approved transactions when committed and held ones when released.
 */
export const customerVolume = pgTable('customer_volume', {
  userId: text('user_id').primaryKey(),
  /** Whole US dollars. */
  usd: bigint('usd', { mode: 'number' }).notNull(),
  /** The fraction of a dollar in 10^-18 dollars: 0 ≤ fraction < 10^18. */
  // Intentional: `bigint` like every SQLite integer. A fraction can exceed 2^53, so it must be read as text (the
  // store casts it, src/customers/lifetime-volume.ts) and written as a JS bigint, on PostgreSQL as on SQLite.
  fraction: bigint('fraction', { mode: 'number' }).notNull(),
  updatedAt: timestampMs('updated_at').notNull(),
});
