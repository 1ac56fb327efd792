/**
 * Casework and reports at volume: a database of 1,000,000 cases (30 % transaction cases with their alerts) and
 * 200,000 verifications with their audit events, spread over 2026, bulk-inserted with multi-row INSERTs; then,
 * through the real app (app.request, no socket), and beside a bare Hono endpoint answered the same way in the
 * same run (the floor):
 *   - the queue's first page, GET /v1/cases with several filters;
 *   - a quarter's KYC analytics, GET /v1/reports/kyc-analytics (Q2, by week);
 *   - the KYC audit report for the whole year as streamed CSV: time, bytes, and the peak RSS above the level
 *     before the request (sampled while reading), to show the report is not held in memory.
 *
 *   npx tsx bench/cases.ts   (BENCH_CASES, BENCH_VERIFICATIONS override the sizes; BENCH_QUICK=1 is a smoke run)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { createApp } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';
import { mulberry32 } from './eval/random.ts';
import { machineLine } from './lib/service.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KEY = 'bench-admin-key-0123456789';
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;
const OTHER_KINDS = ['kyc_review', 'sanctions_rescreen', 'appeal'] as const;
/** 30 % of the cases, spread evenly. */
const isTransactionCase = (i: number) => i % 10 < 3;
const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
const STATUSES = ['open', 'in_progress', 'escalated'] as const;
const PROVIDERS = ['jumio', 'onfido', 'shufti', 'sumsub', 'veriff'] as const;
const RULES = ['aml.structuring', 'velocity.daily_volume', 'aml.fan_in', 'geo.high_risk_jurisdiction'] as const;

export interface CasesBenchOptions {
  cases?: number;
  verifications?: number;
  runs?: number;
}

export interface Timing {
  label: string;
  runs: number;
  p50: number;
  p99: number;
  status: number;
}

export interface CasesFigures {
  cases: number;
  verifications: number;
  insertS: number;
  dbMiB: number;
  floor: Timing;
  queue: Timing[];
  analytics: Timing;
  csv: {
    runs: number;
    p50: number;
    p99: number;
    mib: number;
    rows: number;
    peakRssDeltaMiB: number;
    rssBeforeMiB: number;
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

type Client = Awaited<ReturnType<typeof bootstrap>>['database']['client'];

/** Rows as one multi-row INSERT per chunk, all inside one write transaction per `perTx` chunks. */
async function bulkInsert(client: Client, table: string, columns: string[], rows: Iterable<unknown[]>, chunk = 400) {
  const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
  const one = `(${columns.map(() => '?').join(',')})`;
  let buf: unknown[][] = [];
  let tx = await client.transaction('write');
  let inTx = 0;
  const flush = async () => {
    if (buf.length === 0) return;
    await tx.execute({ sql: head + buf.map(() => one).join(','), args: buf.flat() as never[] });
    buf = [];
    if (++inTx >= 50) {
      await tx.commit();
      tx = await client.transaction('write');
      inTx = 0;
    }
  };
  for (const r of rows) {
    buf.push(r);
    if (buf.length >= chunk) await flush();
  }
  await flush();
  await tx.commit();
}

function* caseRows(n: number, rnd: () => number) {
  for (let i = 0; i < n; i++) {
    const kind = isTransactionCase(i) ? 'transaction' : OTHER_KINDS[i % OTHER_KINDS.length]!;
    const priority = PRIORITIES[Math.floor(rnd() * 4)]!;
    const created = YEAR_START + Math.floor((i / n) * YEAR_MS);
    const decided = rnd() < 0.8;
    const decidedAt = decided ? created + Math.floor(rnd() * 72 * 3_600_000) : null;
    const outcome = !decided
      ? null
      : kind === 'transaction'
        ? rnd() < 0.7
          ? 'clear'
          : 'escalate'
        : kind === 'sanctions_rescreen'
          ? rnd() < 0.9
            ? 'clear_false_positive'
            : 'confirm_match'
          : kind === 'appeal'
            ? 'uphold'
            : 'approve';
    yield [
      `case_${String(i).padStart(12, '0')}`,
      i + 1,
      kind,
      decided ? 'decided' : STATUSES[Math.floor(rnd() * 3)]!,
      priority,
      PRIORITIES.indexOf(priority),
      `user-${Math.floor(rnd() * 200_000)}`,
      kind === 'transaction' ? `alt_${String(i).padStart(12, '0')}` : `sub_${i}`,
      `${kind} · bench`,
      rnd() < 0.3 ? `officer-${Math.floor(rnd() * 20)}` : null,
      0,
      created,
      created + 48 * 3_600_000,
      outcome,
      decided ? 'reviewed' : null,
      decided ? 'api-key:bench' : null,
      decidedAt,
    ];
  }
}

/** The subjects of the transaction cases. */
function* alertRows(n: number, rnd: () => number) {
  for (let i = 0; i < n; i++) {
    if (!isTransactionCase(i)) continue;
    const created = YEAR_START + Math.floor((i / n) * YEAR_MS);
    const rule = RULES[Math.floor(rnd() * RULES.length)]!;
    yield [
      `alt_${String(i).padStart(12, '0')}`,
      `tx-${i}`,
      `user-${i % 200_000}`,
      'review',
      0.7,
      JSON.stringify([{ code: rule, score: 0.65, message: 'bench' }]),
      '{}',
      created,
      'open',
    ];
  }
}

function* verificationRows(n: number, rnd: () => number) {
  for (let i = 0; i < n; i++) {
    const created = YEAR_START + Math.floor((i / n) * YEAR_MS);
    const x = rnd();
    const status = x < 0.8 ? 'approved' : x < 0.9 ? 'rejected' : x < 0.95 ? 'manual_review' : 'expired';
    yield [
      `ver_${String(i).padStart(12, '0')}`,
      `user-${i}`,
      PROVIDERS[i % PROVIDERS.length]!,
      `ref-${i}`,
      status,
      rnd() < 0.1 ? 'high' : 'low',
      '[]',
      'DE',
      'v1.bench',
      'v1.bench',
      1,
      0,
      '[]',
      JSON.stringify(status === 'approved' ? ['provider_approved'] : ['provider_declined']),
      status === 'manual_review' ? null : rnd() < 0.05 ? 'compliance_officer' : 'system',
      created,
      created + 3_600_000,
      created + 30 * 86_400_000,
      created + firstDecisionAfter(i), // first_decided_at: the audit trail's decision (auditRows), as appendAudit keeps it
    ];
  }
}

/** Creation → the decision event of auditRows, for the i-th verification. */
const firstDecisionAfter = (i: number) => 10 * 60_000 + (i % 97) * 60_000;

/** case_rules of the decided transaction cases (written with each decision): caseRows and alertRows replayed together. */
function* caseRuleRows(n: number) {
  const alerts = alertRows(n, mulberry32(11));
  for (const c of caseRows(n, mulberry32(7))) {
    if (c[2] !== 'transaction') continue;
    const alert = alerts.next().value!;
    if (c[16] === null) continue;
    for (const hit of JSON.parse(String(alert[5])) as { code: string }[]) yield [c[0], hit.code, c[16], c[13]];
  }
}

function* auditRows(n: number) {
  for (let i = 0; i < n; i++) {
    const created = YEAR_START + Math.floor((i / n) * YEAR_MS);
    const id = `ver_${String(i).padStart(12, '0')}`;
    yield [id, 'session_started', 'system', 'kyc-service', null, 'pending', '{}', created];
    yield [
      id,
      'decision_recorded',
      'provider',
      'onfido',
      'pending',
      i % 10 < 8 ? 'approved' : 'rejected',
      '{"reasons":["provider_approved"]}',
      created + firstDecisionAfter(i),
    ];
  }
}

async function timeRequests(label: string, runs: number, call: () => Promise<Response>): Promise<Timing> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const res = await call();
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    status = res.status;
    if (i >= 2) times.push(ms); // two warm-up calls
  }
  return { label, runs, p50: r2(pct(times, 50)), p99: r2(pct(times, 99)), status };
}

export async function runCasesBench(opts: CasesBenchOptions = {}): Promise<CasesFigures> {
  const nCases = opts.cases ?? 1_000_000;
  const nVer = opts.verifications ?? 200_000;
  const runs = opts.runs ?? 30;
  // BENCH_REUSE_DB=<dir kept by BENCH_KEEP_DB=1>: measure again without the five-minute bulk insert.
  const reuse = process.env.BENCH_REUSE_DB;
  const dir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cases-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${path.join(dir, 'sidecar.db')}`,
    LIST_DOWNLOAD: 'false',
    LISTS_DIR: path.join(ROOT, 'lists', 'sample'),
    API_KEYS: `${KEY}:admin`,
  });
  const rt = await bootstrap(config, {
    logger: createLogger('silent'),
    metrics: createMetrics({ defaults: false }),
    background: false,
  });
  try {
    const app = createApp(rt.deps);
    const client = rt.database.client;
    const t0 = performance.now();
    if (!reuse) await insertAll(client, nCases, nVer);
    const insertS = r2((performance.now() - t0) / 1000);
    const dbMiB = r2(fs.statSync(path.join(dir, 'sidecar.db')).size / 2 ** 20);
    const measured = await measure(app, runs);
    return { cases: nCases, verifications: nVer, insertS, dbMiB, ...measured };
  } finally {
    await rt.close();
    if (process.env.BENCH_KEEP_DB === '1' || reuse) process.stderr.write(`database kept in ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function insertAll(client: Client, nCases: number, nVer: number) {
  await client.execute('PRAGMA foreign_keys = OFF'); // alerts without their screened transactions
  await bulkInsert(
    client,
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
      'assignee',
      'escalated',
      'created_at',
      'due_at',
      'outcome',
      'decision_reason',
      'decided_by',
      'decided_at',
    ],
    caseRows(nCases, mulberry32(7)),
    200,
  );
  await bulkInsert(
    client,
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
    alertRows(nCases, mulberry32(11)),
  );
  await bulkInsert(client, 'case_rules', ['case_id', 'rule', 'decided_at', 'outcome'], caseRuleRows(nCases));
  await bulkInsert(
    client,
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
      'first_decided_at',
    ],
    verificationRows(nVer, mulberry32(13)),
    200,
  );
  await bulkInsert(
    client,
    'kyc_audit_events',
    ['verification_id', 'action', 'actor_type', 'actor_id', 'from_status', 'to_status', 'details', 'created_at'],
    auditRows(nVer),
  );
  await client.execute('PRAGMA foreign_keys = ON');
  await client.execute('ANALYZE');
}

async function measure(app: ReturnType<typeof createApp>, runs: number) {
  const auth = { authorization: `Bearer ${KEY}` };
  const get = (url: string) => () => Promise.resolve(app.request(url, { headers: auth }));
  const bare = new Hono();
  bare.get('/floor', (c) => c.json({ decision: 'approve' }));
  const floor = await timeRequests('bare Hono constant (floor)', runs, () => Promise.resolve(bare.request('/floor')));

  const queue: Timing[] = [];
  for (const [label, qs] of [
    ['newest first, no filter', ''],
    ['status=open', '?status=open'],
    ['kind=transaction&status=open', '?kind=transaction&status=open'],
    ['priority=critical', '?priority=critical'],
    ['assignee=officer-3', '?assignee=officer-3'],
    ['userId=user-4242', '?userId=user-4242'],
    ['oldest first, status=open', '?status=open&order=oldest'],
  ] as const)
    queue.push(await timeRequests(label, runs, get(`/v1/cases${qs}`)));

  const analytics = await timeRequests(
    'Q2 analytics by week',
    Math.max(3, Math.floor(runs / 6)),
    get('/v1/reports/kyc-analytics?from=2026-04-01&to=2026-06-30&groupBy=week'),
  );

  const csvTimes: number[] = [];
  let bytes = 0;
  let rows = 0;
  let peakDelta = 0;
  let before = 0;
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t = performance.now();
    const res = await app.request('/v1/reports/kyc-audit?from=2026-01-01&to=2026-12-31&format=csv', {
      headers: auth,
    });
    const reader = res.body!.getReader();
    bytes = 0;
    rows = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) rows++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    csvTimes.push(performance.now() - t);
    clearInterval(sampler);
    peakDelta = Math.max(peakDelta, peak - before);
  }
  return {
    floor,
    queue,
    analytics,
    csv: {
      runs: 3,
      p50: r2(pct(csvTimes, 50)),
      p99: r2(pct(csvTimes, 99)),
      mib: r2(bytes / 2 ** 20),
      rows: rows - 1,
      peakRssDeltaMiB: r2(peakDelta / 2 ** 20),
      rssBeforeMiB: r2(before / 2 ** 20),
    },
  };
}

export function formatCasesBench(f: CasesFigures): string {
  const row = (t: Timing) => `| ${t.label} | ${t.runs} | ${t.p50} | ${t.p99} | ${t.status} |`;
  return [
    `## Casework and reports (${f.cases.toLocaleString('en')} cases, ` +
      `${f.verifications.toLocaleString('en')} verifications)`,
    '',
    'In-process through the real app (app.request, no socket); the floor is a bare Hono app answered the same ' +
      `way. Bulk insert ${f.insertS} s, database ${f.dbMiB} MiB.`,
    '',
    '| request | runs | p50 ms | p99 ms | status |',
    '|---|---|---|---|---|',
    row(f.floor),
    ...f.queue.map((t) => row({ ...t, label: `GET /v1/cases first page: ${t.label}` })),
    row({ ...f.analytics, label: `GET /v1/reports/kyc-analytics: ${f.analytics.label}` }),
    '',
    `Targets: queue first page ≤ 50 ms, quarter analytics ≤ 2 s.`,
    '',
    `KYC audit report, whole year as CSV (${f.csv.rows.toLocaleString('en')} rows, ${f.csv.mib} MiB), read to ` +
      `the end: p50 ${f.csv.p50} ms over ${f.csv.runs} runs; peak RSS ${f.csv.peakRssDeltaMiB} MiB above the ` +
      `${f.csv.rssBeforeMiB} MiB before the request.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.env.BENCH_QUICK === '1';
  const f = await runCasesBench({
    cases: Number(process.env.BENCH_CASES ?? (quick ? 50_000 : 1_000_000)),
    verifications: Number(process.env.BENCH_VERIFICATIONS ?? (quick ? 10_000 : 200_000)),
    runs: quick ? 10 : 30,
  });
  process.stdout.write(`${formatCasesBench(f)}\n\nRun ${new Date().toISOString()} · ${machineLine()}\n`);
}
