/**
 * Reason codes: stable, documented names (docs/transactions.md) shared by the API, the database and
 * the metrics. Renaming one is a breaking change for every consumer of decisions and alerts.
 */
export const REASON_CODES = [
  'sanctions.wallet',
  'sanctions.counterparty_name',
  'sanctions.customer',
  'geo.sanctioned_jurisdiction',
  'geo.high_risk_jurisdiction',
  'kyc.rejected',
  'kyc.unverified',
  'limits.single_transaction',
  'limits.daily_volume',
  'velocity.daily_volume',
  'velocity.daily_count',
  'velocity.burst',
  'aml.structuring',
  'aml.rapid_movement',
  'aml.fan_in',
  'aml.fan_out',
  'aml.new_account_high_value',
  'aml.dormant_reactivation',
  'travel_rule.incomplete',
  'travel_rule.unhosted_wallet',
  'travel_rule.too_many_names',
  'input.obfuscated_name',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * What a hit contributes to the score. Most keys are reason codes; three rules score two severities:
 * FATF black vs grey list, an unverified customer within vs over the unverified limit, and a name
 * match below vs at the block score (the block score itself always counts 1).
 */
export const WEIGHT_KEYS = [...REASON_CODES, 'geo.high_risk_jurisdiction.black', 'kyc.unverified.over_limit'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];

export const DEFAULT_WEIGHTS: Readonly<Record<WeightKey, number>> = {
  'sanctions.wallet': 1,
  'sanctions.counterparty_name': 0.85,
  'sanctions.customer': 0.85,
  'geo.sanctioned_jurisdiction': 1,
  'geo.high_risk_jurisdiction': 0.3,
  'geo.high_risk_jurisdiction.black': 0.65,
  'kyc.rejected': 1,
  'kyc.unverified': 0.1,
  'kyc.unverified.over_limit': 0.85,
  'limits.single_transaction': 1,
  'limits.daily_volume': 1,
  'velocity.daily_volume': 0.35,
  'velocity.daily_count': 0.35,
  'velocity.burst': 0.35,
  'aml.structuring': 0.65,
  'aml.rapid_movement': 0.65,
  'aml.fan_in': 0.5,
  'aml.fan_out': 0.5,
  'aml.new_account_high_value': 0.45,
  'aml.dormant_reactivation': 0.4,
  'travel_rule.incomplete': 0.85,
  'travel_rule.unhosted_wallet': 0.85,
  'travel_rule.too_many_names': 0.85,
  // Above RISK_REVIEW_SCORE on its own, so a disguised name is reviewed by default; a lower weight makes it a signal only.
  'input.obfuscated_name': 0.85,
};
