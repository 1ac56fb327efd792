/**
 * The casework model: one queue of work for people. A case points at its subject (a verification in manual
 * review, a transaction alert, a re-screen alert, an appeal); the subject's own table keeps its facts, the case
 * keeps who works it, by when, and what was decided. Every change is an event on the case's timeline.
 */

export const CASE_KINDS = ['kyc_review', 'transaction', 'sanctions_rescreen', 'appeal'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/**
 * open: waiting for someone; in_progress: assigned; escalated: only a `senior` key may decide it;
 * awaiting_confirmation: four eyes (CASES_FOUR_EYES) — a first officer approved, a second must confirm;
 * decided: final.
 */
export const CASE_STATUSES = ['open', 'in_progress', 'escalated', 'awaiting_confirmation', 'decided'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** The outcomes each kind of case can be decided with (POST /v1/cases/:id/decision `outcome`). */
export const CASE_OUTCOMES = {
  /**
   * A verification in manual review, a re-verification that fell due, or a business under review (approve /
   * reject only); the subject id tells them apart (sources.ts kycReviewSubject).
   */
  kyc_review: ['approve', 'reject', 'request_resubmission'],
  /** release / reject for a held transaction (answered `review`); clear / escalate for the others. */
  transaction: ['release', 'reject', 'clear', 'escalate'],
  /** clear_false_positive is the sticky clearing of the customer–entity pair; confirm_match blocks the customer. */
  sanctions_rescreen: ['clear_false_positive', 'confirm_match'],
  appeal: ['overturn', 'uphold', 'reverify'],
} as const satisfies Record<CaseKind, readonly string[]>;
export type CaseOutcome = (typeof CASE_OUTCOMES)[CaseKind][number];

export const CASE_EVENT_TYPES = [
  'created',
  'assigned',
  'commented',
  'escalated',
  'decided',
  /** Four eyes: the first approval, waiting for the second officer. */
  'decision_proposed',
  'personal_data_viewed',
  /** A SAR draft (version n) was made from the case: { sarId, version } (src/sar). */
  'sar_drafted',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Who acted: the API key's fingerprint id, and the officer the `X-Actor` header (or the console sign-in) named. */
export interface CaseActor {
  keyId: string;
  /** As given by the caller; recorded, never trusted for authorisation. */
  officer?: string;
  /** The key holds the `senior` scope. */
  senior: boolean;
}

export interface CaseEvent {
  id: string;
  type: CaseEventType;
  at: string;
  actor: { keyId: string; officer?: string } | { system: string };
  /** assigned: { assignee }; commented: { text }; decided: { outcome, reason, notes? }; escalated: { reason } */
  data: Record<string, unknown>;
}

export interface CaseView {
  id: string;
  kind: CaseKind;
  status: CaseStatus;
  priority: CasePriority;
  userId: string;
  /** The verification, alert or appeal id the case is about. */
  subjectId: string;
  /** A one-line, non-personal summary for the queue ("transaction.structuring · 9,800 USD"). */
  summary: string;
  assignee: string | null;
  escalated: boolean;
  createdAt: string;
  dueAt: string;
  ageSeconds: number;
  overdue: boolean;
  decision: { outcome: CaseOutcome; reason: string; decidedBy: string; decidedAt: string } | null;
}

export interface CaseFilter {
  kind?: CaseKind;
  status?: CaseStatus;
  priority?: CasePriority;
  assignee?: string;
  userId?: string;
  /** RFC 3339: only cases opened at or before it (the queue's age filter). */
  createdBefore?: string;
  order?: 'newest' | 'oldest';
  limit: number;
  cursor?: string;
}

export interface DecisionInput {
  outcome: CaseOutcome;
  reason: string;
  notes?: string;
}
