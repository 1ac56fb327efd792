/**
 * Rule codes → FinCEN SAR suspicious-activity categories.
 *
 * Item numbers and box labels follow the current FinCEN SAR (BSA E-Filing, FinCEN Form 111 as revised after the
 * 2012 release), Part II "Suspicious Activity Information": item 29 amount involved, 30 date or date range,
 * 31 cumulative amount (continuing activity report), then "check all that apply" items 32 Structuring,
 * 33 Terrorist financing, 34 Fraud, 35 Gaming activities, 36 Money laundering, 37 Identification/Documentation,
 * 38 Other suspicious activities, 39 Insurance, 40 Securities/Futures/Options, 41 Mortgage fraud, 42 Cyber event,
 * 45 product types, 46 instrument types. Box "z" of each item is "Other", with a text the filer writes.
 * The 2012 release numbered the same Part II items 26–35 (structuring 29, money laundering 33, other 35); this
 * file used those numbers with the newer labels ("Funnel account", "Transaction(s) below CTR threshold",
 * "Transaction(s) involving foreign high risk jurisdiction" exist only in the revised form) until corrected.
 * Sources (public, checked 2026): FinCEN/BIS joint alert of 2022-06-28 (fincen.gov/sites/default/files/2022-06/
 * FinCEN%20and%20Bis%20Joint%20Alert%20FINAL.pdf) cites "field 45(z) (Other Product Types)" and "field 46";
 * FinCEN advisory FIN-2020-A007 cites "SAR field 34(z)" for fraud; FIN-2023-Alert001 cites field 38(g) human
 * smuggling and 38(h) human trafficking; the box lists are those of the form's Part II as reproduced in public
 * e-filing form implementations. docs/compliance-rules.md (FinCEN / BSA) gives the sections of a draft. Check them
 * against the current e-filing release before a filing: the draft is a starting point for the officer.
 *
 * Sanctions matches have no box of their own: they are "Other" (38 z) with the list named, since a blocked
 * transaction is reported to OFAC and a SAR adds it only when the activity itself is suspicious.
 */
import type { ReasonCode } from '../risk/reasons.ts';

export type SarItem = 32 | 33 | 34 | 36 | 37 | 38;

export interface SarCategory {
  /** FinCEN SAR Part II item number. */
  item: SarItem;
  category:
    | 'Structuring'
    | 'Terrorist financing'
    | 'Fraud'
    | 'Money laundering'
    | 'Identification/Documentation'
    | 'Other suspicious activities';
  /** The box as the form words it; `Other (…)` is box z with the text the filer would write. */
  type: string;
}

const structuring = (type: string): SarCategory => ({ item: 32, category: 'Structuring', type });
const laundering = (type: string): SarCategory => ({ item: 36, category: 'Money laundering', type });
const identification = (type: string): SarCategory => ({ item: 37, category: 'Identification/Documentation', type });
const other = (type: string): SarCategory => ({ item: 38, category: 'Other suspicious activities', type });
/** Box z of item 38, with its text. */
const otherZ = (text: string): SarCategory => other(`Other (${text})`);

const BELOW_CTR = 'Transaction(s) below CTR threshold';
const BELOW_RECORDKEEPING = 'Transaction(s) below BSA recordkeeping threshold';

export const SAR_CATEGORIES: Readonly<Record<ReasonCode, SarCategory>> = {
  // The rule's default threshold is the CTR's 10,000 USD; sarCategoryOf picks the box from the hit's threshold.
  'aml.structuring': structuring(BELOW_CTR),
  // A payment above the customer's limit is unusual for the customer, not an attempt to stay under a threshold.
  'limits.single_transaction': laundering('Transaction out of pattern for customer(s)'),
  'aml.rapid_movement': laundering('Funnel account'),
  'aml.fan_in': laundering('Funnel account'),
  'aml.fan_out': laundering('Transaction out of pattern for customer(s)'),
  'aml.new_account_high_value': laundering('Transaction out of pattern for customer(s)'),
  'aml.dormant_reactivation': laundering('Transaction out of pattern for customer(s)'),
  'velocity.daily_volume': laundering('Transaction out of pattern for customer(s)'),
  'velocity.daily_count': laundering('Transaction out of pattern for customer(s)'),
  'velocity.burst': laundering('Transaction out of pattern for customer(s)'),
  'limits.daily_volume': laundering('Transaction out of pattern for customer(s)'),
  'sanctions.wallet': otherZ('transaction with a sanctioned party: sanctions list match of the wallet'),
  'sanctions.counterparty_name': otherZ('transaction with a sanctioned party: sanctions list match of the name'),
  'sanctions.customer': otherZ('customer matches a sanctions list entry'),
  'geo.sanctioned_jurisdiction': other('Transaction(s) involving foreign high risk jurisdiction'),
  'geo.high_risk_jurisdiction': other('Transaction(s) involving foreign high risk jurisdiction'),
  // A failed identity verification: the identification was not accepted.
  'kyc.rejected': identification('Provided questionable or false identification'),
  'kyc.unverified': identification('Refused or avoided request for documentation'),
  'travel_rule.incomplete': identification('Provided questionable or false documentation'),
  'travel_rule.unhosted_wallet': otherZ('transfer to or from an unhosted wallet without the required information'),
  'travel_rule.too_many_names': identification('Multiple individuals with same or similar identities'),
  // A name disguised with look-alike characters or spacing to get past screening.
  'input.obfuscated_name': identification('Changes spelling or arrangement of name'),
};

/** A re-screen hit confirmed as a true match (the monitoring alert's own code). */
const RESCREEN: SarCategory = otherZ('customer matches a sanctions list entry');

/** The structuring box for the threshold the hit stayed under: CTR 10,000 USD, funds-transfer records 3,000 USD. */
function structuringBox(details: unknown): SarCategory {
  const t = (details as { thresholdUsd?: unknown } | null | undefined)?.thresholdUsd;
  if (t === undefined || t === null) return SAR_CATEGORIES['aml.structuring'];
  const usd = Number(t);
  if (usd === 10_000) return structuring(BELOW_CTR);
  // 31 CFR 1010.410(e)/(f): records of funds transfers of 3,000 USD or more (docs/compliance-rules.md).
  if (usd === 3_000) return structuring(BELOW_RECORDKEEPING);
  return structuring(`Other (transactions just below ${String(t)} USD)`);
}

/** A rule hit: its code and, for structuring, its details (the threshold it stayed under). */
export type SarHit = string | { code: string; details?: unknown };

export function sarCategoryOf(hit: SarHit): SarCategory {
  const code = typeof hit === 'string' ? hit : hit.code;
  if (code === 'sanctions.rescreen') return RESCREEN;
  if (code === 'aml.structuring' && typeof hit !== 'string') return structuringBox(hit.details);
  return (SAR_CATEGORIES as Record<string, SarCategory>)[code] ?? otherZ(`rule ${code}`);
}

/** Distinct categories of a set of rule hits, in form order. */
export function sarCategories(hits: readonly SarHit[]): (SarCategory & { ruleCodes: string[] })[] {
  const byKey = new Map<string, SarCategory & { ruleCodes: string[] }>();
  for (const hit of hits) {
    const code = typeof hit === 'string' ? hit : hit.code;
    const c = sarCategoryOf(hit);
    const key = `${c.item}:${c.type}`;
    const entry = byKey.get(key) ?? { ...c, ruleCodes: [] };
    if (!entry.ruleCodes.includes(code)) entry.ruleCodes.push(code);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => a.item - b.item || a.type.localeCompare(b.type));
}
