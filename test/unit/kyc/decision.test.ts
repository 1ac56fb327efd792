/** The compliance decision table: above all, a sanctions match (or no screening at all) is never auto-approved. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/kyc/decision.ts';

const clean = { sanctionsHits: 0, sanctionsScreened: true, riskReasons: [] as string[] };

describe('compliance decision', () => {
  it.each([
    ['approved', clean, 'approved'],
    ['approved', { ...clean, sanctionsHits: 1 }, 'manual_review'],
    ['approved', { ...clean, sanctionsScreened: false }, 'manual_review'],
    ['approved', { ...clean, riskReasons: ['under_18'] }, 'manual_review'],
    ['approved', { ...clean, riskReasons: ['high_risk_jurisdiction'] }, 'approved'],
    ['rejected', clean, 'rejected'],
    ['rejected', { ...clean, sanctionsHits: 2 }, 'rejected'],
    ['manual_review', clean, 'manual_review'],
    ['resubmission_requested', clean, 'resubmission_requested'],
    ['expired', { ...clean, sanctionsHits: 1 }, 'expired'],
    ['pending', clean, 'pending'],
    ['in_progress', { ...clean, sanctionsHits: 1 }, 'in_progress'],
  ] as const)('provider %s with %j → %s', (providerStatus, checks, expected) => {
    expect(decide({ providerStatus, ...checks }).status).toBe(expected);
  });

  it('gives the reasons the audit trail records', () => {
    expect(decide({ providerStatus: 'approved', ...clean, sanctionsHits: 1 }).reasons).toEqual([
      'provider_approved',
      'sanctions_match',
    ]);
    expect(decide({ providerStatus: 'approved', ...clean }).reasons).toEqual([
      'provider_approved',
      'no_sanctions_match',
    ]);
    expect(decide({ providerStatus: 'rejected', ...clean, sanctionsHits: 1 }).reasons).toEqual([
      'provider_rejected',
      'sanctions_match',
    ]);
  });
});
