/** Builds the CasesService with every kind's outcome handler and subject reader (bootstrap and tests). */
import type { Config } from '../config.ts';
import type { CustomerProfiles } from '../customers/profiles.ts';
import type { Db } from '../db/client.ts';
import type { KycService } from '../kyc/service.ts';
import { viewBusinessByRef } from '../kyc/kyb/view.ts';
import { reverificationOf } from '../kyc/reverify.ts';
import { findVerification } from '../kyc/store.ts';
import { viewVerification } from '../kyc/views.ts';
import type { Logger } from '../logger.ts';
import type { MonitoringService } from '../monitoring/service.ts';
import { alertCaseSubject } from '../transactions/alerts.ts';
import type { TransactionScreening } from '../transactions/screening.ts';
import { kycReviewOutcomeHandler } from './handlers/kyc-review.ts';
import { rescreenOutcomeHandler, rescreenPrepare } from './handlers/sanctions-rescreen.ts';
import { transactionOutcomeHandler } from './handlers/transaction.ts';
import { actorString, type OutcomeHandler } from './outcomes.ts';
import { CasesService, type SubjectReader } from './service.ts';
import { kycReviewSubject } from './sources.ts';

export interface CreateCasesDeps {
  config: Config;
  db: Db;
  clock: () => Date;
  logger: Logger;
  kyc: KycService;
  transactions: TransactionScreening;
  monitoring: MonitoringService;
  customers: CustomerProfiles;
  /** The `appeal` kind (src/appeals): its handler and subject reader. */
  appeal: { outcome: OutcomeHandler; subject?: SubjectReader };
}

export function createCasesService(d: CreateCasesDeps): CasesService {
  const kyc = d.kyc.context;
  const rescreen = { monitoring: d.monitoring, customers: d.customers };
  return new CasesService({
    db: d.db,
    clock: d.clock,
    cipher: kyc.cipher,
    config: d.config.cases,
    logger: d.logger,
    outcomes: {
      kyc_review: kycReviewOutcomeHandler(kyc),
      transaction: transactionOutcomeHandler({ forgetState: (userId) => d.transactions.states.evict(userId) }),
      sanctions_rescreen: rescreenOutcomeHandler(rescreen),
      appeal: d.appeal.outcome,
    },
    prepare: { sanctions_rescreen: rescreenPrepare(rescreen) },
    subjects: {
      transaction: (r) => alertCaseSubject(d.db, r.subjectId),
      // The KYC views record the personal-data view in the verification's (business's) own audit trail too.
      kyc_review: async (r, actor) => {
        const viewer = { actor: { type: 'compliance_officer' as const, id: actorString(actor) }, personalData: true };
        const subject = kycReviewSubject(r.subjectId);
        if (subject.source === 'kyb_review')
          return { source: subject.source, business: await viewBusinessByRef(kyc, subject.businessRef, viewer) };
        const verification = await viewVerification(kyc, subject.verificationId, viewer);
        if (subject.source === 'manual_review') return verification;
        const row = await findVerification(kyc.db, subject.verificationId);
        const reverification = row ? reverificationOf(kyc.config.reverify, row, d.clock()) : null;
        return { source: subject.source, reverification, verification };
      },
      sanctions_rescreen: async (r) => (await d.monitoring.getAlert(r.subjectId)) ?? null,
      ...(d.appeal.subject ? { appeal: d.appeal.subject } : {}),
    },
  });
}
