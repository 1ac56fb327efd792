/**
 * A real HTTP receiver for outbound webhooks (node:http on a free port). It checks every request's
 * Webhook-Signature on the raw bytes itself — HMAC-SHA256 of "<t>.<raw body>", compared with timingSafeEqual —
 * independently of the sidecar's signing code, and records what arrived.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
  webhookId: string | undefined;
  signatureValid: boolean;
  answeredWith: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The answer to the n-th request (0-based); default 200. */
  respond(fn: (n: number) => number | 'hang'): void;
  types(): string[];
  close(): Promise<void>;
}

export function signatureValid(secret: string, header: string | undefined, raw: Buffer, nowSeconds: number): boolean {
  if (!header) return false;
  const fields = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = fields.t;
  const v1 = fields.v1;
  if (!t || !v1 || !/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${t}.`), raw]))
    .digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

export async function startReceiver(secret: string, now: () => Date): Promise<Receiver> {
  const received: Received[] = [];
  let respond: (n: number) => number | 'hang' = () => 200;
  let n = 0;
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const answer = respond(n++);
      const body = JSON.parse(raw.toString('utf8')) as Omit<Received, 'webhookId' | 'signatureValid' | 'answeredWith'>;
      received.push({
        ...body,
        webhookId: req.headers['webhook-id'] as string | undefined,
        signatureValid: signatureValid(
          secret,
          req.headers['webhook-signature'] as string | undefined,
          raw,
          Math.floor(now().getTime() / 1000),
        ),
        answeredWith: answer === 'hang' ? 0 : answer,
      });
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    respond(fn) {
      respond = fn;
    },
    types: () => received.map((r) => r.type),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
