/**
 * Priorities and due dates. docs/compliance-rules.md gives the timing we anchor on: a sanctions hit must be
 * handled "without delay" (OFAC blocking reports are due within 10 business days, so a confirmed hit cannot wait
 * for a weekly review), and a SAR is due 30 days after detection — a transaction alert therefore has to be
 * decided well inside that window. The defaults are hours and configurable for every kind of case and each
 * priority (CASES_SLA_* in config.ts): a case's due date is its creation plus the hours of its kind and priority.
 */
import { CASE_KINDS, type CaseKind, type CasePriority } from './types.ts';

/** Hours to decide a case, by priority. */
export type PrioritySla = Record<CasePriority, number>;

/** The SLA setting: hours to decide a case, by kind and priority. */
export type SlaHours = Record<CaseKind, PrioritySla>;

/** critical 4 h, high 24 h, normal 72 h (3 days), low 168 h (7 days). */
export const DEFAULT_PRIORITY_SLA_HOURS: PrioritySla = { critical: 4, high: 24, normal: 72, low: 168 };

/** Every kind starts from the same hours per priority; CASES_SLA_<KIND>_… settings change one kind. */
export const DEFAULT_SLA_HOURS: SlaHours = Object.fromEntries(
  CASE_KINDS.map((k) => [k, { ...DEFAULT_PRIORITY_SLA_HOURS }]),
) as SlaHours;

export const PRIORITY_RANK: Record<CasePriority, number> = { low: 0, normal: 1, high: 2, critical: 3 };

export function dueAtFor(kind: CaseKind, priority: CasePriority, at: Date, sla: SlaHours = DEFAULT_SLA_HOURS): Date {
  return new Date(at.getTime() + sla[kind][priority] * 3_600_000);
}

/** The higher of two priorities (an escalation never lowers one). */
export function maxPriority(a: CasePriority, b: CasePriority): CasePriority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}
