/**
 * The seed's escalation rule: a customer whose lifetime transaction volume exceeds the threshold is a high-value
 * relationship, so their appeal goes to senior compliance (scope `senior`) with high priority.
 */
import type { CasePriority } from '../cases/types.ts';
import { type Fixed, parseDecimal } from '../risk/money.ts';

export interface Escalation {
  escalated: boolean;
  priority: CasePriority;
}

/** `lifetimeVolumeUsd` is an exact decimal string; "exceeds" is strict, as in the seed. */
export function escalationFor(lifetimeVolumeUsd: string, thresholdUsd: Fixed): Escalation {
  const escalated = parseDecimal(lifetimeVolumeUsd) > thresholdUsd;
  return { escalated, priority: escalated ? 'high' : 'normal' };
}
