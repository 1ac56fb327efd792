/**
 * The appeal verbs the routes call. A decision is never made here: it goes through the cases service's decide on
 * the appeal's case, which runs the `appeal` OutcomeHandler (outcome.ts), so the case timeline and the appeal
 * cannot disagree, and the senior rule for escalated cases is applied in one place.
 */
import type { CaseActor, CaseStatus, DecisionInput } from '../cases/types.ts';
import { NotFoundError } from '../errors.ts';
import { appendAudit } from '../kyc/audit.ts';
import type { KycContext } from '../kyc/context.ts';
import type { Actor } from '../kyc/types.ts';
import type { AppealsConfig } from './config.ts';
import { type AppealFilter, findAppeal, listAppeals } from './store.ts';
import { type AppealInput, submitAppeal } from './submit.ts';
import { appealDetail, appealSummary } from './views.ts';

/** The one cases-service verb appeals need. */
export interface CaseDecider {
  decide(caseId: string, input: DecisionInput, actor: CaseActor): Promise<{ status: CaseStatus }>;
}

export interface AppealsServiceDeps {
  kyc: KycContext;
  config: AppealsConfig;
  cases: CaseDecider;
}

export interface AppealDecision {
  outcome: 'overturn' | 'uphold' | 'reverify';
  notes: string;
  reason?: string;
}

export class AppealsService {
  constructor(private readonly deps: AppealsServiceDeps) {}

  submit(verificationId: string, input: AppealInput, actor: Actor, officer?: string) {
    return submitAppeal(this.deps, verificationId, input, actor, officer);
  }

  /**
   * The appeal after the decision, and its case's status: `awaiting_confirmation` when four eyes
   * (CASES_FOUR_EYES) holds an overturn for a second officer — the appeal is then still pending_review.
   */
  async decide(appealId: string, input: AppealDecision, actor: CaseActor) {
    const appeal = await findAppeal(this.deps.kyc.db, appealId);
    if (!appeal) throw new NotFoundError(`No appeal ${appealId}.`);
    const theCase = await this.deps.cases.decide(
      appeal.caseId,
      { outcome: input.outcome, reason: input.reason ?? `appeal_${input.outcome}`, notes: input.notes },
      actor,
    );
    const decided = await findAppeal(this.deps.kyc.db, appealId);
    return { ...appealSummary(decided!), caseStatus: theCase.status };
  }

  async list(filter: AppealFilter) {
    const page = await listAppeals(this.deps.kyc.db, filter);
    return { appeals: page.rows.map(appealSummary), next: page.next };
  }

  /** With the reason, documents and notes decrypted: that view of personal data is audited (KYC audit trail). */
  async get(appealId: string, viewer: Actor) {
    const { db, clock, cipher } = this.deps.kyc;
    const appeal = await findAppeal(db, appealId);
    if (!appeal) throw new NotFoundError(`No appeal ${appealId}.`);
    await appendAudit(db, clock(), {
      verificationId: appeal.verificationId,
      action: 'personal_data_viewed',
      actor: viewer,
      details: { appealId },
    });
    return appealDetail(appeal, cipher);
  }
}
