/**
 * The service as `npm start` runs it, for the tests that need the real process: the compiled dist/main.js with
 * the GC flags, on a free port and a fresh data folder.
 */
import { type ChildProcessByStdio, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { GC_FLAGS, MALLOC_ENV } from '../../src/gc-tuning.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main.js');

/** What ships is the build (tsc is incremental: a fresh tree compiles once). Call it in a beforeAll. */
export function buildService(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SidecarProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  /** Its data folder (DATABASE_URL is `file:<dir>/db/sidecar.db`). */
  dir: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Its exit code, once it exits. */
  exited: Promise<number | null>;
  /** Kills it if still running, waits for the exit and removes its data folder. */
  dispose(): Promise<void>;
}

export async function spawnSidecar(env: Record<string, string>): Promise<SidecarProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-proc-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...GC_FLAGS, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${dir}/db/sidecar.db`,
      ...MALLOC_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    port,
    dir,
    output: () => out,
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
