/** Business customers (KYB): the input, and the statuses a business goes through. */
import type { PostalAddress } from '../types.ts';

export const KYB_ROLES = ['owner', 'director', 'controller'] as const;
export type KybRole = (typeof KYB_ROLES)[number];
export const KYB_STATUSES = ['pending', 'approved', 'manual_review', 'rejected'] as const;
export type KybStatus = (typeof KYB_STATUSES)[number];

export interface BusinessPersonInput {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** ISO 3166-1 alpha-2 */
  nationality: string;
  /** Decimal string or number with at most two decimals (exact: kept in basis points). */
  ownershipPercent: number;
  role: KybRole;
}

export interface BusinessInput {
  businessId: string;
  legalName: string;
  registrationNumber: string;
  country: string;
  lei?: string;
  incorporationDate?: string;
  address: PostalAddress;
  owners: BusinessPersonInput[];
}

/** What is stored encrypted for the company. */
export interface BusinessDetails {
  legalName: string;
  registrationNumber: string;
  incorporationDate?: string;
  address: PostalAddress;
}

export type BusinessPerson = Omit<BusinessPersonInput, 'ownershipPercent' | 'role'>;
