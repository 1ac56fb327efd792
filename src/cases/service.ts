/**
 * CasesService: the queue's verbs. Every change is a timeline event with its actor (the API key id, and the
 * officer the X-Actor header named); a decision runs the kind's OutcomeHandler in the same database transaction
 * that marks the case decided and enqueues case.decided, so the subject and its case never disagree.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { caseEvents, cases } from '../db/schema/cases.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { PiiCipher } from '../kyc/crypto.ts';
import type { Logger } from '../logger.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { alertForCase } from '../transactions/alerts.ts';
import type { CasesConfig } from './config.ts';
import { needsSecondOfficer } from './four-eyes.ts';
import { actorString, type CaseRecord, type OutcomeHandlers, type Prepare } from './outcomes.ts';
import { caseView, listCases } from './queue.ts';
import { maxPriority, PRIORITY_RANK } from './sla.ts';
import { appendCaseEvent, findCase, markCaseDecided } from './store.ts';
import { type EventView, timeline } from './timeline.ts';
import {
  CASE_OUTCOMES,
  type CaseActor,
  type CaseFilter,
  type CaseKind,
  type CaseView,
  type DecisionInput,
} from './types.ts';

/** The facts of a case's subject, for GET /v1/cases/:id (personal data included: the caller is an officer). */
export type SubjectReader = (record: CaseRecord, actor: CaseActor) => Promise<Record<string, unknown> | null>;

export interface CasesDeps {
  db: Db;
  clock: () => Date;
  cipher: PiiCipher;
  config: CasesConfig;
  logger: Logger;
  outcomes: OutcomeHandlers;
  prepare?: Partial<Record<CaseKind, Prepare>>;
  subjects?: Partial<Record<CaseKind, SubjectReader>>;
}

export interface CaseDetail extends CaseView {
  subject: Record<string, unknown> | null;
  timeline: EventView[];
}

const who = (actor: CaseActor) => ({ actor: actorString(actor), ...(actor.officer ? { officer: actor.officer } : {}) });

export class CasesService {
  constructor(private readonly deps: CasesDeps) {}

  list(filter: CaseFilter) {
    return listCases(this.deps.db, filter, this.deps.clock());
  }

  /** The case, its subject's facts and its timeline; decrypting them is itself recorded on the timeline. */
  async get(id: string, actor: CaseActor): Promise<CaseDetail> {
    const record = await this.#find(id);
    const now = this.deps.clock();
    await appendCaseEvent(this.deps.db, id, { type: 'personal_data_viewed', ...who(actor), data: {} }, now);
    const reader = this.deps.subjects?.[record.kind];
    const [subject, events] = await Promise.all([
      reader ? reader(record, actor) : Promise.resolve(null),
      this.deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(caseEvents.at).all(),
    ]);
    return { ...caseView(record, now), subject, timeline: timeline(events, this.deps.cipher) };
  }

  async assign(id: string, assignee: string, actor: CaseActor): Promise<CaseView> {
    const now = this.deps.clock();
    const record = await this.deps.db.transaction(async (tx) => {
      const r = await this.#find(id, tx);
      if (r.status === 'decided') throw new ConflictError(`Case ${id} is decided.`, { status: r.status });
      // Assignment starts the work, but never takes a case out of escalation or four-eyes confirmation.
      const status = r.status === 'open' ? 'in_progress' : r.status;
      await tx.update(cases).set({ assignee, status }).where(eq(cases.id, id));
      await appendCaseEvent(tx, id, { type: 'assigned', ...who(actor), data: { assignee } }, now);
      return { ...r, assignee, status };
    });
    return caseView(record, now);
  }

  async comment(id: string, text: string, actor: CaseActor): Promise<EventView> {
    await this.#find(id);
    const now = this.deps.clock();
    const eventId = await appendCaseEvent(
      this.deps.db,
      id,
      { type: 'commented', ...who(actor), data: { length: text.length }, text, cipher: this.deps.cipher },
      now,
    );
    const row = await this.deps.db.select().from(caseEvents).where(eq(caseEvents.id, eventId)).get();
    return timeline([row!], this.deps.cipher)[0]!;
  }

  async decide(id: string, input: DecisionInput, actor: CaseActor): Promise<CaseView> {
    const record = await this.#find(id);
    this.#check(record, input, actor);
    if (input.outcome === 'escalate') return this.#escalate(record, input, actor);
    const prepare = this.deps.prepare?.[record.kind];
    if (prepare && !(await this.#isFirstOfFourEyes(record, input))) await prepare({ record, input, actor });
    const now = this.deps.clock();
    let after: (() => Promise<void>) | undefined;
    const decided = await this.deps.db.transaction(async (tx) => {
      const r = await this.#find(id, tx);
      this.#check(r, input, actor);
      if (this.deps.config.fourEyes && (await needsSecondOfficer(tx, r, input.outcome))) {
        const proposal = await this.#proposal(tx, r);
        if (!proposal) {
          await tx
            .update(cases)
            .set({ status: 'awaiting_confirmation' })
            .where(and(eq(cases.id, id), eq(cases.status, r.status)));
          await appendCaseEvent(
            tx,
            id,
            {
              type: 'decision_proposed',
              ...who(actor),
              data: { outcome: input.outcome, reason: input.reason, notesRecorded: input.notes !== undefined },
              ...(input.notes !== undefined ? { text: input.notes, cipher: this.deps.cipher } : {}),
            },
            now,
          );
          return { ...r, status: 'awaiting_confirmation' as const };
        }
        if (proposal.actor === actorString(actor) && (proposal.officer ?? null) === (actor.officer ?? null))
          throw new ConflictError('Four eyes: the decision must be confirmed by another officer.', {
            proposedBy: proposal.actor,
          });
        if (proposal.data.outcome !== input.outcome)
          throw new ConflictError(
            `Four eyes: the proposed outcome is ${String(proposal.data.outcome)}; confirm it with the same outcome.`,
            { proposedOutcome: proposal.data.outcome },
          );
      }
      const result = await this.deps.outcomes[r.kind]({ tx, record: r, input, actor, at: now });
      after = result.afterCommit;
      await markCaseDecided(
        tx,
        r,
        {
          outcome: input.outcome,
          reason: input.reason,
          ...(input.notes !== undefined ? { notes: input.notes, cipher: this.deps.cipher } : {}),
          ...who(actor),
          ...(result.data ? { data: result.data } : {}),
        },
        now,
      );
      return {
        ...r,
        status: 'decided' as const,
        outcome: input.outcome,
        decisionReason: input.reason,
        decidedBy: actorString(actor),
        decidedAt: now,
      };
    });
    if (after) {
      // Committed: a failure here is logged, never turned into a failed decision.
      await after().catch((err: unknown) =>
        this.deps.logger.error({ caseId: id, err: (err as Error).message }, 'case decision follow-up failed'),
      );
    }
    return caseView(decided, now);
  }

  #check(r: CaseRecord, input: DecisionInput, actor: CaseActor): void {
    const allowed: readonly string[] = CASE_OUTCOMES[r.kind];
    if (!allowed.includes(input.outcome))
      throw new InvalidInputError(`A ${r.kind} case is decided with one of: ${allowed.join(', ')}.`, [
        { path: 'outcome', message: `one of ${allowed.join(', ')}` },
      ]);
    if (r.status === 'decided')
      throw new ConflictError(`Case ${r.id} is already decided (${r.outcome}).`, { outcome: r.outcome });
    if ((r.escalated || r.status === 'escalated') && !actor.senior)
      throw new ForbiddenError('This case is escalated: only an API key with the senior scope may decide it.', {
        requiredScope: 'senior',
      });
  }

  /** A first four-eyes approval changes nothing outside the case, so it runs no preparation. */
  async #isFirstOfFourEyes(r: CaseRecord, input: DecisionInput): Promise<boolean> {
    if (!this.deps.config.fourEyes) return false;
    if (!(await needsSecondOfficer(this.deps.db, r, input.outcome))) return false;
    return (await this.#proposal(this.deps.db, r)) === undefined;
  }

  async #proposal(db: Pick<Db, 'select'>, r: CaseRecord) {
    if (r.status !== 'awaiting_confirmation') return undefined;
    return db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.id), eq(caseEvents.type, 'decision_proposed')))
      .orderBy(desc(caseEvents.at))
      .get();
  }

  /** transaction → escalate: not a decision; the case goes to senior compliance, with high priority. */
  async #escalate(record: CaseRecord, input: DecisionInput, actor: CaseActor): Promise<CaseView> {
    if (record.escalated) throw new ConflictError(`Case ${record.id} is already escalated.`);
    const now = this.deps.clock();
    const updated = await this.deps.db.transaction(async (tx) => {
      const alert = await alertForCase(tx, record.subjectId);
      if (alert.decision === 'review')
        throw new InvalidInputError('A held transaction is decided with release or reject.', [
          { path: 'outcome', message: 'one of release, reject' },
        ]);
      const priority = maxPriority(record.priority, 'high');
      const rows = await tx
        .update(cases)
        .set({ escalated: true, status: 'escalated', priority, priorityRank: PRIORITY_RANK[priority] })
        .where(and(eq(cases.id, record.id), eq(cases.status, record.status)))
        .returning();
      if (rows.length === 0) throw new ConflictError('The case changed meanwhile; reload it.');
      await appendCaseEvent(
        tx,
        record.id,
        {
          type: 'escalated',
          ...who(actor),
          data: { reason: input.reason },
          ...(input.notes !== undefined ? { text: input.notes, cipher: this.deps.cipher } : {}),
        },
        now,
      );
      await enqueueNotification(
        tx,
        'case.escalated',
        { caseId: record.id, kind: record.kind, subjectId: record.subjectId, userId: record.userId, priority },
        now,
      );
      return rows[0]!;
    });
    return caseView(updated, now);
  }

  async #find(id: string, db: Pick<Db, 'select'> = this.deps.db): Promise<CaseRecord> {
    const r = await findCase(db as Db, id);
    if (!r) throw new NotFoundError(`No case ${id}.`);
    return r;
  }
}
