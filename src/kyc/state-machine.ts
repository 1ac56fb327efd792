/**
 * Which provider event may change a verification. Providers retry, duplicate and reorder their
 * webhooks (Sumsub says so outright), so an event is applied only when it moves the verification on:
 *
 * 1. the same status again changes nothing (idempotent);
 * 2. once a compliance officer has decided, provider events are recorded but change nothing;
 * 3. an event older than the last one applied (by the provider's own timestamp) is stale;
 * 4. a progress report (pending, in_progress) never overwrites a decision; it only moves forward
 *    (and out of resubmission_requested when it is newer: the applicant started again);
 * 5. a decision moves forward freely; it replaces a decision of the same or higher rank only when
 *    it is known to be newer (timestamp) or was read from the provider's API just now (Sumsub GREEN
 *    then RED); expiry never replaces a decision (a pending resubmission may lapse).
 */
import type { VerificationStatus } from './types.ts';

const RANK: Record<VerificationStatus, number> = {
  pending: 0,
  in_progress: 1,
  resubmission_requested: 2,
  manual_review: 2,
  approved: 3,
  rejected: 3,
  expired: 3,
};

export const FINAL_STATUSES: ReadonlySet<VerificationStatus> = new Set(['approved', 'rejected', 'expired']);

export interface CurrentState {
  status: VerificationStatus;
  /** Set when a compliance officer decided the verification. */
  officerDecided: boolean;
  /** Provider timestamp of the last applied event, if the provider gives one. */
  lastEventAt?: Date;
}

export interface IncomingEvent {
  status: VerificationStatus;
  occurredAt?: Date;
  /** Read from the provider's API just now rather than delivered: the provider's current truth. */
  authoritative: boolean;
}

export type TransitionVerdict =
  | { apply: true }
  | { apply: false; why: 'unchanged' | 'officer_decided' | 'stale' | 'regression' };

export function judgeTransition(cur: CurrentState, ev: IncomingEvent): TransitionVerdict {
  if (ev.status === cur.status) return { apply: false, why: 'unchanged' };
  if (cur.officerDecided) return { apply: false, why: 'officer_decided' };
  const known = ev.occurredAt !== undefined && cur.lastEventAt !== undefined;
  if (known && ev.occurredAt! < cur.lastEventAt!) return { apply: false, why: 'stale' };
  const newer = ev.authoritative || (known && ev.occurredAt! > cur.lastEventAt!);
  const forward = RANK[ev.status] > RANK[cur.status];

  const progress = RANK[ev.status] < 2;
  if (progress) {
    if (forward) return { apply: true };
    return cur.status === 'resubmission_requested' && newer ? { apply: true } : { apply: false, why: 'regression' };
  }
  // A session that times out after a decision means nothing; one awaiting resubmission may well lapse.
  if (ev.status === 'expired' && RANK[cur.status] >= 2 && cur.status !== 'resubmission_requested')
    return { apply: false, why: 'regression' };
  if (forward || newer) return { apply: true };
  return { apply: false, why: 'regression' };
}
