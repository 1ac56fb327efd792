/**
 * The plumbing shared by the fake provider servers: a real HTTP server on 127.0.0.1 (random port), a
 * log of what it received, and switchable faults (outage 5xx, rate limit 429, hanging calls, a reset
 * connection, a refused input 4xx) so tests can drive timeouts, retries and failover over the wire.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault = 'none' | 'outage' | 'rate_limit' | 'hang' | 'reset' | 'reject';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text: string;
  header(name: string): string | undefined;
  json(): any;
  /** A multipart/form-data body, parsed by undici (as a provider's own parser would read it). */
  form(): Promise<FormData>;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FaultBodies {
  rateLimited: () => FakeResponse;
  outage: () => FakeResponse;
  /** The provider refusing the applicant's input (4xx); a generic 422 when the fake gives none. */
  rejected?: () => FakeResponse;
}

export class HttpFake {
  readonly received: { method: string; path: string }[] = [];
  /** Requests whose caller went away before any answer was sent (e.g. a client timeout aborted a hanging call). */
  aborted = 0;
  fault: Fault = 'none';
  /** How many further calls get the fault before it clears by itself (undefined: until changed). */
  faultCalls: number | undefined;
  #server: http.Server;
  #sockets = new Set<Socket>();
  #url = '';

  constructor(
    private readonly handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>,
    private readonly faults: FaultBodies,
  ) {
    this.#server = http.createServer((req, res) => void this.#serve(req, res));
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  get url(): string {
    return this.#url;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Switches a fault on, for `calls` calls or until switched off. */
  setFault(fault: Fault, calls?: number): void {
    this.fault = fault;
    this.faultCalls = calls;
  }

  calls(pathPrefix: string): number {
    return this.received.filter((r) => r.path.startsWith(pathPrefix)).length;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    this.received.push({ method: req.method ?? 'GET', path: url.pathname });
    const fake: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      text: raw.toString('utf8'),
      header: (name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      json: () => JSON.parse(raw.toString('utf8') || 'null'),
      form: () =>
        new Request('http://fake/', {
          method: 'POST',
          headers: { 'content-type': String(req.headers['content-type'] ?? '') },
          body: raw,
        }).formData(),
    };
    let out: FakeResponse;
    const fault = this.fault;
    if (fault !== 'none') {
      if (this.faultCalls !== undefined && --this.faultCalls <= 0) this.fault = 'none';
      if (fault === 'hang') {
        // Never answers: the client's timeout must fire, and its abort shows here as a closed connection.
        res.on('close', () => {
          if (!res.headersSent) this.aborted += 1;
        });
        return;
      }
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      out =
        fault === 'outage'
          ? this.faults.outage()
          : fault === 'reject'
            ? (this.faults.rejected?.() ?? { status: 422, body: { error: 'invalid input' } })
            : this.faults.rateLimited();
    } else {
      try {
        out = await this.handle(fake);
      } catch (err) {
        out = { status: 500, body: { fakeError: String(err) } };
      }
    }
    const body = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
    res.end(body);
  }
}

/** POSTs a webhook the way a provider does: exact bytes, its headers. */
export async function deliver(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'provider-webhooks/1.0', ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

let seq = 0;
export const fakeId = (prefix = '') =>
  `${prefix}${Date.now().toString(16)}${(++seq).toString(16).padStart(4, '0')}${Math.random().toString(16).slice(2, 10)}`;

/** Form encoding of a nested object, with bracketed names (`verification_result[face]=1`). */
export function formEncode(doc: Record<string, unknown>, prefix = '', out = new URLSearchParams()): string {
  for (const [k, v] of Object.entries(doc)) {
    const name = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) out.append(`${name}[${i}]`, String(item));
    } else if (typeof v === 'object' && v !== null) formEncode(v as Record<string, unknown>, name, out);
    else out.append(name, String(v));
  }
  return out.toString();
}
