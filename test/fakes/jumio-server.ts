/**
 * A fake Jumio KYX platform (auth, account and retrieval hosts on one server): OAuth2 client
 * credentials with Basic auth, Bearer + User-Agent checks, account creation, the retrieval API with an
 * optional lag, 429 {title,status,detail}, and the UNSIGNED callback to the callbackUrl given at
 * account creation.
 */
import { randomUUID } from 'node:crypto';
import { HttpFake, deliver, formEncode, type FakeRequest, type FakeResponse } from './http-fake.ts';

export interface JumioFakeOptions {
  clientId: string;
  clientSecret: string;
}

interface Account {
  id: string;
  executionId: string;
  customerInternalReference: string;
  callbackUrl?: string;
  workflowStatus: 'INITIATED' | 'ACQUIRED' | 'PROCESSED' | 'SESSION_EXPIRED' | 'TOKEN_EXPIRED';
  decision?: 'PASSED' | 'REJECTED' | 'WARNING' | 'NOT_EXECUTED';
  completedAt?: string;
  /** What the sidecar sent. */
  request?: Record<string, any>;
}

const problem = (status: number, title: string, detail: string): FakeResponse => ({
  status,
  body: { title, status, detail },
});

export class JumioFake extends HttpFake {
  readonly accounts = new Map<string, Account>();
  readonly tokens = new Set<string>();
  /** Retrieval answers "not processed yet" this many times before showing the decision. */
  retrievalLag = 0;

  constructor(private readonly opts: JumioFakeOptions) {
    super((req) => this.#route(req), {
      rateLimited: () => problem(429, 'Too Many Requests', 'Rate limit exceeded'),
      outage: () => problem(503, 'Service Unavailable', 'The service is temporarily unavailable'),
    });
  }

  #bearerOk(req: FakeRequest): boolean {
    const m = /^Bearer (.+)$/.exec(req.header('authorization') ?? '');
    return m !== null && this.tokens.has(m[1]!);
  }

  #route(req: FakeRequest): FakeResponse {
    if (req.method === 'POST' && req.path === '/oauth2/token') {
      const basic = Buffer.from(`${this.opts.clientId}:${this.opts.clientSecret}`).toString('base64');
      if (req.header('authorization') !== `Basic ${basic}`)
        return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
      if (new URLSearchParams(req.text).get('grant_type') !== 'client_credentials')
        return { status: 400, body: { error: 'unsupported_grant_type' } };
      const token = randomUUID();
      this.tokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 3600, token_type: 'Bearer' } };
    }
    if (!this.#bearerOk(req))
      return problem(401, 'Unauthorized', 'Full authentication is required to access this resource');
    if (!req.header('user-agent')) return problem(400, 'Bad Request', 'User-Agent header is required');

    if (req.method === 'POST' && req.path === '/api/v1/accounts') {
      const b = req.json() ?? {};
      if (!b.customerInternalReference || !b.workflowDefinition?.key)
        return problem(400, 'Bad Request', 'customerInternalReference and workflowDefinition.key are required');
      const account: Account = {
        id: randomUUID(),
        executionId: randomUUID(),
        customerInternalReference: b.customerInternalReference,
        callbackUrl: b.callbackUrl,
        request: b,
        workflowStatus: 'INITIATED',
      };
      this.accounts.set(account.id, account);
      return {
        status: 200,
        body: {
          timestamp: new Date().toISOString(),
          account: { id: account.id },
          web: {
            href: `https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=${randomUUID()}`,
            successUrl: b.web?.successUrl ?? null,
            errorUrl: b.web?.errorUrl ?? null,
          },
          sdk: { token: randomUUID() },
          workflowExecution: {
            id: account.executionId,
            credentials: [{ id: randomUUID(), category: 'ID', allowedChannels: ['WEB', 'SDK'] }],
          },
        },
      };
    }
    const m = /^\/api\/v1\/accounts\/([\w-]+)\/workflow-executions\/([\w-]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const a = this.accounts.get(m[1]!);
      if (!a || a.executionId !== m[2]) return problem(404, 'Not Found', 'Workflow execution not found');
      const lagging = this.retrievalLag > 0;
      if (lagging) this.retrievalLag -= 1;
      const status = lagging ? 'ACQUIRED' : a.workflowStatus;
      return {
        status: 200,
        body: {
          workflow: { id: a.executionId, status, definitionKey: '10011', userReference: a.customerInternalReference },
          account: { id: a.id },
          createdAt: new Date().toISOString(),
          ...(a.completedAt && !lagging ? { completedAt: a.completedAt } : {}),
          ...(a.decision && !lagging && status === 'PROCESSED'
            ? {
                decision: {
                  type: a.decision,
                  details: { label: a.decision === 'PASSED' ? 'OK' : 'NOT_UPLOADED' },
                  risk: { score: a.decision === 'PASSED' ? 0 : 80 },
                },
              }
            : {}),
          capabilities: {},
        },
      };
    }
    return problem(404, 'Not Found', 'No such resource');
  }

  /** Sets the account's outcome and returns the unsigned callback Jumio would send (url, bytes, no signature). */
  callback(
    accountId: string,
    outcome: { decision?: Account['decision']; workflowStatus?: Account['workflowStatus'] },
    overrides: { executionId?: string; form?: boolean } = {},
  ) {
    const a = this.accounts.get(accountId);
    const status = outcome.workflowStatus ?? 'PROCESSED';
    if (a) {
      a.workflowStatus = status;
      if (outcome.decision) a.decision = outcome.decision;
      a.completedAt = new Date().toISOString();
    }
    const executionId = overrides.executionId ?? a?.executionId ?? randomUUID();
    const doc = {
      callbackSentAt: new Date().toISOString(),
      userReference: a?.customerInternalReference ?? 'unknown',
      workflowExecution: {
        id: executionId,
        href: `https://retrieval.amer-1.jumio.ai/api/v1/accounts/${accountId}/workflow-executions/${executionId}`,
        definitionKey: '10011',
        status,
      },
      account: { id: accountId, href: `https://account.amer-1.jumio.ai/api/v1/accounts/${accountId}` },
    };
    const body = overrides.form ? formEncode(doc) : JSON.stringify(doc);
    const headers: Record<string, string> = overrides.form
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : {};
    return { url: a?.callbackUrl, body, headers };
  }

  async sendCallback(
    accountId: string,
    outcome: Parameters<JumioFake['callback']>[1],
    overrides: { executionId?: string; url?: string } = {},
  ) {
    const c = this.callback(accountId, outcome, overrides);
    return deliver(overrides.url ?? c.url!, c.body, c.headers);
  }
}
