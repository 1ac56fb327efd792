/**
 * The KYC analytics from drizzle/0020's stored facts (a verification's first decision and first manual review,
 * a decided transaction case's rule codes) give the same report as the derivation they replace (the audit trail,
 * LIKE over the alerts' rule-hit JSON, JavaScript over every row: test/helpers/kyc-analytics-legacy.ts), on seeded
 * data with messy trails (several decisions, reviews, events written out of time order, duplicate and unknown rule
 * codes) and ranges that clip their periods:
 * - 0020 applied on a database at 0019 that already holds the rows (the backfill);
 * - the facts written as the app writes them: appendAudit (src/kyc/audit.ts) and markCaseDecided (src/cases/store.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markCaseDecided } from '../../src/cases/store.ts';
import { type Database, type Db, openDatabase } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema/index.ts';
import { appendAudit } from '../../src/kyc/audit.ts';
import type { VerificationStatus } from '../../src/kyc/types.ts';
import { kycAnalytics } from '../../src/reports/kyc-analytics.ts';
import type { GroupBy } from '../../src/reports/period.ts';
import { reportRange } from '../../src/reports/range.ts';
import { REASON_CODES } from '../../src/risk/reasons.ts';
import { legacyKycAnalytics } from '../helpers/kyc-analytics-legacy.ts';

const DIR = path.resolve(import.meta.dirname, '../../drizzle');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /^\d{4}_.*\.sql$/.test(f))
  .sort();

async function apply(client: Client, file: string) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  for (const stmt of text.split('--> statement-breakpoint')) if (stmt.trim()) await client.execute(stmt);
}

function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MIN = 60_000;
const START = Date.parse('2026-03-10T00:00:00Z');
const SPAN = 135 * 86_400_000; // to late July: the quarter and both edges
const PROVIDERS = ['onfido', 'shufti', 'veriff'] as const;
const STATUSES = [
  'pending',
  'in_progress',
  'approved',
  'approved',
  'rejected',
  'manual_review',
  'expired',
  'resubmission_requested',
] as const;
const TRAIL = [
  null,
  'pending',
  'in_progress',
  'manual_review',
  'approved',
  'rejected',
  'resubmission_requested',
] as const;
const KINDS = ['transaction', 'transaction', 'kyc_review', 'sanctions_rescreen', 'appeal'] as const;
const OUTCOMES: Record<(typeof KINDS)[number], readonly string[]> = {
  transaction: ['clear', 'clear', 'escalate', 'release', 'reject'],
  kyc_review: ['approve', 'reject'],
  sanctions_rescreen: ['clear_false_positive', 'clear_false_positive', 'confirm_match'],
  appeal: ['uphold', 'overturn'],
};
const CODES = [...REASON_CODES.slice(0, 6), 'not.a_reason_code'];
const pick = <T>(rnd: () => number, xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

interface Seed {
  verifications: unknown[][];
  audit: { verificationId: string; toStatus: (typeof TRAIL)[number]; at: number }[];
  cases: { row: unknown[]; decided: { outcome: string; at: number } | null }[];
  alerts: unknown[][];
}

/** Rows to insert; audit events in a shuffled order, so the stored times are not the write order. */
function seed(n: number, nCases: number, rnd: () => number): Seed {
  const s: Seed = { verifications: [], audit: [], cases: [], alerts: [] };
  for (let i = 0; i < n; i++) {
    const id = `ver_${i}`;
    const created = START + Math.floor(rnd() * SPAN);
    const status = pick(rnd, STATUSES);
    s.verifications.push([
      id,
      `user-${i}`,
      pick(rnd, PROVIDERS),
      `ref-${i}`,
      status,
      'low',
      '[]',
      'DE',
      'v1.x',
      'v1.x',
      1,
      0,
      '[]',
      '[]',
      rnd() < 0.15 ? null : rnd() < 0.2 ? 'compliance_officer' : 'system',
      created,
      created,
      created + 30 * 86_400_000,
    ]);
    const events = Math.floor(rnd() * 5);
    for (let e = 0; e < events; e++)
      s.audit.push({ verificationId: id, toStatus: pick(rnd, TRAIL), at: created + Math.floor(rnd() * 3000) * MIN });
  }
  for (let i = s.audit.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [s.audit[i], s.audit[j]] = [s.audit[j]!, s.audit[i]!];
  }
  for (let i = 0; i < nCases; i++) {
    const kind = pick(rnd, KINDS);
    const created = START + Math.floor(rnd() * SPAN);
    const decided =
      rnd() < 0.75 ? { outcome: pick(rnd, OUTCOMES[kind]), at: created + Math.floor(rnd() * 5000) * MIN } : null;
    const subject = `sub_${i}`;
    s.cases.push({
      row: [
        `case_${i}`,
        i + 1,
        kind,
        'open',
        'high',
        2,
        `user-${i % 50}`,
        subject,
        'x',
        0,
        created,
        created + 86_400_000,
      ],
      decided,
    });
    if (kind === 'transaction' && rnd() < 0.95) {
      const hits = Array.from({ length: Math.floor(rnd() * 4) }, () => ({
        code: pick(rnd, CODES),
        score: 0.5,
        message: 'seeded',
        details: { codes: ['IR'] },
      }));
      s.alerts.push([subject, `tx-${i}`, `user-${i % 50}`, 'review', 0.7, JSON.stringify(hits), '{}', created, 'open']);
    }
  }
  return s;
}

async function insertRows(client: Client, s: Seed, opts: { audit: boolean; decided: boolean }) {
  const ins = async (table: string, cols: string[], rows: unknown[][]) => {
    for (const r of rows)
      await client.execute({
        sql: `insert into ${table} (${cols.join(',')}) values (${cols.map(() => '?').join(',')})`,
        args: r as never[],
      });
  };
  await client.execute('PRAGMA foreign_keys = OFF'); // alerts without their screened transactions
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = OFF'); // a throwaway file: no sync per row
  await ins(
    'kyc_verifications',
    [
      'id',
      'user_id',
      'provider',
      'provider_ref',
      'status',
      'risk_level',
      'risk_reasons',
      'country',
      'applicant_enc',
      'redirect_url',
      'sanctions_screened',
      'sanctions_hits',
      'compliance_flags',
      'decision_reasons',
      'decided_by',
      'created_at',
      'updated_at',
      'expires_at',
    ],
    s.verifications,
  );
  if (opts.audit)
    await ins(
      'kyc_audit_events',
      ['verification_id', 'action', 'actor_type', 'actor_id', 'to_status', 'details', 'created_at'],
      s.audit.map((a) => [a.verificationId, 'seeded', 'system', 'seed', a.toStatus, '{}', a.at]),
    );
  await ins(
    'cases',
    [
      'id',
      'seq',
      'kind',
      'status',
      'priority',
      'priority_rank',
      'user_id',
      'subject_id',
      'summary',
      'escalated',
      'created_at',
      'due_at',
      'outcome',
      'decided_by',
      'decided_at',
    ],
    s.cases.map((c) =>
      opts.decided && c.decided
        ? [...c.row.slice(0, 3), 'decided', ...c.row.slice(4), c.decided.outcome, 'seed', c.decided.at]
        : [...c.row, null, null, null],
    ),
  );
  await ins(
    'transaction_alerts',
    [
      'alert_id',
      'transaction_id',
      'user_id',
      'decision',
      'risk_score',
      'rule_hits',
      'aggregates',
      'detected_at',
      'status',
    ],
    s.alerts,
  );
}

const PRICES = { onfido: 280, shufti: 420, veriff: 199 };
const RANGES: [string, string, GroupBy][] = [
  ['2026-04-01', '2026-06-30', 'week'],
  ['2026-04-01', '2026-06-30', 'month'],
  ['2026-04-01', '2026-06-30', 'day'],
  ['2026-03-01', '2026-07-31', 'month'],
  ['2026-04-03T05:00:00Z', '2026-05-17T13:30:00Z', 'week'],
  ['2026-04-03T05:00:00Z', '2026-05-17T13:30:00Z', 'month'],
  ['2026-04-03T05:00:00Z', '2026-04-09T00:00:00Z', 'day'],
  ['2025-01-01', '2025-03-31', 'week'],
];

async function expectSameReports(db: Db) {
  let verifications = 0;
  for (const [from, to, groupBy] of RANGES) {
    const range = reportRange(from, to);
    const now = await kycAnalytics(db, range, groupBy, PRICES);
    const before = await legacyKycAnalytics(db, range, groupBy, PRICES);
    expect(JSON.parse(JSON.stringify(now)), `${from}..${to} by ${groupBy}`).toEqual(JSON.parse(JSON.stringify(before)));
    verifications += now.totals.verifications;
  }
  return verifications;
}

describe('0020 on a database at 0019 with rows', () => {
  let dir: string;
  let client: Client;
  const s = seed(1500, 1200, prng(20));
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-0020-'));
    client = createClient({ url: `file:${path.join(dir, 'db.sqlite')}` });
    const upTo = files.findIndex((f) => f.startsWith('0020_'));
    expect(upTo).toBeGreaterThan(0);
    for (const f of files.slice(0, upTo)) await apply(client, f);
    await insertRows(client, s, { audit: true, decided: true });
    for (const f of files.slice(upTo)) await apply(client, f);
  }, 60_000);
  afterAll(() => {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backfills the facts from the audit trail and the alerts, and the report is the same as derived before', async () => {
    const one = async (q: string) => Number((await client.execute(q)).rows[0]!.n);
    expect(await one('select count(*) as n from kyc_verifications')).toBe(1500);
    expect(await one('select count(*) as n from kyc_verifications where first_decided_at is not null')).toBeGreaterThan(
      300,
    );
    expect(await one('select count(*) as n from kyc_verifications where manual_review_at is not null')).toBeGreaterThan(
      200,
    );
    expect(await one('select count(*) as n from case_rules')).toBeGreaterThan(300);
    expect(await one(`select count(*) as n from case_rules where rule = 'not.a_reason_code'`)).toBe(0);
    const verifications = await expectSameReports(drizzle(client, { schema }));
    expect(verifications).toBeGreaterThan(1000);
  }, 60_000);
});

describe('the facts as the app writes them', () => {
  let dir: string;
  let database: Database;
  const s = seed(1200, 1000, prng(2020));
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-facts-'));
    database = await openDatabase(`file:${path.join(dir, 'sidecar.db')}`);
    await insertRows(database.client, s, { audit: false, decided: false });
    // The trail through the audit writer, one event per call, in shuffled time order (a few two at a time).
    for (let i = 0; i < s.audit.length; i++) {
      const a = s.audit[i]!;
      const b = s.audit[i + 1];
      const entry = (x: typeof a) => ({
        verificationId: x.verificationId,
        action: 'seeded',
        actor: { type: 'system' as const, id: 'seed' },
        toStatus: x.toStatus as VerificationStatus | null,
      });
      if (b && b.at === a.at && i % 7 === 0) {
        await appendAudit(database.db, new Date(a.at), entry(a), entry(b));
        i++;
      } else await appendAudit(database.db, new Date(a.at), entry(a));
    }
    // Cases decided through the case writer.
    for (const c of s.cases) {
      if (!c.decided) continue;
      const record = (await database.db.query.cases.findFirst({ where: (t, { eq }) => eq(t.id, String(c.row[0])) }))!;
      await markCaseDecided(
        database.db,
        record,
        { outcome: c.decided.outcome, reason: 'seeded', actor: 'api-key:seed' },
        new Date(c.decided.at),
      );
    }
  }, 120_000);
  afterAll(() => {
    database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each verification’s first decision and first review as the trail has them', async () => {
    const { rows } = await database.client.execute(`select count(*) as n from kyc_verifications v where
      v.first_decided_at is not (select min(a.created_at) from kyc_audit_events a where a.verification_id = v.id
        and a.to_status in ('approved', 'rejected', 'resubmission_requested'))
      or v.manual_review_at is not (select min(a.created_at) from kyc_audit_events a where a.verification_id = v.id
        and a.to_status = 'manual_review')`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('gives the same report as the derivation from the trail and the alerts’ JSON', async () => {
    expect(await expectSameReports(database.db)).toBeGreaterThan(800);
  }, 60_000);
});
