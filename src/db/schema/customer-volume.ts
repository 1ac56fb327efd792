import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Lifetime transaction volume per customer in USD, exact: whole dollars plus the fraction in 10^-18 dollars
 * (the scale of src/risk/money.ts), both integers. One integer of 10^-18 dollars would overflow 64 bits at
 * 9.2 USD; SQLite turns an overflowing integer sum into a float, so the fraction carries into the whole
 * dollars inside the upsert instead. Counts approved transactions when committed and held ones when released.
 */
export const customerVolume = sqliteTable('customer_volume', {
  userId: text('user_id').primaryKey(),
  /** Whole US dollars. */
  usd: integer('usd').notNull(),
  /** The fraction of a dollar in 10^-18 dollars: 0 ≤ fraction < 10^18. */
  fraction: integer('fraction').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
