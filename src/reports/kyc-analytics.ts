/**
 * KYC analytics (the seed's daily analytics SQL and its cost analysis), per provider and period, plus the case
 * figures. Portable SQL only (range scans on indexed epoch-ms columns, GROUP BY, CASE, integer division, window
 * functions); period keys are computed here rather than with a dialect's date functions.
 *
 * Definitions: a verification counts in the period it was created. Decided = approved, rejected or resubmission
 * requested; its decision time is the first audit event that reached one of those (creation → decision is the
 * processing time), kept on the verification as `first_decided_at` by the audit writer (src/kyc/audit.ts). Manual
 * review = it went to manual review at any point (`manual_review_at`, kept the same way). Automated = decided by the
 * system, no person involved (the seed's target: 95 %). Cost = every session created is billed at the provider's
 * configured price (KYC_PROVIDER_COSTS), so cost per approval also carries the sessions that did not end in one.
 *
 * The database aggregates: counts per (provider, period), and, for the order statistics, only the rows at the ranks
 * the median and p90 need (row_number over each level: provider and period, provider, all). A quarter of 50,000
 * verifications comes back as a few hundred rows.
 */
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { caseRules, cases } from '../db/schema/cases.ts';
import { REASON_CODES } from '../risk/reasons.ts';
import { DAY_MS, type GroupBy, periodBounds } from './period.ts';
import type { ReportRange } from './range.ts';
import { centsToUsd, divideCents, minutes, percentileRank, rate } from './stats.ts';

export const AUTOMATION_TARGET = 0.95;
const FINAL_SQL = sql.raw(`('approved', 'rejected', 'resubmission_requested')`);

interface Counts {
  verifications: number;
  approved: number;
  rejected: number;
  resubmission: number;
  manualReview: number;
  automated: number;
}

/** Processing times (ms) of one group at the ranks the order statistics read, 1-based, among n. */
interface Ranked {
  n: number;
  at: Map<number, number>;
}

const emptyCounts = (): Counts => ({
  verifications: 0,
  approved: 0,
  rejected: 0,
  resubmission: 0,
  manualReview: 0,
  automated: 0,
});

function add(into: Counts, c: Counts): void {
  into.verifications += c.verifications;
  into.approved += c.approved;
  into.rejected += c.rejected;
  into.resubmission += c.resubmission;
  into.manualReview += c.manualReview;
  into.automated += c.automated;
}

function valueAt(r: Ranked, rank: number): number {
  const v = r.at.get(rank);
  if (v === undefined) throw new Error(`kyc analytics: rank ${rank} of ${r.n} was not fetched`);
  return v;
}

/** The exact median (the middle value, or the mean of the middle two) and the nearest-rank p90 (stats.ts). */
function orderStats(r: Ranked | undefined): { median: number | null; p90: number | null } {
  if (!r || r.n === 0) return { median: null, p90: null };
  const median = r.n % 2 ? valueAt(r, (r.n + 1) / 2) : (valueAt(r, r.n / 2) + valueAt(r, r.n / 2 + 1)) / 2;
  return { median, p90: valueAt(r, percentileRank(r.n, 90)) };
}

function providerFigures(b: Counts, ranked: Ranked | undefined, priceCents: number) {
  const decided = b.approved + b.rejected + b.resubmission;
  const total = BigInt(priceCents) * BigInt(b.verifications);
  const { median, p90 } = orderStats(ranked);
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

const int = (n: number) => sql.raw(String(Math.trunc(n)));
/** One frame for row_number and count, so each level is one sort (SQLite computes a window definition once). */
const WHOLE = sql.raw('rows between unbounded preceding and unbounded following');

/**
 * The index of the period (in periodBounds order) a created_at falls in, as SQL. Integers are written as literals:
 * with bound parameters SQLite no longer sees that the GROUP BY term is the selected one (measured 10-20x slower).
 * Days and weeks count whole UTC days from the first period's start (never negative inside the range, so integer
 * division is floor on every dialect); months, of unequal length, are a CASE over their bounds (at most 13).
 */
function periodIndexSql(column: SQL, range: ReportRange, groupBy: GroupBy): SQL {
  const bounds = periodBounds(range.from, range.to, groupBy);
  if (groupBy === 'month') {
    const whens = bounds.slice(0, -1).map((b, i) => sql`when ${column} < ${int(b.to)} then ${int(i)} `);
    return sql`(case ${sql.join(whens)}else ${int(bounds.length - 1)} end)`;
  }
  const day0 = Math.floor(range.from / DAY_MS);
  const start = groupBy === 'day' ? day0 : day0 - ((((day0 + 3) % 7) + 7) % 7); // the Monday (periodKey)
  return sql`((${column} - ${int(start * DAY_MS)}) / ${int((groupBy === 'day' ? 1 : 7) * DAY_MS)})`;
}

/** Counts per (provider, period index): at most providers × periods rows. */
async function verificationCounts(db: Db, range: ReportRange, period: SQL) {
  return db.all<{
    provider: string;
    p: number;
    verifications: number;
    approved: number;
    rejected: number;
    resubmission: number;
    manual_review: number;
    automated: number;
  }>(sql`select provider, ${period} as p, count(*) as verifications,
      sum(case when status = 'approved' then 1 else 0 end) as approved,
      sum(case when status = 'rejected' then 1 else 0 end) as rejected,
      sum(case when status = 'resubmission_requested' then 1 else 0 end) as resubmission,
      sum(case when manual_review_at is not null or status = 'manual_review' then 1 else 0 end) as manual_review,
      sum(case when status in ${FINAL_SQL} and decided_by = 'system' then 1 else 0 end) as automated
    from kyc_verifications
    where created_at >= ${int(range.from)} and created_at < ${int(range.to)}
    group by provider, p`);
}

/**
 * Processing times at the ranks a median and a nearest-rank p90 can need, per level: (provider, period), provider,
 * and all. The median's ranks are ⌈n/2⌉ and ⌊n/2⌋+1; the p90's is ⌈0.9 n⌉ (as percentileRank computes it in
 * floating point it can land one higher, so that one is fetched too).
 */
async function rankedDurations(db: Db, range: ReportRange, period: SQL) {
  const wanted = (rn: string, n: string) =>
    sql.raw(`${rn} in ((${n} + 1) / 2, ${n} / 2 + 1, (9 * ${n} + 9) / 10, (9 * ${n} + 9) / 10 + 1)`);
  return db.all<{
    provider: string;
    p: number;
    d: number;
    rn1: number;
    n1: number;
    rn2: number;
    n2: number;
    rn3: number;
    n3: number;
  }>(sql`select provider, p, d, rn1, n1, rn2, n2, rn3, n3 from (
      select provider, p, d,
        row_number() over w1 as rn1, count(*) over w1 as n1,
        row_number() over w2 as rn2, count(*) over w2 as n2,
        row_number() over w3 as rn3, count(*) over w3 as n3
      from (
        select provider, ${period} as p, first_decided_at - created_at as d
        from kyc_verifications
        where created_at >= ${int(range.from)} and created_at < ${int(range.to)}
          and status in ${FINAL_SQL} and first_decided_at is not null
      ) timed
      window w1 as (partition by provider, p order by d ${WHOLE}),
        w2 as (partition by provider order by d ${WHOLE}),
        w3 as (order by d ${WHOLE})
    ) ranked
    where ${wanted('rn1', 'n1')} or ${wanted('rn2', 'n2')} or ${wanted('rn3', 'n3')}`);
}

const caseDuration = sql<number>`${cases.decidedAt} - ${cases.createdAt}`.mapWith(Number);
const decidedIn = (from: number, to: number) =>
  and(gte(cases.decidedAt, new Date(from)), lt(cases.decidedAt, new Date(to)));

/**
 * The middle duration(s), in ms, from creation to decision of the n cases decided in [from, to): the database picks
 * them (ORDER BY … LIMIT/OFFSET), so a quarter of decisions is never copied into JS. With `band`, only the cases whose
 * duration lies in [lo, hi] are sorted, `below` of them known to lie under it.
 */
async function middleDurations(
  db: Db,
  from: number,
  to: number,
  n: number,
  band?: { lo: number; hi: number; below: number },
): Promise<number[]> {
  if (n === 0) return [];
  const inBand = band ? sql`${caseDuration} between ${band.lo} and ${band.hi}` : undefined;
  const rows = await db
    .select({ ms: caseDuration })
    .from(cases)
    .where(and(decidedIn(from, to), inBand))
    .orderBy(caseDuration)
    .limit(n % 2 ? 1 : 2)
    .offset(Math.floor((n - 1) / 2) - (band?.below ?? 0));
  return rows.map((r) => r.ms);
}

const medianMinutes = (middle: number[]) =>
  middle.length === 0 ? null : minutes(middle.reduce((s, ms) => s + ms, 0) / middle.length);

/**
 * The whole range's middle durations, knowing each period's: the overall median lies between the smallest and the
 * largest of the periods' middles (at least half of every period is at or above its own), so only the cases in that
 * band are sorted, not the whole range. Checked against the counts, and the whole range sorted when the check fails.
 */
async function overallMiddle(db: Db, range: ReportRange, n: number, periodMiddles: number[][]): Promise<number[]> {
  const all = periodMiddles.flat();
  if (n === 0 || all.length === 0) return middleDurations(db, range.from, range.to, n);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const [c] = await db
    .select({
      below: sql<number>`sum(case when ${caseDuration} < ${lo} then 1 else 0 end)`.mapWith(Number),
      inside: sql<number>`sum(case when ${caseDuration} between ${lo} and ${hi} then 1 else 0 end)`.mapWith(Number),
    })
    .from(cases)
    .where(decidedIn(range.from, range.to));
  const first = Math.floor((n - 1) / 2);
  const last = first + (n % 2 ? 0 : 1);
  const below = Number(c?.below ?? 0);
  const inside = Number(c?.inside ?? 0);
  if (first < below || last >= below + inside) return middleDurations(db, range.from, range.to, n);
  return middleDurations(db, range.from, range.to, n, { lo, hi, below });
}

/** Per period, the cases whose `column` falls in it: one statement of scalar subqueries, each an index range count. */
async function casesPerPeriod(db: Db, column: 'created_at' | 'decided_at', bounds: { from: number; to: number }[]) {
  const c = sql.raw(column);
  const counts = bounds.map(
    (b, i) =>
      sql`(select count(*) from cases where ${c} >= ${int(b.from)} and ${c} < ${int(b.to)}) as ${sql.raw(`n${i}`)}`,
  );
  const row = await db.get<Record<string, number>>(sql`select ${sql.join(counts, sql`, `)}`);
  return bounds.map((_, i) => Number(row?.[`n${i}`] ?? 0));
}

/**
 * Per rule code, transaction cases decided in the range and those cleared (outcome `clear`): one GROUP BY over a
 * range of case_rules' (decided_at, rule, outcome) index (the rule codes written with each decision), for the known
 * reason codes.
 */
async function transactionClearances(db: Db, from: Date, to: Date) {
  const rows = await db
    .select({
      ruleCode: caseRules.rule,
      decided: sql<number>`count(*)`.mapWith(Number),
      clearedFalsePositive: sql<number>`sum(case when ${caseRules.outcome} = 'clear' then 1 else 0 end)`.mapWith(
        Number,
      ),
    })
    .from(caseRules)
    .where(and(gte(caseRules.decidedAt, from), lt(caseRules.decidedAt, to), inArray(caseRules.rule, [...REASON_CODES])))
    .groupBy(caseRules.rule);
  return rows.filter((r) => r.decided > 0);
}

async function caseFigures(db: Db, range: ReportRange, groupBy: GroupBy) {
  const from = new Date(range.from);
  const to = new Date(range.to);
  const bounds = periodBounds(range.from, range.to, groupBy);
  const opened = await casesPerPeriod(db, 'created_at', bounds);
  const decided = await casesPerPeriod(db, 'decided_at', bounds);
  const perRule = await transactionClearances(db, from, to);
  const rescreen = await db
    .select({ outcome: cases.outcome, n: sql<number>`count(*)`.mapWith(Number) })
    .from(cases)
    .where(and(decidedIn(range.from, range.to), eq(cases.kind, 'sanctions_rescreen')))
    .groupBy(cases.outcome);

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
  const totalDecided = decided.reduce((s, n) => s + n, 0);
  const middles: number[][] = [];
  for (const [i, b] of bounds.entries()) middles.push(await middleDurations(db, b.from, b.to, decided[i]!));
  return {
    opened: opened.reduce((s, n) => s + n, 0),
    decided: totalDecided,
    medianMinutesToDecision: medianMinutes(await overallMiddle(db, range, totalDecided, middles)),
    periods: bounds.map((b, i) => ({
      period: b.period,
      opened: opened[i]!,
      decided: decided[i]!,
      medianMinutesToDecision: medianMinutes(middles[i]!),
    })),
    falsePositivesByRule: rules
      .map((r) => ({ ...r, falsePositiveShare: rate(r.clearedFalsePositive, r.decided) }))
      .sort((a, b) => a.ruleCode.localeCompare(b.ruleCode)),
  };
}

export async function kycAnalytics(
  db: Db,
  range: ReportRange,
  groupBy: GroupBy,
  priceCents: Readonly<Record<string, number>>,
) {
  const bounds = periodBounds(range.from, range.to, groupBy);
  const period = periodIndexSql(sql.raw('created_at'), range, groupBy);
  // One after another: the embedded database answers one statement at a time anyway.
  const counts = await verificationCounts(db, range, period);
  const ranked = await rankedDurations(db, range, period);
  const caseStats = await caseFigures(db, range, groupBy);

  const perPeriod = bounds.map(() => new Map<string, Counts>());
  const totals = new Map<string, Counts>();
  for (const r of counts) {
    const c: Counts = {
      verifications: Number(r.verifications),
      approved: Number(r.approved),
      rejected: Number(r.rejected),
      resubmission: Number(r.resubmission),
      manualReview: Number(r.manual_review),
      automated: Number(r.automated),
    };
    perPeriod[Number(r.p)]!.set(r.provider, c);
    const t = totals.get(r.provider) ?? emptyCounts();
    add(t, c);
    totals.set(r.provider, t);
  }
  const overall = emptyCounts();
  for (const t of totals.values()) add(overall, t);

  const byPeriod = new Map<string, Ranked>();
  const byProvider = new Map<string, Ranked>();
  const all: Ranked = { n: 0, at: new Map() };
  const note = (map: Map<string, Ranked>, key: string, n: number, rn: number, d: number) => {
    const r = map.get(key) ?? { n, at: new Map<number, number>() };
    map.set(key, r);
    r.at.set(rn, d);
  };
  for (const r of ranked) {
    const d = Number(r.d);
    note(byPeriod, `${Number(r.p)}|${r.provider}`, Number(r.n1), Number(r.rn1), d);
    note(byProvider, r.provider, Number(r.n2), Number(r.rn2), d);
    all.n = Number(r.n3);
    all.at.set(Number(r.rn3), d);
  }

  const price = (p: string) => priceCents[p] ?? 0;
  const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b));
  const overallCost = [...totals].reduce((s, [p, b]) => s + BigInt(price(p)) * BigInt(b.verifications), 0n);
  const overallFigures = providerFigures(overall, all, 0);
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    groupBy,
    automationTarget: AUTOMATION_TARGET,
    periods: bounds.map((b, i) => ({
      period: b.period,
      providers: sorted(perPeriod[i]!).map(([provider, c]) => ({
        provider,
        ...providerFigures(c, byPeriod.get(`${i}|${provider}`), price(provider)),
      })),
    })),
    providers: sorted(totals).map(([provider, c]) => ({
      provider,
      ...providerFigures(c, byProvider.get(provider), price(provider)),
    })),
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
