/**
 * Continuous-monitoring benchmark over the real lists (LISTS_DIR, all five sources):
 *   - delta re-screen: 1,000,000 monitored customers (synthetic names from yente's non-listed people, fixed
 *     seed, inserted straight into monitored_customers) against 100 changed entities (a seeded sample of the
 *     real OFAC SDN changes between the 2021 snapshot and the current file), through the service's own path:
 *     name index → candidates → decrypt → regular scorer → alerts;
 *   - memory of the customer-name index for those 1,000,000 customers (heap after a full GC);
 *   - candidates per changed entity;
 *   - scheduled full re-screen of 100,000 customers (scheduler chunks, no rate bound).
 * A few customers carry spelling variants of changed entities' names, so the delta run has real hits to find.
 *
 *   node --expose-gc --import tsx bench/monitoring.ts   (BENCH_MONITORING_CUSTOMERS overrides 1,000,000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadMonitoringConfig } from '../src/monitoring/config.ts';
import { deltaCandidates } from '../src/monitoring/delta-run.ts';
import { customerNameKeys, encodeKeys, queryPositions } from '../src/monitoring/name-keys.ts';
import { tokenWeight } from '../src/sanctions/score.ts';
import { MonitoringService } from '../src/monitoring/service.ts';
import { openDatabase } from '../src/db/client.ts';
import { PiiCipher } from '../src/kyc/crypto.ts';
import { createLogger } from '../src/logger.ts';
import { diffSource, type ListDelta } from '../src/sanctions/delta.ts';
import type { Entity, SourceId } from '../src/sanctions/entity.ts';
import { SanctionsIndex } from '../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../src/sanctions/load.ts';
import type { ListSnapshot, SourceStatus } from '../src/sanctions/registry.ts';
import { parseCsv } from '../src/sanctions/sources/common/csv.ts';
import { parseSource } from '../src/sanctions/sources/index.ts';
import { WalletIndex } from '../src/sanctions/wallets.ts';
import { mulberry32 } from './eval/random.ts';

export interface MonitoringBenchOptions {
  listsDir: string;
  evalDir: string;
  customers?: number;
  fullCustomers?: number;
  changed?: number;
}

export interface MonitoringFigures {
  customers: number;
  insertS: number;
  indexLoadS: number;
  indexMiB: number;
  keysPerCustomer: number;
  realDelta: { added: number; changed: number; removed: number };
  changed: number;
  deltaS: number;
  candidates: number;
  candidatesPerChange: { mean: number; p50: number; p99: number; max: number };
  planted: number;
  hits: number;
  plantedFound: number;
  full: {
    customers: number;
    seconds: number;
    perSecond: number;
    hits: number;
    /** The main thread during the run: share of time busy (event-loop utilisation), event-loop delay p99 / max, ms. */
    mainThread: { busy: number; delayP99Ms: number; delayMaxMs: number };
  };
}

export function namePools(evalDir: string): { first: string[]; last: string[] } {
  const file = path.join(evalDir, 'yente/negatives_global.csv');
  const rows = parseCsv(fs.readFileSync(file, 'utf8'), { source: 'bench', file: 'negatives', columns: 'first-row' });
  const head = rows[0]!;
  const [f, l] = [head.indexOf('first_name'), head.indexOf('last_name')];
  const first = new Set<string>();
  const last = new Set<string>();
  for (const r of rows.slice(1)) {
    if (r[f]?.trim()) first.add(r[f].trim());
    if (r[l]?.trim()) last.add(r[l].trim());
  }
  return { first: [...first], last: [...last] };
}

function gcNow(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = (globalThis as { gc?: () => void }).gc ?? (vm.runInNewContext('gc') as () => void);
  return () => {
    gc();
    gc();
  };
}

const heapMiB = () => process.memoryUsage().heapUsed / 1048576;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function pct(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** "LAST, First Middle" → "First Last" with a vowel changed: how a customer's own spelling may differ. */
function variantOf(e: Entity, rnd: () => number): string {
  const [last, rest] = e.name.includes(',') ? e.name.split(',', 2).map((s) => s.trim()) : ['', e.name];
  const given = (rest ?? '').split(/\s+/)[0] ?? '';
  const swapVowel = (s: string) => s.replace(/[aeiou]/i, (v) => (v.toLowerCase() === 'a' ? 'e' : 'a'));
  const first = given.length > 3 && rnd() < 0.5 ? swapVowel(given) : given;
  return `${first} ${last ? last.charAt(0) + last.slice(1).toLowerCase() : ''}`.trim();
}

function snapshotOf(entities: Entity[], versions: Map<SourceId, string>): ListSnapshot {
  const sources = new Map<SourceId, SourceStatus>();
  for (const [source, v] of versions)
    sources.set(source, {
      source,
      origin: 'lists-dir',
      publishedAt: v,
      checksums: {},
      entities: entities.filter((e) => e.source === source).length,
      names: 0,
      loadedAt: new Date(),
      warnings: 0,
    });
  return {
    index: SanctionsIndex.build(entities),
    wallets: WalletIndex.build(entities),
    sources,
    builtAt: new Date(),
    sample: false,
  };
}

export async function runMonitoringBench(opts: MonitoringBenchOptions): Promise<MonitoringFigures> {
  const total = opts.customers ?? 1_000_000;
  const fullN = Math.min(total, opts.fullCustomers ?? 100_000);
  const changedN = opts.changed ?? 100;
  const gc = gcNow();
  // Seeded (mulberry32), so every run generates the same customers.
  const rnd = mulberry32(20_261_202);

  // Lists: the current files, and the 2021 SDN for a real delta.
  const loaded = await loadSourcesFromDir(opts.listsDir);
  const entities = loaded.parsed.flatMap((p) => p.entities);
  const versions = new Map(loaded.parsed.map((p) => [p.source, p.publishedAt ?? 'current'] as const));
  const snapshot = snapshotOf(entities, versions);
  const oldDir = path.join(opts.listsDir, 'ofac-sdn-2021');
  const oldFiles = new Map(fs.readdirSync(oldDir).map((f) => [f, fs.readFileSync(path.join(oldDir, f), 'utf8')]));
  const old = parseSource('ofac-sdn', oldFiles);
  const current = loaded.parsed.find((p) => p.source === 'ofac-sdn')!;
  const real = diffSource('ofac-sdn', old.entities, current.entities);
  const pool = [...real.added, ...real.changed].filter((e) => e.type === 'person');
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const picked = pool.slice(0, changedN);
  const delta: ListDelta = { sources: [{ source: 'ofac-sdn', added: picked, changed: [], removed: [] }] };

  // Customers: synthetic names, a planted variant of a changed entity every so often.
  const { first, last } = namePools(opts.evalDir);
  const planted = new Map<number, Entity>();
  const plantEvery = Math.floor(total / 25);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-monitoring-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  const database = await openDatabase(databaseUrl);
  const key = Buffer.alloc(32, 7);
  const cipher = new PiiCipher(key);
  const started = performance.now();
  const now = Date.now();
  const BATCH = 2_000;
  for (let base = 0; base < total; base += BATCH) {
    const values: string[] = [];
    const args: (string | number)[] = [];
    for (let i = base; i < Math.min(total, base + BATCH); i++) {
      let name: string;
      let dob = `${1940 + Math.floor(rnd() * 65)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      if (i % plantEvery === plantEvery - 1 && planted.size < picked.length) {
        const e = picked[planted.size * 4]!;
        if (e) {
          planted.set(i + 1, e);
          name = variantOf(e, rnd);
          dob = e.birthDates[0]?.date ?? dob;
        } else name = `${first[Math.floor(rnd() * first.length)]} ${last[Math.floor(rnd() * last.length)]}`;
      } else {
        const middle = rnd() < 0.25 ? ` ${first[Math.floor(rnd() * first.length)]}` : '';
        name = `${first[Math.floor(rnd() * first.length)]}${middle} ${last[Math.floor(rnd() * last.length)]}`;
      }
      const userId = `bench-${i + 1}`;
      values.push('(?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const due = i < fullN ? now - 1000 : now + 86_400_000 * 30;
      args.push(
        userId,
        'import',
        cipher.encryptJson({ name, dateOfBirth: dob }, `monitoring:${userId}`),
        encodeKeys(customerNameKeys(name)),
        1,
        due,
        now,
        now,
        i + 1,
      );
    }
    await database.client.execute({
      sql: `insert into monitored_customers (user_id, origin, identity_enc, name_keys, active, next_due_at, created_at, updated_at, id) values ${values.join(',')}`,
      args,
    });
  }
  const insertS = (performance.now() - started) / 1000;

  const config = { ...loadMonitoringConfig({}), maxRate: 0, chunkSize: 1_000, tickMs: 3_600_000 };
  const service = new MonitoringService({
    db: database.db,
    cipher,
    // As the service runs it: the full re-screen's worker reads and commits each chunk through its own connection.
    // BENCH_MONITORING_WORKER_READS=false: the main thread reads, decrypts and commits, the worker only scores.
    ...(process.env.BENCH_MONITORING_WORKER_READS === 'false'
      ? {}
      : {
          workerAccess: {
            databaseUrl,
            piiKey: { configured: key.toString('base64'), nodeEnv: 'production' as const, dataDir: dir },
          },
        }),
    lists: { snapshot, refreshNow: async () => ({ sources: [] }) },
    clock: () => new Date(),
    logger: createLogger('silent'),
    config,
    threshold: 0.8,
    riskLevel: async () => 'medium',
    onLevelChange: () => undefined,
  });
  gc();
  const heapBefore = heapMiB();
  const loadStarted = performance.now();
  await service.load();
  const indexLoadS = (performance.now() - loadStarted) / 1000;
  gc();
  const indexMiB = heapMiB() - heapBefore;
  const keysRow = await database.client.execute(
    "select avg(length(name_keys) - length(replace(name_keys, ' ', ''))) as k from monitored_customers",
  );

  // Delta re-screen, through the service (run row, candidates, decrypt, scorer, alerts).
  const perEntityRaw = deltaCandidates(service.index, delta, snapshot, 0.8).perEntity;
  // BENCH_MONITORING_DEBUG=1: which names of the entity with the most candidates brought them, and a few of them.
  if (process.env.BENCH_MONITORING_DEBUG) {
    const worst = perEntityRaw.indexOf(Math.max(...perEntityRaw));
    const e = picked[worst]!;
    for (const n of e.names) {
      const one = new Set<number>();
      service.index.candidates(
        queryPositions(n.full, { fuzzy: true, weigh: (t) => tokenWeight(t, snapshot.index) }),
        one,
        0.65,
      );
      const rows = await service.store.byIds([...one].slice(0, 5));
      const names = rows.map(
        (r) => cipher.decryptJson<{ name: string }>(r.identityEnc!, `monitoring:${r.userId}`).name,
      );
      process.stderr.write(`${n.full}: ${one.size} ${names.join(' | ')}\n`);
    }
  }
  const perEntity = perEntityRaw.sort((a, b) => a - b);
  const deltaStarted = performance.now();
  service.onListChange(delta, snapshot);
  await service.settled();
  const deltaS = (performance.now() - deltaStarted) / 1000;
  const run = (await database.client.execute("select * from screening_runs where kind = 'delta'")).rows[0]!;
  if (run.status !== 'done') throw new Error(`delta run ${String(run.status)}: ${String(run.error)}`);
  const hitRows = await database.client.execute('select user_id, source_id from rescreen_alerts');
  let plantedFound = 0;
  for (const r of hitRows.rows) {
    const e = planted.get(Number(String(r.user_id).slice('bench-'.length)));
    if (e && e.sourceId === r.source_id) plantedFound++;
  }

  // Scheduled full re-screen of the customers due (the first fullN).
  // What the run leaves the main thread (the request path in the service): how busy it is, how late its loop runs.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const eluBefore = performance.eventLoopUtilization();
  const fullStarted = performance.now();
  while ((await service.scheduler.step()) === 'more') {
    /* one chunk per step */
  }
  const fullS = (performance.now() - fullStarted) / 1000;
  const busy = performance.eventLoopUtilization(eluBefore).utilization;
  delay.disable();
  // The sampler records its timer's interval: the lateness is what exceeds the 5 ms resolution.
  const late = (ns: number) => r1(Math.max(0, ns / 1e6 - 5));
  const mainThread = { busy: r2(busy), delayP99Ms: late(delay.percentile(99)), delayMaxMs: late(delay.max) };
  const fullRun = (await database.client.execute("select * from screening_runs where kind = 'full'")).rows[0]!;
  await service.close();
  database.close();
  fs.rmSync(dir, { recursive: true, force: true });

  return {
    customers: total,
    insertS: r1(insertS),
    indexLoadS: r2(indexLoadS),
    indexMiB: r1(indexMiB),
    keysPerCustomer: r2(Number(keysRow.rows[0]!.k)),
    realDelta: { added: real.added.length, changed: real.changed.length, removed: real.removed.length },
    changed: picked.length,
    deltaS: r2(deltaS),
    candidates: Number(run.candidates),
    candidatesPerChange: {
      mean: r1(perEntity.reduce((a, b) => a + b, 0) / Math.max(1, perEntity.length)),
      p50: pct(perEntity, 50),
      p99: pct(perEntity, 99),
      max: perEntity.at(-1) ?? 0,
    },
    planted: planted.size,
    hits: Number(run.hits),
    plantedFound,
    full: {
      customers: Number(fullRun.customers_checked),
      seconds: r1(fullS),
      perSecond: Math.round(Number(fullRun.customers_checked) / fullS),
      hits: Number(fullRun.hits),
      mainThread,
    },
  };
}

export function formatMonitoringBench(f: MonitoringFigures): string {
  return [
    '## Continuous monitoring (in process, all five sources, bench/monitoring.ts)',
    '',
    `${f.customers.toLocaleString('en')} monitored customers with synthetic names (yente non-listed first and last names, fixed seed; bulk-inserted in ${f.insertS} s, each with an encrypted identity and ${f.keysPerCustomer} name keys). The ${f.changed} changed entities are a seeded sample of the real OFAC SDN persons added or changed between the 2021 snapshot and the current file (real delta: ${f.realDelta.added} added, ${f.realDelta.changed} changed, ${f.realDelta.removed} removed). ${f.planted} customers carry a spelling variant of a changed entity's name.`,
    '',
    '| measure | goal | result |',
    '|---|---|---|',
    `| delta re-screen, ${f.customers.toLocaleString('en')} customers × ${f.changed} changed entities (run start to done) | ≤ 10 s | **${f.deltaS} s** |`,
    `| candidates from the name index (decrypted, sieved against the changed entities, then scored) | – | ${f.candidates} of ${f.customers.toLocaleString('en')} |`,
    `| candidates per changed entity | – | mean ${f.candidatesPerChange.mean}, p50 ${f.candidatesPerChange.p50}, p99 ${f.candidatesPerChange.p99}, max ${f.candidatesPerChange.max} |`,
    `| alerts raised (planted variants found) | – | ${f.hits} (${f.plantedFound} of ${f.planted}) |`,
    `| customer-name index heap, ${f.customers.toLocaleString('en')} customers | ≤ 100 MB | **${f.indexMiB} MiB** (loaded from the database in ${f.indexLoadS} s, nothing decrypted) |`,
    `| scheduled full re-screen, ${f.full.customers.toLocaleString('en')} customers | ≤ 60 s | **${f.full.seconds} s** (${f.full.perSecond}/s, ${f.full.hits} alerts) |`,
    `| main thread during that run: busy share, event-loop lateness p99 / max | – | ${f.full.mainThread.busy} · ${f.full.mainThread.delayP99Ms} / ${f.full.mainThread.delayMaxMs} ms |`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '..');
  const shared = process.env.SHARED_DATA_DIR ?? path.resolve(root, '../shared/data');
  const figures = await runMonitoringBench({
    listsDir: process.env.LISTS_DIR ?? path.join(shared, 'lists'),
    evalDir: path.join(shared, 'eval'),
    ...(process.env.BENCH_MONITORING_CUSTOMERS ? { customers: Number(process.env.BENCH_MONITORING_CUSTOMERS) } : {}),
  });
  process.stdout.write(`${formatMonitoringBench(figures)}\n`);
}
