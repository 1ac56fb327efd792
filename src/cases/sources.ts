/**
 * Where cases come from. Each source opens its case in the same write as its subject, so a detected alert or a
 * manual review can never exist without its case:
 * - transaction alerts: rows added to the screening group commit (raw SQL, see transactions/store.ts);
 * - re-screen alerts: statements added to the monitoring run's batch;
 * - a verification entering manual_review: openCase inside the KYC transaction that changes its status.
 * Priorities follow docs/compliance-rules.md: a sanctions `block` starts OFAC's 10-business-day reporting clock
 * and a re-screen hit holds the customer's transactions, so both are critical; a held transaction keeps a trade
 * waiting, so it is high; a SAR candidate (any other block) must be decided well inside the 30-day filing window.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client.ts';
import { caseEvents, cases } from '../db/schema/cases.ts';
import { notificationEvents } from '../db/schema/notifications.ts';
import type { DbOrTx } from '../kyc/db.ts';
import { DEFAULT_SLA_HOURS, dueAtFor, PRIORITY_RANK, type SlaHours } from './sla.ts';
import { findCaseOf, newCaseId, openCase } from './store.ts';
import type { CaseKind, CasePriority } from './types.ts';

type CaseRow = typeof cases.$inferInsert;
type EventRow = typeof caseEvents.$inferInsert;
type NotificationRow = typeof notificationEvents.$inferInsert;

/** The SQL that gives the i-th case of one multi-row write a fresh, increasing sequence number. */
export const CASE_SEQ_EXPRESSION = '(COALESCE((SELECT MAX(seq) FROM cases), 0) + ?)';

export interface CaseRows {
  cases: CaseRow[];
  events: EventRow[];
  notifications: NotificationRow[];
}

interface NewCase {
  kind: CaseKind;
  userId: string;
  subjectId: string;
  summary: string;
  priority: CasePriority;
  actor: string;
  /** When detected (default: the batch's `at`). */
  at?: Date;
}

/** Rows for cases written by a bulk writer; `seq` holds the row's offset for CASE_SEQ_EXPRESSION. */
export function caseRows(items: readonly NewCase[], at: Date, sla: SlaHours = DEFAULT_SLA_HOURS): CaseRows {
  const out: CaseRows = { cases: [], events: [], notifications: [] };
  items.forEach((c, i) => {
    const id = newCaseId();
    const when = c.at ?? at;
    out.cases.push({
      id,
      seq: i + 1,
      kind: c.kind,
      status: 'open',
      priority: c.priority,
      priorityRank: PRIORITY_RANK[c.priority],
      userId: c.userId,
      subjectId: c.subjectId,
      summary: c.summary,
      assignee: null,
      escalated: false,
      createdAt: when,
      dueAt: dueAtFor(c.kind, c.priority, when, sla),
    });
    out.events.push({
      id: `cev_${randomUUID()}`,
      caseId: id,
      type: 'created',
      at: when,
      actor: c.actor,
      officer: null,
      data: { kind: c.kind, subjectId: c.subjectId, priority: c.priority },
      textEnc: null,
    });
    out.notifications.push({
      id: `evt_${randomUUID()}`,
      type: 'case.created',
      data: {
        caseId: id,
        kind: c.kind,
        subjectId: c.subjectId,
        userId: c.userId,
        priority: c.priority,
        status: 'open',
      },
      createdAt: when,
      fannedOutAt: null,
    });
  });
  return out;
}

// ── Transaction alerts ───────────────────────────────────────────────────────────────────────

export interface TransactionAlertFacts {
  alertId: string;
  detectedAt: Date;
  userId: string;
  decision: 'approve' | 'review' | 'block';
  reasonCodes: readonly string[];
  amountUsd: string;
}

export function transactionPriority(a: Pick<TransactionAlertFacts, 'decision' | 'reasonCodes'>): CasePriority {
  if (a.decision === 'block') return a.reasonCodes.some((c) => c.startsWith('sanctions.')) ? 'critical' : 'high';
  return a.decision === 'review' ? 'high' : 'normal';
}

/** "review · structuring.smurfing, velocity.count · 9800.00 USD": codes and amounts, never names. */
export function transactionSummary(a: TransactionAlertFacts): string {
  const codes = a.reasonCodes.slice(0, 3).join(', ') || 'no rule hit';
  const more = a.reasonCodes.length > 3 ? ` +${a.reasonCodes.length - 3}` : '';
  return `${a.decision === 'review' ? 'held' : a.decision} · ${codes}${more} · ${a.amountUsd} USD`;
}

export function transactionAlertCases(alerts: readonly TransactionAlertFacts[], at: Date, sla?: SlaHours): CaseRows {
  return caseRows(
    alerts.map((a) => ({
      kind: 'transaction' as const,
      userId: a.userId,
      subjectId: a.alertId,
      summary: transactionSummary(a),
      priority: transactionPriority(a),
      actor: 'system:transaction-screening',
      at: a.detectedAt,
    })),
    at,
    sla,
  );
}

// ── Re-screen alerts ─────────────────────────────────────────────────────────────────────────

export interface RescreenAlertFacts {
  alertId: string;
  userId: string;
  source: string;
  sourceId: string;
  score: number;
}

export function rescreenSummary(a: RescreenAlertFacts): string {
  return `re-screen hit · ${a.source} ${a.sourceId} · score ${a.score.toFixed(3)}`;
}

/** Statements for the monitoring run's batch: the cases of the alerts it inserts, in the same transaction. */
export function rescreenAlertCaseWrites(
  db: Db,
  alerts: readonly RescreenAlertFacts[],
  at: Date,
  sla?: SlaHours,
): BatchItem<'sqlite'>[] {
  if (alerts.length === 0) return [];
  const rows = caseRows(
    alerts.map((a) => ({
      kind: 'sanctions_rescreen' as const,
      userId: a.userId,
      subjectId: a.alertId,
      summary: rescreenSummary(a),
      priority: 'critical' as const,
      actor: 'system:monitoring',
    })),
    at,
    sla,
  );
  return [
    db
      .insert(cases)
      .values(rows.cases.map((c) => ({ ...c, seq: sql.raw(CASE_SEQ_EXPRESSION.replace('?', String(c.seq))) }))),
    db.insert(caseEvents).values(rows.events),
    db.insert(notificationEvents).values(rows.notifications),
  ];
}

// ── KYC manual review ────────────────────────────────────────────────────────────────────────

export interface ManualReviewFacts {
  id: string;
  userId: string;
  provider: string;
  riskLevel: string;
  sanctionsHits: number;
}

export function kycReviewPriority(v: Pick<ManualReviewFacts, 'riskLevel' | 'sanctionsHits'>): CasePriority {
  return v.sanctionsHits > 0 || v.riskLevel === 'high' ? 'high' : 'normal';
}

/**
 * Opens the verification's kyc_review case unless it has one that is not decided yet (a provider may report
 * manual review more than once). Call inside the transaction that moves the verification to manual_review.
 */
export async function openKycReviewCase(tx: DbOrTx, v: ManualReviewFacts, at: Date, sla?: SlaHours): Promise<void> {
  const open = await tx
    .select({ id: cases.id, status: cases.status })
    .from(cases)
    .where(and(eq(cases.kind, 'kyc_review'), eq(cases.subjectId, v.id)))
    .get();
  if (open) return;
  const sanctions = v.sanctionsHits > 0 ? ` · ${v.sanctionsHits} sanctions match(es)` : '';
  await openCase(
    tx,
    {
      kind: 'kyc_review',
      source: 'manual_review',
      userId: v.userId,
      subjectId: v.id,
      summary: `manual review · ${v.provider} · risk ${v.riskLevel}${sanctions}`,
      priority: kycReviewPriority(v),
      ...(sla ? { sla } : {}),
      actor: 'system:kyc',
    },
    at,
  );
}

// ── KYC review cases that are not a verification in manual review ───────────────────────────
//
// A re-verification falling due and a business (KYB) under review are KYC work too, so they are `kyc_review`
// cases in the same queue (the kind is stored as text with no CHECK constraint, but one kind keeps the queue's
// kyc filter, the SLA settings and the reports whole). Their source is in the subject id, which never collides
// with a verification id (a UUID):
//   reverify:<verificationId>        the approval whose re-verification fell due (one due date per approval);
//   kyb:<businessRef>:<n>            the n-th review of a business (a business may go under review again later).
// The unique (kind, subject_id) index makes opening either one idempotent even across instances.

export type KycReviewSource = 'manual_review' | 'reverification_due' | 'kyb_review';

export type KycReviewSubject =
  | { source: 'manual_review'; verificationId: string }
  | { source: 'reverification_due'; verificationId: string }
  | { source: 'kyb_review'; businessRef: string; review: number };

const REVERIFY = 'reverify:';
const KYB = 'kyb:';

export const reverificationSubjectId = (verificationId: string) => `${REVERIFY}${verificationId}`;
export const kybSubjectId = (businessRef: string, review: number) => `${KYB}${businessRef}:${review}`;

export function kycReviewSubject(subjectId: string): KycReviewSubject {
  if (subjectId.startsWith(REVERIFY))
    return { source: 'reverification_due', verificationId: subjectId.slice(REVERIFY.length) };
  if (subjectId.startsWith(KYB)) {
    const rest = subjectId.slice(KYB.length);
    const at = rest.lastIndexOf(':');
    return { source: 'kyb_review', businessRef: rest.slice(0, at), review: Number(rest.slice(at + 1)) };
  }
  return { source: 'manual_review', verificationId: subjectId };
}

export interface ReverificationFacts {
  verificationId: string;
  userId: string;
  riskLevel: string;
  reason: 'periodic' | 'document_expiry';
  /** ISO time the re-verification fell due. */
  dueAt: string;
}

/**
 * Opens the re-verification case of an approval that fell due, unless it has one. Call in the transaction that
 * records the due date (the sweep's `reverification_due`). Returns the case id when it opened one.
 */
export async function openReverificationCase(
  tx: DbOrTx,
  r: ReverificationFacts,
  at: Date,
  sla?: SlaHours,
): Promise<string | undefined> {
  const subjectId = reverificationSubjectId(r.verificationId);
  if (await findCaseOf(tx, 'kyc_review', subjectId)) return undefined;
  return openCase(
    tx,
    {
      kind: 'kyc_review',
      source: 'reverification_due',
      userId: r.userId,
      subjectId,
      summary: `re-verification due · ${r.reason} · due ${r.dueAt.slice(0, 10)} · risk ${r.riskLevel}`,
      priority: r.riskLevel === 'high' ? 'high' : 'normal',
      ...(sla ? { sla } : {}),
      actor: 'system:reverification',
    },
    at,
  );
}

export interface KybReviewFacts {
  businessRef: string;
  /** The platform's id of the business: the customer the case is about. */
  businessId: string;
  riskLevel: string;
  openHits: number;
  rejectedPersons: number;
}

/**
 * Opens a review case for a business under review unless one is still undecided (a second hit while it is open
 * joins that case). Call in the transaction that records the business's status. Returns the case id it opened.
 */
export async function openKybReviewCase(
  tx: DbOrTx,
  b: KybReviewFacts,
  at: Date,
  sla?: SlaHours,
): Promise<string | undefined> {
  // Every review of the business: a range of the unique (kind, subject_id) index.
  const prefix = `${KYB}${b.businessRef}:`;
  const reviews = await tx
    .select({ status: cases.status })
    .from(cases)
    .where(
      and(
        eq(cases.kind, 'kyc_review'),
        sql`${cases.subjectId} >= ${prefix}`,
        sql`${cases.subjectId} < ${`${KYB}${b.businessRef};`}`,
      ),
    )
    .all();
  if (reviews.some((r) => r.status !== 'decided')) return undefined;
  const findings = [
    ...(b.openHits > 0 ? [`${b.openHits} sanctions hit(s)`] : []),
    ...(b.rejectedPersons > 0 ? [`${b.rejectedPersons} person(s) rejected`] : []),
  ];
  return openCase(
    tx,
    {
      kind: 'kyc_review',
      source: 'kyb_review',
      userId: b.businessId,
      subjectId: kybSubjectId(b.businessRef, reviews.length + 1),
      summary: `business review · ${findings.join(' · ') || 'under review'} · risk ${b.riskLevel}`,
      priority: b.openHits > 0 || b.riskLevel === 'high' ? 'high' : 'normal',
      ...(sla ? { sla } : {}),
      actor: 'system:kyb',
    },
    at,
  );
}
