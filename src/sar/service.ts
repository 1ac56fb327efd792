/**
 * SAR drafts: drafted from a transaction case (each drafting is version n+1 of that case's SAR), stored with the
 * whole content encrypted, read back decrypted for an admin. Every drafting and every read of the personal data
 * is an event on the case's timeline.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { appendCaseEvent } from '../cases/store.ts';
import type { Db } from '../db/client.ts';
import { cases } from '../db/schema/cases.ts';
import { customers } from '../db/schema/customers.ts';
import { sars } from '../db/schema/sars.ts';
import { screenedTransactions, transactionAlerts } from '../db/schema/transactions.ts';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../errors.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import { latestForUser } from '../kyc/store.ts';
import type { Applicant } from '../kyc/types.ts';
import { missingSarSettings, type SarConfig } from './config.ts';
import { buildSarContent, type SarContent, type SarFacts } from './draft.ts';

/**
 * The longest rule window (structuring, 7 days): the transactions before the alert that form the pattern. Blocked
 * ones are kept: a SAR covers attempted activity as well as conducted.
 */
const PATTERN_WINDOW_MS = 7 * 86_400_000;
const MAX_TRANSACTIONS = 500;

export interface SarActor {
  keyId: string;
  officer?: string;
}

export interface SarView extends SarContent {
  sarId: string;
  version: number;
  createdAt: string;
  createdBy: string;
}

export interface SarServiceDeps {
  db: Db;
  cipher: PiiCipher;
  config: SarConfig;
  clock: () => Date;
}

export class SarService {
  constructor(private readonly deps: SarServiceDeps) {}

  async draft(caseId: string, actor: SarActor): Promise<SarView> {
    const { db, cipher, config, clock } = this.deps;
    const missing = missingSarSettings(config);
    if (config.required && missing.length > 0)
      throw new ServiceUnavailableError(
        `A SAR draft needs the filing institution; not configured: ${missing.join(', ')}.`,
        undefined,
        { missingSettings: missing },
      );
    const facts = await this.#facts(caseId);
    const at = clock();
    const content = buildSarContent(facts, config, at);
    const id = `sar_${randomUUID()}`;
    const by = `api-key:${actor.keyId}`;
    const version = await db.transaction(async (tx) => {
      const prev = await tx
        .select({ version: sars.version })
        .from(sars)
        .where(eq(sars.caseId, caseId))
        .orderBy(desc(sars.version))
        .limit(1)
        .get();
      const version = (prev?.version ?? 0) + 1;
      await tx.insert(sars).values({
        id,
        caseId,
        version,
        userId: facts.userId,
        status: 'draft',
        detectedAt: facts.alert.detectedAt,
        filingDueAt: new Date(content.deadlines.filingDueAt),
        continuingReviewAt: new Date(content.deadlines.continuingActivityReviewAt),
        subjectIdentified: content.subject.identified,
        contentEnc: cipher.encryptJson(content, id),
        createdBy: by,
        officer: actor.officer ?? null,
        createdAt: at,
      });
      await appendCaseEvent(
        tx,
        caseId,
        {
          type: 'sar_drafted',
          actor: by,
          ...(actor.officer ? { officer: actor.officer } : {}),
          data: { sarId: id, version },
        },
        at,
      );
      return version;
    });
    return { sarId: id, version, createdAt: at.toISOString(), createdBy: by, ...content };
  }

  /** The stored draft, decrypted; the read of its personal data is recorded on the case. */
  async get(sarId: string, actor: SarActor): Promise<SarView> {
    const { db, cipher, clock } = this.deps;
    const row = await db.select().from(sars).where(eq(sars.id, sarId)).get();
    if (!row) throw new NotFoundError(`No SAR ${sarId}.`);
    const by = `api-key:${actor.keyId}`;
    await appendCaseEvent(
      db,
      row.caseId,
      {
        type: 'personal_data_viewed',
        actor: by,
        ...(actor.officer ? { officer: actor.officer } : {}),
        data: { sarId, version: row.version },
      },
      clock(),
    );
    const content = cipher.decryptJson<SarContent>(row.contentEnc, row.id);
    return {
      sarId: row.id,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      ...content,
    };
  }

  async #facts(caseId: string): Promise<SarFacts> {
    const { db, cipher } = this.deps;
    const c = await db.select().from(cases).where(eq(cases.id, caseId)).get();
    if (!c) throw new NotFoundError(`No case ${caseId}.`);
    if (c.kind !== 'transaction')
      throw new ConflictError(`A SAR is drafted from a transaction case; case ${caseId} is a ${c.kind} case.`, {
        kind: c.kind,
      });
    const alert = await db.select().from(transactionAlerts).where(eq(transactionAlerts.alertId, c.subjectId)).get();
    if (!alert) throw new NotFoundError(`The alert ${c.subjectId} of case ${caseId} no longer exists.`);
    const alerted = await db
      .select({ occurredAt: screenedTransactions.occurredAt })
      .from(screenedTransactions)
      .where(eq(screenedTransactions.transactionId, alert.transactionId))
      .get();
    const end = alerted?.occurredAt ?? alert.detectedAt;
    const s = screenedTransactions;
    const [transactions, customer, verification] = await Promise.all([
      db
        .select({
          transactionId: s.transactionId,
          occurredAt: s.occurredAt,
          direction: s.direction,
          amount: s.amount,
          asset: s.asset,
          amountUsd: s.amountUsd,
        })
        .from(s)
        .where(
          and(
            eq(s.userId, alert.userId),
            gte(s.occurredAt, new Date(end.getTime() - PATTERN_WINDOW_MS)),
            lte(s.occurredAt, end),
          ),
        )
        .orderBy(asc(s.occurredAt))
        .limit(MAX_TRANSACTIONS),
      db.select().from(customers).where(eq(customers.userId, alert.userId)).get(),
      latestForUser(db, alert.userId),
    ]);
    return {
      caseId,
      userId: alert.userId,
      alert: {
        alertId: alert.alertId,
        transactionId: alert.transactionId,
        detectedAt: alert.detectedAt,
        riskScore: alert.riskScore,
        ruleHits: alert.ruleHits,
        aggregates: alert.aggregates,
      },
      transactions,
      customer: customer
        ? {
            country: customer.country,
            kycStatus: customer.kycStatus,
            riskLevel: customer.riskLevel,
            accountCreatedAt: customer.accountCreatedAt,
          }
        : null,
      applicant: verification
        ? {
            verificationId: verification.id,
            data: cipher.decryptJson<Applicant>(verification.applicantEnc, verification.id),
          }
        : null,
    };
  }
}
