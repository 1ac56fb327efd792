import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const KYC_STATUSES = [
  'unverified',
  'pending',
  'in_progress',
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * A platform customer as the rules see them: KYC status, risk level, country, account age.
 * Written by the profile import (PUT /v1/users/:userId) and by KYC decisions; read by transaction screening.
 */
export const customers = sqliteTable('customers', {
  userId: text('user_id').primaryKey(),
  kycStatus: text('kyc_status', { enum: KYC_STATUSES }).notNull().default('unverified'),
  riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull().default('medium'),
  /** ISO 3166-1 alpha-2 country of residence. */
  country: text('country'),
  /** When the customer's account was opened on the platform (not when the sidecar first saw it). */
  accountCreatedAt: integer('account_created_at', { mode: 'timestamp_ms' }),
  /** 'import' (platform's own verification) or 'kyc' (a verification run by this sidecar). */
  origin: text('origin', { enum: ['import', 'kyc'] }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
