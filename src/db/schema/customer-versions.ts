import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The version of each customer's screening state (issue #14, src/transactions/customer-state.ts): bumped by one in
 * the same database transaction as every decision that changes the customer's windows, so an instance whose cached
 * window carries an older version knows another instance moved the customer and reloads. No row = version 0.
 */
export const customerVersions = sqliteTable('customer_versions', {
  userId: text('user_id').primaryKey(),
  version: integer('version').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
