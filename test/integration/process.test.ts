/**
 * The real process as `npm start` runs it: the compiled dist/main.js with the GC flags. Start-up logs, readiness,
 * refusal to start an open service in production, and graceful shutdown on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GC_FLAGS } from '../../src/gc-tuning.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main.js');

// What ships is the build, so the process tests run it (tsc is incremental: a fresh tree compiles once).
beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}, 180_000);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('the service process', () => {
  it('refuses to start in production without API keys, naming the variable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-proc-'));
    const child = spawn(process.execPath, [...GC_FLAGS, MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(await freePort()),
        DATABASE_URL: `file:${dir}/db/sidecar.db`,
        NODE_ENV: 'production',
        API_KEYS: '',
        PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(out).toMatch(/API_KEYS: required in production/);
  });

  it('starts on a fresh data folder, warns when open, finishes in-flight work on SIGTERM and exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-proc-'));
    const port = await freePort();
    const child = spawn(process.execPath, [...GC_FLAGS, MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${dir}/db/sidecar.db`,
        LIST_DOWNLOAD: 'false',
        API_KEYS: '',
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 300; i++) {
        const ok = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(fs.existsSync(path.join(dir, 'db', 'sidecar.db'))).toBe(true);
      expect(out).toContain('NO API KEYS CONFIGURED');
      expect(out).toContain('SERVING THE BUNDLED SAMPLE LISTS');
      expect(out).not.toContain('started without the GC flags');

      // An in-flight request: headers and half the body are sent before SIGTERM, the rest after.
      const queries = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), name: `Person Number ${i} Example` }));
      const body = Buffer.from(JSON.stringify({ queries }));
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            path: '/v1/screen/batch',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (r) => {
            let text = '';
            r.on('data', (d) => (text += d));
            r.on('end', () => resolve({ status: r.statusCode!, body: text }));
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, 1000));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.subarray(1000)), 200);
        }, 100);
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).results).toHaveLength(1000);
      expect(await exited).toBe(0);
      expect(out).toContain('shutting down');
      // personal data (the screened names) never reaches the log
      expect(out).not.toContain('Person Number');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
