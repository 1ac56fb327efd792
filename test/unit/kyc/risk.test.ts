/** Initial risk: jurisdiction and age, then the sanctions screening on top. */
import { describe, expect, it } from 'vitest';
import { ageInYears, assessApplicant, withSanctions } from '../../../src/kyc/risk.ts';

const policy = { highRiskCountries: new Set(['IR', 'KP']), mediumRiskCountries: new Set(['NG']) };
const today = new Date('2026-06-15T12:00:00Z');

describe('risk assessment', () => {
  it('counts whole years, birthday or not', () => {
    expect(ageInYears('2008-06-15', today)).toBe(18);
    expect(ageInYears('2008-06-16', today)).toBe(17);
    expect(ageInYears('1960-01-01', today)).toBe(66);
  });

  it.each([
    ['US', '1990-01-01', 'low', []],
    ['NG', '1990-01-01', 'medium', ['medium_risk_jurisdiction']],
    ['IR', '1990-01-01', 'high', ['high_risk_jurisdiction']],
    ['US', '2010-01-01', 'high', ['under_18']],
    ['US', '1930-01-01', 'medium', ['age_90_or_over']],
    ['KP', '1930-01-01', 'high', ['high_risk_jurisdiction', 'age_90_or_over']],
  ])('%s, born %s → %s', (country, dateOfBirth, level, reasons) => {
    expect(assessApplicant({ country, dateOfBirth }, today, policy)).toEqual({ level, reasons });
  });

  it('makes a sanctions match high risk, and an unscreened applicant at least medium', () => {
    const low = assessApplicant({ country: 'US', dateOfBirth: '1990-01-01' }, today, policy);
    expect(withSanctions(low, { screened: true, hits: 1 })).toEqual({ level: 'high', reasons: ['sanctions_match'] });
    expect(withSanctions(low, { screened: false, hits: 0 })).toEqual({
      level: 'medium',
      reasons: ['sanctions_not_screened'],
    });
    expect(withSanctions(low, { screened: true, hits: 0 })).toBe(low);
  });
});
