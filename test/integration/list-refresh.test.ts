/**
 * List refresh over real HTTP: conditional GET, verify-before-swap, last good data kept on failure.
 * A local server plays the official list site, serving the bundled sample files.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../src/bootstrap.ts';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

type Mode = 'ok' | 'html' | 'truncated' | 'down';

function listSite(files: Record<string, string>) {
  const state = {
    mode: 'ok' as Mode,
    requests: [] as { path: string; conditional: boolean; status: number }[],
    version: 1,
  };
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
    const body = files[name];
    const etag = `"v${state.version}-${name}"`;
    const conditional = req.headers['if-none-match'] !== undefined;
    const send = (status: number, headers: Record<string, string>, text = '') => {
      state.requests.push({ path: name, conditional, status });
      res.writeHead(status, headers).end(text);
    };
    if (body === undefined) return send(404, { 'content-type': 'text/plain' }, 'not found');
    if (state.mode === 'down') return send(503, { 'content-type': 'text/plain' }, 'maintenance');
    if (state.mode === 'html')
      return send(200, { 'content-type': 'text/html' }, '<html><body>Service temporarily unavailable</body></html>');
    if (req.headers['if-none-match'] === etag) return send(304, { etag });
    const text = state.mode === 'truncated' ? body.slice(0, Math.floor(body.length / 3)) : body;
    return send(200, { 'content-type': 'text/csv', etag }, text);
  });
  return { server, state };
}

describe('list refresh from the official URLs', () => {
  const sampleDir = path.join(SAMPLE_LISTS_DIR, 'ofac-sdn');
  const files = Object.fromEntries(
    fs.readdirSync(sampleDir).map((f) => [f, fs.readFileSync(path.join(sampleDir, f), 'utf8')]),
  );
  const site = listSite(files);
  let rt: TestRuntime;
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((r) => site.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
    rt = await startTestRuntime(
      { LIST_SOURCES: 'ofac-sdn', LIST_DOWNLOAD: 'true' },
      {
        manifest: [{ source: 'ofac-sdn', files: Object.keys(files).map((name) => ({ name, url: `${base}/${name}` })) }],
      },
    );
  });
  afterAll(async () => {
    await rt.dispose();
    site.server.close();
  });

  const status = async () => (await json(await rt.call('GET', '/v1/lists'))).sources[0];

  it('starts from the bundled sample, then replaces it with the download', async () => {
    expect((await status()).origin).toBe('sample');
    await rt.deps.lists.refresh();
    const s = await status();
    expect(s.origin).toBe('download');
    expect(s.lastError).toBeUndefined();
    expect(rt.deps.lists.snapshot!.sample).toBe(false);
    // the verified download is cached beside the database for the next start
    for (const name of Object.keys(files))
      expect(fs.existsSync(path.join(rt.dir, 'lists', 'ofac-sdn', name))).toBe(true);
  });

  it('uses conditional GET: an unchanged list is not downloaded or rebuilt again', async () => {
    const before = rt.deps.lists.snapshot;
    site.state.requests.length = 0;
    await rt.deps.lists.refresh();
    expect(site.state.requests.every((r) => r.conditional && r.status === 304)).toBe(true);
    expect(rt.deps.lists.snapshot).toBe(before);
  });

  for (const mode of ['down', 'html', 'truncated'] as const) {
    it(`keeps the last good index when the site is ${mode}, and reports the error`, async () => {
      site.state.mode = mode;
      site.state.version += 1; // a "new" version so the conditional GET does not short-cut
      const before = rt.deps.lists.snapshot;
      await rt.deps.lists.refresh();
      expect(rt.deps.lists.snapshot).toBe(before);
      const s = await status();
      expect(s.loaded).toBe(true);
      expect(s.lastError).toMatch(/download|parse|verify/);
      expect(await (await rt.call('GET', '/readyz')).status).toBe(200);
      const metrics = await (await rt.call('GET', '/metrics')).text();
      expect(metrics).toMatch(/sanctions_list_refresh_failures_total\{source="ofac-sdn",stage="\w+"\} [1-9]/);
      site.state.mode = 'ok';
    });
  }

  it('recovers on the next good refresh', async () => {
    await rt.deps.lists.refresh();
    const s = await status();
    expect(s.lastError).toBeUndefined();
    expect(s.origin).toBe('download');
  });

  it('serves the cached download after a restart, without the network', async () => {
    site.state.mode = 'down';
    rt = await rt.restart();
    const s = await status();
    expect(s.origin).toBe('cache');
    expect(rt.deps.lists.ready).toBe(true);
  });
});

describe('no lists at all', () => {
  it('is not ready and screening answers 503', async () => {
    const empty = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'no-lists-'));
    const rt = await startTestRuntime({ LISTS_DIR: empty });
    try {
      expect((await rt.call('GET', '/readyz')).status).toBe(503);
      const res = await rt.call('POST', '/v1/screen', { name: 'x' });
      expect(res.status).toBe(503);
      // Lists come back by the next refresh or download, not within seconds.
      expect(res.headers.get('retry-after')).toBe('30');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/no list files in ofac-sdn\/ of LISTS_DIR/);
    } finally {
      await rt.dispose();
      fs.rmSync(empty, { recursive: true });
    }
  });
});
