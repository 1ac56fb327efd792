/**
 * The quick start as a newcomer meets it: `npm start`'s build with API_KEYS empty in development prints the
 * console address and a random development key, and the console signs in with that key (and no other).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GC_FLAGS } from '../../src/gc-tuning.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist', 'main.js');

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

/** Posts the sign-in form as a browser would: the form's token with the cookie the form page set. */
async function signIn(base: string, apiKey: string) {
  const form = await fetch(`${base}/console/signin`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${base}/console/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, apiKey, officer: 'New Officer' }),
  });
}

describe('the development console key', () => {
  it('is printed at start when API_KEYS is empty in development, and signs in to the console', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-devkey-'));
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
        LOG_LEVEL: 'warn',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const line = /Console: http:\/\/localhost:(\d+)\/console — development key: (\S+)/;
      for (let i = 0; i < 300 && !line.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const m = line.exec(out);
      expect(m, out).not.toBeNull();
      expect(Number(m![1])).toBe(port);
      const base = `http://127.0.0.1:${port}`;
      const refused = await signIn(base, 'x'.repeat(32));
      expect(refused.status).toBe(401);
      const ok = await signIn(base, m![2]!);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/console/queue');
      expect(ok.headers.get('set-cookie')).toMatch(/console_session=[^;]+;.*HttpOnly/i);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
