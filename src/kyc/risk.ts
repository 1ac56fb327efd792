/**
 * Initial risk assessment of an applicant: jurisdiction and age before the provider is chosen, then the
 * sanctions screening result on top. Pure: the date of today and the country lists are passed in.
 */
import { obfuscationKinds } from '../sanctions/obfuscation.ts';
import { OBFUSCATED_NAME } from './decision.ts';
import type { RiskLevel } from './types.ts';

export interface RiskPolicy {
  highRiskCountries: ReadonlySet<string>;
  mediumRiskCountries: ReadonlySet<string>;
}

export interface RiskAssessment {
  level: RiskLevel;
  /** Stable reason codes, no personal data: high_risk_jurisdiction, under_18, sanctions_match... */
  reasons: string[];
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
const max = (a: RiskLevel, b: RiskLevel): RiskLevel => (ORDER[a] >= ORDER[b] ? a : b);

/** Whole years between a YYYY-MM-DD birth date and today (UTC). */
export function ageInYears(dateOfBirth: string, today: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export function assessApplicant(
  a: { country: string; dateOfBirth: string },
  today: Date,
  policy: RiskPolicy,
): RiskAssessment {
  let level: RiskLevel = 'low';
  const reasons: string[] = [];
  if (policy.highRiskCountries.has(a.country)) {
    level = 'high';
    reasons.push('high_risk_jurisdiction');
  } else if (policy.mediumRiskCountries.has(a.country)) {
    level = 'medium';
    reasons.push('medium_risk_jurisdiction');
  }
  const age = ageInYears(a.dateOfBirth, today);
  if (age < 18) {
    level = 'high';
    reasons.push('under_18');
  } else if (age >= 90) {
    // Elderly customers are a known target of account takeover and financial abuse.
    level = max(level, 'medium');
    reasons.push('age_90_or_over');
  }
  return { level, reasons };
}

/**
 * A name disguised with bidi overrides, tag or invisible characters is a reason of its own: the matcher
 * sees through the disguise, but someone tried it, so the verification cannot be auto-approved.
 */
export function withNameCheck(a: RiskAssessment, names: readonly string[]): RiskAssessment {
  if (!names.some((n) => obfuscationKinds(n).length > 0)) return a;
  return { level: a.level, reasons: [...a.reasons, OBFUSCATED_NAME] };
}

/** A sanctions match at or above the review threshold makes the applicant high risk. */
export function withSanctions(a: RiskAssessment, s: { screened: boolean; hits: number }): RiskAssessment {
  if (s.hits > 0) return { level: 'high', reasons: [...a.reasons, 'sanctions_match'] };
  if (!s.screened) return { level: max(a.level, 'medium'), reasons: [...a.reasons, 'sanctions_not_screened'] };
  return a;
}
