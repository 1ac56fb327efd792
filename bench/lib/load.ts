/**
 * An open-loop HTTP load generator: requests are sent on a fixed schedule whatever the server does,
 * so a stalled server shows up in p99 instead of silently slowing the load (coordinated omission).
 * Latency runs from the moment a request is handed to the connection pool (a request that waits for
 * a free connection is waiting for the server) to the last byte of its answer. Microsecond resolution.
 *
 * Pacing (BENCH_PACING):
 * - `timer` (default): a 1 ms timer releases the requests that are due, so at 3,000/s they leave
 *   in bursts of about three. The generator then needs little CPU and leaves the second core to the
 *   server's threads. How late the timer released requests is reported (`lagP99`, `lagMax`); the
 *   schedule does not depend on the server's answers, so that lag is not the server's.
 * - `spin`: the send loop spins (setImmediate) and keeps the schedule to the microsecond, at the
 *   cost of one core busy for the whole run.
 *
 * It speaks HTTP/1.1 over raw keep-alive sockets (one request in flight per connection, as a
 * client pool does; no pipelining) instead of node:http: the generator shares this 2-core machine
 * with the server, and node:http's client spent about as much CPU per request as the server under test.
 */
import net from 'node:net';

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
  /** How late the generator released requests against the schedule, p99 and max, ms. */
  lagP99: number;
  lagMax: number;
  /** Latency by request kind (LoadOptions.kind), when asked. */
  byKind?: Record<string, { count: number; p50: number; p90: number; p99: number }>;
  /** Requests slower than 10 ms: seconds into the run when sent, and latency (first 20,000). */
  slow: { atS: number; ms: number }[];
  /** CLOCK_MONOTONIC at the start of the run, s (to line the slow requests up with system traces). */
  startedAtMonoS: number;
}

export interface LoadOptions {
  url: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** Body for request number i. */
  body?: (i: number) => string;
  /** Kind of request number i, to report latency per kind (e.g. with or without a name to screen). */
  kind?: (i: number) => string;
  rate: number;
  durationS: number;
  connections?: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const IDLE_TIMEOUT_MS = 4_000;

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** One keep-alive connection with at most one request in flight. */
class Connection {
  readonly socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #done: ((status: number) => void) | undefined;
  alive = true;
  idleSince = 0;

  constructor(host: string, port: number, onClose: (c: Connection) => void) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.#read(chunk));
    const close = () => {
      this.alive = false;
      const done = this.#done;
      this.#done = undefined;
      done?.(0);
      onClose(this);
    };
    this.socket.on('error', close);
    this.socket.on('close', close);
  }

  send(request: string, done: (status: number) => void): void {
    this.#done = done;
    this.socket.write(request);
  }

  /** Completes the request once the status line, headers and Content-Length bytes (or the last chunk) are in. */
  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const headEnd = this.#buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.#buffer.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else {
      const last = this.#buffer.indexOf('\r\n0\r\n\r\n', headEnd);
      if (last < 0) return;
      end = last + 7;
    }
    if (this.#buffer.length < end) return;
    this.#buffer = this.#buffer.subarray(end);
    const done = this.#done;
    this.#done = undefined;
    done?.(Number(head.slice(9, 12)));
  }
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const target = new URL(o.url);
  const host = target.hostname;
  const port = Number(target.port);
  const maxConnections = o.connections ?? 256;
  const method = o.method ?? (o.body ? 'POST' : 'GET');
  const fixedHead = `${method} ${o.path} HTTP/1.1\r\nHost: ${target.host}\r\n${Object.entries(o.headers ?? {})
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}`;
  const request = (i: number) => {
    const body = o.body?.(i);
    return body === undefined
      ? `${fixedHead}\r\n`
      : `${fixedHead}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };

  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: { request: string; firedAt: number; kind: string }[] = [];
  const byKind = new Map<string, number[]>();
  const lags: number[] = [];
  const spin = (process.env.BENCH_PACING ?? 'timer') === 'spin';
  const latencies: number[] = [];
  const slow: { atS: number; ms: number }[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  let completed = 0;
  const total = Math.round(o.rate * o.durationS);
  const interval = 1000 / o.rate;

  const dispatch = (c: Connection, req: string, firedAt: number, kind: string) => {
    c.send(req, (status) => {
      const latency = performance.now() - firedAt;
      latencies.push(latency);
      if (latency > 10 && slow.length < 20_000) slow.push({ atS: round((firedAt - start) / 1000), ms: round(latency) });
      if (o.kind) byKind.get(kind)?.push(latency) ?? byKind.set(kind, [latency]);
      if (status >= 200 && status < 300) ok++;
      else errors++;
      completed++;
      if (!c.alive) return;
      const next = waiting.shift();
      if (next) dispatch(c, next.request, next.firedAt, next.kind);
      else {
        c.idleSince = performance.now();
        idle.push(c);
      }
    });
  };
  const onClose = (c: Connection) => {
    all.delete(c);
    const i = idle.indexOf(c);
    if (i >= 0) idle.splice(i, 1);
    // Requests queued for a connection go out on a new one.
    const next = waiting.shift();
    if (next) fire(next.request, next.firedAt, next.kind);
  };
  const fire = (req: string, firedAt: number, kind: string) => {
    let c = idle.pop();
    // Like a client pool (undici: 4 s), drop connections idle for longer than the server's keep-alive
    // timeout (Node: 5 s) allows: reusing one as the server closes it loses the request.
    while (c && (!c.alive || performance.now() - c.idleSince > IDLE_TIMEOUT_MS)) {
      if (c.alive) {
        c.alive = false;
        c.socket.destroy();
      }
      c = idle.pop();
    }
    if (!c && all.size < maxConnections) {
      c = new Connection(host, port, onClose);
      all.add(c);
    }
    if (c) dispatch(c, req, firedAt, kind);
    else waiting.push({ request: req, firedAt, kind });
  };

  // Open a few connections before the clock starts, as a client pool would have them.
  for (let k = 0; k < Math.min(maxConnections, 8); k++) {
    const c = new Connection(host, port, onClose);
    all.add(c);
    await new Promise((r) => c.socket.once('connect', r));
    c.idleSince = performance.now();
    idle.push(c);
  }

  const start = performance.now();
  const startedAtMonoS = Number(process.hrtime.bigint()) / 1e9;
  while (sent < total) {
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    while (sent < due) {
      const req = request(sent);
      const now = performance.now();
      lags.push(now - (start + sent * interval));
      fire(req, now, o.kind?.(sent) ?? '');
      sent++;
    }
    // Yield to the event loop so responses are read.
    await new Promise((r) => (spin ? setImmediate(r) : setTimeout(r, 1)));
  }
  // Wait for the answers still out, at most 30 s; whatever is missing then counts as an error.
  const deadline = performance.now() + 30_000;
  while (completed < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  errors += sent - completed;
  const elapsed = (performance.now() - start) / 1000;
  for (const c of all) c.socket.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
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
    lagP99: round(percentile(lags, 99)),
    lagMax: round(lags.at(-1) ?? NaN),
    slow,
    startedAtMonoS,
    ...(o.kind
      ? {
          byKind: Object.fromEntries(
            [...byKind].map(([k, l]) => {
              l.sort((a, b) => a - b);
              return [
                k,
                {
                  count: l.length,
                  p50: round(percentile(l, 50)),
                  p90: round(percentile(l, 90)),
                  p99: round(percentile(l, 99)),
                },
              ];
            }),
          ),
        }
      : {}),
  };
}

/**
 * Requests slower than `overMs` and the bursts they came in: slow requests sent less than a second
 * apart belong to one burst. A burst is a stall everyone waited through; scattered slow requests are not.
 */
export function slowBursts(r: LoadResult, overMs = 100): { requests: number; bursts: number } {
  let bursts = 0;
  let last = -Infinity;
  let requests = 0;
  for (const x of [...r.slow].sort((a, b) => a.atS - b.atS)) {
    if (x.ms <= overMs) continue;
    requests++;
    if (x.atS - last > 1) bursts++;
    last = x.atS;
  }
  return { requests, bursts };
}

/**
 * Steps the rate up until p99 exceeds the budget or the server falls behind; returns the highest
 * rate that held. Each step is short; the answer is a floor, not a precise capacity.
 */
export async function findMaxRate(
  o: Omit<LoadOptions, 'rate'>,
  p99BudgetMs: number,
  rates: number[],
): Promise<{ best?: LoadResult; steps: LoadResult[] }> {
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
