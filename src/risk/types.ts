/** What rules read and what they return. Everything here is plain data: rules stay pure functions. */
import type { KycStatus, RiskLevel } from '../db/schema/customers.ts';
import type { TravelRuleVerdict } from '../travel-rule/check.ts';
import type { ActivityView, Direction } from './activity.ts';
import type { RiskConfig } from './config.ts';
import type { Fixed } from './money.ts';
import type { ReasonCode } from './reasons.ts';

export type Monitoring = 'standard' | 'enhanced';
export type Decision = 'approve' | 'review' | 'block';

export interface RiskTransaction {
  transactionId: string;
  /** The transaction's own timestamp (ms): every window is computed from it, never from the server clock. */
  at: number;
  direction: Direction;
  amount: Fixed;
  asset: string;
  amountUsd: Fixed;
  /** See ActivityEntry.counterpartyKey. */
  counterpartyKey?: string;
}

/** verified = KYC approved; rejected = KYC rejected; everything else (no profile, pending, expired...) = unverified. */
export type Verification = 'verified' | 'unverified' | 'rejected';

export interface CustomerFacts {
  verification: Verification;
  /** 'none' when the sidecar has no profile for the customer. */
  kycStatus: KycStatus | 'none';
  riskLevel: RiskLevel;
  /** When the account was opened on the platform (profile), if known. */
  accountCreatedAt?: number;
}

/** A country or region code found in the request, and where. */
export interface JurisdictionFact {
  field: string;
  code: string;
}

export interface WalletFinding {
  field: string;
  source: string;
  sourceId: string;
  name: string;
  currency: string;
  address: string;
  chain: string;
  programs: string[];
}

export interface NameFinding {
  field: string;
  source: string;
  sourceId: string;
  name: string;
  matchedName: string;
  type: string;
  score: number;
  programs: string[];
}

export interface SanctionsFindings {
  wallets: WalletFinding[];
  names: NameFinding[];
}

/** Facts about the request itself rather than the money: how names were sent. */
export interface InputSignals {
  /** Names carrying bidi overrides, tag or invisible characters: where and which kind, never the name. */
  disguisedNames: readonly { field: string; kinds: readonly string[] }[];
  /** Distinct counterparty-side names in the request, how many were screened, and the bound. */
  names: { distinct: number; screened: number; limit: number };
}

export interface RuleContext {
  tx: RiskTransaction;
  customer: CustomerFacts;
  /** The customer's history before this transaction (it is not in the view). */
  history: ActivityView;
  jurisdictions: readonly JurisdictionFact[];
  sanctions: SanctionsFindings;
  travelRule: TravelRuleVerdict;
  /** The customer's monitoring level before this transaction. */
  monitoring: Monitoring;
  config: RiskConfig;
  /** Absent in contexts built without a request (rule unit tests): no input signal then. */
  input?: InputSignals;
  /** The customer's own open re-screen hits (monitoring); absent when there are none. */
  customerSanctions?: {
    bestScore: number;
    alerts: readonly { alertId: string; source: string; sourceId: string; score: number }[];
  };
}

export interface RuleHit {
  code: ReasonCode;
  /** Contribution to the risk score (0..1). */
  score: number;
  /** A floor on the decision regardless of the score: 'block' is a hard block. */
  outcome?: 'block' | 'review';
  message: string;
  /** JSON-safe facts behind the hit (amounts as decimal strings), kept in the alert. */
  details: Record<string, unknown>;
}

export type Rule = (ctx: RuleContext) => RuleHit[];
