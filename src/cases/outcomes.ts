/**
 * The seam every kind's decision goes through. CasesService opens one database transaction, checks the decision
 * may be made, calls the kind's handler, then marks the case decided — all in that transaction, so a subject is
 * never changed without its case saying so (or the reverse). I/O that cannot roll back (starting a verification
 * with a provider) goes in `afterCommit`.
 */
import type { cases } from '../db/schema/cases.ts';
import type { Tx } from '../kyc/db.ts';
import type { CaseActor, CaseKind, DecisionInput } from './types.ts';

/** A case row as stored. */
export type CaseRecord = typeof cases.$inferSelect;

export interface OutcomeContext {
  tx: Tx;
  record: CaseRecord;
  input: DecisionInput;
  actor: CaseActor;
  at: Date;
}

export interface OutcomeResult {
  /** Non-personal facts added to the `decided` event and the case.decided notification. */
  data?: Record<string, unknown>;
  afterCommit?: () => Promise<void>;
}

export type OutcomeHandler = (ctx: OutcomeContext) => Promise<OutcomeResult>;

export type OutcomeHandlers = Record<CaseKind, OutcomeHandler>;

/** `api-key:<id>`: the actor string stored on events and decisions. */
export function actorString(actor: Pick<CaseActor, 'keyId'>): string {
  return `api-key:${actor.keyId}`;
}

/**
 * Work through another module's service that cannot join the case's transaction, run before it (see
 * handlers/sanctions-rescreen.ts for why that order fails safe). It must be harmless to repeat.
 */
export type Prepare = (ctx: { record: CaseRecord; input: DecisionInput; actor: CaseActor }) => Promise<void>;
