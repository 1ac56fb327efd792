/** A case's events as the API shows them: who (key id and officer, or the system component), when, what. */
import type { caseEvents } from '../db/schema/cases.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { CaseEvent } from './types.ts';

export type EventView = CaseEvent & { text?: string };

type EventRow = typeof caseEvents.$inferSelect;

export function timeline(rows: readonly EventRow[], cipher: PiiCipher): EventView[] {
  return rows.map((e) => {
    const system = e.actor.startsWith('system:') ? e.actor.slice('system:'.length) : undefined;
    const keyId = e.actor.startsWith('api-key:') ? e.actor.slice('api-key:'.length) : e.actor;
    return {
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: system !== undefined ? { system } : { keyId, ...(e.officer ? { officer: e.officer } : {}) },
      data: e.data,
      ...(e.textEnc ? { text: cipher.decrypt(e.textEnc, e.caseId) } : {}),
    };
  });
}
