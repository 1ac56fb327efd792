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

const err = (status: number, type: string, message: string, fields: Record<string, string[]> = {}): FakeResponse => ({
  status,
  body: { error: { type, message, fields } },
});

export class OnfidoFake extends HttpFake {
  readonly applicants = new Map<string, Record<string, unknown>>();
  readonly runs = new Map<string, Run>();
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

  #route(req: FakeRequest): FakeResponse {
    if (req.header('authorization') !== `Token token=${this.opts.apiToken}`)
      return err(401, 'authorization_error', 'Authorization error: please re-check your credentials');
    const now = new Date().toISOString();
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
