/**
 * Profile import (PUT /v1/users/:userId): platforms already verified their customers before the
 * sidecar arrived; the rules need that status, the risk level, the country and the account age.
 */
import type { CustomerProfile, CustomerProfiles } from '../customers/profiles.ts';
import type { KycStatus, RiskLevel } from '../db/schema/customers.ts';
import { InvalidInputError } from '../errors.ts';

export interface ProfileImportInput {
  kycStatus?: KycStatus;
  riskLevel?: RiskLevel;
  country?: string;
  /** ISO 8601: when the account was opened on the platform. */
  createdAt?: string;
}

export async function importCustomerProfile(
  customers: CustomerProfiles,
  clock: () => Date,
  userId: string,
  input: ProfileImportInput,
): Promise<{ profile: CustomerProfile; created: boolean }> {
  let accountCreatedAt: Date | undefined;
  if (input.createdAt !== undefined) {
    accountCreatedAt = new Date(input.createdAt);
    if (accountCreatedAt.getTime() > clock().getTime() + 60_000) {
      throw new InvalidInputError('createdAt is in the future.', [
        { path: 'createdAt', message: 'an account cannot be opened in the future' },
      ]);
    }
  }
  return customers.upsert(
    userId,
    {
      ...(input.kycStatus ? { kycStatus: input.kycStatus } : {}),
      ...(input.riskLevel ? { riskLevel: input.riskLevel } : {}),
      ...(input.country ? { country: input.country } : {}),
      ...(accountCreatedAt ? { accountCreatedAt } : {}),
    },
    'import',
  );
}

export function profileView(p: CustomerProfile) {
  return {
    userId: p.userId,
    kycStatus: p.kycStatus,
    riskLevel: p.riskLevel,
    country: p.country ?? null,
    createdAt: p.accountCreatedAt?.toISOString() ?? null,
    origin: p.origin,
    updatedAt: p.updatedAt.toISOString(),
  };
}
