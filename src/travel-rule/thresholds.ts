/**
 * Travel Rule thresholds by the jurisdiction the platform operates under (TRAVEL_RULE_JURISDICTION).
 * Amounts are in the jurisdiction's own currency and converted with the configured rates, so a
 * rate update moves the USD threshold without a code change. `from` dates make replays of old
 * transactions evaluate under the rule then in force.
 */
import { multiply, units, type Fixed } from '../risk/money.ts';
import type { RateTable } from '../risk/rates.ts';

export interface ThresholdRule {
  /** ISO date the rule applies from (inclusive); before it no Travel Rule applied there. */
  from?: string;
  /** At or above this amount (in `currency`) originator and beneficiary information is required. 0 = every transfer. */
  amount: number;
  currency: string;
  /** Self-hosted wallets above this amount need proof the customer owns or controls the wallet. */
  unhostedOwnershipAbove?: number;
  source: string;
}

export const JURISDICTIONS = ['FATF', 'US', 'EU', 'UK', 'SG', 'CH', 'CA', 'KR', 'HK', 'AE', 'AU', 'JP'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const THRESHOLDS: Readonly<Record<Jurisdiction, ThresholdRule>> = {
  FATF: { amount: 1_000, currency: 'USD', source: 'FATF Recommendation 16 / INR.15 7(b): USD/EUR 1,000 de minimis' },
  US: {
    amount: 3_000,
    currency: 'USD',
    source: '31 CFR 1010.410(f) (funds transfer recordkeeping and travel rule), USD 3,000',
  },
  EU: {
    from: '2024-12-30',
    amount: 0,
    currency: 'EUR',
    unhostedOwnershipAbove: 1_000,
    source: 'Regulation (EU) 2023/1113 (TFR), no threshold from 30 Dec 2024; art. 14(5)/16(2) self-hosted > EUR 1,000',
  },
  UK: {
    from: '2023-09-01',
    amount: 1_000,
    currency: 'EUR',
    source: 'MLR 2017 reg. 64C–64J (UK travel rule), EUR 1,000',
  },
  SG: { amount: 1_500, currency: 'SGD', source: 'MAS Notice PSN02 para. 13, SGD 1,500' },
  CH: { amount: 0, currency: 'CHF', source: 'FINMA Guidance 02/2019: no threshold in practice' },
  CA: {
    from: '2021-06-01',
    amount: 1_000,
    currency: 'CAD',
    source: 'PCMLTFR travel rule for virtual currency transfers, CAD 1,000',
  },
  KR: {
    from: '2022-03-25',
    amount: 1_000_000,
    currency: 'KRW',
    source: 'Act on Reporting and Using Specified Financial Transaction Information, KRW 1,000,000',
  },
  HK: { from: '2023-06-01', amount: 8_000, currency: 'HKD', source: 'AMLO Schedule 2 s.13A (VA transfers), HKD 8,000' },
  AE: { amount: 3_500, currency: 'AED', source: 'CBUAE / VARA travel rule, AED 3,500' },
  AU: {
    from: '2026-03-31',
    amount: 0,
    currency: 'AUD',
    source: 'AML/CTF Amendment Act 2024: travel rule for virtual asset transfers from 31 Mar 2026, no threshold',
  },
  JP: {
    from: '2023-06-01',
    amount: 100_000,
    currency: 'JPY',
    source:
      'Japan PSA/JVCEA travel rule; JPY 100,000 equivalent NOT verified against the rule text — confirm before relying on it',
  },
};

export interface ResolvedThreshold {
  jurisdiction: Jurisdiction;
  /** False before the rule's `from` date. */
  inForce: boolean;
  thresholdUsd: Fixed;
  unhostedOwnershipAboveUsd?: Fixed;
  source: string;
}

/**
 * The USD amounts of each jurisdiction's rule, per rate table: converting them is BigInt work that every
 * screening repeated (~1 % of the event loop per transaction). A rate table is immutable (a new
 * configuration builds a new one), so its entry is valid for as long as the table lives.
 */
const usdAmounts = new WeakMap<RateTable, Map<Jurisdiction, Omit<ResolvedThreshold, 'inForce'>>>();

/** The rule for `jurisdiction` on `date` (YYYY-MM-DD), with amounts in USD. Throws when a rate is missing (a configuration error). */
export function resolveThreshold(jurisdiction: Jurisdiction, date: string, rates: RateTable): ResolvedThreshold {
  const rule = THRESHOLDS[jurisdiction];
  let byJurisdiction = usdAmounts.get(rates);
  if (!byJurisdiction) {
    byJurisdiction = new Map();
    usdAmounts.set(rates, byJurisdiction);
  }
  let amounts = byJurisdiction.get(jurisdiction);
  if (!amounts) {
    amounts = convert(jurisdiction, rates);
    byJurisdiction.set(jurisdiction, amounts);
  }
  const inForce = rule.from === undefined || date >= rule.from;
  // Built field by field: an object spread here cost more than the conversion it saves.
  return amounts.unhostedOwnershipAboveUsd === undefined
    ? { jurisdiction, inForce, thresholdUsd: amounts.thresholdUsd, source: amounts.source }
    : {
        jurisdiction,
        inForce,
        thresholdUsd: amounts.thresholdUsd,
        unhostedOwnershipAboveUsd: amounts.unhostedOwnershipAboveUsd,
        source: amounts.source,
      };
}

function convert(jurisdiction: Jurisdiction, rates: RateTable): Omit<ResolvedThreshold, 'inForce'> {
  const rule = THRESHOLDS[jurisdiction];
  const toUsd = (amount: number) => {
    if (rule.currency === 'USD') return units(amount);
    const rate = rates.get(rule.currency);
    if (rate === undefined)
      throw new Error(
        `no rate for ${rule.currency}: add it to FX_RATES_USD (needed by TRAVEL_RULE_JURISDICTION=${jurisdiction})`,
      );
    return multiply(units(amount), rate);
  };
  return {
    jurisdiction,
    thresholdUsd: toUsd(rule.amount),
    ...(rule.unhostedOwnershipAbove !== undefined
      ? { unhostedOwnershipAboveUsd: toUsd(rule.unhostedOwnershipAbove) }
      : {}),
    source: rule.source,
  };
}
