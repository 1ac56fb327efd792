/**
 * The KYC reports over HTTP, against verifications made through the real KYC flow (fake provider servers, their
 * signed webhooks) and officers' decisions, at times a movable clock sets: a quarter's analytics checked against
 * figures this test computes itself from what it did, and the audit report as JSON and as streamed CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { testClock } from '../helpers/transactions.ts';

const MIN = 60_000;
const clock = testClock(Date.parse('2026-03-20T10:00:00Z'));
const PRICE_CENTS = { onfido: 280, shufti: 420 } as const;

type Provider = keyof typeof PRICE_CENTS;
interface Made {
  id: string;
  userId: string;
  provider: Provider;
  createdAt: number;
  status: 'approved' | 'rejected' | 'manual_review';
  reviewed: boolean;
  byPerson: boolean;
  /** creation → final decision, when decided */
  durationMs?: number;
}

let w: KycWorld;
const made: Made[] = [];

const view = async (id: string) => (await w.get(`/v1/kyc/verifications/${id}`, ADMIN_KEY)).body;

/** One verification: started now, the provider answers `after` minutes later, an officer `then` minutes after. */
async function verification(
  provider: Provider,
  outcome: 'approve' | 'decline' | 'review',
  after: number,
  officer?: { decision: 'approved' | 'rejected'; after: number },
  extra: Record<string, unknown> = {},
): Promise<Made> {
  const a = applicant({ country: provider === 'shufti' ? 'IR' : 'DE', ...extra });
  const createdAt = clock.clock().getTime();
  const res = await w.start({ ...a, provider });
  expect(res.status).toBe(201);
  const id = res.body.verificationId as string;
  const ref = (await view(id)).providerRef;
  clock.advance(after * MIN);
  if (provider === 'onfido') {
    const status = { approve: 'approved', decline: 'declined', review: 'review' }[outcome];
    await w.onfido.sendWebhook(ref, status);
  } else {
    // A high-risk applicant's provider approval goes to manual review.
    await w.shufti.sendCallback(ref, outcome === 'decline' ? 'verification.declined' : 'verification.accepted');
  }
  const m: Made = {
    id,
    userId: a.userId,
    provider,
    createdAt,
    status: (await view(id)).status,
    reviewed: false,
    byPerson: false,
  };
  if (m.status === 'manual_review') m.reviewed = true;
  if (m.status !== 'manual_review') m.durationMs = after * MIN;
  if (officer) {
    clock.advance(officer.after * MIN);
    const d = await fetch(`${w.baseUrl}/v1/kyc/verifications/${id}/decision`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ decision: officer.decision, notes: 'Checked the documents, O=+1 "quoted"' }),
    });
    expect(d.status).toBe(200);
    m.status = officer.decision;
    m.byPerson = true;
    m.durationMs = (after + officer.after) * MIN;
  }
  made.push(m);
  clock.advance(7 * MIN);
  return m;
}

beforeAll(async () => {
  w = await startKycWorld({ KYC_PROVIDER_COSTS: 'onfido:2.80,shufti:4.20' }, { clock: clock.clock });
  // March: outside the quarter.
  await verification('onfido', 'approve', 5);
  clock.set(Date.parse('2026-04-03T09:00:00Z'));
  await verification('onfido', 'approve', 12, undefined, { userId: '@SUM-A1' });
  await verification('onfido', 'approve', 30);
  await verification('onfido', 'decline', 45, undefined, { userId: '-2-1' });
  await verification('shufti', 'approve', 20, { decision: 'approved', after: 90 });
  clock.set(Date.parse('2026-05-11T14:00:00Z'));
  await verification('onfido', 'review', 8, { decision: 'rejected', after: 240 });
  await verification('onfido', 'approve', 3);
  await verification('shufti', 'approve', 15, { decision: 'rejected', after: 60 });
  await verification('shufti', 'approve', 25); // left in manual review
  clock.set(Date.parse('2026-06-29T23:00:00Z'));
  await verification('onfido', 'approve', 50);
  // July: outside the quarter again.
  clock.set(Date.parse('2026-07-01T00:30:00Z'));
  await verification('onfido', 'decline', 5);
}, 60_000);
afterAll(() => w.close());

const QUARTER = { from: Date.parse('2026-04-01T00:00:00Z'), to: Date.parse('2026-07-01T00:00:00Z') };
const inQuarter = () => made.filter((m) => m.createdAt >= QUARTER.from && m.createdAt < QUARTER.to);

function expected(rows: Made[], provider: Provider) {
  const mine = rows.filter((m) => m.provider === provider);
  const approved = mine.filter((m) => m.status === 'approved').length;
  const rejected = mine.filter((m) => m.status === 'rejected').length;
  const decided = approved + rejected;
  const durations = mine.flatMap((m) => (m.durationMs === undefined ? [] : [m.durationMs / MIN])).sort((a, b) => a - b);
  const mid = Math.floor(durations.length / 2);
  const median =
    durations.length === 0 ? null : durations.length % 2 ? durations[mid] : (durations[mid - 1]! + durations[mid]!) / 2;
  const totalCents = PRICE_CENTS[provider] * mine.length;
  const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  return {
    provider,
    verifications: mine.length,
    approved,
    rejected,
    manualReview: mine.filter((m) => m.reviewed).length,
    decided,
    approvalRate: decided === 0 ? null : Math.round((approved / decided) * 10_000) / 10_000,
    medianProcessingMinutes: median,
    p90ProcessingMinutes: durations.length === 0 ? null : durations[Math.ceil(0.9 * durations.length) - 1],
    totalCostUsd: cents(totalCents),
    costPerApprovedUsd: approved === 0 ? null : cents(Math.round(totalCents / approved)),
    automationRate:
      decided === 0
        ? null
        : Math.round((mine.filter((m) => m.status !== 'manual_review' && !m.byPerson).length / decided) * 10_000) /
          10_000,
  };
}

describe('KYC analytics', () => {
  it('a quarter per provider and month matches the figures computed from what was done', async () => {
    const res = await w.get('/v1/reports/kyc-analytics?from=2026-04-01&to=2026-06-30&groupBy=month', ADMIN_KEY);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-04', '2026-05', '2026-06']);
    for (const p of ['onfido', 'shufti'] as const) {
      const got = body.providers.find((x: { provider: string }) => x.provider === p);
      expect(got).toMatchObject(expected(inQuarter(), p));
    }
    for (const period of body.periods) {
      const rows = inQuarter().filter((m) => new Date(m.createdAt).toISOString().slice(0, 7) === period.period);
      const providers = [...new Set(rows.map((m) => m.provider))].sort();
      expect(period.providers.map((x: { provider: string }) => x.provider)).toEqual(providers);
      for (const p of providers)
        expect(period.providers.find((x: { provider: string }) => x.provider === p)).toMatchObject(expected(rows, p));
    }
    expect(body.totals.verifications).toBe(inQuarter().length);
    expect(body.automationTarget).toBe(0.95);

    // Case figures against the cases table itself.
    const cases = await w.rt.database.client.execute({
      sql: 'SELECT count(*) AS n FROM cases WHERE created_at >= ? AND created_at < ?',
      args: [QUARTER.from, QUARTER.to],
    });
    expect(body.cases.opened).toBe(Number(cases.rows[0]!.n));
  });

  it('groups by ISO week (Monday) and by day, every period listed even when empty', async () => {
    const week = await w.get('/v1/reports/kyc-analytics?from=2026-04-01&to=2026-04-30&groupBy=week', ADMIN_KEY);
    expect(week.body.periods[0].period).toBe('2026-03-30');
    expect(week.body.periods.map((p: { period: string }) => p.period)).toContain('2026-04-27');
    const day = await w.get('/v1/reports/kyc-analytics?from=2026-04-01&to=2026-04-30&groupBy=day', ADMIN_KEY);
    expect(day.body.periods).toHaveLength(30);
    const third = day.body.periods.find((p: { period: string }) => p.period === '2026-04-03');
    expect(third.providers.map((p: { provider: string }) => p.provider)).toEqual(['onfido', 'shufti']);
  });

  it('refuses a range beyond 366 days, a missing bound and a reversed range, and a key without admin', async () => {
    const long = await w.get('/v1/reports/kyc-analytics?from=2025-01-01&to=2026-06-30', ADMIN_KEY);
    expect(long.status).toBe(422);
    expect(long.body.errors[0]).toMatchObject({ path: 'to' });
    expect((await w.get('/v1/reports/kyc-analytics?from=2026-01-01', ADMIN_KEY)).status).toBe(422);
    expect((await w.get('/v1/reports/kyc-audit?from=2026-05-01&to=2026-04-01', ADMIN_KEY)).status).toBe(422);
    expect((await w.get('/v1/reports/kyc-audit?from=2026-04-01&to=2026-05-01', KYC_KEY)).status).toBe(403);
  });
});

/** RFC 4180 parser: quoted fields with doubled quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('KYC audit report', () => {
  it('JSON: every verification of the range with its decisions and a summary', async () => {
    const res = await w.get('/v1/reports/kyc-audit?from=2026-04-01&to=2026-06-30&format=json', ADMIN_KEY);
    expect(res.status).toBe(200);
    const rows = res.body.verifications;
    expect(rows.map((r: { verificationId: string }) => r.verificationId)).toEqual(inQuarter().map((m) => m.id));
    const officerDecided = inQuarter().find((m) => m.byPerson && m.status === 'rejected')!;
    const row = rows.find((r: { verificationId: string }) => r.verificationId === officerDecided.id);
    expect(row.decisions.at(-1)).toMatchObject({
      action: 'manual_review_decided',
      actorType: 'compliance_officer',
      fromStatus: 'manual_review',
      toStatus: 'rejected',
      reasons: expect.arrayContaining(['compliance_officer_rejected']),
    });
    expect(row.sanctions).toMatchObject({ screened: true, hits: 0, sources: [] });
    expect(JSON.stringify(res.body)).not.toContain('Plumtree');

    const s = res.body.summary;
    const q = inQuarter();
    expect(s.verifications).toBe(q.length);
    expect(s.byProvider).toEqual({
      onfido: q.filter((m) => m.provider === 'onfido').length,
      shufti: q.filter((m) => m.provider === 'shufti').length,
    });
    expect(s.byStatus.approved).toBe(q.filter((m) => m.status === 'approved').length);
    expect(s.byStatus.manual_review).toBe(1);
    expect(s.manualReview).toBe(q.filter((m) => m.reviewed).length);
    expect(s.manualReviewRate).toBe(Math.round((s.manualReview / q.length) * 10_000) / 10_000);
    expect(s.byRiskLevel.high).toBe(q.filter((m) => m.provider === 'shufti').length);
    expect(Object.keys(s.regulatoryExceptions).sort()).toEqual([
      'approved_with_open_sanctions_hit',
      'decided_after_due',
      'rejection_overturned',
    ]);
  });

  it('CSV: streamed as an attachment, parses back, quotes what needs quoting and neutralises formulas', async () => {
    const res = await fetch(`${w.baseUrl}/v1/reports/kyc-audit?from=2026-04-01&to=2026-06-30&format=csv`, {
      headers: auth(ADMIN_KEY),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kyc-audit-2026-04-01-2026-06-30.csv"');
    const text = await res.text();
    const rows = parseCsv(text);
    const [header, ...records] = rows;
    expect(header![0]).toBe('verification_id');
    expect(records).toHaveLength(inQuarter().length);
    for (const r of records) expect(r).toHaveLength(header!.length);
    const col = (name: string) => header!.indexOf(name);
    const byUser = (u: string) => records.find((r) => r[col('user_id')] === u);
    expect(byUser("'@SUM-A1")).toBeDefined();
    expect(byUser("'-2-1")).toBeDefined();
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
    // A cell holding a list has commas inside: quoted, and read back whole.
    const shufti = records.find((r) => r[col('provider')] === 'shufti' && r[col('status')] === 'manual_review')!;
    expect(shufti[col('decision_reasons')]).toBe('provider_approved,high_risk_applicant');
    expect(text).toContain('"provider_approved,high_risk_applicant"');
  });
});
