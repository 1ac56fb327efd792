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

  it('holds a high-risk applicant for a person even when the provider approves (configurable)', () => {
    const high = { ...clean, riskLevel: 'high' as const, riskReasons: ['high_risk_jurisdiction'] };
    expect(decide({ providerStatus: 'approved', ...high })).toEqual({
      status: 'manual_review',
      reasons: ['provider_approved', 'high_risk_applicant'],
    });
    expect(decide({ providerStatus: 'approved', ...high, highRiskManualReview: false }).status).toBe('approved');
    expect(decide({ providerStatus: 'approved', ...clean, riskLevel: 'medium' }).status).toBe('approved');
    // Already held for what made it high risk: the reasons name that, not a second time "high risk".
    expect(decide({ providerStatus: 'approved', ...high, sanctionsHits: 1 }).reasons).toEqual([
      'provider_approved',
      'sanctions_match',
    ]);
    expect(decide({ providerStatus: 'rejected', ...high }).status).toBe('rejected');
  });

  it('never auto-approves an applicant whose name was disguised', () => {
    const disguised = { ...clean, riskReasons: ['input.obfuscated_name'] };
    expect(decide({ providerStatus: 'approved', ...disguised })).toEqual({
      status: 'manual_review',
      reasons: ['provider_approved', 'input.obfuscated_name'],
    });
    expect(decide({ providerStatus: 'approved', ...disguised, sanctionsHits: 1 }).reasons).toEqual([
      'provider_approved',
      'sanctions_match',
      'input.obfuscated_name',
    ]);
  });
});
