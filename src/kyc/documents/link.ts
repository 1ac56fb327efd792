/**
 * A document check made for a known verification: the MRZ's name and birth date are compared with the
 * applicant's, and the document's expiry is kept on the verification (re-verification falls due then).
 * Only field names and codes reach the audit trail, never the values.
 */
import { NotFoundError } from '../../errors.ts';
import { appendAudit } from '../audit.ts';
import type { KycContext } from '../context.ts';
import { findVerification, updateVerification } from '../store.ts';
import type { Actor, Applicant } from '../types.ts';
import type { DocumentCheckResult } from './check.ts';

/** MRZ text is upper-case Latin without diacritics; names are compared in that form, letters only. */
const mrzForm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

export type MrzField = 'surname' | 'givenNames' | 'dateOfBirth';

export function mrzMismatches(mrz: DocumentCheckResult['checks']['mrz'], a: Applicant): MrzField[] {
  const out: MrzField[] = [];
  if (mrz.surname !== undefined && mrzForm(mrz.surname) !== mrzForm(a.lastName)) out.push('surname');
  // The MRZ may truncate long given names: a prefix match is a match.
  if (mrz.givenNames !== undefined && !mrzForm(a.firstName).startsWith(mrzForm(mrz.givenNames))) out.push('givenNames');
  if (mrz.dateOfBirth !== undefined && mrz.dateOfBirth !== a.dateOfBirth) out.push('dateOfBirth');
  return out;
}

export async function assertVerificationExists(ctx: Pick<KycContext, 'db'>, verificationId: string) {
  const v = await findVerification(ctx.db, verificationId);
  if (!v) throw new NotFoundError(`No verification ${verificationId}.`);
  return v;
}

export async function linkDocumentCheck(
  ctx: KycContext,
  verificationId: string,
  result: DocumentCheckResult,
  actor: Actor,
): Promise<MrzField[]> {
  const v = await assertVerificationExists(ctx, verificationId);
  const applicant = ctx.cipher.decryptJson<Applicant>(v.applicantEnc, v.id);
  const mrz = result.checks.mrz;
  const mismatches = mrz.valid ? mrzMismatches(mrz, applicant) : [];
  const now = ctx.clock();
  if (mrz.valid && mrz.expiryDate) await updateVerification(ctx.db, v.id, { documentExpiresOn: mrz.expiryDate });
  await appendAudit(ctx.db, now, {
    verificationId: v.id,
    action: 'document_checked',
    actor,
    details: {
      accepted: result.accepted,
      problems: result.problems.map((p) => p.code),
      mrzValid: mrz.valid,
      mismatches,
      documentExpiryRecorded: mrz.valid && mrz.expiryDate !== undefined,
    },
  });
  return mismatches;
}
