import { describe, expect, it } from 'vitest';
import { loadBaseConfig, parseApiKeys } from '../../src/config.ts';

describe('API_KEYS', () => {
  it('parses key:scope[+scope] entries', () => {
    const keys = parseApiKeys('aaaaaaaaaaaaaaaa1:screen, bbbbbbbbbbbbbbbb2:kyc+admin');
    expect(keys.map((k) => [k.key, [...k.scopes]])).toEqual([
      ['aaaaaaaaaaaaaaaa1', ['screen']],
      ['bbbbbbbbbbbbbbbb2', ['kyc', 'admin']],
    ]);
  });

  it('is empty (open mode) when unset', () => {
    expect(parseApiKeys('')).toEqual([]);
  });

  it.each([
    ['no scope', 'aaaaaaaaaaaaaaaa1'],
    ['unknown scope', 'aaaaaaaaaaaaaaaa1:root'],
    ['short key', 'short:screen'],
  ])('refuses a malformed entry (%s) instead of opening access', (_, raw) => {
    expect(() => parseApiKeys(raw)).toThrow(/API_KEYS entry 1/);
  });
});

describe('environment', () => {
  it('has defaults that run locally', () => {
    const c = loadBaseConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBe('file:./data/sidecar.db');
    expect(c.LIST_REFRESH_INTERVAL).toBe(12 * 3600 * 1000);
    expect(c.LIST_SOURCES).toEqual(['ofac-sdn', 'ofac-cons', 'un-sc', 'eu-fsf', 'uk-sl']);
    expect(c.matchThreshold).toBeGreaterThan(0);
    expect(c.listCacheDir).toMatch(/data\/lists$/);
  });

  it('parses durations', () => {
    expect(loadBaseConfig({ LIST_REFRESH_INTERVAL: '30m' }).LIST_REFRESH_INTERVAL).toBe(1_800_000);
    expect(loadBaseConfig({ SHUTDOWN_TIMEOUT: '250ms' }).SHUTDOWN_TIMEOUT).toBe(250);
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadBaseConfig({ PORT: 'eighty', LIST_SOURCES: 'ofac-sdn,interpol', MATCH_THRESHOLD: '2' })).toThrow(
      /PORT[\s\S]*LIST_SOURCES[\s\S]*MATCH_THRESHOLD|PORT[\s\S]*MATCH_THRESHOLD[\s\S]*LIST_SOURCES/,
    );
  });
});
