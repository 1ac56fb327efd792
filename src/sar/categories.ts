/**
 * Rule codes → FinCEN SAR suspicious-activity categories.
 *
 * Item numbers follow the FinCEN SAR (BSA E-Filing, 2012 form) Part II "Suspicious Activity Information":
 * item 26 amount involved, item 27 date or date range, item 28 cumulative amount (continuing activity), and the
 * category items 29 Structuring, 30 Terrorist financing, 31 Fraud, 33 Money laundering, 34 Identification /
 * documentation, 35 Other suspicious activities. Part I is the subject (items 3–25), Part IV the filing
 * institution's contact information, Part V the narrative. Check them against the current e-filing release before
 * a filing: the draft is a starting point for the officer, not a submission.
 *
 * Sanctions matches are reported under "Other" (item 35, with the list named in the narrative): a blocked
 * transaction is reported to OFAC; a SAR adds it only when the activity itself is suspicious.
 */
import type { ReasonCode } from '../risk/reasons.ts';

export interface SarCategory {
  /** FinCEN SAR Part II item number. */
  item: 29 | 30 | 31 | 33 | 34 | 35;
  category:
    | 'Structuring'
    | 'Terrorist financing'
    | 'Fraud'
    | 'Money laundering'
    | 'Identification/Documentation'
    | 'Other';
  /** The sub-type as the form words it (the letter boxes under the item). */
  type: string;
}

const structuring = (type: string): SarCategory => ({ item: 29, category: 'Structuring', type });
const laundering = (type: string): SarCategory => ({ item: 33, category: 'Money laundering', type });
const other = (type: string): SarCategory => ({ item: 35, category: 'Other', type });
const identification = (type: string): SarCategory => ({ item: 34, category: 'Identification/Documentation', type });

export const SAR_CATEGORIES: Readonly<Record<ReasonCode, SarCategory>> = {
  'aml.structuring': structuring('Transaction(s) below BSA recordkeeping threshold'),
  'limits.single_transaction': structuring('Transaction(s) below CTR threshold'),
  'aml.rapid_movement': laundering('Funnel account'),
  'aml.fan_in': laundering('Funnel account'),
  'aml.fan_out': laundering('Transaction out of pattern for customer(s)'),
  'aml.new_account_high_value': laundering('Transaction out of pattern for customer(s)'),
  'aml.dormant_reactivation': laundering('Transaction out of pattern for customer(s)'),
  'velocity.daily_volume': laundering('Transaction out of pattern for customer(s)'),
  'velocity.daily_count': laundering('Transaction out of pattern for customer(s)'),
  'velocity.burst': laundering('Transaction out of pattern for customer(s)'),
  'limits.daily_volume': laundering('Transaction out of pattern for customer(s)'),
  'sanctions.wallet': other('Transaction with sanctioned party (OFAC list match)'),
  'sanctions.counterparty_name': other('Transaction with sanctioned party (OFAC list match)'),
  'sanctions.customer': other('Customer matches a sanctions list entry'),
  'geo.sanctioned_jurisdiction': other('Transaction(s) involving sanctioned jurisdiction'),
  'geo.high_risk_jurisdiction': other('Transaction(s) involving foreign high risk jurisdiction'),
  'kyc.rejected': identification('Multiple individuals with same or similar identities'),
  'kyc.unverified': identification('Refused or avoided request for documentation'),
  'travel_rule.incomplete': identification('Provided questionable or false documentation'),
  'travel_rule.unhosted_wallet': other('Transfer to or from an unhosted wallet without required information'),
  'travel_rule.too_many_names': identification('Multiple individuals with same or similar identities'),
  'input.obfuscated_name': identification('Provided questionable or false documentation'),
};

/** A re-screen hit confirmed as a true match (the monitoring alert's own code). */
const RESCREEN: SarCategory = other('Customer matches a sanctions list entry');

export function sarCategoryOf(code: string): SarCategory {
  if (code === 'sanctions.rescreen') return RESCREEN;
  return (SAR_CATEGORIES as Record<string, SarCategory>)[code] ?? other(`Rule ${code}`);
}

/** Distinct categories of a set of rule codes, in form order. */
export function sarCategories(codes: readonly string[]): (SarCategory & { ruleCodes: string[] })[] {
  const byKey = new Map<string, SarCategory & { ruleCodes: string[] }>();
  for (const code of codes) {
    const c = sarCategoryOf(code);
    const key = `${c.item}:${c.type}`;
    const entry = byKey.get(key) ?? { ...c, ruleCodes: [] };
    if (!entry.ruleCodes.includes(code)) entry.ruleCodes.push(code);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => a.item - b.item || a.type.localeCompare(b.type));
}
