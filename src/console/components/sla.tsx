/** SLA state of a case, in words first (readable without colour), coloured second. */
import type { CaseView } from '../../cases/types.ts';

export type SlaState = 'overdue' | 'due soon' | 'on time' | 'decided';

/** "due soon": less than a quarter of the case's own SLA window is left. */
export function slaState(c: Pick<CaseView, 'status' | 'overdue' | 'createdAt' | 'dueAt'>, now: Date): SlaState {
  if (c.status === 'decided') return 'decided';
  if (c.overdue) return 'overdue';
  const due = Date.parse(c.dueAt);
  const window = due - Date.parse(c.createdAt);
  return due - now.getTime() < window / 4 ? 'due soon' : 'on time';
}

export const Sla = ({ c, now }: { c: CaseView; now: Date }) => {
  const s = slaState(c, now);
  return <span class={`sla ${s.replace(' ', '-')}`}>{s}</span>;
};
