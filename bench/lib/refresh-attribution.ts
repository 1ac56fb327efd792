/**
 * Attributes main-thread stalls during a full list refresh (#13), in-process: the real ListRegistry over a copy
 * of LISTS_DIR with all five sources, every source's files rewritten so all five are re-parsed and the whole
 * index rebuilt. While the refresh runs:
 *   - a setTimeout(1) sampler records every event-loop gap over GAP_MS, with the main thread's own CPU time and
 *     run-queue wait in that gap (/proc/<pid>/task/<pid>/schedstat): a gap with little CPU is starvation (the
 *     machine's other work, our parse/index workers), a gap with CPU is blocking by this thread;
 *   - the V8 CPU profiler samples the main thread; each sample is attributed to the innermost src/ function on
 *     its stack (or the garbage collector), giving per-phase main-thread CPU and what ran in each gap.
 * With ATTR_CHANGES=1 (the default), one name in ten of ofac-sdn's sdn.csv is also changed, so the delta has
 * ~1,800 changed entities and the registry's onChange runs what monitoring's delta re-screen does first with
 * them (the prefilter index over the changed entities). After the refresh, the scoring worker for a full
 * re-screen is started over the new snapshot (its main-thread share is measured the same way).
 *
 * Run: `node --import tsx bench/lib/refresh-attribution.ts [listsDir]`; prints a Markdown report and, with
 * ATTR_JSON=<file>, the figures as JSON.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger.ts';
import { createMetrics } from '../../src/metrics.ts';
import * as deltaRun from '../../src/monitoring/delta-run.ts';
import { ScoringWorker } from '../../src/monitoring/scoring-worker.ts';
import type { ListDelta } from '../../src/sanctions/delta.ts';
import { type Entity, SOURCE_IDS } from '../../src/sanctions/entity.ts';
import { SanctionsIndex } from '../../src/sanctions/index.ts';
import { ListRegistry } from '../../src/sanctions/registry.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GAP_MS = Number(process.env.ATTR_GAP_MS ?? 10);
const listsDir = process.argv[2] ?? process.env.LISTS_DIR ?? path.resolve(ROOT, '../shared/data/lists');
const changes = process.env.ATTR_CHANGES !== '0';

// ── main-thread scheduler statistics ───────────────────────────────────────────────────────────
const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
function sched(): { cpu: number; wait: number } {
  try {
    const [cpu, wait] = fs.readFileSync(SCHEDSTAT, 'utf8').split(' ').map(Number) as [number, number];
    return { cpu: cpu / 1e6, wait: wait / 1e6 };
  } catch {
    return { cpu: Number.NaN, wait: Number.NaN };
  }
}
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

interface Gap {
  startUs: number;
  endUs: number;
  ms: number;
  cpuMs: number;
  waitMs: number;
}

function startSampler() {
  const gaps: Gap[] = [];
  let last = nowUs();
  let lastSched = sched();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const t = nowUs();
    const s = sched();
    const ms = (t - last) / 1000 - 1;
    if (ms > GAP_MS)
      gaps.push({ startUs: last, endUs: t, ms, cpuMs: s.cpu - lastSched.cpu, waitMs: s.wait - lastSched.wait });
    last = t;
    lastSched = s;
    setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  return {
    gaps,
    stop: () => {
      stopped = true;
    },
  };
}

// ── CPU profile → phases ──────────────────────────────────────────────────────────────────────
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Each sample as [time µs, phase]: the innermost src/ (or bench/) function on its stack, else the VM state. */
function attribute(profile: Profile): [number, string][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const phaseOf = (id: number): string => {
    const hit = memo.get(id);
    if (hit) return hit;
    let phase: string | undefined;
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(garbage collector)') phase = 'GC';
    else if (leaf === '(idle)' || leaf === '(program)') phase = leaf;
    for (let cur: number | undefined = id; !phase && cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const m = /\/(src|bench)\/(.+)$/.exec(f.url);
      if (m && !f.url.includes('refresh-attribution'))
        phase = `${m[2]}:${f.functionName || '(anonymous)'}`.replace(/^sanctions\//, '');
    }
    phase ??= leaf ? `other:${leaf}` : 'other';
    memo.set(id, phase);
    return phase;
  };
  const out: [number, string][] = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    out.push([t, phaseOf(profile.samples[i]!)]);
  }
  return out;
}

// ── the refresh ───────────────────────────────────────────────────────────────────────────────
function rewrite(dir: string): void {
  for (const s of SOURCE_IDS) {
    const folder = path.join(dir, s);
    const files = fs.readdirSync(folder).filter((f) => /\.(xml|csv)$/i.test(f));
    const file = files.find((f) => /\.xml$/i.test(f)) ?? files.find((f) => /comments\.csv$/i.test(f)) ?? files[0]!;
    fs.appendFileSync(path.join(folder, file), '\n');
  }
  if (!changes) return;
  const sdn = path.join(dir, 'ofac-sdn', 'sdn.csv');
  const lines = fs.readFileSync(sdn, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i += 10) lines[i] = lines[i]!.replace(/^(\d+,")([^"]+)"/, '$1$2 ZQX"');
  fs.writeFileSync(sdn, lines.join('\n'));
}

/** What monitoring's delta re-screen does on the main thread before it queries customers: the prefilter index. */
async function prefilter(changed: Entity[]): Promise<string> {
  const fn = (deltaRun as { prefilterIndex?: (e: Entity[]) => Promise<SanctionsIndex | undefined> }).prefilterIndex;
  if (fn) {
    const index = await fn(changed);
    return `prefilterIndex (${index?.layout ?? 'none'})`;
  }
  SanctionsIndex.build(changed);
  return 'SanctionsIndex.build on the main thread';
}

const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'attr-lists-'));
for (const s of SOURCE_IDS) fs.cpSync(path.join(listsDir, s), path.join(copy, s), { recursive: true });
const marks: [string, number][] = [];
const mark = (label: string) => marks.push([label, nowUs()]);
let onChangeDone: Promise<void> = Promise.resolve();
let prefilterMode = '';
const registry = new ListRegistry({
  sources: SOURCE_IDS,
  listsDir: copy,
  cacheDir: path.join(copy, '.cache'),
  sampleDir: path.join(ROOT, 'lists/sample'),
  download: false,
  manifest: [],
  fetch: () => Promise.reject(new Error('no downloads')),
  downloadTimeoutMs: 1000,
  allowSample: false,
  requireEverySource: true,
  clock: () => new Date(),
  logger: createLogger('warn'),
  metrics: createMetrics({ defaults: false }),
  onChange: (delta: ListDelta) => {
    mark('onChange');
    const changed = delta.sources.flatMap((s) => [...s.added, ...s.changed]);
    onChangeDone = (async () => {
      if (changed.length > 0) prefilterMode = `${await prefilter(changed)} over ${changed.length} entities`;
      mark('prefilter done');
    })();
  },
});
await registry.loadInitial();
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
rewrite(copy);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
await session.post('Profiler.start');
const cpuBefore = process.cpuUsage();
const schedBefore = sched();
const sampler = startSampler();
const t0 = nowUs();
mark('refresh');
const delta = await registry.refreshNow();
mark('snapshot live');
await onChangeDone;
mark('scoring worker start');
const worker = await ScoringWorker.start(registry.snapshot!);
mark('scoring worker ready');
await worker.close();
await new Promise((r) => setTimeout(r, 200));
sampler.stop();
const t1 = nowUs();
const schedAfter = sched();
const cpuAfter = process.cpuUsage(cpuBefore);
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
session.disconnect();
fs.rmSync(copy, { recursive: true, force: true });

// ── report ─────────────────────────────────────────────────────────────────────────────────────
const samples = attribute(profile).filter(([t]) => t >= t0 && t <= t1);
const interval = (t1 - t0) / 1000 / Math.max(1, samples.length);
const phaseMs = new Map<string, number>();
for (const [, p] of samples) phaseMs.set(p, (phaseMs.get(p) ?? 0) + 1);
const gaps = sampler.gaps.map((g) => {
  const inGap = samples.filter(([t]) => t >= g.startUs && t <= g.endUs);
  const counts = new Map<string, number>();
  for (const [, p] of inGap) if (p !== '(idle)') counts.set(p, (counts.get(p) ?? 0) + 1);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([p, n]) => `${p} ${Math.round((n / Math.max(1, inGap.length)) * g.cpuMs)}`);
  const at = marks.filter(([, t]) => t <= g.startUs).at(-1)?.[0] ?? 'before';
  return { atMs: Math.round((g.startUs - t0) / 1000), ...g, after: at, top, counts };
});
// Per phase: CPU in gaps (blocking), the longest single gap it dominated.
const blocking = new Map<string, { inGapsMs: number; worstGapMs: number; worstCpuMs: number }>();
for (const g of gaps) {
  const total = [...g.counts.values()].reduce((a, b) => a + b, 0) || 1;
  for (const [p, n] of g.counts) {
    const b = blocking.get(p) ?? { inGapsMs: 0, worstGapMs: 0, worstCpuMs: 0 };
    const share = (n / total) * g.cpuMs;
    b.inGapsMs += share;
    if (share > b.worstCpuMs) {
      b.worstCpuMs = share;
      b.worstGapMs = g.ms;
    }
    blocking.set(p, b);
  }
}
const r = (x: number) => Math.round(x * 10) / 10;
const wallMs = (t1 - t0) / 1000;
const lines = [
  `Refresh of ${delta.sources.length} sources (${delta.sources.map((s) => `${s.source} +${s.added.length}/~${s.changed.length}/-${s.removed.length}`).join(', ')}); ${prefilterMode || 'no prefilter'}.`,
  `Marks (ms after the refresh was asked for): ${marks.map(([l, t]) => `${l} ${Math.round((t - t0) / 1000)}`).join(', ')}.`,
  `Wall ${Math.round(wallMs)} ms; main thread CPU ${Math.round(schedAfter.cpu - schedBefore.cpu)} ms, run-queue wait ${Math.round(schedAfter.wait - schedBefore.wait)} ms; process CPU (all threads) ${Math.round((cpuAfter.user + cpuAfter.system) / 1000)} ms; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}.`,
  `Event-loop gaps over ${GAP_MS} ms: ${gaps.length}, longest ${r(Math.max(0, ...gaps.map((g) => g.ms)))} ms; of which with main-thread CPU over ${GAP_MS} ms (blocking): ${gaps.filter((g) => g.cpuMs > GAP_MS).length}, longest ${r(Math.max(0, ...gaps.map((g) => g.cpuMs)))} ms CPU.`,
  '',
  '| phase (innermost src/ function) | main-thread CPU in the refresh, ms | CPU inside gaps > 10 ms, ms | worst single gap: its CPU / wall, ms |',
  '|---|---|---|---|',
  ...[...phaseMs]
    .filter(([p]) => p !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([p, n]) => {
      const b = blocking.get(p);
      return `| ${p} | ${r(n * interval)} | ${b ? r(b.inGapsMs) : 0} | ${b ? `${r(b.worstCpuMs)} / ${r(b.worstGapMs)}` : '–'} |`;
    }),
  '',
  '| gap at ms | after mark | wall ms | main CPU ms | run-queue wait ms | top phases (CPU ms) |',
  '|---|---|---|---|---|---|',
  ...gaps
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 20)
    .map((g) => `| ${g.atMs} | ${g.after} | ${r(g.ms)} | ${r(g.cpuMs)} | ${r(g.waitMs)} | ${g.top.join('; ')} |`),
];
console.log(lines.join('\n'));
if (process.env.ATTR_JSON)
  fs.writeFileSync(
    process.env.ATTR_JSON,
    JSON.stringify({ marks, gaps: gaps.map(({ counts, ...g }) => g), phases: [...phaseMs], interval }, null, 2),
  );
process.exit(0);
