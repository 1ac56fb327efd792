/** Appeal settings from the environment (merged into src/config.ts). */
import { z } from 'zod';
import { decimalProblem, parseDecimal, type Fixed } from '../risk/money.ts';

export interface AppealsConfig {
  /** A customer whose lifetime volume exceeds this (USD, exact) is escalated to senior compliance. */
  escalationVolumeUsd: Fixed;
}

const envSchema = z.object({
  // The seed's figure.
  APPEAL_ESCALATION_VOLUME_USD: z
    .string()
    .default('100000')
    .superRefine((v, ctx) => {
      const problem = decimalProblem(v.trim());
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => parseDecimal(v.trim())),
});

export function loadAppealsConfig(e: NodeJS.ProcessEnv): AppealsConfig {
  const parsed = envSchema.safeParse(e);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { escalationVolumeUsd: parsed.data.APPEAL_ESCALATION_VOLUME_USD };
}
