/** The vocabulary of the KYC area: one name for one thing across adapters, routing, records and API. */
import type { RiskLevel } from '../db/schema/customers.ts';

export type { RiskLevel };

export const PROVIDER_IDS = ['jumio', 'onfido', 'shufti', 'sumsub', 'veriff', 'sandbox'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const REAL_PROVIDER_IDS = [
  'jumio',
  'onfido',
  'shufti',
  'sumsub',
  'veriff',
] as const satisfies readonly ProviderId[];

/** The common statuses every provider outcome is mapped onto. */
export const VERIFICATION_STATUSES = [
  'pending',
  'in_progress',
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Statuses that carry a decision (as opposed to progress reports). */
export const DECISION_STATUSES: ReadonlySet<VerificationStatus> = new Set([
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
]);

export const ACTOR_TYPES = ['system', 'admin', 'compliance_officer', 'provider'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export interface Actor {
  type: ActorType;
  /** A non-personal identifier: an API key fingerprint, a provider id, 'kyc-service'. */
  id: string;
}

export interface PostalAddress {
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The applicant's personal data: only ever held in memory or encrypted at rest. */
export interface Applicant {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  email: string;
  /** ISO 3166-1 alpha-2 country of residence (upper case). */
  country: string;
  address?: PostalAddress;
}
