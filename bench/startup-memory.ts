/**
 * Peak memory of the service at start-up and in a full list refresh (#13: "Peak RSS ≤ 500 MB").
 *
 * The real service (bench/lib/service.ts: the compiled dist/main.js with the GC flags of `npm start`), all five
 * sources from a copy of the lists folder, in a fresh process per run:
 * - start-up: time to /readyz, then the process's VmHWM (peak resident set) and its VmRSS once settled;
 * - refresh: the peak is reset (`5` into /proc/<pid>/clear_refs), every source's file is rewritten (a trailing
 *   newline: new checksums, same entities, so all five are re-parsed and the whole index rebuilt), then
 *   POST /v1/lists/refresh; VmHWM afterwards is the refresh's own peak.
 * With BENCH_REFRESHES=n (default 1) the same service refreshes n times in a row, each with its own peak: a
 * refresh that leaves memory behind raises the next one's (repeated refreshes used to ratchet).
 * VmRSS is also sampled every 20 ms during each refresh: `peakAtMs` says when the peak fell (after the request was
 * sent), which with the service's log tells the phase (parse, index build, deserialisation).
 *
 * `npx tsx bench/startup-memory.ts` (env: BENCH_STARTUP_RUNS, default 3; BENCH_REFRESHES, default 1; LISTS_DIR,
 * default ../shared/data/lists; BENCH_JSON=<file> writes the figures). Also `startup-memory` in `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SOURCE_IDS } from '../src/sanctions/entity.ts';
import { machineLine, startService } from './lib/service.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface RefreshMemory {
  ms: number;
  peakMiB: number;
  /** When VmRSS was highest, ms after the refresh request (sampled every 20 ms). */
  peakAtMs: number;
  settledMiB: number;
}

export interface StartupMemoryRun {
  startupMs: number;
  startupPeakMiB: number;
  startupSettledMiB: number;
  /** The first refresh's figures (`refreshes[0]`). */
  refreshMs: number;
  refreshPeakMiB: number;
  refreshSettledMiB: number;
  /** Every refresh of the run, in order (BENCH_REFRESHES). */
  refreshes: RefreshMemory[];
}

export interface StartupMemoryFigures {
  machine: string;
  runs: StartupMemoryRun[];
}

const status = (pid: number, field: 'VmHWM' | 'VmRSS'): number => {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024);
};

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/**
 * How long the process has been running, ms (/proc: its start time against the uptime), i.e. from its spawn, not
 * counting startService's build of dist/ before it. Read when /readyz first answered (polled every 200 ms).
 */
function ageMs(pid: number): number {
  const started = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]) * TICK_MS;
  const uptime = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  return Math.round(uptime - started);
}

/** A trailing newline on one file of every source: new checksums, the same entities. */
function touchEverySource(dir: string): void {
  for (const s of SOURCE_IDS) {
    const folder = path.join(dir, s);
    const file = fs.readdirSync(folder).find((f) => /\.(xml|csv)$/i.test(f));
    if (file) fs.appendFileSync(path.join(folder, file), '\n');
  }
}

/** One full refresh of the running service: every source touched, the peak reset, POST /v1/lists/refresh. */
async function oneRefresh(pid: number, url: string, key: string, listsCopy: string): Promise<RefreshMemory> {
  touchEverySource(listsCopy);
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current VmRSS
  const t = performance.now();
  let top = { rss: 0, at: 0 };
  const sampler = setInterval(() => {
    const rss = status(pid, 'VmRSS');
    if (rss > top.rss) top = { rss, at: Math.round(performance.now() - t) };
  }, 20);
  try {
    const res = await fetch(`${url}/v1/lists/refresh`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { delta?: unknown[] };
    if (!res.ok || body.delta?.length !== SOURCE_IDS.length)
      throw new Error(`refresh answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  } finally {
    clearInterval(sampler);
  }
  const ms = Math.round(performance.now() - t);
  const peakMiB = status(pid, 'VmHWM');
  await new Promise((r) => setTimeout(r, 2000));
  return { ms, peakMiB, peakAtMs: top.at, settledMiB: status(pid, 'VmRSS') };
}

async function oneRun(listsDir: string, refreshCount: number): Promise<StartupMemoryRun> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-lists-'));
  for (const s of SOURCE_IDS) fs.cpSync(path.join(listsDir, s), path.join(copy, s), { recursive: true });
  for (const f of fs.readdirSync(copy, { recursive: true }) as string[]) fs.chmodSync(path.join(copy, f), 0o755);
  const key = 'bench-startup-memory-key-0123456789';
  const svc = await startService({ LISTS_DIR: copy, API_KEYS: `${key}:screen+admin` });
  try {
    const startupMs = ageMs(svc.pid);
    const startupPeakMiB = status(svc.pid, 'VmHWM');
    await new Promise((r) => setTimeout(r, 2000));
    const startupSettledMiB = status(svc.pid, 'VmRSS');

    const refreshes: RefreshMemory[] = [];
    for (let i = 0; i < refreshCount; i++) refreshes.push(await oneRefresh(svc.pid, svc.url, key, copy));
    const first = refreshes[0]!;
    return {
      startupMs,
      startupPeakMiB,
      startupSettledMiB,
      refreshMs: first.ms,
      refreshPeakMiB: first.peakMiB,
      refreshSettledMiB: first.settledMiB,
      refreshes,
    };
  } finally {
    await svc.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export async function runStartupMemoryBench(opts: {
  listsDir: string;
  runs?: number;
  refreshes?: number;
}): Promise<StartupMemoryFigures> {
  const runs: StartupMemoryRun[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const r = await oneRun(opts.listsDir, Math.max(1, opts.refreshes ?? 1));
    process.stderr.write(`startup-memory run ${i + 1}: ${JSON.stringify(r)}\n`);
    runs.push(r);
  }
  return { machine: machineLine(), runs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

export function formatStartupMemoryBench(f: StartupMemoryFigures): string {
  const rows = f.runs.map(
    (r, i) =>
      `| ${i + 1} | ${(r.startupMs / 1000).toFixed(1)} s | ${r.startupPeakMiB} | ${r.startupSettledMiB} | ${(r.refreshMs / 1000).toFixed(1)} s | ${r.refreshPeakMiB} | ${r.refreshSettledMiB} |`,
  );
  const m = (k: Exclude<keyof StartupMemoryRun, 'refreshes'>) => median(f.runs.map((r) => r[k]));
  const repeated = f.runs.some((r) => r.refreshes.length > 1);
  const refreshRows = f.runs.map(
    (r, i) =>
      `| ${i + 1} | ${r.refreshes.map((x) => `${x.peakMiB} (${(x.peakAtMs / 1000).toFixed(1)} s)`).join(' → ')} | ${r.refreshes.map((x) => x.settledMiB).join(' → ')} | ${r.refreshes.map((x) => (x.ms / 1000).toFixed(1)).join(', ')} s |`,
  );
  return [
    '## Peak memory at start-up and in a full refresh (#13, bench/startup-memory.ts, all five sources)',
    '',
    `Machine: ${f.machine}. Fresh service process per run (dist/main.js with the GC flags), start-up from the process's spawn to /readyz, VmHWM from /proc/<pid>/status; the refresh's peak after resetting VmHWM (clear_refs).`,
    '',
    '| run | start-up (to /readyz) | start-up peak MiB (VmHWM) | RSS settled MiB | full refresh | refresh peak MiB | RSS after MiB |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    `| median | ${(m('startupMs') / 1000).toFixed(1)} s | ${m('startupPeakMiB')} | ${m('startupSettledMiB')} | ${(m('refreshMs') / 1000).toFixed(1)} s | ${m('refreshPeakMiB')} | ${m('refreshSettledMiB')} |`,
    ...(repeated
      ? [
          '',
          'Refreshes in a row, same service (peak MiB, and when it fell after the request):',
          '',
          '| run | refresh peaks MiB (at) | RSS after each MiB | times |',
          '|---|---|---|---|',
          ...refreshRows,
        ]
      : []),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const listsDir = process.env.LISTS_DIR ?? path.resolve(ROOT, '../shared/data/lists');
  const figures = await runStartupMemoryBench({
    listsDir,
    runs: Number(process.env.BENCH_STARTUP_RUNS ?? 3),
    refreshes: Number(process.env.BENCH_REFRESHES ?? 1),
  });
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
  process.stdout.write(`${formatStartupMemoryBench(figures)}\n`);
}
