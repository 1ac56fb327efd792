/**
 * Casework settings (CASES_*), merged into the app config by src/config.ts. The SLA hours set each new case's
 * due date from its kind and priority; see sla.ts for why the defaults are what they are. Three levels, the most
 * specific wins:
 *   CASES_SLA_<PRIORITY>_HOURS         every kind at that priority (CASES_SLA_HIGH_HOURS);
 *   CASES_SLA_<KIND>_HOURS             every priority of that kind (CASES_SLA_APPEAL_HOURS);
 *   CASES_SLA_<KIND>_<PRIORITY>_HOURS  one kind at one priority (CASES_SLA_KYC_REVIEW_HIGH_HOURS).
 * <KIND> is KYC_REVIEW, TRANSACTION, SANCTIONS_RESCREEN or APPEAL; <PRIORITY> CRITICAL, HIGH, NORMAL or LOW.
 */
import { z } from 'zod';
import { DEFAULT_PRIORITY_SLA_HOURS, type SlaHours } from './sla.ts';
import { CASE_KINDS, CASE_PRIORITIES, type CaseKind, type CasePriority } from './types.ts';

export interface CasesConfig {
  /**
   * Four eyes: a high-risk approval, and the overturn of an appeal, by one officer waits for a second officer's
   * confirmation.
   */
  fourEyes: boolean;
  /** Hours to decide, by kind and priority. */
  sla: SlaHours;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const hours = z.coerce
  .number()
  .positive()
  .max(24 * 365);

const up = (s: string) => s.toUpperCase();
export const slaPriorityVar = (p: CasePriority) => `CASES_SLA_${up(p)}_HOURS`;
export const slaKindVar = (k: CaseKind) => `CASES_SLA_${up(k)}_HOURS`;
export const slaKindPriorityVar = (k: CaseKind, p: CasePriority) => `CASES_SLA_${up(k)}_${up(p)}_HOURS`;

const schema = z.object({
  CASES_FOUR_EYES: flag.default(false),
  ...Object.fromEntries(CASE_PRIORITIES.map((p) => [slaPriorityVar(p), hours.default(DEFAULT_PRIORITY_SLA_HOURS[p])])),
  ...Object.fromEntries(CASE_KINDS.map((k) => [slaKindVar(k), hours.optional()])),
  ...Object.fromEntries(
    CASE_KINDS.flatMap((k) => CASE_PRIORITIES.map((p) => [slaKindPriorityVar(k, p), hours.optional()])),
  ),
});

export function loadCasesConfig(env: NodeJS.ProcessEnv): CasesConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid cases configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data as { CASES_FOUR_EYES: boolean } & Record<string, number | undefined>;
  const sla = Object.fromEntries(
    CASE_KINDS.map((k) => [
      k,
      Object.fromEntries(
        CASE_PRIORITIES.map((p) => [p, e[slaKindPriorityVar(k, p)] ?? e[slaKindVar(k)] ?? e[slaPriorityVar(p)]!]),
      ),
    ]),
  ) as SlaHours;
  return { fourEyes: e.CASES_FOUR_EYES, sla };
}
