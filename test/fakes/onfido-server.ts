/**
 * A fake Onfido v3.6 API: Token auth, applicants, workflow runs with hosted links, the documented error
 * bodies ({error:{type,message,fields}}), and webhooks signed with X-SHA2-Signature = hex
 * HMAC-SHA256(webhook token, raw body), sent to the URL registered in the (fake) dashboard.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { HttpFake, deliver, type FakeRequest, type FakeResponse } from './http-fake.ts';

export interface OnfidoFakeOptions {
  apiToken: string;
  webhookToken: string;
  workflowId: string;
  /** The sidecar's webhook URL, as registered at Onfido. */
  webhookUrl?: string;
}

interface Run {
  id: string;
  applicant_id: string;
  workflow_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A document as Onfido stored it: the form fields and the file's bytes. */
export interface OnfidoDocument {
  id: string;
  applicant_id: string;
  type: string;
  side: string | null;
  issuing_country: string | null;
  fileName: string;
  fileType: string;
  bytes: Buffer;
}

const DOCUMENT_TYPES = new Set([
  'passport',
  'national_identity_card',
  'driving_licence',
  'residence_permit',
  'unknown',
]);

const err = (status: number, type: string, message: string, fields: Record<string, string[]> = {}): FakeResponse => ({
  status,
  body: { error: { type, message, fields } },
});

export class OnfidoFake extends HttpFake {
  readonly applicants = new Map<string, Record<string, unknown>>();
  readonly runs = new Map<string, Run>();
  /** Documents uploaded with POST /documents (only after the Token auth passed). */
  readonly documents: OnfidoDocument[] = [];
  webhookUrl: string | undefined;

  constructor(private readonly opts: OnfidoFakeOptions) {
    super((req) => this.#route(req), {
      rateLimited: () => err(429, 'rate_limit', 'Rate limit exceeded. Please try again later.'),
      outage: () => err(503, 'service_unavailable', 'Service temporarily unavailable'),
    });
    this.webhookUrl = opts.webhookUrl;
  }

  /** The value for ONFIDO_API_URL. */
  get apiUrl(): string {
    return `${this.url}/v3.6`;
  }

  async #route(req: FakeRequest): Promise<FakeResponse> {
    if (req.header('authorization') !== `Token token=${this.opts.apiToken}`)
      return err(401, 'authorization_error', 'Authorization error: please re-check your credentials');
    const now = new Date().toISOString();
    if (req.method === 'POST' && req.path === '/v3.6/documents') {
      // multipart/form-data: applicant_id, type, side, issuing_country, file (onfido-openapi-spec uploadDocument).
      if (!String(req.header('content-type')).startsWith('multipart/form-data'))
        return err(422, 'validation_error', 'There was a validation error on this request', {
          file: ['must be sent as multipart/form-data'],
        });
      const form = await req.form();
      const file = form.get('file');
      const applicantId = String(form.get('applicant_id') ?? '');
      const type = String(form.get('type') ?? '');
      const fields: Record<string, string[]> = {};
      if (!(file instanceof File) || file.size === 0) fields.file = ["can't be blank"];
      if (!this.applicants.has(applicantId)) fields.applicant_id = ['not found'];
      if (!DOCUMENT_TYPES.has(type)) fields.type = ['is not included in the list'];
      const side = form.get('side');
      if (side !== null && side !== 'front' && side !== 'back') fields.side = ['is not included in the list'];
      const country = form.get('issuing_country');
      if (country !== null && !/^[A-Z]{3}$/.test(String(country)))
        fields.issuing_country = ['must be an ISO 3166-1 alpha-3 code'];
      if (Object.keys(fields).length || !(file instanceof File))
        return err(422, 'validation_error', 'There was a validation error on this request', fields);
      const doc: OnfidoDocument = {
        id: randomUUID(),
        applicant_id: applicantId,
        type,
        side: side === null ? null : String(side),
        issuing_country: country === null ? null : String(country),
        fileName: file.name,
        fileType: file.type,
        bytes: Buffer.from(await file.arrayBuffer()),
      };
      this.documents.push(doc);
      return {
        status: 201,
        body: {
          id: doc.id,
          applicant_id: doc.applicant_id,
          created_at: now,
          href: `/v3.6/documents/${doc.id}`,
          download_href: `/v3.6/documents/${doc.id}/download`,
          file_name: doc.fileName,
          file_type: doc.fileType.split('/')[1] ?? doc.fileType,
          file_size: doc.bytes.length,
          type: doc.type,
          side: doc.side,
          issuing_country: doc.issuing_country,
        },
      };
    }
    if (req.method === 'POST' && req.path === '/v3.6/applicants') {
      const b = req.json() ?? {};
      const fields: Record<string, string[]> = {};
      if (!b.first_name) fields.first_name = ["can't be blank"];
      if (!b.last_name) fields.last_name = ["can't be blank"];
      // Onfido's country fields are ISO 3166-1 alpha-3.
      const alpha3 = (v: unknown) => v === undefined || (typeof v === 'string' && /^[A-Z]{3}$/.test(v));
      if (!alpha3(b.address?.country)) fields['address.country'] = ['must be an ISO 3166-1 alpha-3 code'];
      if (!alpha3(b.location?.country_of_residence))
        fields['location.country_of_residence'] = ['must be an ISO 3166-1 alpha-3 code'];
      if (Object.keys(fields).length)
        return err(422, 'validation_error', 'There was a validation error on this request', fields);
      const id = randomUUID();
      this.applicants.set(id, b);
      return {
        status: 201,
        body: {
          id,
          created_at: now,
          href: `/v3.6/applicants/${id}`,
          first_name: b.first_name,
          last_name: b.last_name,
          email: b.email ?? null,
          dob: b.dob ?? null,
        },
      };
    }
    if (req.method === 'POST' && req.path === '/v3.6/workflow_runs') {
      const b = req.json() ?? {};
      if (b.workflow_id !== this.opts.workflowId)
        return err(422, 'validation_error', 'There was a validation error on this request', {
          workflow_id: ['is invalid'],
        });
      if (!this.applicants.has(b.applicant_id))
        return err(422, 'validation_error', 'There was a validation error on this request', {
          applicant_id: ['not found'],
        });
      const run: Run = {
        id: randomUUID(),
        applicant_id: b.applicant_id,
        workflow_id: b.workflow_id,
        status: 'awaiting_input',
        created_at: now,
        updated_at: now,
      };
      this.runs.set(run.id, run);
      return { status: 201, body: this.#runView(run, b.link?.expires_at ?? null) };
    }
    const m = /^\/v3\.6\/workflow_runs\/([\w-]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const run = this.runs.get(m[1]!);
      if (!run) return err(404, 'resource_not_found', 'The resource could not be found.');
      return { status: 200, body: this.#runView(run, null) };
    }
    return err(404, 'resource_not_found', 'The resource could not be found.');
  }

  #runView(run: Run, expiresAt: string | null) {
    return {
      ...run,
      workflow_version_id: 3,
      dashboard_url: `https://dashboard.onfido.com/results/${run.id}`,
      output: null,
      reasons: run.status === 'declined' ? ['document_check_failed'] : [],
      error: null,
      sdk_token: null,
      link: {
        url: `https://eu.onfido.app/l/${run.id.slice(0, 8)}`,
        completed_redirect_url: null,
        expired_redirect_url: null,
        expires_at: expiresAt,
        language: null,
      },
    };
  }

  /** The exact bytes and headers Onfido would send for a workflow run reaching `status`. */
  webhook(
    runId: string,
    status: string,
    opts: { action?: string; resourceType?: string; completedAt?: string; token?: string } = {},
  ) {
    const run = this.runs.get(runId);
    if (run) run.status = status;
    const body = JSON.stringify({
      payload: {
        resource_type: opts.resourceType ?? 'workflow_run',
        action: opts.action ?? 'workflow_run.completed',
        object: {
          id: runId,
          status,
          completed_at_iso8601: opts.completedAt ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          href: `https://api.eu.onfido.com/v3.6/workflow_runs/${runId}`,
        },
        resource: { id: runId, workflow_id: this.opts.workflowId, status },
      },
    });
    const signature = createHmac('sha256', opts.token ?? this.opts.webhookToken)
      .update(body)
      .digest('hex');
    return { body, headers: { 'x-sha2-signature': signature } };
  }

  async sendWebhook(runId: string, status: string, opts: Parameters<OnfidoFake['webhook']>[2] = {}) {
    const { body, headers } = this.webhook(runId, status, opts);
    return deliver(this.webhookUrl!, body, headers);
  }
}
