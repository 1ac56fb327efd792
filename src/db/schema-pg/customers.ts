// PostgreSQL mirror of src/db/schema/customers.ts: same tables, columns and indexes; type mapping in ./columns.ts.
import { pgTable, text } from 'drizzle-orm/pg-core';
import { timestampMs } from './columns.ts';
import { KYC_STATUSES, RISK_LEVELS } from '../schema/customers.ts';
/** The value lists are the SQLite schema's own: one definition for both dialects. */
export { KYC_STATUSES, RISK_LEVELS, type KycStatus, type RiskLevel } from '../schema/customers.ts';

/**
 * A platform customer as the rules see them: KYC status, risk level, country, account age.
 * Written by the profile import (PUT /v1/users/:userId) and by KYC decisions; read by transaction screening.
 */
export const customers = pgTable('customers', {
  userId: text('user_id').primaryKey(),
  kycStatus: text('kyc_status', { enum: KYC_STATUSES }).notNull().default('unverified'),
  riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull().default('medium'),
  /** ISO 3166-1 alpha-2 country of residence. */
  country: text('country'),
  /** When the customer's account was opened on the platform (not when the sidecar first saw it). */
  accountCreatedAt: timestampMs('account_created_at'),
  /** 'import' (platform's own verification) or 'kyc' (a verification run by this sidecar). */
  origin: text('origin', { enum: ['import', 'kyc'] }).notNull(),
  updatedAt: timestampMs('updated_at').notNull(),
});
