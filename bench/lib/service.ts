/** Starts the real sidecar as a child process (its own event loop, as in production) for HTTP benchmarks. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GC_FLAGS, MALLOC_ENV } from '../../src/gc-tuning.ts';
import { freePort } from './ports.ts';

export interface ServiceProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Peak resident set size of the child so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  /** CPU time used so far (user + system), ms: the whole process and its main (event-loop) thread. */
  cpuMs(): { process: number; mainThread: number; mainThreadSystem: number };
  /**
   * The main thread's time on a CPU and waiting in the run queue for one (runnable, not running), ms so far, from
   * /proc/<pid>/task/<pid>/schedstat (nanoseconds, unlike stat's ticks).
   */
  mainThreadSched(): { cpuMs: number; waitMs: number };
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

let built = false;
/** What is measured is what ships: the build `npm start` runs (incremental, so cheap when nothing changed). */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  built = true;
}

/** Starts the built service on `port`, by default a free one (benches run beside each other and the tests). */
export async function startService(env: Record<string, string>, port?: number): Promise<ServiceProcess> {
  port ??= await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
  // BENCH_NODE_ARGS passes profiling flags (e.g. --cpu-prof, --trace-gc) to the service process only;
  // BENCH_SERVICE_STDOUT=1 shows its stdout (where --trace-gc writes).
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // Started as `npm start` starts it: the compiled dist/main.js, with the GC flags.
  buildOnce();
  const child = spawn(process.execPath, [...GC_FLAGS, ...extra, path.join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dir, 'sidecar.db')}`,
      LIST_DOWNLOAD: 'false',
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...MALLOC_ENV,
      ...env,
    },
    stdio: ['ignore', process.env.BENCH_SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('service did not become ready in 120 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    child,
    peakRssMiB() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    cpuMs() {
      const main = cpuOf(`/proc/${child.pid}/task/${child.pid}/stat`);
      return { process: cpuOf(`/proc/${child.pid}/stat`).total, mainThread: main.total, mainThreadSystem: main.system };
    },
    mainThreadSched() {
      const [cpu, wait] = fs
        .readFileSync(`/proc/${child.pid}/task/${child.pid}/schedstat`, 'utf8')
        .split(' ')
        .map(Number) as [number, number];
      return { cpuMs: cpu / 1e6, waitMs: wait / 1e6 };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

/** utime + stime, and stime alone, of a /proc stat file, in ms (the fields after the command name, which may hold spaces). */
function cpuOf(statFile: string): { total: number; system: number } {
  const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  const system = Number(fields[12]) * TICK_MS;
  return { total: Number(fields[11]) * TICK_MS + system, system };
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
