/**
 * The KYC test world: the five fake provider servers and the real sidecar listening on 127.0.0.1, so
 * providers can send their webhooks to it over HTTP exactly as in production
 * (<PUBLIC_BASE_URL>/v1/webhooks/<provider>). The sidecar's port is bound before the runtime starts,
 * because PUBLIC_BASE_URL (from which callback URLs are built) must be known to the configuration.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { BootstrapOptions } from '../../src/bootstrap.ts';
import { deliver } from '../fakes/http-fake.ts';
import { JumioFake } from '../fakes/jumio-server.ts';
import { OnfidoFake } from '../fakes/onfido-server.ts';
import { ShuftiFake } from '../fakes/shufti-server.ts';
import { SumsubFake } from '../fakes/sumsub-server.ts';
import { VeriffFake } from '../fakes/veriff-server.ts';
import { startTestRuntime, type TestRuntime } from './runtime.ts';

export const KYC_KEY = 'kyc-key-0123456789abcdef';
export const ADMIN_KEY = 'admin-key-0123456789abcdef';
export const auth = (key: string) => ({ authorization: `Bearer ${key}` });

export const CREDENTIALS = {
  onfido: {
    apiToken: 'api_live_onfido_token',
    webhookToken: 'onfido-webhook-token',
    workflowId: '0b0c9d2e-1111-4a4a-9b9b-aaaaaaaaaaaa',
  },
  jumio: { clientId: 'jumio-client', clientSecret: 'jumio-secret' },
  shufti: { clientId: 'shufti-client', secretKey: 'shufti-secret-key' },
  sumsub: {
    appToken: 'sbx:sumsub-app-token',
    secretKey: 'sumsub-api-secret',
    webhookSecret: 'sumsub-webhook-secret',
    levelName: 'basic-kyc-level',
  },
  veriff: { apiKey: '3a2b1c0d-aaaa-bbbb-cccc-0123456789ab', sharedSecret: 'veriff-shared-secret' },
};

export interface KycWorld {
  rt: TestRuntime;
  baseUrl: string;
  onfido: OnfidoFake;
  jumio: JumioFake;
  shufti: ShuftiFake;
  sumsub: SumsubFake;
  veriff: VeriffFake;
  webhookUrl(provider: string): string;
  /** POST /v1/kyc/verifications with the kyc key. */
  start(
    body: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  get(path: string, key?: string): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startKycWorld(
  env: Record<string, string> = {},
  opts: BootstrapOptions & { withProviders?: boolean } = {},
): Promise<KycWorld> {
  const onfido = await new OnfidoFake(CREDENTIALS.onfido).listen();
  const jumio = await new JumioFake(CREDENTIALS.jumio).listen();
  const shufti = await new ShuftiFake(CREDENTIALS.shufti).listen();
  const sumsub = await new SumsubFake(CREDENTIALS.sumsub).listen();
  const veriff = await new VeriffFake(CREDENTIALS.veriff).listen();

  let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = createAdaptorServer({ fetch: (req: Request) => handler(req) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const providerEnv: Record<string, string> =
    opts.withProviders === false
      ? {}
      : {
          ONFIDO_API_URL: onfido.apiUrl,
          ONFIDO_API_TOKEN: CREDENTIALS.onfido.apiToken,
          ONFIDO_WEBHOOK_TOKEN: CREDENTIALS.onfido.webhookToken,
          ONFIDO_WORKFLOW_ID: CREDENTIALS.onfido.workflowId,
          JUMIO_AUTH_URL: jumio.url,
          JUMIO_ACCOUNT_URL: jumio.url,
          JUMIO_RETRIEVAL_URL: jumio.url,
          JUMIO_CLIENT_ID: CREDENTIALS.jumio.clientId,
          JUMIO_CLIENT_SECRET: CREDENTIALS.jumio.clientSecret,
          SHUFTI_API_URL: shufti.url,
          SHUFTI_CLIENT_ID: CREDENTIALS.shufti.clientId,
          SHUFTI_SECRET_KEY: CREDENTIALS.shufti.secretKey,
          SUMSUB_API_URL: sumsub.url,
          SUMSUB_APP_TOKEN: CREDENTIALS.sumsub.appToken,
          SUMSUB_SECRET_KEY: CREDENTIALS.sumsub.secretKey,
          SUMSUB_WEBHOOK_SECRET: CREDENTIALS.sumsub.webhookSecret,
          SUMSUB_LEVEL_NAME: CREDENTIALS.sumsub.levelName,
          VERIFF_API_URL: veriff.url,
          VERIFF_API_KEY: CREDENTIALS.veriff.apiKey,
          VERIFF_SHARED_SECRET: CREDENTIALS.veriff.sharedSecret,
        };
  const rt = await startTestRuntime(
    {
      API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin`,
      PUBLIC_BASE_URL: baseUrl,
      KYC_PROVIDER_TIMEOUT: '1s',
      KYC_PROVIDER_RETRIES: '1',
      KYC_PROVIDER_BACKOFF: '10ms',
      KYC_CIRCUIT_FAILURES: '3',
      KYC_CIRCUIT_COOLDOWN: '60s',
      ...providerEnv,
      ...env,
    },
    opts,
  );
  handler = rt.app.fetch;

  const webhookUrl = (p: string) => `${baseUrl}/v1/webhooks/${p}`;
  onfido.webhookUrl = webhookUrl('onfido');
  sumsub.webhookUrl = webhookUrl('sumsub');
  veriff.webhookUrl = webhookUrl('veriff');

  const request = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };

  return {
    rt,
    baseUrl,
    onfido,
    jumio,
    shufti,
    sumsub,
    veriff,
    webhookUrl,
    start: (body, headers = {}) => request('POST', '/v1/kyc/verifications', body, { ...auth(KYC_KEY), ...headers }),
    get: (path, key = KYC_KEY) => request('GET', path, undefined, auth(key)),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rt.dispose();
      await Promise.all([onfido.close(), jumio.close(), shufti.close(), sumsub.close(), veriff.close()]);
    },
  };
}

let n = 0;
/** A fresh applicant with no sanctions significance. */
export function applicant(extra: Record<string, unknown> = {}) {
  n += 1;
  return {
    userId: `user-${Date.now().toString(36)}-${n}`,
    firstName: 'Harriet',
    lastName: `Plumtree${String.fromCharCode(97 + (n % 26))}`,
    dateOfBirth: '1988-06-21',
    email: `harriet${n}@example.org`,
    country: 'US',
    ...extra,
  };
}

export { deliver };
