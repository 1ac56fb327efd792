import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  API_KEYS: 'prod-admin-key-0123456789:screen+kyc+admin',
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('notification settings', () => {
  it('production with receivers but no NOTIFY_WEBHOOK_SECRET refuses to start (unsigned webhooks can be forged)', () => {
    expect(() => loadConfig({ ...PRODUCTION, NOTIFY_WEBHOOK_URLS: 'https://hooks.example.com/a' })).toThrow(
      /NOTIFY_WEBHOOK_SECRET: required in production/,
    );
    const ok = loadConfig({
      ...PRODUCTION,
      NOTIFY_WEBHOOK_URLS: 'https://hooks.example.com/a',
      NOTIFY_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
    });
    expect(ok.notifications.secret).toBe('whsec-0123456789abcdef');
    // No receivers: nothing is sent, so nothing needs signing.
    expect(loadConfig(PRODUCTION).notifications.urls).toEqual([]);
  });

  it('parses the comma-separated receivers as http(s) URLs, refusing anything else', () => {
    const c = loadConfig({
      NOTIFY_WEBHOOK_URLS: ' https://a.example.com/h , http://10.0.0.2:8080/x,https://a.example.com/h',
    });
    expect(c.notifications.urls).toEqual(['https://a.example.com/h', 'http://10.0.0.2:8080/x']);
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URLS: 'https://a.example.com,not a url' })).toThrow(
      /NOTIFY_WEBHOOK_URLS: not an http\(s\) URL: not a url/,
    );
    expect(() => loadConfig({ NOTIFY_WEBHOOK_URLS: 'file:///etc/passwd' })).toThrow(/NOTIFY_WEBHOOK_URLS/);
    expect(() => loadConfig({ NOTIFY_WEBHOOK_SECRET: 'short' })).toThrow(/NOTIFY_WEBHOOK_SECRET: at least 16/);
  });

  it('defaults: 24 h of retries, bounded timeout and concurrency; appeals escalate above 100,000 USD', () => {
    const c = loadConfig({});
    expect(c.notifications).toMatchObject({ retryWindowMs: 86_400_000, timeoutMs: 10_000, concurrency: 4 });
    expect(c.appeals.escalationVolumeUsd).toBe(100_000n * 10n ** 18n);
    expect(loadConfig({ APPEAL_ESCALATION_VOLUME_USD: '250000.50' }).appeals.escalationVolumeUsd).toBe(
      250_000_500_000_000_000_000_000n,
    );
    expect(() => loadConfig({ APPEAL_ESCALATION_VOLUME_USD: '1e5' })).toThrow(/APPEAL_ESCALATION_VOLUME_USD/);
  });
});
