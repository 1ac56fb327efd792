// PostgreSQL mirror of src/db/schema/customer-versions.ts: same tables, columns and indexes; type mapping in ./columns.ts.
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs } from './columns.ts';

/**
 * The version of each customer's screening state (issue #14, src/transactions/customer-state.ts): bumped by one in
 * the same database transaction as every decision that changes the customer's windows, so an instance whose cached
 * window carries an older version knows another instance moved the customer and reloads. No row = version 0.
 * Locked with `SELECT … FOR UPDATE` by the decision's transaction.
 */
export const customerVersions = pgTable('customer_versions', {
  userId: text('user_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: timestampMs('updated_at').notNull(),
});
