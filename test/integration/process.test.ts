/**
 * The real process as `npm start` runs it: the compiled dist/main.js with the GC flags and MALLOC_ARENA_MAX. Start-up logs, readiness,
 * refusal to start an open service in production, and graceful shutdown on SIGTERM.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildService, spawnSidecar } from '../helpers/sidecar-process.ts';

beforeAll(buildService, 180_000);

describe('the service process', () => {
  it('refuses to start in production without API keys, naming the variable', async () => {
    const sidecar = await spawnSidecar({
      NODE_ENV: 'production',
      API_KEYS: '',
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    const code = await sidecar.exited;
    const out = sidecar.output();
    await sidecar.dispose();
    expect(code).toBe(1);
    expect(out).toMatch(/API_KEYS: required in production/);
  });

  it('starts on a fresh data folder, warns when open, finishes in-flight work on SIGTERM and exits 0', async () => {
    const sidecar = await spawnSidecar({
      LIST_DOWNLOAD: 'false',
      API_KEYS: '',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    });
    const { child, port, dir, exited } = sidecar;
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
      const out = sidecar.output;
      expect(out()).toContain('NO API KEYS CONFIGURED');
      expect(out()).toContain('SERVING THE BUNDLED SAMPLE LISTS');
      expect(out()).not.toContain('started without the GC flags or allocator setting');

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
      expect(out()).toContain('shutting down');
      // personal data (the screened names) never reaches the log
      expect(out()).not.toContain('Person Number');
    } finally {
      await sidecar.dispose();
    }
  });
});
