/**
 * An open-loop HTTP load generator: requests are sent on a fixed schedule whatever the server does,
 * and latency is measured from the scheduled send time, so a stalled server shows up in p99
 * instead of silently slowing the load (coordinated omission). Microsecond resolution.
 */
import http from 'node:http';

export interface LoadResult {
  targetRate: number;
  achievedRate: number;
  sent: number;
  ok: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** Body for request number i. */
  body?: (i: number) => string;
  rate: number;
  durationS: number;
  connections?: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const target = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections ?? 64 });
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const total = Math.round(o.rate * o.durationS);
  const start = performance.now();
  const interval = 1000 / o.rate;
  const inflight = new Set<Promise<void>>();

  const fire = (i: number, scheduledAt: number) => {
    const body = o.body?.(i);
    const p = new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: o.path,
          method: o.method ?? (body ? 'POST' : 'GET'),
          agent,
          headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...o.headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - scheduledAt);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
            else errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (body) req.write(body);
      req.end();
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };

  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - start) / interval) + 1);
    while (sent < due) {
      fire(sent, start + sent * interval);
      sent++;
    }
    // Yield to the event loop so responses are read; setImmediate keeps scheduling tight.
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    targetRate: o.rate,
    achievedRate: Math.round(ok / elapsed),
    sent,
    ok,
    errors,
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? NaN),
  };
}

/**
 * Steps the rate up until p99 exceeds the budget or the server falls behind; returns the highest
 * rate that held. Each step is short; the answer is a floor, not a precise capacity.
 */
export async function findMaxRate(o: Omit<LoadOptions, 'rate'>, p99BudgetMs: number, rates: number[]): Promise<{ best?: LoadResult; steps: LoadResult[] }> {
  const steps: LoadResult[] = [];
  let best: LoadResult | undefined;
  for (const rate of rates) {
    const r = await runLoad({ ...o, rate });
    steps.push(r);
    const held = r.p99 <= p99BudgetMs && r.errors === 0 && r.achievedRate >= rate * 0.95;
    if (!held) break;
    best = r;
  }
  return { best, steps };
}
