/**
 * A list download larger than LIST_DOWNLOAD_MAX_BYTES is aborted while it streams (issue 9 item 7): the
 * last good data stays, the error shows in /v1/lists and the failure metric, and memory never holds more
 * than the limit. A local server plays a list site that never stops sending.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const LIMIT = 1024 * 1024;

describe('list download size limit', () => {
  const served = { bytes: 0, closedEarly: false, declareLength: false };
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const site = http.createServer((_req, res) => {
    served.bytes = 0;
    // Declared or not, the body is endless: only a reader that stops at the limit gets out.
    res.writeHead(200, {
      'content-type': 'text/csv',
      ...(served.declareLength ? { 'content-length': String(1024 * LIMIT) } : {}),
    });
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) served.bytes += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => (served.closedEarly = !res.writableFinished));
    pump();
  });
  let rt: TestRuntime;

  beforeAll(async () => {
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    rt = await startTestRuntime(
      {
        LIST_SOURCES: 'ofac-sdn',
        LIST_DOWNLOAD: 'true',
        LIST_DOWNLOAD_MAX_BYTES: String(LIMIT),
        LIST_DOWNLOAD_TIMEOUT: '60s',
      },
      { manifest: [{ source: 'ofac-sdn', files: [{ name: 'SDN.CSV', url: `${base}/SDN.CSV` }] }] },
    );
  });
  afterAll(async () => {
    await rt.dispose();
    site.closeAllConnections();
    site.close();
  });

  for (const declareLength of [false, true]) {
    it(`aborts an endless body at the limit (${declareLength ? 'with' : 'without'} a Content-Length)`, async () => {
      served.declareLength = declareLength;
      served.closedEarly = false;
      const before = rt.deps.lists.snapshot;
      await rt.deps.lists.refresh();
      expect(rt.deps.lists.snapshot).toBe(before);
      const source = (await json(await rt.call('GET', '/v1/lists'))).sources[0];
      expect(source.lastError ?? source.error).toMatch(/LIST_DOWNLOAD_MAX_BYTES|larger than/);
      const metrics = await (await rt.call('GET', '/metrics')).text();
      expect(metrics).toMatch(/sanctions_list_refresh_failures_total\{source="ofac-sdn",stage="download"\} [1-9]/);
      for (let i = 0; i < 50 && !served.closedEarly; i++) await new Promise((r) => setTimeout(r, 20));
      expect(served.closedEarly).toBe(true);
      // Stopped near the limit, not at the download timeout (socket buffers allow some slack).
      expect(served.bytes).toBeLessThan(32 * LIMIT);
    }, 20_000);
  }
});
