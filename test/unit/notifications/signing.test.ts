import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/notifications/backoff.ts';
import { signatureHeader, verifySignature } from '../../../src/notifications/signing.ts';

const SECRET = 'whsec-test-0123456789abcdef';
const AT = new Date('2026-06-01T12:00:00.750Z');
const BODY = '{"id":"evt_1","type":"case.created","createdAt":"2026-06-01T12:00:00.000Z","data":{"caseId":"c1"}}';

describe('Webhook-Signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>', () => {
    const t = Math.floor(AT.getTime() / 1000);
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signatureHeader(SECRET, BODY, AT)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies the raw bytes it signed, and nothing else', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, header, BODY, AT)).toBe(true);
    expect(verifySignature(SECRET, header, Buffer.from(BODY), AT)).toBe(true);
    // Same JSON, other bytes: a receiver must verify what it received, not a re-serialisation.
    expect(verifySignature(SECRET, header, BODY.replace(':', ': '), AT)).toBe(false);
    expect(verifySignature('another-secret-0123456789', header, BODY, AT)).toBe(false);
    expect(
      verifySignature(
        SECRET,
        header.replace(/t=\d+/, (m) => `t=${Number(m.slice(2)) + 1}`),
        BODY,
        AT,
      ),
    ).toBe(false);
    expect(verifySignature(SECRET, undefined, BODY, AT)).toBe(false);
    expect(verifySignature(SECRET, 'garbage', BODY, AT)).toBe(false);
    expect(verifySignature(SECRET, 't=1,v1=zz', BODY, AT)).toBe(false);
  });

  it('refuses a signature older than the tolerance (a captured request replayed later)', () => {
    const header = signatureHeader(SECRET, BODY, AT);
    expect(verifySignature(SECRET, header, BODY, new Date(AT.getTime() + 299_000))).toBe(true);
    expect(verifySignature(SECRET, header, BODY, new Date(AT.getTime() + 301_000))).toBe(false);
  });
});

describe('retry back-off', () => {
  it('doubles per attempt up to the cap, with jitter between half and the whole step', () => {
    const base = 10_000;
    const max = 3_600_000;
    expect(retryDelayMs(1, base, max, () => 0)).toBe(5_000);
    expect(retryDelayMs(1, base, max, () => 1)).toBe(10_000);
    expect(retryDelayMs(3, base, max, () => 1)).toBe(40_000);
    expect(retryDelayMs(3, base, max, () => 0)).toBe(20_000);
    expect(retryDelayMs(20, base, max, () => 1)).toBe(max);
    expect(retryDelayMs(1_000, base, max, () => 0.5)).toBe(2_700_000);
  });
});
