/**
 * The filing institution a SAR draft names (FinCEN SAR Part IV). Merged into the app config by src/config.ts;
 * nothing here reads process.env itself. In production a draft without them is refused (a draft with blanks would
 * be filed with blanks); in development the draft carries visible placeholders instead.
 */
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const sarEnv = z.object({
  SAR_INSTITUTION_NAME: optional,
  /** The institution's EIN (9 digits, "12-3456789"). */
  SAR_INSTITUTION_EIN: optional.refine((v) => v === undefined || /^\d{2}-?\d{7}$/.test(v), 'an EIN: 12-3456789'),
  SAR_CONTACT_NAME: optional,
  SAR_CONTACT_PHONE: optional,
  SAR_CONTACT_EMAIL: optional.refine((v) => v === undefined || /^[^@\s]+@[^@\s]+$/.test(v), 'an e-mail address'),
});

export const SAR_SETTINGS = [
  'SAR_INSTITUTION_NAME',
  'SAR_INSTITUTION_EIN',
  'SAR_CONTACT_NAME',
  'SAR_CONTACT_PHONE',
  'SAR_CONTACT_EMAIL',
] as const;

export interface SarConfig {
  institution: Partial<Record<(typeof SAR_SETTINGS)[number], string>>;
  /** Production refuses to draft while any setting is missing. */
  required: boolean;
}

export function loadSarConfig(env: NodeJS.ProcessEnv, nodeEnv: string): SarConfig {
  const parsed = sarEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { institution: parsed.data, required: nodeEnv === 'production' };
}

export function missingSarSettings(c: SarConfig): string[] {
  return SAR_SETTINGS.filter((k) => c.institution[k] === undefined);
}
