/** Each provider's status vocabulary → the common statuses, as in the mapping table of providers.md. */
import { describe, expect, it } from 'vitest';
import { mapJumioStatus } from '../../../src/kyc/providers/jumio.ts';
import { mapOnfidoStatus } from '../../../src/kyc/providers/onfido.ts';
import { mapSandboxStatus } from '../../../src/kyc/providers/sandbox.ts';
import { mapShuftiStatus } from '../../../src/kyc/providers/shufti.ts';
import { mapSumsubStatus, sumsubLabel } from '../../../src/kyc/providers/sumsub.ts';
import { mapVeriffStatus } from '../../../src/kyc/providers/veriff.ts';

describe('status mapping', () => {
  it.each([
    ['awaiting_input', 'pending'],
    ['processing', 'in_progress'],
    ['approved', 'approved'],
    ['declined', 'rejected'],
    ['review', 'manual_review'],
    ['awaiting_client_input', 'manual_review'],
    ['abandoned', 'expired'],
    ['error', 'manual_review'],
  ])('Onfido run status %s → %s', (label, common) => expect(mapOnfidoStatus(label)).toBe(common));

  it.each([
    ['INITIATED', 'pending'],
    ['ACQUIRED', 'in_progress'],
    ['PROCESSED', 'in_progress'],
    ['PASSED', 'approved'],
    ['REJECTED', 'rejected'],
    ['WARNING', 'manual_review'],
    ['SESSION_EXPIRED', 'expired'],
    ['TOKEN_EXPIRED', 'expired'],
    ['NOT_EXECUTED', 'expired'],
  ])('Jumio %s → %s', (label, common) => expect(mapJumioStatus(label)).toBe(common));

  it.each([
    ['request.pending', 'pending'],
    ['request.received', 'in_progress'],
    ['verification.accepted', 'approved'],
    ['verification.declined', 'rejected'],
    ['review.pending', 'manual_review'],
    ['request.timeout', 'expired'],
    ['verification.cancelled', 'expired'],
  ])('Shufti Pro %s → %s', (label, common) => expect(mapShuftiStatus(label)).toBe(common));

  it('Shufti Pro request errors and "status changed" pings carry no status of their own', () => {
    for (const e of ['request.invalid', 'request.unauthorized', 'verification.status.changed'])
      expect(mapShuftiStatus(e)).toBeUndefined();
  });

  it.each([
    [{ reviewStatus: 'init' }, undefined, 'pending'],
    [{ reviewStatus: 'pending' }, undefined, 'in_progress'],
    [{ reviewStatus: 'queued' }, undefined, 'in_progress'],
    [{ reviewStatus: 'prechecked' }, undefined, 'in_progress'],
    [{ reviewStatus: 'onHold' }, 'applicantOnHold', 'manual_review'],
    [{ reviewStatus: 'completed', reviewResult: { reviewAnswer: 'GREEN' } }, 'applicantReviewed', 'approved'],
    [
      { reviewStatus: 'completed', reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL' } },
      'applicantReviewed',
      'rejected',
    ],
    [
      { reviewStatus: 'completed', reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'RETRY' } },
      'applicantReviewed',
      'resubmission_requested',
    ],
    [{ reviewStatus: 'completed' }, 'applicantDeactivated', 'expired'],
  ])('Sumsub %j (%s) → %s', (review, type, common) => expect(mapSumsubStatus(sumsubLabel(review, type))).toBe(common));

  it.each([
    ['created', 'pending'],
    ['7001', 'in_progress'],
    ['7002', 'in_progress'],
    ['9001', 'approved'],
    ['9102', 'rejected'],
    ['9103', 'resubmission_requested'],
    ['9104', 'expired'],
    ['9121', 'manual_review'],
  ])('Veriff %s → %s', (code, common) => expect(mapVeriffStatus(code)).toBe(common));

  it('unknown labels map to nothing rather than to a guess', () => {
    expect(mapOnfidoStatus('complete')).toBeUndefined();
    expect(mapJumioStatus('SOMETHING')).toBeUndefined();
    expect(mapVeriffStatus('9999')).toBeUndefined();
    expect(mapSandboxStatus('bogus')).toBeUndefined();
    expect(mapSandboxStatus('approved')).toBe('approved');
  });
});
