/**
 * The KYC analytics as derived before drizzle/0020 (src/reports/kyc-analytics.ts at 1ddb9f5), kept verbatim as
 * the reference the new derivation is checked against (test/integration/reports-analytics-parity.test.ts):
 * decision times and manual reviews from the audit trail, false positives per rule by LIKE over the alerts'
 * rule-hit JSON, medians and percentiles in JavaScript over every row.
 */
/**
 * KYC analytics (the seed's daily analytics SQL and its cost analysis), per provider and period, plus the case
 * figures. Portable SQL only: range scans on indexed epoch-ms columns, grouping by whole UTC days with integer
 * division at most; period keys, medians and percentiles are computed here from the rows.
 *
 * Definitions: a verification counts in the period it was created. Decided = approved, rejected or resubmission
 * requested; its decision time is the first audit event that reached one of those (creation → decision is the
 * processing time). Manual review = it went to manual review at any point. Automated = decided by the system, no
 * person involved (the seed's target: 95 %). Cost = every session created is billed at the provider's configured
 * price (KYC_PROVIDER_COSTS), so cost per approval also carries the sessions that did not end in one.
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { cases } from '../../src/db/schema/cases.ts';
import { kycVerifications } from '../../src/db/schema/kyc.ts';
import { transactionAlerts } from '../../src/db/schema/transactions.ts';
import { REASON_CODES } from '../../src/risk/reasons.ts';
import { DAY_MS, periodBounds, periodKey, periodKeys, type GroupBy } from '../../src/reports/period.ts';
import type { ReportRange } from '../../src/reports/range.ts';
import { centsToUsd, divideCents, medianOf, minutes, percentileOf, rate } from '../../src/reports/stats.ts';

export const AUTOMATION_TARGET = 0.95;
const FINAL = ['approved', 'rejected', 'resubmission_requested'] as const;

interface Bucket {
  verifications: number;
  approved: number;
  rejected: number;
  resubmission: number;
  manualReview: number;
  automated: number;
  durations: number[];
}

const emptyBucket = (): Bucket => ({
  verifications: 0,
  approved: 0,
  rejected: 0,
  resubmission: 0,
  manualReview: 0,
  automated: 0,
  durations: [],
});

function providerFigures(b: Bucket, priceCents: number) {
  const decided = b.approved + b.rejected + b.resubmission;
  const sorted = b.durations.sort((x, y) => x - y);
  const total = BigInt(priceCents) * BigInt(b.verifications);
  const median = medianOf(sorted);
  const p90 = percentileOf(sorted, 90);
  return {
    verifications: b.verifications,
    approved: b.approved,
    rejected: b.rejected,
    resubmissionRequested: b.resubmission,
    manualReview: b.manualReview,
    decided,
    approvalRate: rate(b.approved, decided),
    medianProcessingMinutes: median === null ? null : minutes(median),
    p90ProcessingMinutes: p90 === null ? null : minutes(p90),
    priceUsd: centsToUsd(BigInt(priceCents)),
    totalCostUsd: centsToUsd(total),
    costPerApprovedUsd: b.approved === 0 ? null : centsToUsd(divideCents(total, BigInt(b.approved))),
    automationRate: rate(b.automated, decided),
  };
}

/**
 * One row per verification created in the range. The decision time and the manual-review flag are correlated
 * subqueries on the audit trail's (verification_id) index: measured 4× faster than a join with GROUP BY, which
 * sorts the whole range in a temporary B-tree.
 */
async function verificationFacts(db: Db, range: ReportRange) {
  const v = kycVerifications;
  // Written out: drizzle drops the table name from columns of a one-table select, and a bare "id" inside the
  // subquery would be the audit event's own id.
  const outerId = sql.raw('"kyc_verifications"."id"');
  return db
    .select({
      provider: v.provider,
      status: v.status,
      decidedBy: v.decidedBy,
      createdAt: sql<number>`${v.createdAt}`.mapWith(Number),
      decidedAt: sql<number | null>`(select min(a.created_at) from kyc_audit_events a
        where a.verification_id = ${outerId} and a.to_status in ('approved', 'rejected', 'resubmission_requested'))`,
      reviewed: sql<number>`(case when exists (select 1 from kyc_audit_events a
        where a.verification_id = ${outerId} and a.to_status = 'manual_review') then 1 else 0 end)`.mapWith(Number),
    })
    .from(v)
    .where(and(gte(v.createdAt, new Date(range.from)), lt(v.createdAt, new Date(range.to))));
}

/**
 * Exact median minutes from creation to decision of the cases decided in [from, to): the middle row(s) by duration,
 * picked by the database (ORDER BY … LIMIT/OFFSET), so a quarter of decisions is never copied into JS.
 */
async function medianToDecision(db: Db, from: number, to: number, n: number): Promise<number | null> {
  if (n === 0) return null;
  const duration = sql<number>`${cases.decidedAt} - ${cases.createdAt}`.mapWith(Number);
  const middle = await db
    .select({ ms: duration })
    .from(cases)
    .where(and(gte(cases.decidedAt, new Date(from)), lt(cases.decidedAt, new Date(to))))
    .orderBy(duration)
    .limit(n % 2 ? 1 : 2)
    .offset(Math.floor((n - 1) / 2));
  return minutes(middle.reduce((s, r) => s + r.ms, 0) / middle.length);
}

/**
 * Per rule code, transaction cases decided in the range and those cleared (outcome `clear`). One pass: a pair of
 * sums per known code, matched on the stored rule-hit JSON (`"code":"<code>"`, as JSON.stringify writes it).
 */
async function transactionClearances(db: Db, from: Date, to: Date) {
  const fields = Object.fromEntries(
    REASON_CODES.flatMap((code, i) => {
      const hit = sql`${transactionAlerts.ruleHits} like ${`%"code":"${code}"%`}`;
      return [
        [`d${i}`, sql<number>`sum(case when ${hit} then 1 else 0 end)`.mapWith(Number)],
        [`c${i}`, sql<number>`sum(case when ${hit} and ${cases.outcome} = 'clear' then 1 else 0 end)`.mapWith(Number)],
      ];
    }),
  );
  const [row] = await db
    .select(fields)
    .from(cases)
    .innerJoin(transactionAlerts, eq(transactionAlerts.alertId, cases.subjectId))
    .where(and(gte(cases.decidedAt, from), lt(cases.decidedAt, to), eq(cases.kind, 'transaction')));
  return REASON_CODES.map((code, i) => ({
    ruleCode: code as string,
    decided: Number(row?.[`d${i}`] ?? 0),
    clearedFalsePositive: Number(row?.[`c${i}`] ?? 0),
  })).filter((r) => r.decided > 0);
}

async function caseFigures(db: Db, range: ReportRange, groupBy: GroupBy) {
  const from = new Date(range.from);
  const to = new Date(range.to);
  // The divisor is a literal, not a bound parameter: with `?` SQLite no longer sees that the GROUP BY term is the
  // selected one and the grouping ran 10-20x slower (measured on a million cases).
  const day = sql.raw(String(DAY_MS));
  const openedDay = sql<number>`${cases.createdAt} / ${day}`.mapWith(Number);
  const decidedDay = sql<number>`${cases.decidedAt} / ${day}`.mapWith(Number);
  const count = sql<number>`count(*)`.mapWith(Number);
  const [opened, decided, perRule, rescreen] = await Promise.all([
    db
      .select({ day: openedDay, n: count })
      .from(cases)
      .where(and(gte(cases.createdAt, from), lt(cases.createdAt, to)))
      .groupBy(openedDay),
    db
      .select({ day: decidedDay, n: count })
      .from(cases)
      .where(and(gte(cases.decidedAt, from), lt(cases.decidedAt, to)))
      .groupBy(decidedDay),
    transactionClearances(db, from, to),
    db
      .select({ outcome: cases.outcome, n: count })
      .from(cases)
      .where(and(gte(cases.decidedAt, from), lt(cases.decidedAt, to), eq(cases.kind, 'sanctions_rescreen')))
      .groupBy(cases.outcome),
  ]);

  const bounds = periodBounds(range.from, range.to, groupBy);
  const perPeriod = new Map(bounds.map((b) => [b.period, { opened: 0, decided: 0 }]));
  for (const o of opened) {
    const p = perPeriod.get(periodKey(Math.max(o.day * DAY_MS, range.from), groupBy));
    if (p) p.opened += o.n;
  }
  for (const d of decided) {
    const p = perPeriod.get(periodKey(Math.max(d.day * DAY_MS, range.from), groupBy));
    if (p) p.decided += d.n;
  }
  const rescreenDecided = rescreen.reduce((s, r) => s + r.n, 0);
  const rules = [
    ...perRule,
    ...(rescreenDecided > 0
      ? [
          {
            ruleCode: 'sanctions.rescreen',
            decided: rescreenDecided,
            clearedFalsePositive: rescreen.find((r) => r.outcome === 'clear_false_positive')?.n ?? 0,
          },
        ]
      : []),
  ];
  const totalDecided = decided.reduce((s, d) => s + d.n, 0);
  const periods = await Promise.all(
    bounds.map(async (b) => {
      const p = perPeriod.get(b.period)!;
      return {
        period: b.period,
        opened: p.opened,
        decided: p.decided,
        medianMinutesToDecision: await medianToDecision(db, b.from, b.to, p.decided),
      };
    }),
  );
  return {
    opened: opened.reduce((s, o) => s + o.n, 0),
    decided: totalDecided,
    medianMinutesToDecision: await medianToDecision(db, range.from, range.to, totalDecided),
    periods,
    falsePositivesByRule: rules
      .map((r) => ({ ...r, falsePositiveShare: rate(r.clearedFalsePositive, r.decided) }))
      .sort((a, b) => a.ruleCode.localeCompare(b.ruleCode)),
  };
}

export async function legacyKycAnalytics(
  db: Db,
  range: ReportRange,
  groupBy: GroupBy,
  priceCents: Readonly<Record<string, number>>,
) {
  const [facts, caseStats] = await Promise.all([verificationFacts(db, range), caseFigures(db, range, groupBy)]);
  const buckets = new Map<string, Map<string, Bucket>>();
  const totals = new Map<string, Bucket>();
  for (const f of facts) {
    const period = periodKey(f.createdAt, groupBy);
    const byProvider = buckets.get(period) ?? new Map<string, Bucket>();
    buckets.set(period, byProvider);
    const targets = [byProvider.get(f.provider) ?? emptyBucket(), totals.get(f.provider) ?? emptyBucket()];
    byProvider.set(f.provider, targets[0]!);
    totals.set(f.provider, targets[1]!);
    const final = (FINAL as readonly string[]).includes(f.status);
    for (const b of targets) {
      b.verifications++;
      if (f.status === 'approved') b.approved++;
      else if (f.status === 'rejected') b.rejected++;
      else if (f.status === 'resubmission_requested') b.resubmission++;
      if (f.reviewed === 1 || f.status === 'manual_review') b.manualReview++;
      if (final && f.decidedBy === 'system') b.automated++;
      if (final && f.decidedAt !== null) b.durations.push(Number(f.decidedAt) - f.createdAt);
    }
  }
  const price = (p: string) => priceCents[p] ?? 0;
  const overall = emptyBucket();
  for (const b of totals.values()) {
    overall.verifications += b.verifications;
    overall.approved += b.approved;
    overall.rejected += b.rejected;
    overall.resubmission += b.resubmission;
    overall.manualReview += b.manualReview;
    overall.automated += b.automated;
    overall.durations.push(...b.durations);
  }
  const overallCost = [...totals].reduce((s, [p, b]) => s + BigInt(price(p)) * BigInt(b.verifications), 0n);
  const overallFigures = providerFigures(overall, 0);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    groupBy,
    automationTarget: AUTOMATION_TARGET,
    periods: periodKeys(range.from, range.to, groupBy).map((period) => ({
      period,
      providers: [...(buckets.get(period) ?? new Map<string, Bucket>())]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([provider, b]) => ({ provider, ...providerFigures(b, price(provider)) })),
    })),
    providers: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([provider, b]) => ({ provider, ...providerFigures(b, price(provider)) })),
    totals: {
      ...overallFigures,
      priceUsd: undefined,
      totalCostUsd: centsToUsd(overallCost),
      costPerApprovedUsd:
        overall.approved === 0 ? null : centsToUsd(divideCents(overallCost, BigInt(overall.approved))),
      automationTargetMet:
        overallFigures.automationRate === null ? null : overallFigures.automationRate >= AUTOMATION_TARGET,
    },
    cases: caseStats,
  };
}
