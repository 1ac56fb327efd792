/** KYC configuration from the environment: provider blocks, defaults, costs, sandbox rules. */
import { describe, expect, it } from 'vitest';
import { enabledProviders, loadKycConfig } from '../../../src/kyc/config.ts';

describe('KYC configuration', () => {
  it('defaults to the providers’ real production URLs and the sandbox when nothing is configured', () => {
    const c = loadKycConfig({}, 'development');
    expect(enabledProviders(c)).toEqual(['sandbox']);
    const full = loadKycConfig(
      {
        ONFIDO_API_TOKEN: 't',
        ONFIDO_WEBHOOK_TOKEN: 'w',
        ONFIDO_WORKFLOW_ID: 'f',
        JUMIO_CLIENT_ID: 'i',
        JUMIO_CLIENT_SECRET: 's',
      },
      'development',
    );
    expect(full.providers.onfido?.apiUrl).toBe('https://api.eu.onfido.com/v3.6');
    expect(full.providers.jumio).toMatchObject({
      authUrl: 'https://auth.amer-1.jumio.ai',
      accountUrl: 'https://account.amer-1.jumio.ai',
      retrievalUrl: 'https://retrieval.amer-1.jumio.ai',
    });
    expect(enabledProviders(full)).toEqual(['jumio', 'onfido']);
    expect(full.sandbox).toBe(false);
  });

  it('never enables the sandbox in production', () => {
    const c = loadKycConfig({ PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') }, 'production');
    expect(c.sandbox).toBe(false);
    expect(enabledProviders(c)).toEqual([]);
  });

  it('refuses half a provider configuration, naming what is missing', () => {
    expect(() => loadKycConfig({ SUMSUB_APP_TOKEN: 'a', SUMSUB_SECRET_KEY: 'b' }, 'development')).toThrow(
      /Sumsub: SUMSUB_WEBHOOK_SECRET must be set too/,
    );
  });

  it('parses costs as exact cents and routing lists', () => {
    const c = loadKycConfig(
      { KYC_PROVIDER_COSTS: 'jumio:3.5,shufti:4.20,veriff:2', KYC_HIGH_RISK_COUNTRIES: 'ir, kp' },
      'test',
    );
    expect(c.routing.costCents).toMatchObject({ jumio: 350, shufti: 420, veriff: 200, onfido: 280 });
    expect([...c.routing.highRiskCountries]).toEqual(['IR', 'KP']);
    expect(() => loadKycConfig({ KYC_PROVIDER_COSTS: 'acme:1.00' }, 'test')).toThrow(/provider:price/);
    expect(() => loadKycConfig({ KYC_EU_RESIDENCY_PROVIDERS: 'onfido,nobody' }, 'test')).toThrow(/unknown provider/);
  });

  it('strips trailing slashes from base URLs', () => {
    const c = loadKycConfig(
      { SHUFTI_API_URL: 'http://127.0.0.1:9/', SHUFTI_CLIENT_ID: 'c', SHUFTI_SECRET_KEY: 's' },
      'test',
    );
    expect(c.providers.shufti?.apiUrl).toBe('http://127.0.0.1:9');
  });

  it('defaults to the seed design for high-risk applicants and to a start deadline under 10 s', () => {
    const c = loadKycConfig({}, 'test');
    expect(c.routing.successRateFloor).toBe(0.9);
    expect(c.highRiskManualReview).toBe(true);
    expect(c.start).toEqual({ deadlineMs: 8_000, attemptTimeoutMs: 3_000 });
    expect(loadKycConfig({ KYC_HIGH_RISK_MANUAL_REVIEW: 'false' }, 'test').highRiskManualReview).toBe(false);
    expect(loadKycConfig({ KYC_START_DEADLINE: '20s', KYC_START_ATTEMPT_TIMEOUT: '5s' }, 'test').start).toEqual({
      deadlineMs: 20_000,
      attemptTimeoutMs: 5_000,
    });
    expect(() => loadKycConfig({ KYC_START_DEADLINE: '2s', KYC_START_ATTEMPT_TIMEOUT: '3s' }, 'test')).toThrow(
      /KYC_START_ATTEMPT_TIMEOUT/,
    );
  });
});
