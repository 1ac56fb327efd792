/**
 * A fake Shufti Pro API: Basic client_id:secret_key, one POST to create a request (unique reference),
 * POST /status, the documented event bodies for errors (request.invalid, request.unauthorized), and
 * callbacks signed with `Signature` = hex sha256(raw body + hex sha256(secret key)) (or the older
 * sha256(raw body + secret key)) sent to the callback_url of the request.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HttpFake, deliver, formEncode, type FakeRequest, type FakeResponse } from './http-fake.ts';

export interface ShuftiFakeOptions {
  clientId: string;
  secretKey: string;
}

interface Request {
  reference: string;
  event: string;
  callbackUrl: string;
  /** What the sidecar sent, to check the services it asked for. */
  body?: Record<string, any>;
}

/** A document proof sent in an offsite request (only after the Basic auth passed). */
export interface ShuftiDocumentProof {
  reference: string;
  supportedTypes: string[];
  bytes: Buffer;
  body: Record<string, any>;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export class ShuftiFake extends HttpFake {
  readonly requests = new Map<string, Request>();
  readonly documentProofs: ShuftiDocumentProof[] = [];

  constructor(private readonly opts: ShuftiFakeOptions) {
    super((req) => this.#route(req), {
      rateLimited: () => ({ status: 429, body: { error: { service: '', key: '', message: 'Too many requests' } } }),
      outage: () => ({ status: 500, body: { error: { service: '', key: '', message: 'Internal server error' } } }),
    });
  }

  /** Shufti signs its responses too: sha256(body + sha256(secret)). */
  #signed(status: number, body: unknown): FakeResponse {
    const text = JSON.stringify(body);
    return { status, body: text, headers: { signature: sha256(text + sha256(this.opts.secretKey)) } };
  }

  #route(req: FakeRequest): FakeResponse {
    const basic = Buffer.from(`${this.opts.clientId}:${this.opts.secretKey}`).toString('base64');
    const b = (req.text ? req.json() : {}) ?? {};
    if (req.header('authorization') !== `Basic ${basic}`) {
      return this.#signed(401, {
        reference: b.reference ?? '',
        event: 'request.unauthorized',
        error: { service: '', key: '', message: 'Authorization keys are missing/invalid.' },
      });
    }
    if (req.method === 'POST' && req.path === '/') {
      const invalid = (key: string, message: string) =>
        this.#signed(400, {
          reference: b.reference ?? '',
          event: 'request.invalid',
          error: { service: '', key, message },
        });
      if (typeof b.reference !== 'string' || b.reference.length < 6 || b.reference.length > 250)
        return invalid('reference', 'The reference must be between 6 and 250 characters.');
      if (this.requests.has(b.reference)) return invalid('reference', 'This reference has already been taken.');
      if (!b.callback_url) return invalid('callback_url', 'The callback url field is required.');
      if (b.document?.proof !== undefined) {
        // Offsite: the proof is a base64 image (a data: URL prefix is tolerated, as Shufti's examples use it).
        const proof = String(b.document.proof).replace(/^data:image\/[a-z]+;base64,/, '');
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(proof) || proof.length === 0)
          return invalid('document.proof', 'The document proof must be a valid base64 encoded string.');
        this.documentProofs.push({
          reference: b.reference,
          supportedTypes: b.document.supported_types ?? [],
          bytes: Buffer.from(proof, 'base64'),
          body: b,
        });
        this.requests.set(b.reference, {
          reference: b.reference,
          event: 'request.received',
          callbackUrl: b.callback_url,
          body: b,
        });
        return this.#signed(200, {
          reference: b.reference,
          event: 'request.received',
          email: null,
          country: b.country ?? null,
        });
      }
      this.requests.set(b.reference, {
        reference: b.reference,
        event: 'request.pending',
        callbackUrl: b.callback_url,
        body: b,
      });
      return this.#signed(200, {
        reference: b.reference,
        event: 'request.pending',
        verification_url: `https://app.shuftipro.com/verification/process/${randomUUID()}`,
        email: b.email ?? null,
        country: b.country ?? null,
      });
    }
    if (req.method === 'POST' && req.path === '/status') {
      const r = this.requests.get(b.reference);
      if (!r)
        return this.#signed(400, {
          reference: b.reference ?? '',
          event: 'request.invalid',
          error: { service: '', key: 'reference', message: 'The selected reference is invalid.' },
        });
      return this.#signed(200, {
        reference: r.reference,
        event: r.event,
        ...(r.event === 'verification.declined'
          ? { declined_reason: 'Face not verified', declined_codes: ['SPDR02'] }
          : {}),
      });
    }
    return { status: 404, body: { error: { message: 'Not found' } } };
  }

  /** The signed callback; `form` sends it form-encoded (bracketed field names), signed over those bytes. */
  callback(reference: string, event: string, opts: { legacy?: boolean; secret?: string; form?: boolean } = {}) {
    const r = this.requests.get(reference);
    if (r && event !== 'verification.status.changed') r.event = event;
    const doc = {
      reference,
      event,
      ...(event === 'verification.declined'
        ? { declined_reason: 'Face not verified', declined_codes: ['SPDR02'] }
        : {}),
      ...(event.startsWith('verification.')
        ? { verification_result: { document: { document: event === 'verification.accepted' ? 1 : 0 }, face: 1 } }
        : {}),
    };
    const body = opts.form ? formEncode(doc) : JSON.stringify(doc);
    const secret = opts.secret ?? this.opts.secretKey;
    const signature = opts.legacy ? sha256(body + secret) : sha256(body + sha256(secret));
    return {
      body,
      headers: { signature, ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    };
  }

  /** Changes the request's status without telling anyone (for "status changed" pings). */
  setEvent(reference: string, event: string): void {
    const r = this.requests.get(reference);
    if (r) r.event = event;
  }

  async sendCallback(reference: string, event: string, opts: Parameters<ShuftiFake['callback']>[2] = {}) {
    const { body, headers } = this.callback(reference, event, opts);
    return deliver(this.requests.get(reference)!.callbackUrl, body, headers);
  }
}
