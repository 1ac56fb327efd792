import type { Context } from 'hono';
import type { CaseActor } from '../cases/types.ts';
import type { AppEnv } from './types.ts';

/**
 * Who acts on casework (cases, appeals, SAR drafts): the API key, whether it holds `senior`, and the officer the
 * validated X-Actor header names (recorded as given, never used for access).
 */
export function caseActor(c: Context<AppEnv>, officer: string | undefined): CaseActor {
  const p = c.get('principal');
  return { keyId: p.keyId, senior: p.scopes.has('senior'), ...(officer ? { officer } : {}) };
}
