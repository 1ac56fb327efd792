/**
 * The KYC audit report (the seed's generateKYCAuditReport): every verification created in the range with its
 * decisions, sanctions results and the regulatory exceptions it raises, then a summary. Rows are produced a page
 * at a time (keyset on created_at, id) so a year of verifications streams out without being held in memory.
 * No personal data: customer ids are the platform's, sanctions results are counts, scores and sources.
 */
import { and, asc, eq, gt, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { cases } from '../db/schema/cases.ts';
import { kycAuditEvents, kycSanctionsResults, kycVerifications } from '../db/schema/kyc.ts';
import type { ReportRange } from './range.ts';

export const PAGE_SIZE = 500;
/** The summary names at most this many verification ids per exception; the rows carry every one. */
export const MAX_LISTED_EXCEPTIONS = 100;

const DECIDING = new Set(['approved', 'rejected', 'manual_review', 'resubmission_requested', 'expired']);

export const EXCEPTIONS = ['decided_after_due', 'approved_with_open_sanctions_hit', 'rejection_overturned'] as const;
export type AuditException = (typeof EXCEPTIONS)[number];

export interface AuditDecision {
  at: string;
  action: string;
  actorType: string;
  actorId: string;
  fromStatus: string | null;
  toStatus: string | null;
  reasons: string[];
}

export interface AuditRow {
  verificationId: string;
  userId: string;
  provider: string;
  status: string;
  riskLevel: string;
  decidedBy: string | null;
  decisionReasons: string[];
  sanctions: { screened: boolean; hits: number; openHits: number; maxScore: number | null; sources: string[] };
  decisions: AuditDecision[];
  reviewCase: { caseId: string; dueAt: string; decidedAt: string | null; outcome: string | null } | null;
  exceptions: AuditException[];
  createdAt: string;
  updatedAt: string;
}

/** The rows of one page, oldest first; `after` is the last row of the previous page. */
async function page(db: Db, range: ReportRange, after: { at: Date; id: string } | undefined) {
  const v = kycVerifications;
  // The `>=` bound is what lets the index range start at the previous page's end; the OR alone would scan from
  // the beginning of the range on every page.
  const start = after
    ? and(gte(v.createdAt, after.at), or(gt(v.createdAt, after.at), gt(v.id, after.id)))
    : gte(v.createdAt, new Date(range.from));
  return db
    .select({
      id: v.id,
      userId: v.userId,
      provider: v.provider,
      status: v.status,
      riskLevel: v.riskLevel,
      decidedBy: v.decidedBy,
      decisionReasons: v.decisionReasons,
      sanctionsScreened: v.sanctionsScreened,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })
    .from(v)
    .where(and(start, lt(v.createdAt, new Date(range.to))))
    .orderBy(asc(v.createdAt), asc(v.id))
    .limit(PAGE_SIZE);
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export async function* auditRows(db: Db, range: ReportRange): AsyncGenerator<AuditRow> {
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const rows = await page(db, range, after);
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [events, sanctions, reviewCases] = await Promise.all([
      // No ORDER BY: sorting here would add a temporary B-tree per page; the trail is ordered below by id.
      db
        .select({
          id: kycAuditEvents.id,
          verificationId: kycAuditEvents.verificationId,
          action: kycAuditEvents.action,
          actorType: kycAuditEvents.actorType,
          actorId: kycAuditEvents.actorId,
          fromStatus: kycAuditEvents.fromStatus,
          toStatus: kycAuditEvents.toStatus,
          details: kycAuditEvents.details,
          createdAt: kycAuditEvents.createdAt,
        })
        .from(kycAuditEvents)
        .where(and(inArray(kycAuditEvents.verificationId, ids), isNotNull(kycAuditEvents.toStatus))),
      db
        .select({
          verificationId: kycSanctionsResults.verificationId,
          source: kycSanctionsResults.source,
          score: kycSanctionsResults.score,
          reviewedAt: kycSanctionsResults.reviewedAt,
        })
        .from(kycSanctionsResults)
        .where(inArray(kycSanctionsResults.verificationId, ids)),
      db
        .select({
          id: cases.id,
          subjectId: cases.subjectId,
          dueAt: cases.dueAt,
          decidedAt: cases.decidedAt,
          outcome: cases.outcome,
        })
        .from(cases)
        .where(and(eq(cases.kind, 'kyc_review'), inArray(cases.subjectId, ids))),
    ]);
    const eventsOf = groupBy(events, (e) => e.verificationId);
    const sanctionsOf = groupBy(sanctions, (s) => s.verificationId);
    const caseOf = new Map(reviewCases.map((c) => [c.subjectId, c]));
    for (const r of rows) {
      const hits = sanctionsOf.get(r.id) ?? [];
      const decisions = (eventsOf.get(r.id) ?? [])
        .sort((x, y) => x.id - y.id)
        .filter((e) => DECIDING.has(e.toStatus ?? ''))
        .map((e) => ({
          at: e.createdAt.toISOString(),
          action: e.action,
          actorType: e.actorType,
          actorId: e.actorId,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          reasons: Array.isArray(e.details.reasons) ? (e.details.reasons as unknown[]).map(String) : [],
        }));
      const c = caseOf.get(r.id);
      const openHits = hits.filter((h) => h.reviewedAt === null).length;
      const exceptions: AuditException[] = [];
      if (c?.decidedAt && c.decidedAt > c.dueAt) exceptions.push('decided_after_due');
      if (r.status === 'approved' && openHits > 0) exceptions.push('approved_with_open_sanctions_hit');
      if (decisions.some((d) => d.fromStatus === 'rejected' && d.toStatus === 'approved'))
        exceptions.push('rejection_overturned');
      yield {
        verificationId: r.id,
        userId: r.userId,
        provider: r.provider,
        status: r.status,
        riskLevel: r.riskLevel,
        decidedBy: r.decidedBy,
        decisionReasons: r.decisionReasons,
        sanctions: {
          screened: r.sanctionsScreened,
          hits: hits.length,
          openHits,
          maxScore: hits.length > 0 ? Math.max(...hits.map((h) => h.score)) : null,
          sources: [...new Set(hits.map((h) => h.source))].sort(),
        },
        decisions,
        reviewCase: c
          ? {
              caseId: c.id,
              dueAt: c.dueAt.toISOString(),
              decidedAt: c.decidedAt?.toISOString() ?? null,
              outcome: c.outcome,
            }
          : null,
        exceptions,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    }
    if (rows.length < PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.createdAt, id: last.id };
  }
}

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** Folds rows into the summary as they stream past: constant memory apart from the bounded id lists. */
export class AuditSummary {
  total = 0;
  #byStatus: Record<string, number> = {};
  #byRisk: Record<string, number> = {};
  #byProvider: Record<string, number> = {};
  #manualReview = 0;
  #withHits = 0;
  #hits = 0;
  #openHitsOnApproved = 0;
  #exceptions = Object.fromEntries(EXCEPTIONS.map((e) => [e, { count: 0, verificationIds: [] as string[] }]));

  add(r: AuditRow): void {
    this.total++;
    this.#byStatus[r.status] = (this.#byStatus[r.status] ?? 0) + 1;
    this.#byRisk[r.riskLevel] = (this.#byRisk[r.riskLevel] ?? 0) + 1;
    this.#byProvider[r.provider] = (this.#byProvider[r.provider] ?? 0) + 1;
    if (r.status === 'manual_review' || r.decisions.some((d) => d.toStatus === 'manual_review')) this.#manualReview++;
    if (r.sanctions.hits > 0) this.#withHits++;
    this.#hits += r.sanctions.hits;
    if (r.exceptions.includes('approved_with_open_sanctions_hit')) this.#openHitsOnApproved += r.sanctions.openHits;
    for (const e of r.exceptions) {
      const entry = this.#exceptions[e]!;
      entry.count++;
      if (entry.verificationIds.length < MAX_LISTED_EXCEPTIONS) entry.verificationIds.push(r.verificationId);
    }
  }

  toJSON() {
    return {
      verifications: this.total,
      byStatus: this.#byStatus,
      byRiskLevel: this.#byRisk,
      byProvider: this.#byProvider,
      manualReview: this.#manualReview,
      manualReviewRate: ratio(this.#manualReview, this.total),
      sanctions: {
        verificationsWithHits: this.#withHits,
        hits: this.#hits,
        openHitsOnApprovedVerifications: this.#openHitsOnApproved,
      },
      regulatoryExceptions: this.#exceptions,
    };
  }
}

export const CSV_HEADER = [
  'verification_id',
  'user_id',
  'provider',
  'status',
  'risk_level',
  'decided_by',
  'decision_reasons',
  'sanctions_screened',
  'sanctions_hits',
  'sanctions_open_hits',
  'sanctions_max_score',
  'sanctions_sources',
  'decisions',
  'review_case_id',
  'review_case_due_at',
  'review_case_decided_at',
  'exceptions',
  'created_at',
  'updated_at',
] as const;

/**
 * One CSV record per verification. Lists are comma-separated inside their cell; the decisions are one cell,
 * `at actor:id from>to [reasons]` joined by " | ".
 */
export function csvRecord(r: AuditRow): (string | number | boolean | null)[] {
  const decisions = r.decisions
    .map((d) => `${d.at} ${d.actorType}:${d.actorId} ${d.fromStatus ?? '-'}>${d.toStatus} [${d.reasons.join(',')}]`)
    .join(' | ');
  return [
    r.verificationId,
    r.userId,
    r.provider,
    r.status,
    r.riskLevel,
    r.decidedBy,
    r.decisionReasons.join(','),
    r.sanctions.screened,
    r.sanctions.hits,
    r.sanctions.openHits,
    r.sanctions.maxScore,
    r.sanctions.sources.join(','),
    decisions,
    r.reviewCase?.caseId ?? null,
    r.reviewCase?.dueAt ?? null,
    r.reviewCase?.decidedAt ?? null,
    r.exceptions.join(','),
    r.createdAt,
    r.updatedAt,
  ];
}
