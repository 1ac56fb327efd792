/**
 * A fake Veriff Station API: X-AUTH-CLIENT on every call, POST /v1/sessions (no signature needed),
 * GET /v1/sessions/{id}/decision signed with X-HMAC-SIGNATURE = hex HMAC-SHA256(secret, session id),
 * Veriff's {status:'fail', code, message} errors, and decision/event webhooks signed over the raw body.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { HttpFake, deliver, type FakeRequest, type FakeResponse } from './http-fake.ts';

export interface VeriffFakeOptions {
  apiKey: string;
  sharedSecret: string;
  webhookUrl?: string;
}

interface Session {
  id: string;
  vendorData: string;
  code?: number;
}

/** An image uploaded with POST /v1/sessions/{id}/media (only after the X-HMAC-SIGNATURE check passed). */
export interface VeriffMedia {
  id: string;
  sessionId: string;
  context: string;
  /** The data URL's media type. */
  mediaType: string;
  timestamp: string;
  bytes: Buffer;
}

const MEDIA_CONTEXTS = new Set(['document-front', 'document-back', 'face', 'document-and-face']);

const fail = (status: number, code: string, message: string): FakeResponse => ({
  status,
  body: { status: 'fail', code, message },
});
const STATUS_OF: Record<number, string> = {
  9001: 'approved',
  9102: 'declined',
  9103: 'resubmission_requested',
  9104: 'expired',
  9121: 'review',
};

export class VeriffFake extends HttpFake {
  readonly sessions = new Map<string, Session>();
  readonly media: VeriffMedia[] = [];
  webhookUrl: string | undefined;

  constructor(private readonly opts: VeriffFakeOptions) {
    super((req) => this.#route(req), {
      rateLimited: () => fail(429, '1001', 'Too many requests'),
      outage: () => fail(502, '1000', 'Bad gateway'),
    });
    this.webhookUrl = opts.webhookUrl;
  }

  #hmac(data: string | Buffer, secret = this.opts.sharedSecret) {
    return createHmac('sha256', secret).update(data).digest('hex');
  }

  #route(req: FakeRequest): FakeResponse {
    const client = req.header('x-auth-client');
    if (!client)
      return fail(401, '1102', 'Mandatory X-AUTH-CLIENT header containing the API key is missing from the request.');
    if (client !== this.opts.apiKey)
      return fail(401, '1801', 'Mandatory X-AUTH-CLIENT header contains an invalid API key.');
    if (req.method === 'POST' && req.path === '/v1/sessions') {
      const b = req.json() ?? {};
      if (!b.verification || typeof b.verification !== 'object')
        return fail(400, '1104', 'Mandatory parameters are missing from the request.');
      const id = randomUUID();
      this.sessions.set(id, { id, vendorData: b.verification.vendorData ?? '' });
      const token = randomUUID().replace(/-/g, '');
      return {
        status: 201,
        body: {
          status: 'success',
          verification: {
            id,
            url: `https://alchemy.veriff.com/v/${token}`,
            vendorData: b.verification.vendorData ?? null,
            host: 'https://alchemy.veriff.com',
            status: 'created',
            sessionToken: token,
          },
        },
      };
    }
    const media = /^\/v1\/sessions\/([\w-]+)\/media$/.exec(req.path);
    if (req.method === 'POST' && media) {
      // Signed over the exact body bytes.
      if (req.header('x-hmac-signature') !== this.#hmac(req.raw)) return fail(401, '1812', 'Signature is not valid.');
      const s = this.sessions.get(media[1]!);
      if (!s) return fail(404, '1404', 'Session not found.');
      const img = req.json()?.image ?? {};
      const data = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/]+={0,2})$/.exec(String(img.content ?? ''));
      if (!MEDIA_CONTEXTS.has(img.context) || !data || typeof img.timestamp !== 'string')
        return fail(400, '1104', 'Mandatory parameters are missing from the request.');
      const m: VeriffMedia = {
        id: randomUUID(),
        sessionId: s.id,
        context: img.context,
        mediaType: data[1]!,
        timestamp: img.timestamp,
        bytes: Buffer.from(data[2]!, 'base64'),
      };
      this.media.push(m);
      return {
        status: 200,
        body: {
          status: 'success',
          image: { context: m.context, id: m.id, name: m.context, sessionId: s.id, timestamp: m.timestamp },
        },
      };
    }
    const m = /^\/v1\/sessions\/([\w-]+)\/decision$/.exec(req.path);
    if (req.method === 'GET' && m) {
      if (req.header('x-hmac-signature') !== this.#hmac(m[1]!)) return fail(401, '1812', 'Signature is not valid.');
      const s = this.sessions.get(m[1]!);
      if (!s) return fail(404, '1404', 'Session not found.');
      return {
        status: 200,
        body: { status: 'success', verification: s.code ? this.#decision(s) : null, technicalData: { ip: null } },
      };
    }
    return fail(404, '1404', 'Not found.');
  }

  #decision(s: Session) {
    return {
      id: s.id,
      code: s.code,
      status: STATUS_OF[s.code!] ?? 'unknown',
      reason: s.code === 9102 ? 'Physical document not used' : null,
      reasonCode: s.code === 9102 ? 102 : null,
      vendorData: s.vendorData,
      decisionTime: new Date().toISOString(),
      acceptanceTime: new Date().toISOString(),
      person: { firstName: null, lastName: null, dateOfBirth: null },
    };
  }

  decisionWebhook(sessionId: string, code: number, opts: { secret?: string } = {}) {
    const s = this.sessions.get(sessionId) ?? { id: sessionId, vendorData: '' };
    s.code = code;
    const body = JSON.stringify({
      status: 'success',
      verification: this.#decision(s),
      technicalData: { ip: '203.0.113.7' },
    });
    return { body, headers: { 'x-auth-client': this.opts.apiKey, 'x-hmac-signature': this.#hmac(body, opts.secret) } };
  }

  eventWebhook(sessionId: string, code: 7001 | 7002) {
    const s = this.sessions.get(sessionId);
    const body = JSON.stringify({
      id: sessionId,
      attemptId: randomUUID(),
      feature: 'selfid',
      code,
      action: code === 7001 ? 'started' : 'submitted',
      vendorData: s?.vendorData ?? null,
    });
    return { body, headers: { 'x-auth-client': this.opts.apiKey, 'x-hmac-signature': this.#hmac(body) } };
  }

  async send(w: { body: string; headers: Record<string, string> }) {
    return deliver(this.webhookUrl!, w.body, w.headers);
  }
}
