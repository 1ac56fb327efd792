/** Builders for rule tests: a real RiskConfig from defaults, real ActivityLogs, plain verdicts. */
import { ActivityLog, type ActivityEntry } from '../../../src/risk/activity.ts';
import { loadRiskConfig, type RiskConfig } from '../../../src/risk/config.ts';
import { parseDecimal } from '../../../src/risk/money.ts';
import type { CustomerFacts, RiskTransaction, RuleContext } from '../../../src/risk/types.ts';
import type { TravelRuleVerdict } from '../../../src/travel-rule/check.ts';

export const T0 = Date.parse('2026-03-02T12:00:00Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const defaultConfig: RiskConfig = loadRiskConfig({});

let seq = 0;

export function tx(p: Partial<Omit<RiskTransaction, 'amountUsd' | 'amount'>> & { usd?: string } = {}): RiskTransaction {
  const usd = parseDecimal(p.usd ?? '100');
  return {
    transactionId: p.transactionId ?? `tx-${++seq}`,
    at: p.at ?? T0,
    direction: p.direction ?? 'outbound',
    amount: usd,
    asset: p.asset ?? 'USDC',
    amountUsd: usd,
    ...(p.counterpartyKey ? { counterpartyKey: p.counterpartyKey } : {}),
  };
}

export function entry(p: {
  at: number;
  usd: string;
  direction?: 'inbound' | 'outbound';
  cp?: string;
  counted?: boolean;
  id?: string;
}): ActivityEntry {
  return {
    transactionId: p.id ?? `h-${++seq}`,
    at: p.at,
    direction: p.direction ?? 'outbound',
    amountUsd: parseDecimal(p.usd),
    ...(p.cp ? { counterpartyKey: p.cp } : {}),
    bodyTag: 0,
    counted: p.counted ?? true,
  };
}

export const notRequired: TravelRuleVerdict = {
  required: false,
  jurisdiction: 'FATF',
  thresholdUsd: parseDecimal('1000'),
  status: 'not_required',
  missing: [],
  invalid: [],
};

export const verified: CustomerFacts = {
  verification: 'verified',
  kycStatus: 'approved',
  riskLevel: 'medium',
  accountCreatedAt: T0 - 365 * DAY,
};

export function context(p: {
  tx?: RiskTransaction;
  history?: ActivityEntry[];
  summary?: { lastActiveBeforeHeld?: number; firstSeenAt?: number };
  customer?: Partial<CustomerFacts>;
  monitoring?: 'standard' | 'enhanced';
  config?: RiskConfig;
  travelRule?: TravelRuleVerdict;
  jurisdictions?: { field: string; code: string }[];
  sanctions?: RuleContext['sanctions'];
}): RuleContext {
  return {
    tx: p.tx ?? tx(),
    customer: { ...verified, ...p.customer },
    history: new ActivityLog(p.history ?? [], p.summary ?? {}),
    jurisdictions: p.jurisdictions ?? [],
    sanctions: p.sanctions ?? { wallets: [], names: [] },
    travelRule: p.travelRule ?? notRequired,
    monitoring: p.monitoring ?? 'standard',
    config: p.config ?? defaultConfig,
  };
}

export const codes = (hits: { code: string }[]) => hits.map((h) => h.code);
