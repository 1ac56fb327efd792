/**
 * Name screening over HTTP against the real service (child process, all five sources from LISTS_DIR):
 * single-name latency at a fixed rate, max sustained rate, and batch throughput; the bare Hono
 * floor is measured in the same run.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findMaxRate, percentile, runLoad, type LoadResult } from './lib/load.ts';
import { startService } from './lib/service.ts';
import { freePort } from './lib/ports.ts';

export interface HttpScreenFigures {
  names: number;
  fixedRate: LoadResult;
  floorFixedRate: LoadResult;
  maxRate?: LoadResult;
  batch: { batchSize: number; requests: number; seconds: number; namesPerSecond: number; p50: number; p99: number };
  peakRssMiB: number;
}

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

/** The bare-Hono floor on `port`, by default a free one. */
export async function startFloor(port?: number): Promise<{ url: string; stop(): void }> {
  port ??= await freePort();
  const child = fork(path.join(import.meta.dirname, 'lib/floor.ts'), [String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export async function runHttpScreenBench(opts: {
  listsDir: string;
  evalDir: string;
  durationS: number;
  rate: number;
}): Promise<HttpScreenFigures> {
  const names = readNames(opts.evalDir);
  const key = 'bench-screen-key-0123456789';
  const svc = await startService({ LISTS_DIR: opts.listsDir, API_KEYS: `${key}:screen` });
  const floor = await startFloor();
  const headers = { authorization: `Bearer ${key}` };
  const nameBody = (i: number) => JSON.stringify({ name: names[i % names.length] });
  try {
    // warm-up: JIT and caches, not measured
    await runLoad({ url: svc.url, path: '/v1/screen', headers, body: nameBody, rate: 500, durationS: 3 });
    await runLoad({ url: floor.url, path: '/floor', body: () => '{}', rate: 500, durationS: 2 });

    const floorFixedRate = await runLoad({
      url: floor.url,
      path: '/floor',
      body: () => '{}',
      rate: opts.rate,
      durationS: opts.durationS,
    });
    const fixedRate = await runLoad({
      url: svc.url,
      path: '/v1/screen',
      headers,
      body: nameBody,
      rate: opts.rate,
      durationS: opts.durationS,
    });
    const { best } = await findMaxRate(
      { url: svc.url, path: '/v1/screen', headers, body: nameBody, durationS: 5 },
      10,
      [1000, 1500, 2000, 2500, 3000, 4000, 5000, 6000],
    );

    const batchSize = 100;
    const batchBody = (i: number) =>
      JSON.stringify({
        queries: Array.from({ length: batchSize }, (_, j) => ({
          id: String(j),
          name: names[(i * batchSize + j) % names.length],
        })),
      });
    const batch = await closedLoopBatches(svc.url, headers, batchBody, 40, 2);
    return {
      names: names.length,
      fixedRate,
      floorFixedRate,
      maxRate: best,
      batch: { batchSize, ...batch, namesPerSecond: Math.round((batch.requests * batchSize) / batch.seconds) },
      peakRssMiB: svc.peakRssMiB(),
    };
  } finally {
    floor.stop();
    await svc.stop();
  }
}

/** Batches back to back on `concurrency` connections: throughput, not latency at a rate. */
async function closedLoopBatches(
  url: string,
  headers: Record<string, string>,
  body: (i: number) => string,
  count: number,
  concurrency: number,
) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const res = await fetch(`${url}/v1/screen/batch`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: body(i),
        });
        if (!res.ok) throw new Error(`batch failed: ${res.status}`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    requests: count,
    seconds: (performance.now() - start) / 1000,
    p50: r(percentile(latencies, 50)),
    p99: r(percentile(latencies, 99)),
  };
}
