/**
 * A fake Sumsub API: every request must carry X-App-Token, X-App-Access-Ts (within ±60 s) and
 * X-App-Access-Sig = hex HMAC-SHA256(secret, ts + METHOD + path?query + body), else 401 with Sumsub's
 * error body. Applicants, WebSDK links, applicant reads, and webhooks signed with the separate
 * webhook secret (x-payload-digest, algorithm in x-payload-digest-alg).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { HttpFake, deliver, type FakeRequest, type FakeResponse } from './http-fake.ts';

export interface SumsubFakeOptions {
  appToken: string;
  secretKey: string;
  webhookSecret: string;
  levelName: string;
  webhookUrl?: string;
}

interface Applicant {
  id: string;
  externalUserId: string;
  reviewStatus: string;
  reviewAnswer?: 'GREEN' | 'RED';
  rejectType?: 'FINAL' | 'RETRY';
  /** What the sidecar sent as the applicant's data. */
  fixedInfo?: Record<string, any>;
}

/** An image added with POST /resources/applicants/{id}/info/idDoc (only after the signature check passed). */
export interface SumsubIdDoc {
  applicantId: string;
  imageId: string;
  metadata: { idDocType?: string; country?: string; idDocSubType?: string };
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

const ID_DOC_TYPES = new Set(['PASSPORT', 'ID_CARD', 'DRIVERS', 'RESIDENCE_PERMIT', 'SELFIE', 'UTILITY_BILL']);

const error = (status: number, description: string, errorName?: string): FakeResponse => ({
  status,
  body: {
    description,
    code: status,
    correlationId: randomUUID().replace(/-/g, ''),
    ...(errorName ? { errorName } : {}),
  },
});

const ALGS = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' } as const;

export class SumsubFake extends HttpFake {
  readonly applicants = new Map<string, Applicant>();
  readonly idDocs: SumsubIdDoc[] = [];
  webhookUrl: string | undefined;

  constructor(private readonly opts: SumsubFakeOptions) {
    super((req) => this.#route(req), {
      rateLimited: () => error(429, 'Too many requests'),
      outage: () => error(503, 'Service unavailable'),
    });
    this.webhookUrl = opts.webhookUrl;
  }

  #signatureOk(req: FakeRequest): FakeResponse | undefined {
    if (req.header('x-app-token') !== this.opts.appToken)
      return error(401, 'App token is invalid', 'app-token-invalid-format');
    const ts = Number(req.header('x-app-access-ts'));
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > 60)
      return error(401, 'Request timestamp is too old or too new', 'app-token-invalid-timestamp');
    const query = req.query.toString();
    // Over the exact body bytes: a multipart body with an image in it is not valid UTF-8.
    const expected = createHmac('sha256', this.opts.secretKey)
      .update(String(ts) + req.method + req.path + (query ? `?${query}` : ''))
      .update(req.raw)
      .digest('hex');
    if (req.header('x-app-access-sig') !== expected)
      return error(401, 'Request signature mismatch', 'app-token-signature-mismatch');
    return undefined;
  }

  async #route(req: FakeRequest): Promise<FakeResponse> {
    const denied = this.#signatureOk(req);
    if (denied) return denied;
    const doc = /^\/resources\/applicants\/(\w+)\/info\/idDoc$/.exec(req.path);
    if (req.method === 'POST' && doc) {
      const a = this.applicants.get(doc[1]!);
      if (!a) return error(404, 'Applicant not found');
      if (!String(req.header('content-type')).startsWith('multipart/form-data'))
        return error(400, 'Multipart form data expected');
      const form = await req.form();
      let metadata: SumsubIdDoc['metadata'];
      try {
        metadata = JSON.parse(String(form.get('metadata') ?? ''));
      } catch {
        return error(400, 'Invalid metadata: JSON expected');
      }
      if (!ID_DOC_TYPES.has(metadata.idDocType ?? '')) return error(400, 'Invalid idDocType');
      if (!/^[A-Z]{3}$/.test(metadata.country ?? ''))
        return error(400, 'Invalid country code: ISO 3166-1 alpha-3 expected');
      if (metadata.idDocSubType !== undefined && !['FRONT_SIDE', 'BACK_SIDE'].includes(metadata.idDocSubType))
        return error(400, 'Invalid idDocSubType');
      const content = form.get('content');
      if (!(content instanceof File) || content.size === 0) return error(400, 'No content');
      const imageId = String(Math.floor(Math.random() * 1e9));
      this.idDocs.push({
        applicantId: a.id,
        imageId,
        metadata,
        fileName: content.name,
        contentType: content.type,
        bytes: Buffer.from(await content.arrayBuffer()),
      });
      return { status: 200, body: { ...metadata, errors: null, warnings: null }, headers: { 'x-image-id': imageId } };
    }
    if (req.method === 'POST' && req.path === '/resources/applicants') {
      if (req.query.get('levelName') !== this.opts.levelName)
        return error(404, `Level '${req.query.get('levelName')}' not found`);
      const b = req.json() ?? {};
      if (!b.externalUserId) return error(400, 'externalUserId is required');
      // Sumsub's country fields are ISO 3166-1 alpha-3.
      const alpha3 = (v: unknown) => v === undefined || (typeof v === 'string' && /^[A-Z]{3}$/.test(v));
      const info = b.fixedInfo ?? {};
      if (!alpha3(info.country) || !(info.addresses ?? []).every((a: { country?: unknown }) => alpha3(a.country)))
        return error(400, 'Invalid country code: ISO 3166-1 alpha-3 expected');
      if ([...this.applicants.values()].some((a) => a.externalUserId === b.externalUserId))
        return error(409, `Applicant with external user id '${b.externalUserId}' already exists`);
      const a: Applicant = {
        id: randomUUID().replace(/-/g, '').slice(0, 24),
        externalUserId: b.externalUserId,
        reviewStatus: 'init',
        fixedInfo: b.fixedInfo,
      };
      this.applicants.set(a.id, a);
      return {
        status: 201,
        body: {
          id: a.id,
          createdAt: new Date().toISOString().replace('T', ' ').slice(0, 19),
          externalUserId: a.externalUserId,
          review: { reviewStatus: 'init' },
        },
      };
    }
    if (req.method === 'POST' && req.path === '/resources/sdkIntegrations/levels/-/websdkLink') {
      const b = req.json() ?? {};
      if (b.levelName !== this.opts.levelName) return error(404, 'Level not found');
      return { status: 200, body: { url: `https://in.sumsub.com/websdk/p/${randomUUID().replace(/-/g, '')}` } };
    }
    const m = /^\/resources\/applicants\/(\w+)\/one$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const a = this.applicants.get(m[1]!);
      if (!a) return error(404, 'Applicant not found');
      return { status: 200, body: { id: a.id, externalUserId: a.externalUserId, review: this.#review(a) } };
    }
    return error(404, 'Not found');
  }

  #review(a: Applicant) {
    return {
      reviewStatus: a.reviewStatus,
      ...(a.reviewAnswer
        ? {
            reviewResult: {
              reviewAnswer: a.reviewAnswer,
              ...(a.rejectType ? { reviewRejectType: a.rejectType, rejectLabels: ['FORGERY'] } : {}),
            },
          }
        : {}),
    };
  }

  /** The bytes and headers of a webhook; `createdAtMs` orders events the way Sumsub's do. */
  webhook(
    applicantId: string,
    ev: {
      type: string;
      reviewStatus: string;
      reviewAnswer?: 'GREEN' | 'RED';
      rejectType?: 'FINAL' | 'RETRY';
      createdAtMs?: number;
    },
    opts: { alg?: keyof typeof ALGS; secret?: string } = {},
  ) {
    const a = this.applicants.get(applicantId);
    if (a)
      Object.assign(a, { reviewStatus: ev.reviewStatus, reviewAnswer: ev.reviewAnswer, rejectType: ev.rejectType });
    const body = JSON.stringify({
      applicantId,
      inspectionId: applicantId.split('').reverse().join(''),
      correlationId: randomUUID().replace(/-/g, ''),
      externalUserId: a?.externalUserId ?? 'unknown',
      levelName: this.opts.levelName,
      type: ev.type,
      sandboxMode: false,
      reviewStatus: ev.reviewStatus,
      ...(ev.reviewAnswer
        ? {
            reviewResult: {
              reviewAnswer: ev.reviewAnswer,
              ...(ev.rejectType ? { reviewRejectType: ev.rejectType, rejectLabels: ['FORGERY'] } : {}),
            },
          }
        : {}),
      createdAtMs: String(ev.createdAtMs ?? Date.now()),
      clientId: 'acme',
    });
    const alg = opts.alg ?? 'HMAC_SHA256_HEX';
    const digest = createHmac(ALGS[alg], opts.secret ?? this.opts.webhookSecret)
      .update(body)
      .digest('hex');
    return { body, headers: { 'x-payload-digest': digest, 'x-payload-digest-alg': alg } };
  }

  async sendWebhook(
    applicantId: string,
    ev: Parameters<SumsubFake['webhook']>[1],
    opts: Parameters<SumsubFake['webhook']>[2] = {},
  ) {
    const { body, headers } = this.webhook(applicantId, ev, opts);
    return deliver(this.webhookUrl!, body, headers);
  }
}
