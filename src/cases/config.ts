/**
 * Casework settings (CASES_*), merged into the app config by src/config.ts. The SLA hours set each new case's
 * due date from its priority; see sla.ts for why the defaults are what they are.
 */
import { z } from 'zod';
import { DEFAULT_SLA_HOURS, type SlaHours } from './sla.ts';

export interface CasesConfig {
  /** Four eyes: a high-risk approval by one officer waits for a second officer's confirmation. */
  fourEyes: boolean;
  sla: SlaHours;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const hours = (d: number) =>
  z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(d);

const schema = z.object({
  CASES_FOUR_EYES: flag.default(false),
  CASES_SLA_CRITICAL_HOURS: hours(DEFAULT_SLA_HOURS.critical),
  CASES_SLA_HIGH_HOURS: hours(DEFAULT_SLA_HOURS.high),
  CASES_SLA_NORMAL_HOURS: hours(DEFAULT_SLA_HOURS.normal),
  CASES_SLA_LOW_HOURS: hours(DEFAULT_SLA_HOURS.low),
});

export function loadCasesConfig(env: NodeJS.ProcessEnv): CasesConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid cases configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    fourEyes: e.CASES_FOUR_EYES,
    sla: {
      critical: e.CASES_SLA_CRITICAL_HOURS,
      high: e.CASES_SLA_HIGH_HOURS,
      normal: e.CASES_SLA_NORMAL_HOURS,
      low: e.CASES_SLA_LOW_HOURS,
    },
  };
}
