/**
 * The listening server's limits (issue 17): a slow body and an idle connection are cut off at the configured
 * timeouts, connections over HTTP_MAX_CONNECTIONS are refused, and a client that leaves mid-request is
 * counted in http_client_disconnects_total, never a 500 or an error-level log line.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServerOptions } from '../../src/http/server-options.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

interface Listening {
  rt: TestRuntime;
  port: number;
  logs: { level: number; msg: string }[];
  close(): Promise<void>;
}

/** The real app on a real socket, with the same server options as src/main.ts. */
async function listen(env: Record<string, string>): Promise<Listening> {
  const logs: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const rt = await startTestRuntime(env, { logger: pino({ level: 'info' }, sink) });
  const server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1', ...httpServerOptions(rt.deps.config) });
  await new Promise<void>((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return {
    rt,
    port,
    logs,
    async close() {
      server.close();
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await rt.dispose();
    },
  };
}

/** A raw connection: what it received, and a promise settled when the server closes it. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => {});
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  const opened = new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, opened, closed, received: () => received };
}

const webhookHead = (length: number) =>
  'POST /v1/webhooks/sandbox HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${length}\r\n\r\n`;

describe('HTTP server limits on a real socket', () => {
  let s: Listening;
  beforeAll(async () => {
    s = await listen({ HTTP_REQUEST_TIMEOUT: '1s', HTTP_HEADERS_TIMEOUT: '500ms', HTTP_KEEP_ALIVE_TIMEOUT: '500ms' });
  });
  afterAll(() => s.close());

  it('cuts off a body sent one byte at a time at HTTP_REQUEST_TIMEOUT', async () => {
    const c = connect(s.port);
    await c.opened;
    c.socket.write(webhookHead(1000));
    let sent = 0;
    const drip = setInterval(() => {
      if (!c.socket.destroyed) c.socket.write('x');
      sent++;
    }, 50);
    await c.closed;
    clearInterval(drip);
    // Closed by the server long before the 1,000 bytes (50 s at this pace) were sent.
    expect(sent).toBeLessThan(1000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  }, 20_000);

  it('closes a connection that never sends a request at HTTP_HEADERS_TIMEOUT', async () => {
    const c = connect(s.port);
    await c.opened;
    await c.closed;
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 2/);
  }, 20_000);

  it('counts a client that leaves mid-body, answers no 500 and logs no error', async () => {
    const before = await disconnects(s);
    const c = connect(s.port);
    await c.opened;
    c.socket.write(`${webhookHead(1000)}{"partial":`);
    await new Promise((r) => setTimeout(r, 100));
    c.socket.destroy();
    await c.closed;
    for (let i = 0; i < 100 && (await disconnects(s)) === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await disconnects(s)).toBe(before + 1);
    expect(s.logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(s.logs.some((l) => l.msg === 'client disconnected')).toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${s.port}/metrics`)).text();
    expect(metrics).not.toMatch(/http_request_duration_seconds_count\{[^}]*status="500"/);
  }, 20_000);
});

describe('HTTP_MAX_CONNECTIONS', () => {
  let s: Listening;
  beforeAll(async () => {
    s = await listen({ HTTP_MAX_CONNECTIONS: '3', HTTP_HEADERS_TIMEOUT: '20s' });
  });
  afterAll(() => s.close());

  it('closes connections over the cap as they arrive and keeps the ones within it', async () => {
    const held = [connect(s.port), connect(s.port), connect(s.port)];
    await Promise.all(held.map((c) => c.opened));
    await new Promise((r) => setTimeout(r, 100)); // let the server account for them
    const extra = connect(s.port);
    await extra.closed;
    expect(held.every((c) => !c.socket.destroyed)).toBe(true);
    for (const c of held) c.socket.destroy();
  }, 20_000);
});

async function disconnects(s: Listening): Promise<number> {
  const text = await (await s.rt.call('GET', '/metrics')).text();
  const m = /^http_client_disconnects_total\{[^}]*\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}
