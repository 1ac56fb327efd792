/**
 * Each adapter against its fake server over real HTTP: it starts a session the way the provider's API
 * expects, reads results back, and a provider that refuses our credentials is reported as an auth
 * failure (not retried, counted), exactly as the real API would answer.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKycConfig } from '../../src/kyc/config.ts';
import { createKycMetrics } from '../../src/kyc/metrics.ts';
import { buildProviders } from '../../src/kyc/providers/index.ts';
import { ProviderCallError, type KycProvider, type StartSessionInput } from '../../src/kyc/providers/types.ts';
import type { ProviderId } from '../../src/kyc/types.ts';
import { JumioFake } from '../fakes/jumio-server.ts';
import { OnfidoFake } from '../fakes/onfido-server.ts';
import { ShuftiFake } from '../fakes/shufti-server.ts';
import { SumsubFake } from '../fakes/sumsub-server.ts';
import { VeriffFake } from '../fakes/veriff-server.ts';
import { CREDENTIALS } from '../helpers/kyc-world.ts';

const metrics = createKycMetrics(new Registry());
/** Builds one adapter through the production wiring (config from environment → buildProviders). */
function adapter(id: ProviderId, env: Record<string, string>): KycProvider {
  const config = loadKycConfig(
    { KYC_PROVIDER_TIMEOUT: '2s', KYC_PROVIDER_RETRIES: '1', KYC_PROVIDER_BACKOFF: '5ms', ...env },
    'test',
  );
  return buildProviders(config, { metrics, clock: () => new Date(), publicBaseUrl: 'http://127.0.0.1:9' }).get(id)!;
}
let n = 0;
const input = (): StartSessionInput => ({
  verificationId: `7d0a6a52-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  userId: `user-${n}`,
  riskLevel: 'low',
  applicant: {
    firstName: 'Harriet',
    lastName: 'Plumtree',
    dateOfBirth: '1988-06-21',
    email: 'h@example.org',
    country: 'US',
  },
  callbackUrl: 'http://127.0.0.1:9/v1/webhooks/x',
  expiresAt: new Date(Date.now() + 86_400_000),
});
const authFailure = (p: Promise<unknown>) =>
  expect(p).rejects.toSatisfy((e) => e instanceof ProviderCallError && e.kind === 'auth');

describe('provider adapters against their fake servers', () => {
  const onfido = new OnfidoFake(CREDENTIALS.onfido);
  const jumio = new JumioFake(CREDENTIALS.jumio);
  const shufti = new ShuftiFake(CREDENTIALS.shufti);
  const sumsub = new SumsubFake(CREDENTIALS.sumsub);
  const veriff = new VeriffFake(CREDENTIALS.veriff);
  beforeAll(async () => {
    await Promise.all([onfido.listen(), jumio.listen(), shufti.listen(), sumsub.listen(), veriff.listen()]);
  });
  const onfidoEnv = (o: Partial<typeof CREDENTIALS.onfido> = {}) => {
    const c = { ...CREDENTIALS.onfido, ...o };
    return adapter('onfido', {
      ONFIDO_API_URL: onfido.apiUrl,
      ONFIDO_API_TOKEN: c.apiToken,
      ONFIDO_WEBHOOK_TOKEN: c.webhookToken,
      ONFIDO_WORKFLOW_ID: c.workflowId,
    });
  };
  const jumioEnv = (o: Partial<typeof CREDENTIALS.jumio> = {}) => {
    const c = { ...CREDENTIALS.jumio, ...o };
    return adapter('jumio', {
      JUMIO_AUTH_URL: jumio.url,
      JUMIO_ACCOUNT_URL: jumio.url,
      JUMIO_RETRIEVAL_URL: jumio.url,
      JUMIO_CLIENT_ID: c.clientId,
      JUMIO_CLIENT_SECRET: c.clientSecret,
    });
  };
  const shuftiEnv = (o: Partial<typeof CREDENTIALS.shufti> = {}) => {
    const c = { ...CREDENTIALS.shufti, ...o };
    return adapter('shufti', {
      SHUFTI_API_URL: shufti.url,
      SHUFTI_CLIENT_ID: c.clientId,
      SHUFTI_SECRET_KEY: c.secretKey,
    });
  };
  const sumsubEnv = (o: Partial<typeof CREDENTIALS.sumsub> = {}) => {
    const c = { ...CREDENTIALS.sumsub, ...o };
    return adapter('sumsub', {
      SUMSUB_API_URL: sumsub.url,
      SUMSUB_APP_TOKEN: c.appToken,
      SUMSUB_SECRET_KEY: c.secretKey,
      SUMSUB_WEBHOOK_SECRET: c.webhookSecret,
      SUMSUB_LEVEL_NAME: c.levelName,
    });
  };
  const veriffEnv = (o: Partial<typeof CREDENTIALS.veriff> = {}) => {
    const c = { ...CREDENTIALS.veriff, ...o };
    return adapter('veriff', {
      VERIFF_API_URL: veriff.url,
      VERIFF_API_KEY: c.apiKey,
      VERIFF_SHARED_SECRET: c.sharedSecret,
    });
  };
  afterAll(() => Promise.all([onfido.close(), jumio.close(), shufti.close(), sumsub.close(), veriff.close()]));

  it('Onfido: applicant + workflow run → hosted link; reads the run back; a wrong token is an auth failure', async () => {
    const a = onfidoEnv();
    const s = await a.startSession(input());
    expect(s).toMatchObject({
      status: 'pending',
      redirectUrl: expect.stringMatching(/^https:\/\/eu\.onfido\.app\/l\//),
    });
    expect(onfido.applicants.size).toBe(1);
    onfido.runs.get(s.providerRef)!.status = 'declined';
    expect(await a.fetchResult(s.providerRef)).toMatchObject({
      status: 'rejected',
      providerStatus: 'declined',
      reasons: ['document_check_failed'],
    });
    await authFailure(onfidoEnv({ apiToken: 'wrong' }).startSession(input()));
    const badWorkflow = onfidoEnv({ workflowId: 'nope' });
    await expect(badWorkflow.startSession(input())).rejects.toMatchObject({
      kind: 'rejected',
      httpStatus: 422,
      code: 'validation_error',
    });
  });

  it('Jumio: OAuth token, account with web link, retrieval; refreshes a revoked token once; bad client is an auth failure', async () => {
    const a = jumioEnv();
    const s = await a.startSession(input());
    expect(s.redirectUrl).toMatch(/jumio\.ai\/web\/v4\/app/);
    const account = jumio.accounts.get(s.providerRef)!;
    expect(account.callbackUrl).toBe('http://127.0.0.1:9/v1/webhooks/x');
    jumio.tokens.clear(); // revoked: the next call gets a 401 and must fetch a new token
    account.workflowStatus = 'PROCESSED';
    account.decision = 'WARNING';
    expect(await a.fetchResult(s.providerRef, account.executionId)).toMatchObject({
      status: 'manual_review',
      providerStatus: 'WARNING',
    });
    await expect(a.fetchResult(s.providerRef, 'not-the-execution')).rejects.toMatchObject({ kind: 'not_found' });
    await authFailure(jumioEnv({ clientSecret: 'wrong' }).startSession(input()));
  });

  it('Shufti Pro: request → verification_url; /status; duplicate reference and wrong keys are refused', async () => {
    const a = shuftiEnv();
    const i = input();
    const s = await a.startSession(i);
    expect(s).toMatchObject({
      providerRef: i.verificationId,
      status: 'pending',
      redirectUrl: expect.stringContaining('shuftipro.com'),
    });
    shufti.setEvent(s.providerRef, 'review.pending');
    expect(await a.fetchResult(s.providerRef)).toMatchObject({ status: 'manual_review' });
    await expect(a.startSession(i)).rejects.toMatchObject({ kind: 'rejected', code: 'request.invalid:reference' });
    await authFailure(shuftiEnv({ secretKey: 'wrong' }).startSession(input()));
  });

  it('Sumsub: signed requests create an applicant and a WebSDK link; a wrong secret fails the signature check', async () => {
    const a = sumsubEnv();
    const s = await a.startSession(input());
    expect(s.redirectUrl).toMatch(/^https:\/\/in\.sumsub\.com\/websdk\/p\//);
    Object.assign(sumsub.applicants.get(s.providerRef)!, {
      reviewStatus: 'completed',
      reviewAnswer: 'RED',
      rejectType: 'RETRY',
    });
    expect(await a.fetchResult(s.providerRef)).toMatchObject({
      status: 'resubmission_requested',
      providerStatus: 'RED:RETRY',
      reasons: ['FORGERY'],
    });
    await authFailure(sumsubEnv({ secretKey: 'wrong' }).startSession(input()));
  });

  it('Veriff: session with X-AUTH-CLIENT; signed decision read; a wrong key is an auth failure', async () => {
    const a = veriffEnv();
    const s = await a.startSession(input());
    expect(s.redirectUrl).toMatch(/^https:\/\/alchemy\.veriff\.com\/v\//);
    expect(await a.fetchResult(s.providerRef)).toMatchObject({ status: 'in_progress', providerStatus: 'no_decision' });
    veriff.sessions.get(s.providerRef)!.code = 9121;
    expect(await a.fetchResult(s.providerRef)).toMatchObject({ status: 'manual_review' });
    await authFailure(veriffEnv({ apiKey: 'wrong' }).startSession(input()));
    await authFailure(veriffEnv({ sharedSecret: 'wrong' }).fetchResult(s.providerRef));
  });
});
