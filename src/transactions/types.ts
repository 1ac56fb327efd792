/** The screening call's input and answer, as the domain sees them (the HTTP schema validates into this shape). */
import type { Direction } from '../risk/activity.ts';
import type { ReasonCode } from '../risk/reasons.ts';
import type { ListsProvenance } from '../sanctions/provenance.ts';
import type { Decision, Monitoring } from '../risk/types.ts';
import type { TravelRuleStatus } from '../travel-rule/check.ts';
import type { Jurisdiction } from '../travel-rule/thresholds.ts';

export interface CounterpartyInput {
  /** Another customer of this platform (an internal transfer). */
  userId?: string;
  name?: string;
  walletAddress?: string;
  chain?: string;
  /** False for a self-hosted (unhosted) wallet. */
  hosted?: boolean;
  /** The platform verified the customer owns or controls the self-hosted wallet (EU TFR art. 14(5)/16(2)). */
  ownershipVerified?: boolean;
  vasp?: { name?: string; lei?: string; country?: string };
  /** ISO 3166-1 alpha-2, or an ISO 3166-2 subdivision such as UA-43 (Crimea). */
  country?: string;
}

export interface ScreenTransactionInput {
  transactionId: string;
  userId: string;
  /** ISO 8601 with offset; defaults to the server clock. */
  timestamp?: string;
  direction: Direction;
  /** Decimal string. */
  amount: string;
  asset: string;
  amountUsd?: string;
  counterparty: CounterpartyInput;
  /** IVMS101.2023 payload, structure-checked only (completeness is the Travel Rule verdict). */
  travelRule?: Record<string, unknown>;
}

export interface ReasonView {
  code: ReasonCode;
  score: number;
  outcome?: 'block' | 'review';
  message: string;
  details: Record<string, unknown>;
}

export type SanctionsHitView =
  | {
      kind: 'wallet';
      field: string;
      source: string;
      sourceId: string;
      name: string;
      currency: string;
      address: string;
      chain: string;
      programs: string[];
    }
  | {
      kind: 'name';
      field: string;
      source: string;
      sourceId: string;
      name: string;
      matchedName: string;
      type: string;
      score: number;
      programs: string[];
    };

export interface TravelRuleView {
  required: boolean;
  jurisdiction: Jurisdiction;
  thresholdUsd: string | null;
  status: TravelRuleStatus;
  missing: string[];
  invalid: { path: string; constraint?: string; message: string }[];
  unhostedOwnership?: { required: true; verified: boolean; thresholdUsd: string };
}

export interface ScreeningResponse {
  transactionId: string;
  decision: Decision;
  riskScore: number;
  reasons: ReasonView[];
  travelRule: TravelRuleView;
  sanctions: {
    hits: SanctionsHitView[];
    /** Name matches silenced by the customer's clearing of that (unchanged) entity (monitoring); absent when none. */
    clearedMatches?: (Omit<Extract<SanctionsHitView, { kind: 'name' }>, 'kind'> & { clearingId: string })[];
  };
  monitoring: Monitoring;
  /** The transaction's own time (the request's timestamp, or the server clock when it had none). */
  occurredAt: string;
  amountUsd: string;
  evaluatedAt: string;
  /** What the names and wallets were screened against (absent on decisions stored before it was recorded). */
  lists?: ListsProvenance;
}
