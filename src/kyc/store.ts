/** Reads and writes of verification records. No decisions here: the verbs decide, this persists. */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { kycProviderAttempts, kycSanctionsResults, kycVerifications, kycWebhookReceipts } from '../db/schema/kyc.ts';
import type { DbOrTx } from './db.ts';
import type { ProviderId, VerificationStatus } from './types.ts';

export type VerificationRow = typeof kycVerifications.$inferSelect;
export type NewVerificationRow = typeof kycVerifications.$inferInsert;
export type SanctionsResultRow = typeof kycSanctionsResults.$inferSelect;
export type NewAttemptRow = typeof kycProviderAttempts.$inferInsert;

export async function findVerification(db: DbOrTx, id: string): Promise<VerificationRow | undefined> {
  return db.select().from(kycVerifications).where(eq(kycVerifications.id, id)).get();
}

export async function findByProviderRef(
  db: DbOrTx,
  provider: ProviderId,
  providerRef: string,
): Promise<VerificationRow | undefined> {
  return db
    .select()
    .from(kycVerifications)
    .where(and(eq(kycVerifications.provider, provider), eq(kycVerifications.providerRef, providerRef)))
    .get();
}

export async function latestForUser(db: DbOrTx, userId: string): Promise<VerificationRow | undefined> {
  return db
    .select()
    .from(kycVerifications)
    .where(eq(kycVerifications.userId, userId))
    .orderBy(desc(kycVerifications.createdAt))
    .limit(1)
    .get();
}

/** A customer's verifications, newest first, at most `limit` (the KYC history of the customer view). */
export async function verificationsOfUser(db: DbOrTx, userId: string, limit: number): Promise<VerificationRow[]> {
  return db
    .select()
    .from(kycVerifications)
    .where(eq(kycVerifications.userId, userId))
    .orderBy(desc(kycVerifications.createdAt))
    .limit(limit);
}

export async function sanctionsResultsOf(db: DbOrTx, verificationId: string): Promise<SanctionsResultRow[]> {
  return db
    .select()
    .from(kycSanctionsResults)
    .where(eq(kycSanctionsResults.verificationId, verificationId))
    .orderBy(desc(kycSanctionsResults.score));
}

export async function updateVerification(db: DbOrTx, id: string, patch: Partial<NewVerificationRow>): Promise<void> {
  await db.update(kycVerifications).set(patch).where(eq(kycVerifications.id, id));
}

export async function recordAttempts(db: DbOrTx, rows: NewAttemptRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(kycProviderAttempts).values(rows);
}

export async function attemptsOf(db: DbOrTx, verificationId: string) {
  return db
    .select()
    .from(kycProviderAttempts)
    .where(eq(kycProviderAttempts.verificationId, verificationId))
    .orderBy(kycProviderAttempts.id);
}

export async function receiptExists(db: DbOrTx, provider: ProviderId, bodyDigest: string): Promise<boolean> {
  const row = await db
    .select({ d: kycWebhookReceipts.bodyDigest })
    .from(kycWebhookReceipts)
    .where(and(eq(kycWebhookReceipts.provider, provider), eq(kycWebhookReceipts.bodyDigest, bodyDigest)))
    .get();
  return row !== undefined;
}

/** Records a receipt; false when one with the same digest was recorded meanwhile (a concurrent duplicate). */
export async function recordReceipt(db: DbOrTx, row: typeof kycWebhookReceipts.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(kycWebhookReceipts)
    .values(row)
    .onConflictDoNothing()
    .returning({ d: kycWebhookReceipts.bodyDigest });
  return inserted.length > 0;
}

/** Verifications whose session lifetime ran out while nobody had decided them. */
export async function overdue(db: DbOrTx, now: Date, limit = 500): Promise<VerificationRow[]> {
  const open: VerificationStatus[] = ['pending', 'in_progress', 'resubmission_requested'];
  return db
    .select()
    .from(kycVerifications)
    .where(and(inArray(kycVerifications.status, open), lt(kycVerifications.expiresAt, now)))
    .limit(limit);
}
