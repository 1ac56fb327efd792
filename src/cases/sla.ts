/**
 * Priorities and due dates. docs/compliance-rules.md gives the timing we anchor on: a sanctions hit must be
 * handled "without delay" (OFAC blocking reports are due within 10 business days, so a confirmed hit cannot wait
 * for a weekly review), and a SAR is due 30 days after detection — a transaction alert therefore has to be
 * decided well inside that window. The defaults are hours and configurable (CASES_SLA_*_HOURS).
 */
import type { CasePriority } from './types.ts';

export type SlaHours = Record<CasePriority, number>;

/** critical 4 h, high 24 h, normal 72 h (3 days), low 168 h (7 days). */
export const DEFAULT_SLA_HOURS: SlaHours = { critical: 4, high: 24, normal: 72, low: 168 };

export const PRIORITY_RANK: Record<CasePriority, number> = { low: 0, normal: 1, high: 2, critical: 3 };

export function dueAtFor(priority: CasePriority, at: Date, sla: SlaHours = DEFAULT_SLA_HOURS): Date {
  return new Date(at.getTime() + sla[priority] * 3_600_000);
}

/** The higher of two priorities (an escalation never lowers one). */
export function maxPriority(a: CasePriority, b: CasePriority): CasePriority {
  return PRIORITY_RANK[a] >= PRIORITY_RANK[b] ? a : b;
}
