/**
 * Transaction screening over HTTP against the real service (child process, all five sources from
 * LISTS_DIR), with 100,000 customers whose risk state is warm:
 *   1. seed the database: 100,000 imported profiles and 2 screened transactions each in the last day;
 *   2. start the service on it and warm every customer's state with one screening each (a cache
 *      miss rebuilds the state from the database, as after a restart);
 *   3. p50/p99 at a fixed 1,000 tx/s for 30 s (open loop, see bench/lib/load.ts), with CPU time per transaction;
 *   4. the highest rate that holds p99 ≤ 10 ms, stepping up;
 *   5. the same fixed rate against a bare Hono endpoint returning a constant: the floor.
 * Every request has its own transactionId. Mix: 70 % below the Travel Rule threshold (wallet only),
 * 30 % above it with a complete IVMS101 payload (so the beneficiary's name is screened too), 20 % inbound.
 *
 * Standalone: `npx tsx bench/transactions.ts` (BENCH_QUICK=1 for a short validation run).
 * Diagnosis: BENCH_DEBUG=1 prints, per run, the requests over 10 ms by 250 ms slot, and the service's
 * GC and duration histograms around the mix run; BENCH_PERF_SCHED=<file> records `perf sched` for
 * the mix run (CLOCK_MONOTONIC, to line up with the slots); see bench/lib/service.ts for --trace-gc.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { customers } from '../src/db/schema/customers.ts';
import { screenedTransactions, transactionDecisions } from '../src/db/schema/transactions.ts';
import { startFloor } from './http-screen.ts';
import { percentile, runLoad, slowBursts, type LoadResult } from './lib/load.ts';
import { startService } from './lib/service.ts';

export interface TransactionsBenchOptions {
  listsDir: string;
  quick?: boolean;
  users?: number;
  rate?: number;
  durationS?: number;
}

export interface TransactionsBenchFigures {
  users: number;
  names: number;
  seededTransactions: number;
  seedSeconds: number;
  warmup: { requests: number; seconds: number; perSecond: number; p50: number; p99: number; errors: number };
  fixedRate: LoadResult;
  /** CPU time per transaction during the fixed-rate mix run, µs: the event-loop thread and the whole service process. */
  cpuPerTransaction: { mainThreadUs: number; mainThreadSystemUs: number; processUs: number };
  /** Same rate, only requests without a Travel Rule payload (no name to screen): isolates the name matcher's share. */
  walletOnlyFixedRate: LoadResult;
  floorFixedRate: LoadResult;
  maxRate?: LoadResult;
  maxRateSteps: LoadResult[];
  commit: { batches: number; avgBatch: number };
  stateLoads: number;
  decisions: Record<string, number>;
  peakRssMiB: number;
}

const KEY = 'bench-transactions-key-0123456789';
/**
 * Beneficiary names: 50,000 synthetic non-sanctioned persons (yente negatives, Latin-script rows) when
 * the shared data is there, so the name-screening cache sees realistic variety, not a handful of names.
 */
function loadNames(listsDir: string): [string, string][] {
  const file = path.resolve(listsDir, '../eval/yente/negatives_global.csv');
  const names: [string, string][] = [];
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, first, , last] = line.split(',');
      if (first && last && /^[A-Za-z' -]{2,40}$/.test(first) && /^[A-Za-z' -]{2,40}$/.test(last))
        names.push([first, last]);
    }
  }
  if (names.length === 0)
    for (const f of ['Anna', 'Ben', 'Chloe', 'David', 'Elif', 'Farah'])
      for (const l of ['Novak', 'Okafor', 'Tanaka', 'Silva']) names.push([f, l]);
  return names;
}
let NAMES: [string, string][] = [['Robert', 'Barnes']];

function wallet(i: number): string {
  return `0x${(BigInt(i) * 0x9e3779b97f4a7c15n + 0x1234567n).toString(16).padStart(40, '7').slice(-40)}`;
}

function travelRule(i: number) {
  return {
    originator: {
      originatorPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                { primaryIdentifier: 'Meyer', secondaryIdentifier: 'Sam', naturalPersonNameIdentifierType: 'LEGL' },
              ],
            },
            customerIdentification: `C${i % 100_000}`,
          },
        },
      ],
      accountNumber: [wallet(i + 7)],
    },
    beneficiary: {
      beneficiaryPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: NAMES[i % NAMES.length]![1],
                  secondaryIdentifier: NAMES[i % NAMES.length]![0],
                  naturalPersonNameIdentifierType: 'LEGL',
                },
              ],
            },
          },
        },
      ],
      accountNumber: [wallet(i)],
    },
    payloadMetadata: { payloadVersion: '101.2023' },
  };
}

/** Request i of a run: its own transactionId, a customer among `users`, the documented mix. */
export function transactionBody(run: string, i: number, users: number, userOf?: (i: number) => string): string {
  const large = i % 10 < 3;
  const inbound = i % 5 === 4;
  return JSON.stringify({
    transactionId: `${run}-${i}`,
    userId: userOf ? userOf(i) : `u${(i * 7919) % users}`,
    direction: inbound ? 'inbound' : 'outbound',
    amount: large ? `${1000 + (i % 4000)}.25` : `${10 + (i % 900)}.50`,
    asset: i % 3 === 0 ? 'USDT' : 'USDC',
    counterparty: { walletAddress: wallet(i % 5000), chain: 'ethereum', hosted: true },
    ...(large ? { travelRule: travelRule(i) } : {}),
  });
}

/**
 * 100,000 imported profiles and two recent transactions each, written straight into the database file.
 * `withHistory` (default: all) limits the transactions to the first customers: the rest have a profile only.
 */
async function seed(
  databaseUrl: string,
  users: number,
  withHistory = users,
): Promise<{ transactions: number; seconds: number }> {
  const started = performance.now();
  const database = await openDatabase(databaseUrl);
  const now = Date.now();
  const chunk = 400;
  let transactions = 0;
  for (let from = 0; from < users; from += chunk) {
    const ids = Array.from({ length: Math.min(chunk, users - from) }, (_, k) => from + k);
    const profiles = ids.map((u) => ({
      userId: `u${u}`,
      kycStatus: 'approved' as const,
      riskLevel: 'medium' as const,
      country: 'DE',
      accountCreatedAt: new Date(now - 400 * 86_400_000),
      origin: 'import' as const,
      updatedAt: new Date(now),
    }));
    const txs = ids.flatMap((u) =>
      (u < withHistory ? [1, 2] : []).map((n) => ({
        transactionId: `seed-${u}-${n}`,
        userId: `u${u}`,
        occurredAt: new Date(now - n * 3_600_000 - (u % 3_600_000)),
        direction: 'outbound' as const,
        amount: '125.5',
        asset: 'USDC',
        amountUsd: '125.5',
        counterpartyKey: `wallet:${wallet(u).toLowerCase()}`,
        counted: true,
        bodyHash: `seed-${u}-${n}`,
        // Seeded history carries no request (never read back); "v1." marks it as not awaiting the sealing pass.
        request: 'v1.seeded',
        receivedAt: new Date(now),
      })),
    );
    const decisions = txs.map((t) => ({
      transactionId: t.transactionId,
      userId: t.userId,
      decision: 'approve' as const,
      riskScore: 0,
      monitoring: 'standard' as const,
      reasonCodes: [],
      response: { seeded: true },
      evaluatedAt: new Date(now),
    }));
    await database.db.batch([
      database.db.insert(customers).values(profiles),
      ...(txs.length > 0
        ? [
            database.db.insert(screenedTransactions).values(txs),
            database.db.insert(transactionDecisions).values(decisions),
          ]
        : []),
    ]);
    transactions += txs.length;
  }
  await database.db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
  database.close();
  return { transactions, seconds: (performance.now() - started) / 1000 };
}

/** One screening per customer, `concurrency` in flight, as fast as the service answers: fills the state cache. */
async function warm(url: string, users: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const one = (body: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: '/v1/transactions/screen',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${KEY}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users) {
        const u = next++;
        const body = JSON.stringify({
          transactionId: `warm-${u}`,
          userId: `u${u}`,
          direction: 'outbound',
          amount: '42',
          asset: 'USDC',
          counterparty: { walletAddress: wallet(u + 11), hosted: true },
        });
        const t = performance.now();
        const status = await one(body);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    requests: users,
    seconds: r(seconds),
    perSecond: Math.round(users / seconds),
    p50: r(percentile(latencies, 50)),
    p99: r(percentile(latencies, 99)),
    errors,
  };
}

/** Requests over 10 ms by 250 ms slot of the run: how many, and the slowest. */
function debugSlow(label: string, r: LoadResult): void {
  const slots = new Map<number, { n: number; max: number }>();
  for (const x of r.slow) {
    const k = Math.floor(x.atS * 4) / 4;
    const s = slots.get(k) ?? { n: 0, max: 0 };
    s.n++;
    s.max = Math.max(s.max, Math.round(x.ms));
    slots.set(k, s);
  }
  process.stderr.write(
    `${label}: slow by 250 ms slot (s: count/max ms): ${[...slots].map(([k, s]) => `${k}:${s.n}/${s.max}`).join(' ')}\n`,
  );
}

/** The service's GC totals, event-loop lag and duration histograms, as exposed on /metrics. */
async function serviceDiagnostics(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) =>
      /^nodejs_gc_duration_seconds_(sum|count)|^nodejs_eventloop_lag_(max|p99)|^transaction_(commit|screening)_duration_seconds_bucket|^http_request_duration_seconds_bucket.*transactions\/screen.*200/.test(
        l,
      ),
    )
    .join('\n');
}

async function scrape(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const decisions: Record<string, number> = {};
  for (const m of text.matchAll(/^transaction_decisions_total\{decision="(\w+)"\} (\d+)/gm))
    decisions[m[1]!] = Number(m[2]);
  const batches = value(/^transaction_commit_batch_size_count (\d+)/m);
  return {
    commit: {
      batches,
      avgBatch: batches ? Math.round((value(/^transaction_commit_batch_size_sum (\d+)/m) / batches) * 10) / 10 : 0,
    },
    stateLoads: value(/^risk_state_loads_total (\d+)/m),
    decisions,
  };
}

export async function runTransactionsBench(opts: TransactionsBenchOptions): Promise<TransactionsBenchFigures> {
  const quick = opts.quick ?? false;
  const users = opts.users ?? (quick ? 20_000 : 100_000);
  const rate = opts.rate ?? 1000;
  const durationS = opts.durationS ?? (quick ? 5 : 30);
  NAMES = loadNames(opts.listsDir);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-tx-'));
  const databaseUrl = `file:${path.join(dir, 'sidecar.db')}`;
  try {
    const seeded = await seed(databaseUrl, users);
    const svc = await startService({
      LISTS_DIR: opts.listsDir,
      DATABASE_URL: databaseUrl,
      API_KEYS: `${KEY}:screen+admin`,
      TRANSACTIONS_STATE_MAX_USERS: String(Math.max(200_000, users * 2)),
    });
    const floor = await startFloor();
    const headers = { authorization: `Bearer ${KEY}` };
    try {
      const warmup = await warm(svc.url, users, 32);
      // One running sequence across runs: ids stay unique and later runs do not replay the names
      // (and customers) of earlier ones, so the name cache gets no unfair hits.
      let offset = 0;
      const tag = `b${Date.now().toString(36)}`;
      const load = (r: number, seconds: number, mix: 'all' | 'walletOnly' = 'all') => {
        const base = offset;
        offset += Math.ceil(r * seconds) * 10;
        // walletOnly keeps the i % 10 ≥ 3 requests of the same sequence: no Travel Rule payload, no name.
        const pick = mix === 'all' ? (i: number) => base + i : (i: number) => base + i * 10 + 5;
        const kind = (i: number) => (pick(i) % 10 < 3 ? 'with a name (Travel Rule payload)' : 'wallet only');
        return runLoad({
          url: svc.url,
          path: '/v1/transactions/screen',
          headers,
          body: (i) => transactionBody(tag, pick(i), users),
          kind,
          rate: r,
          durationS: seconds,
        });
      };
      // JIT warm-up of the measured path (not reported), then the floor and the service at the same rate.
      await load(500, quick ? 2 : 5);
      await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate: 500, durationS: 2 });
      const floorFixedRate = await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate, durationS });
      const cpuBefore = svc.cpuMs();
      const diagnosticsBefore = process.env.BENCH_DEBUG ? await serviceDiagnostics(svc.url) : '';
      const perf = process.env.BENCH_PERF_SCHED
        ? spawn('perf', ['sched', 'record', '-k', 'CLOCK_MONOTONIC', '-a', '-o', process.env.BENCH_PERF_SCHED], {
            stdio: 'ignore',
          })
        : undefined;
      // Settles when perf ends, or at once if it cannot start (not installed, not permitted): the run goes on without it.
      const perfEnded = perf
        ? new Promise<void>((resolve) => {
            perf.once('exit', () => resolve());
            perf.once('error', (err) => {
              process.stderr.write(`perf sched not recorded: ${err.message}\n`);
              resolve();
            });
          })
        : undefined;
      if (perf) await new Promise((r) => setTimeout(r, 2000));
      const fixedRate = await load(rate, durationS);
      if (perf) {
        perf.kill('SIGINT');
        await perfEnded;
        process.stderr.write(`mix run started at monotonic ${fixedRate.startedAtMonoS}\n`);
      }
      const cpuAfter = svc.cpuMs();
      if (process.env.BENCH_DEBUG) {
        process.stderr.write(
          `service before:\n${diagnosticsBefore}\nservice after:\n${await serviceDiagnostics(svc.url)}\n`,
        );
        debugSlow('mix', fixedRate);
      }
      const perTx = (ms: number) => Math.round((ms * 1000) / fixedRate.sent);
      const cpuPerTransaction = {
        mainThreadUs: perTx(cpuAfter.mainThread - cpuBefore.mainThread),
        mainThreadSystemUs: perTx(cpuAfter.mainThreadSystem - cpuBefore.mainThreadSystem),
        processUs: perTx(cpuAfter.process - cpuBefore.process),
      };
      const walletOnlyFixedRate = await load(rate, durationS, 'walletOnly');
      if (process.env.BENCH_DEBUG) debugSlow('wallet only', walletOnlyFixedRate);
      const steps: LoadResult[] = [];
      let best: LoadResult | undefined;
      for (const r of [1000, 1500, 2000, 2500, 3000, 3500, 4000, 5000, 6000]) {
        const step = await load(r, quick ? 3 : 5);
        steps.push(step);
        if (process.env.BENCH_DEBUG) debugSlow(`step ${r}`, step);
        if (!(step.p99 <= 10 && step.errors === 0 && step.achievedRate >= r * 0.95)) break;
        best = step;
      }
      const scraped = await scrape(svc.url);
      return {
        users,
        names: NAMES.length,
        seededTransactions: seeded.transactions,
        seedSeconds: Math.round(seeded.seconds * 10) / 10,
        warmup,
        fixedRate,
        cpuPerTransaction,
        walletOnlyFixedRate,
        floorFixedRate,
        ...(best ? { maxRate: best } : {}),
        maxRateSteps: steps,
        ...scraped,
        peakRssMiB: svc.peakRssMiB(),
      };
    } finally {
      floor.stop();
      await svc.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function row(label: string, r: LoadResult | undefined): string {
  if (!r) return `| ${label} | – | – | – | – | – | – | – | – |`;
  return `| ${label} | ${r.targetRate}/s | ${r.achievedRate}/s | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.errors} | ${r.lagP99} |`;
}

export function formatTransactionsBench(f: TransactionsBenchFigures): string {
  const decisions = Object.entries(f.decisions)
    .map(([d, n]) => `${d} ${n}`)
    .join(', ');
  return [
    '## Transaction screening over HTTP (child process, all sources, warm per-customer state)',
    '',
    `${f.users.toLocaleString('en')} customers with imported profiles and ${f.seededTransactions.toLocaleString('en')} seeded transactions (seeded in ${f.seedSeconds} s); ` +
      `every customer's state warmed by one screening each (${f.warmup.requests.toLocaleString('en')} requests, 32 in flight: ${f.warmup.perSecond}/s, p50 ${f.warmup.p50} ms, p99 ${f.warmup.p99} ms, errors ${f.warmup.errors}). ` +
      `Each request has its own transactionId; 30 % carry a complete IVMS101 payload whose beneficiary name (from ${f.names.toLocaleString('en')} synthetic names) is screened against the lists, 20 % inbound. ` +
      'Open-loop load on loopback (a 1 ms timer releases the requests due; raw keep-alive sockets), latency in ms from the moment a request is handed to the connection pool to its last byte; every answer waited for its group commit.',
    '',
    '| run | target | achieved | p50 ms | p90 ms | p99 ms | max ms | errors | generator lag p99 ms |',
    '|---|---|---|---|---|---|---|---|---|',
    row('bare Hono constant (floor)', f.floorFixedRate),
    row('POST /v1/transactions/screen (mix)', f.fixedRate),
    ...Object.entries(f.fixedRate.byKind ?? {}).map(
      ([kind, k]) =>
        `|   within the mix: ${kind} (${k.count.toLocaleString('en')}) | | | ${k.p50} | ${k.p90} | ${k.p99} | | | |`,
    ),
    row('  same, wallet-only requests (no name screened)', f.walletOnlyFixedRate),
    ...[['mix', f.fixedRate] as const, ['wallet-only', f.walletOnlyFixedRate] as const].map(([label, r]) => {
      const b = slowBursts(r);
      return `|   ${label} run: requests over 100 ms / bursts they came in | | | | | ${b.requests} / ${b.bursts} | | | |`;
    }),
    row('mix: highest step with p99 ≤ 10 ms', f.maxRate),
    ...f.maxRateSteps.map((s) => row(`  step ${s.targetRate}/s`, s)),
    '',
    `CPU per transaction in the ${f.fixedRate.targetRate}/s mix run: ${f.cpuPerTransaction.mainThreadUs} µs on the event-loop thread (${f.cpuPerTransaction.mainThreadSystemUs} µs of it in the kernel), ${f.cpuPerTransaction.processUs} µs for the whole service process (all threads). ` +
      `Group commits: ${f.commit.batches.toLocaleString('en')} (average ${f.commit.avgBatch} transactions each). State rebuilds from the database: ${f.stateLoads.toLocaleString('en')}. ` +
      `Decisions: ${decisions}. Service peak RSS ${f.peakRssMiB} MiB. Goals: p99 ≤ 5 ms at 1,000/s; ≥ 3,000 tx/s at p99 ≤ 10 ms.`,
  ].join('\n');
}

export interface HotPathBenchFigures {
  users: number;
  usersWithHistory: number;
  durationS: number;
  rate: number;
  batchSize: number;
  floorFixedRate: LoadResult;
  /** 100,000 customers drawn at random, fresh process, no customer warmed. */
  cold: LoadResult;
  coldCpuPerTransaction: { mainThreadUs: number; processUs: number };
  coldStateLoads: number;
  /** The same rate with a batch of `batchSize` names every second. */
  withBatches: LoadResult;
  batches: { count: number; p50: number; max: number; errors: number };
  decisions: Record<string, number>;
  peakRssMiB: number;
}

/** Customer of request i in the hot-path runs: drawn uniformly (a fixed integer hash, so runs are repeatable). */
function randomUser(users: number): (i: number) => string {
  return (i) => {
    let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x ^= x >>> 16;
    return `u${(x >>> 0) % users}`;
  };
}

/**
 * Issue #13's hot-path runs against a fresh service process (nothing in memory):
 *   1. cold: 1,000/s open loop, customers drawn at random from 100,000 (half with two stored
 *      transactions, half with a profile only), no customer warmed first; CPU per transaction;
 *   2. the same rate while a 1,000-name POST /v1/screen/batch is sent every second;
 *   3. the floor (bare Hono constant) at the same rate and duration, in the same run.
 * Only the JIT is warmed first: 3 s at 300/s on customers outside the 100,000.
 * Standalone: `BENCH_HOTPATH=1 BENCH_SECONDS=60 npx tsx bench/transactions.ts`.
 */
export async function runHotPathBench(opts: {
  listsDir: string;
  users?: number;
  rate?: number;
  durationS?: number;
  batchSize?: number;
}): Promise<HotPathBenchFigures> {
  const users = opts.users ?? 100_000;
  const usersWithHistory = Math.floor(users / 2);
  const rate = opts.rate ?? 1000;
  const durationS = opts.durationS ?? 60;
  const batchSize = opts.batchSize ?? 1000;
  NAMES = loadNames(opts.listsDir);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-hot-'));
  const databaseUrl = `file:${path.join(dir, 'sidecar.db')}`;
  try {
    await seed(databaseUrl, users, usersWithHistory);
    const svc = await startService({
      LISTS_DIR: opts.listsDir,
      DATABASE_URL: databaseUrl,
      API_KEYS: `${KEY}:screen+admin`,
      TRANSACTIONS_STATE_MAX_USERS: String(Math.max(200_000, users * 2)),
    });
    const floor = await startFloor();
    const headers = { authorization: `Bearer ${KEY}` };
    const tag = `h${Date.now().toString(36)}`;
    const userOf = randomUser(users);
    try {
      // JIT only: customers outside the measured population.
      await runLoad({
        url: svc.url,
        path: '/v1/transactions/screen',
        headers,
        body: (i) => transactionBody(`${tag}j`, i, users, (k) => `jit${k}`),
        rate: 300,
        durationS: 3,
      });
      await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate: 500, durationS: 2 });
      const floorFixedRate = await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate, durationS });
      const loadsBefore = (await scrape(svc.url)).stateLoads;
      const cpuBefore = svc.cpuMs();
      const cold = await runLoad({
        url: svc.url,
        path: '/v1/transactions/screen',
        headers,
        body: (i) => transactionBody(`${tag}c`, i, users, userOf),
        rate,
        durationS,
      });
      const cpuAfter = svc.cpuMs();
      const coldStateLoads = (await scrape(svc.url)).stateLoads - loadsBefore;
      const perTx = (ms: number) => Math.round((ms * 1000) / cold.sent);
      // Batches of distinct names (the screening cache gets no repeats), one a second, alongside the transactions.
      const batchLatencies: number[] = [];
      let batchErrors = 0;
      let stop = false;
      const batcher = (async () => {
        for (let k = 0; !stop; k++) {
          const tick = performance.now();
          const body = JSON.stringify({
            queries: Array.from({ length: batchSize }, (_, j) => {
              const [first, last] = NAMES[(k * batchSize + j) % NAMES.length]!;
              return { id: `q${j}`, name: `${first} ${last}` };
            }),
          });
          const res = await fetch(`${svc.url}/v1/screen/batch`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body,
          }).catch(() => undefined);
          if (res) await res.arrayBuffer();
          batchLatencies.push(performance.now() - tick);
          if (!res?.ok) batchErrors++;
          await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - tick))));
        }
      })();
      const withBatches = await runLoad({
        url: svc.url,
        path: '/v1/transactions/screen',
        headers,
        body: (i) => transactionBody(`${tag}b`, i + 10_000_000, users, userOf),
        rate,
        durationS,
      });
      stop = true;
      await batcher;
      batchLatencies.sort((a, b) => a - b);
      const r3 = (x: number) => Math.round(x * 10) / 10;
      const scraped = await scrape(svc.url);
      return {
        users,
        usersWithHistory,
        durationS,
        rate,
        batchSize,
        floorFixedRate,
        cold,
        coldCpuPerTransaction: {
          mainThreadUs: perTx(cpuAfter.mainThread - cpuBefore.mainThread),
          processUs: perTx(cpuAfter.process - cpuBefore.process),
        },
        coldStateLoads,
        withBatches,
        batches: {
          count: batchLatencies.length,
          p50: r3(percentile(batchLatencies, 50)),
          max: r3(batchLatencies.at(-1) ?? NaN),
          errors: batchErrors,
        },
        decisions: scraped.decisions,
        peakRssMiB: svc.peakRssMiB(),
      };
    } finally {
      floor.stop();
      await svc.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function formatHotPathBench(f: HotPathBenchFigures, label = ''): string {
  const ratio = (r: LoadResult) =>
    `${Math.round((r.p99 / f.floorFixedRate.p99) * 10) / 10}× floor p99, over 100 ms: ${slowBursts(r).requests}`;
  return [
    `Hot path${label ? ` (${label})` : ''}: ${f.users.toLocaleString('en')} customers (${f.usersWithHistory.toLocaleString('en')} with two stored transactions, the rest a profile only), fresh service process, ${f.rate}/s open loop, ${f.durationS} s per run.`,
    '',
    '| run | target | achieved | p50 ms | p99 ms | max ms | errors | vs floor |',
    '|---|---|---|---|---|---|---|---|',
    `| bare Hono constant (floor) | ${f.rate}/s | ${f.floorFixedRate.achievedRate}/s | ${f.floorFixedRate.p50} | ${f.floorFixedRate.p99} | ${f.floorFixedRate.max} | ${f.floorFixedRate.errors} | |`,
    ...(
      [
        ['cold: customers at random, no warm-up', f.cold],
        [`with a ${f.batchSize}-name batch every second`, f.withBatches],
      ] as const
    ).map(
      ([name, r]) =>
        `| ${name} | ${r.targetRate}/s | ${r.achievedRate}/s | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${ratio(r)} |`,
    ),
    '',
    `Cold run: ${f.coldStateLoads.toLocaleString('en')} state loads from the database; event-loop CPU ${f.coldCpuPerTransaction.mainThreadUs} µs per transaction (${f.coldCpuPerTransaction.processUs} µs whole process). ` +
      `Batches: ${f.batches.count} (p50 ${f.batches.p50} ms, max ${f.batches.max} ms, errors ${f.batches.errors}). Peak RSS ${f.peakRssMiB} MiB.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  const listsDir = process.env.LISTS_DIR ?? path.resolve(root, '../shared/data/lists');
  // BENCH_RATE / BENCH_SECONDS change the fixed-rate runs (e.g. to profile one rate).
  const rate = Number(process.env.BENCH_RATE) || undefined;
  const durationS = Number(process.env.BENCH_SECONDS) || undefined;
  if (process.env.BENCH_HOTPATH === '1') {
    runHotPathBench({ listsDir, ...(rate ? { rate } : {}), ...(durationS ? { durationS } : {}) })
      .then((f) => {
        process.stdout.write(`${formatHotPathBench(f)}\n`);
        if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(f, null, 1));
      })
      .catch((err) => {
        process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
      });
  } else
    runTransactionsBench({
      listsDir,
      quick: process.env.BENCH_QUICK === '1',
      ...(rate ? { rate } : {}),
      ...(durationS ? { durationS } : {}),
    })
      .then((f) => process.stdout.write(`${formatTransactionsBench(f)}\n`))
      .catch((err) => {
        process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
      });
}
