/**
 * Sanctions index off the main thread (#13): a full list refresh in the middle of a 1,000/s run of
 * POST /v1/screen over HTTP, against the real service (child process, all five sources from a copy
 * of LISTS_DIR), with the bare-Hono floor measured in the same run; plus the V8 heap and RSS with
 * all five lists loaded, index built the old way (on the main thread, objects) and the new way
 * (index worker, flat arrays), each in a fresh process after a forced GC (bench/lib/index-memory.ts).
 *
 * The refresh rewrites one file of every source (a trailing newline: new checksums, same entities),
 * so all five are re-parsed (parse workers) and the whole index is rebuilt: the worst case.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOURCE_IDS } from '../src/sanctions/entity.ts';
import { startFloor } from './http-screen.ts';
import { percentile, runLoad, type LoadResult } from './lib/load.ts';
import { startService } from './lib/service.ts';

export interface MemoryFigures {
  mode: 'objects' | 'flat';
  entities: number;
  names: number;
  buildMs: number;
  imageMiB: number;
  chunksMiB: number;
  listsOnly: { heapUsedMiB: number; rssMiB: number };
  withIndex: { heapUsedMiB: number; rssMiB: number };
}

export interface RefreshRun {
  load: LoadResult;
  /** When the refresh was asked for, s into the run, and how long until the new snapshot was live. */
  refreshAtS: number;
  refreshMs: number;
  sourcesRefreshed: number;
  over50ms: number;
  /** Slowest requests sent from the refresh on: [s after the refresh started, ms]. */
  worstDuringRefresh: [number, number][];
}

export interface IndexRefreshFigures {
  floor: LoadResult;
  quiet: LoadResult;
  runs: RefreshRun[];
  service: { before: ServiceMemory; after: ServiceMemory };
  memory: MemoryFigures[];
}

interface ServiceMemory {
  heapUsedMiB: number;
  rssMiB: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');

function readNames(evalDir: string): string[] {
  const names: string[] = [];
  for (const f of ['yente/negatives_global.csv', 'yente/negatives_us.csv', 'yente/positives_un_treated.csv']) {
    const lines = fs.readFileSync(path.join(evalDir, f), 'utf8').split('\n').slice(1, 1500);
    for (const line of lines) {
      const name = line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(',')[0]!;
      if (name.trim()) names.push(name.trim());
    }
  }
  return names;
}

/** One file per source whose trailing newline changes its checksum and nothing else. */
function touchEverySource(dir: string): void {
  for (const s of SOURCE_IDS) {
    const folder = path.join(dir, s);
    const files = fs.readdirSync(folder).filter((f) => /\.xml$/i.test(f));
    const file =
      files[0] ?? fs.readdirSync(folder).find((f) => /comments\.csv$/i.test(f)) ?? fs.readdirSync(folder)[0]!;
    fs.appendFileSync(path.join(folder, file), '\n');
  }
}

async function serviceMemory(url: string, headers: Record<string, string>): Promise<ServiceMemory> {
  const text = await (await fetch(`${url}/metrics`, { headers })).text();
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  const MiB = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    heapUsedMiB: MiB(metric('nodejs_heap_size_used_bytes')),
    rssMiB: MiB(metric('process_resident_memory_bytes')),
  };
}

function memoryRun(mode: 'objects' | 'flat', listsDir: string): MemoryFigures {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/lib/index-memory.ts'), mode, listsDir],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as MemoryFigures;
}

export async function runIndexRefreshBench(opts: {
  listsDir: string;
  evalDir: string;
  durationS: number;
  runs: number;
  rate?: number;
  /** Measure the memory of both index layouts first (false to measure only the refresh, e.g. on an older tree). */
  memory?: boolean;
}): Promise<IndexRefreshFigures> {
  const rate = opts.rate ?? 1000;
  const memory = opts.memory === false ? [] : [memoryRun('objects', opts.listsDir), memoryRun('flat', opts.listsDir)];

  const names = readNames(opts.evalDir);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lists-'));
  for (const s of SOURCE_IDS) fs.cpSync(path.join(opts.listsDir, s), path.join(copy, s), { recursive: true });
  const key = 'bench-refresh-key-0123456789';
  const headers = { authorization: `Bearer ${key}` };
  const svc = await startService({ LISTS_DIR: copy, API_KEYS: `${key}:screen+admin` });
  const floor = await startFloor();
  const body = (i: number) => JSON.stringify({ name: names[i % names.length] });
  try {
    await runLoad({ url: svc.url, path: '/v1/screen', headers, body, rate: 500, durationS: 5 });
    await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate: 500, durationS: 2 });
    const before = await serviceMemory(svc.url, headers);
    const floorRun = await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate, durationS: 10 });
    const quiet = await runLoad({ url: svc.url, path: '/v1/screen', headers, body, rate, durationS: 10 });
    const runs: RefreshRun[] = [];
    for (let r = 0; r < opts.runs; r++) {
      const refreshAtS = 3;
      let refreshMs = NaN;
      let sourcesRefreshed = 0;
      const refresh = new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          touchEverySource(copy);
          const t0 = performance.now();
          fetch(`${svc.url}/v1/lists/refresh`, { method: 'POST', headers })
            .then(async (res) => {
              if (!res.ok) throw new Error(`refresh answered ${res.status}`);
              const answer = (await res.json()) as { delta: unknown[] };
              refreshMs = Math.round(performance.now() - t0);
              sourcesRefreshed = answer.delta.length;
              resolve();
            })
            .catch(reject);
        }, refreshAtS * 1000);
      });
      const load = await runLoad({ url: svc.url, path: '/v1/screen', headers, body, rate, durationS: opts.durationS });
      await refresh;
      if (refreshAtS + refreshMs / 1000 > opts.durationS)
        console.warn(`[index-refresh] the refresh outlasted the run (${refreshMs} ms): lengthen BENCH durations`);
      const during = load.slow.filter((s) => s.atS >= refreshAtS);
      runs.push({
        load,
        refreshAtS,
        refreshMs,
        sourcesRefreshed,
        over50ms: load.slow.filter((s) => s.ms > 50).length,
        worstDuringRefresh: during
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((s) => [Math.round((s.atS - refreshAtS) * 100) / 100, s.ms]),
      });
    }
    const after = await serviceMemory(svc.url, headers);
    return { floor: floorRun, quiet, runs, service: { before, after }, memory };
  } finally {
    floor.stop();
    await svc.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export function formatIndexRefreshBench(f: IndexRefreshFigures): string {
  const row = (label: string, r: LoadResult, extra = '') =>
    `| ${label} | ${r.achievedRate}/s | ${r.p50} | ${r.p99} | ${r.max} | ${r.errors} | ${r.lagMax} | ${extra} |`;
  const [objects, flat] = f.memory as [MemoryFigures | undefined, MemoryFigures | undefined];
  const idx = (m: MemoryFigures) => Math.round((m.withIndex.heapUsedMiB - m.listsOnly.heapUsedMiB) * 10) / 10;
  return [
    '### Refresh under load (`BENCH_ONLY=index-refresh`)',
    '',
    `POST /v1/screen at ${f.floor.targetRate}/s (eval names, round-robin), all five lists; a full refresh (every source re-read, re-parsed, the whole index rebuilt) asked for 3 s into each run. Latency in ms (bench/lib/load.ts); floor = bare Hono in the same run.`,
    '',
    '| run | achieved | p50 | p99 | max | errors | generator lag max | refresh |',
    '|---|---|---|---|---|---|---|---|',
    row('bare Hono (floor)', f.floor),
    row('POST /v1/screen, no refresh', f.quiet),
    ...f.runs.map((r, i) =>
      row(
        `POST /v1/screen, full refresh #${i + 1}`,
        r.load,
        `${r.sourcesRefreshed} sources, live after ${r.refreshMs} ms; ${r.over50ms} requests > 50 ms; worst [s after refresh, ms]: ${r.worstDuringRefresh.map(([s, ms]) => `${s}:${ms}`).join(' ')}`,
      ),
    ),
    '',
    `Refresh runs: median p99 ${median(f.runs.map((r) => r.load.p99))} ms (${Math.round((median(f.runs.map((r) => r.load.p99)) / f.floor.p99) * 10) / 10}× the floor's ${f.floor.p99} ms), median max ${median(f.runs.map((r) => r.load.max))} ms.`,
    '',
    `Service (\`/metrics\`, no forced GC): heap used ${f.service.before.heapUsedMiB} MiB, RSS ${f.service.before.rssMiB} MiB after start-up; ${f.service.after.heapUsedMiB} MiB, RSS ${f.service.after.rssMiB} MiB after the refreshes.`,
    ...(objects && flat ? memoryTable(objects, flat, idx) : []),
  ].join('\n');
}

function memoryTable(objects: MemoryFigures, flat: MemoryFigures, idx: (m: MemoryFigures) => number): string[] {
  return [
    '',
    `Memory with all five lists (${flat.entities} entities, ${flat.names} names), fresh process, after a forced GC (bench/lib/index-memory.ts):`,
    '',
    '| index | built | V8 heap used, lists only | V8 heap used, lists + index | index on the V8 heap | RSS | off-heap |',
    '|---|---|---|---|---|---|---|',
    `| before: objects, main thread | ${objects.buildMs} ms on the main thread | ${objects.listsOnly.heapUsedMiB} MiB | ${objects.withIndex.heapUsedMiB} MiB | ${idx(objects)} MiB | ${objects.withIndex.rssMiB} MiB | typed arrays inside the build |`,
    `| after: flat image, index worker | ${flat.buildMs} ms in the worker | ${flat.listsOnly.heapUsedMiB} MiB | ${flat.withIndex.heapUsedMiB} MiB | ${idx(flat)} MiB | ${flat.withIndex.rssMiB} MiB | image ${flat.imageMiB} MiB + serialised entities ${flat.chunksMiB} MiB |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shared = process.env.SHARED_DATA_DIR ?? path.resolve(ROOT, '../shared/data');
  const quick = process.env.BENCH_QUICK === '1';
  const figures = await runIndexRefreshBench({
    listsDir: process.env.LISTS_DIR ?? path.join(shared, 'lists'),
    evalDir: path.join(shared, 'eval'),
    durationS: Number(process.env.BENCH_REFRESH_S ?? (quick ? 25 : 40)),
    runs: Number(process.env.BENCH_REFRESH_RUNS ?? (quick ? 1 : 3)),
    rate: Number(process.env.BENCH_REFRESH_RATE ?? 1000),
    memory: process.env.BENCH_REFRESH_MEMORY !== '0',
  });
  console.log(formatIndexRefreshBench(figures));
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
}
