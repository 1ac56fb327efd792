/**
 * The identity a customer is screened under, decrypted only for the customer being scored: an imported
 * identity (PUT /v1/users/:userId, encrypted in monitored_customers) or the applicant of the approved KYC
 * verification (through the KYC cipher, as the KYC views read it).
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { kycVerifications } from '../db/schema/kyc.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import { findVerification } from '../kyc/store.ts';
import type { Applicant } from '../kyc/types.ts';

export interface Identity {
  /** Full name as on the identity document. */
  name: string;
  /** YYYY[-MM[-DD]] */
  dateOfBirth?: string;
  /** ISO 3166-1 alpha-2 */
  nationality?: string;
  /** Country of residence (KYC applicants): a weaker hint than nationality, used when nationality is unknown. */
  country?: string;
}

/** Bound to the user id: a ciphertext copied onto another customer's row does not decrypt. */
const aad = (userId: string) => `monitoring:${userId}`;

export function encryptIdentity(cipher: PiiCipher, userId: string, identity: Identity): string {
  return cipher.encryptJson(identity, aad(userId));
}

export interface IdentityRef {
  userId: string;
  identityEnc: string | null;
  verificationId: string | null;
}

export async function readIdentity(db: Db, cipher: PiiCipher, ref: IdentityRef): Promise<Identity | undefined> {
  if (ref.identityEnc || !ref.verificationId) return openIdentity(cipher, ref, undefined);
  return openIdentity(cipher, ref, (await findVerification(db, ref.verificationId))?.applicantEnc);
}

/**
 * The identity a customer's row names: its own sealed identity, else its KYC applicant's (sealed under the
 * verification id).
 */
function openIdentity(cipher: PiiCipher, ref: IdentityRef, applicantEnc: string | undefined): Identity | undefined {
  if (ref.identityEnc) return cipher.decryptJson<Identity>(ref.identityEnc, aad(ref.userId));
  if (!applicantEnc || !ref.verificationId) return undefined;
  return applicantIdentity(cipher.decryptJson<Applicant>(applicantEnc, ref.verificationId));
}

/**
 * readIdentity for a whole chunk, with one query for its KYC applicants instead of one per customer. Each entry
 * is the identity (undefined: nothing to screen) or the error that kept it unread (never its content).
 */
export async function readIdentities(
  db: Db,
  cipher: PiiCipher,
  refs: readonly IdentityRef[],
): Promise<(Identity | undefined | Error)[]> {
  const verificationIds = refs.flatMap((r) => (!r.identityEnc && r.verificationId ? [r.verificationId] : []));
  const applicants = new Map<string, string>();
  if (verificationIds.length > 0) {
    const rows = await db
      .select({ id: kycVerifications.id, applicantEnc: kycVerifications.applicantEnc })
      .from(kycVerifications)
      .where(inArray(kycVerifications.id, verificationIds));
    for (const r of rows) applicants.set(r.id, r.applicantEnc);
  }
  return refs.map((ref) => {
    try {
      return openIdentity(cipher, ref, ref.verificationId ? applicants.get(ref.verificationId) : undefined);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
}

export function applicantIdentity(a: Applicant): Identity {
  return { name: `${a.firstName} ${a.lastName}`, dateOfBirth: a.dateOfBirth, country: a.country };
}

/** The countries the scorer corroborates a match with: nationality, else residence. */
export function identityCountries(i: Identity): string[] | undefined {
  const c = i.nationality ?? i.country;
  return c ? [c.toUpperCase()] : undefined;
}
