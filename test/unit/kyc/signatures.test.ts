/**
 * Webhook authentication on raw bytes: the constant-time compare, each adapter's scheme (checked
 * against the fakes' independent signing code and Onfido's published test vector), and rejection of
 * wrong, missing, malformed and re-serialized signatures.
 */
import { createHash, createHmac } from 'node:crypto';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ProviderHttp } from '../../../src/kyc/http-client.ts';
import { createKycMetrics } from '../../../src/kyc/metrics.ts';
import { JumioProvider } from '../../../src/kyc/providers/jumio.ts';
import { OnfidoProvider } from '../../../src/kyc/providers/onfido.ts';
import { SandboxProvider } from '../../../src/kyc/providers/sandbox.ts';
import { ShuftiProvider } from '../../../src/kyc/providers/shufti.ts';
import { SumsubProvider } from '../../../src/kyc/providers/sumsub.ts';
import { WebhookAuthError } from '../../../src/kyc/providers/types.ts';
import { VeriffProvider } from '../../../src/kyc/providers/veriff.ts';
import { safeEqualHex } from '../../../src/kyc/signatures.ts';
import type { ProviderId } from '../../../src/kyc/types.ts';
import { OnfidoFake } from '../../fakes/onfido-server.ts';
import { ShuftiFake } from '../../fakes/shufti-server.ts';
import { SumsubFake } from '../../fakes/sumsub-server.ts';
import { VeriffFake } from '../../fakes/veriff-server.ts';

const metrics = createKycMetrics(new Registry());
const http = (id: ProviderId) => new ProviderHttp(id, { timeoutMs: 1000, retries: 0, backoffMs: 1, metrics });
const clock = () => new Date();
const bytes = (s: string) => Buffer.from(s);
const headers = (h: Record<string, string>) => new Headers(h);

describe('safeEqualHex', () => {
  const sig = createHmac('sha256', 'k').update('body').digest('hex');
  it('accepts the same digest, in either case', () => {
    expect(safeEqualHex(sig, sig)).toBe(true);
    expect(safeEqualHex(sig, sig.toUpperCase())).toBe(true);
  });
  it('rejects a digest differing in its first or its last character', () => {
    const flip = (c: string) => (c === '0' ? '1' : '0');
    expect(safeEqualHex(sig, flip(sig[0]!) + sig.slice(1))).toBe(false);
    expect(safeEqualHex(sig, sig.slice(0, -1) + flip(sig.at(-1)!))).toBe(false);
  });
  it('takes the same path for missing, empty, shorter, longer and non-hex values (no throw, false)', () => {
    for (const bad of [undefined, null, '', sig.slice(0, 10), `${sig}ab`, `zz${sig.slice(2)}`, `${sig} trailing`]) {
      expect(safeEqualHex(sig, bad)).toBe(false);
    }
  });
});

describe('Onfido X-SHA2-Signature', () => {
  const onfido = new OnfidoProvider(
    {
      apiUrl: 'http://127.0.0.1:1/v3.6',
      apiToken: 't',
      webhookToken: '_ABC123abc123ABC123abc123ABC123_',
      workflowId: 'w',
    },
    http('onfido'),
  );
  // Published test vector (onfido-node test/classic-webhook-event-verifier.test.ts).
  const raw = `{"payload":{"resource_type":"check","action":"check.completed","object":{"id":"check-123","status":"complete","completed_at_iso8601":"2020-01-01T00:00:00Z","href":"https://api.onfido.com/v3/checks/check-123"}}}`;

  it("verifies Onfido's own test vector", () => {
    const event = onfido.readWebhook(
      bytes(raw),
      headers({ 'x-sha2-signature': 'a0082d7481f9f0a2907583dbe1f344d6d4c0d9989df2fd804f98479f60cd760e' }),
    );
    expect(event).toMatchObject({ providerRef: 'check-123', status: undefined, providerStatus: 'check.completed' });
  });
  it("rejects the vector's wrong signature and a missing header", () => {
    expect(() =>
      onfido.readWebhook(
        bytes(raw),
        headers({ 'x-sha2-signature': 'b0082d7481f9f0a2907583dbe1f344d6d4c0d9989df2fd804f98479f60cd760e' }),
      ),
    ).toThrow(WebhookAuthError);
    expect(() => onfido.readWebhook(bytes(raw), headers({}))).toThrow(WebhookAuthError);
  });
  it('verifies the raw bytes, not a re-serialization of them', () => {
    const fake = new OnfidoFake({ apiToken: 't', webhookToken: '_ABC123abc123ABC123abc123ABC123_', workflowId: 'w' });
    const w = fake.webhook('run-1', 'approved');
    expect(onfido.readWebhook(bytes(w.body), headers(w.headers))).toMatchObject({
      providerRef: 'run-1',
      status: 'approved',
    });
    const reserialized = JSON.stringify(JSON.parse(w.body), null, 2);
    expect(() => onfido.readWebhook(bytes(reserialized), headers(w.headers))).toThrow(WebhookAuthError);
  });
});

describe('Shufti Pro Signature', () => {
  const shufti = new ShuftiProvider(
    { apiUrl: 'http://127.0.0.1:1', clientId: 'c', secretKey: 'shufti-secret', addressProof: false },
    http('shufti'),
    clock,
  );
  const fake = new ShuftiFake({ clientId: 'c', secretKey: 'shufti-secret' });
  it('accepts sha256(body + sha256(secret)) and the older sha256(body + secret)', () => {
    for (const legacy of [false, true]) {
      const w = fake.callback('ref-000001', 'verification.accepted', { legacy });
      expect(shufti.readWebhook(bytes(w.body), headers(w.headers))).toMatchObject({
        providerRef: 'ref-000001',
        status: 'approved',
      });
    }
  });
  it('rejects another secret and a tampered body', () => {
    const w = fake.callback('ref-000001', 'verification.accepted', { secret: 'other' });
    expect(() => shufti.readWebhook(bytes(w.body), headers(w.headers))).toThrow(WebhookAuthError);
    const ok = fake.callback('ref-000001', 'verification.declined');
    expect(() => shufti.readWebhook(bytes(ok.body.replace('declined', 'accepted')), headers(ok.headers))).toThrow(
      WebhookAuthError,
    );
  });
  it('matches the documented formula computed independently', () => {
    const body = '{"reference":"abcdef","event":"request.pending"}';
    const sig = createHash('sha256')
      .update(body + createHash('sha256').update('shufti-secret').digest('hex'))
      .digest('hex');
    expect(shufti.readWebhook(bytes(body), headers({ signature: sig })).status).toBe('pending');
  });
  it('marks "status changed" pings for confirmation through /status', () => {
    const w = fake.callback('ref-000001', 'verification.status.changed');
    expect(shufti.readWebhook(bytes(w.body), headers(w.headers))).toMatchObject({
      status: undefined,
      confirm: { why: 'status_changed' },
    });
  });
});

describe('Sumsub x-payload-digest', () => {
  const sumsub = new SumsubProvider(
    {
      apiUrl: 'http://127.0.0.1:1',
      appToken: 'a',
      secretKey: 'api-secret',
      webhookSecret: 'hook-secret',
      levelName: 'basic',
    },
    http('sumsub'),
    clock,
  );
  const fake = new SumsubFake({
    appToken: 'a',
    secretKey: 'api-secret',
    webhookSecret: 'hook-secret',
    levelName: 'basic',
  });
  const ev = {
    type: 'applicantReviewed',
    reviewStatus: 'completed',
    reviewAnswer: 'GREEN' as const,
    createdAtMs: 1_700_000_000_000,
  };
  it.each(['HMAC_SHA1_HEX', 'HMAC_SHA256_HEX', 'HMAC_SHA512_HEX'] as const)('accepts %s', (alg) => {
    const w = fake.webhook('app1', ev, { alg });
    expect(sumsub.readWebhook(bytes(w.body), headers(w.headers))).toMatchObject({
      providerRef: 'app1',
      status: 'approved',
      occurredAt: new Date(1_700_000_000_000),
    });
  });
  it('rejects a digest made with the API secret instead of the webhook secret, and an unknown algorithm', () => {
    const w = fake.webhook('app1', ev, { secret: 'api-secret' });
    expect(() => sumsub.readWebhook(bytes(w.body), headers(w.headers))).toThrow(WebhookAuthError);
    const ok = fake.webhook('app1', ev);
    expect(() =>
      sumsub.readWebhook(bytes(ok.body), headers({ ...ok.headers, 'x-payload-digest-alg': 'HMAC_MD5_HEX' })),
    ).toThrow(WebhookAuthError);
  });
});

describe('Veriff X-HMAC-SIGNATURE', () => {
  const veriff = new VeriffProvider(
    { apiUrl: 'http://127.0.0.1:1', apiKey: 'key', sharedSecret: 'veriff-secret' },
    http('veriff'),
  );
  const fake = new VeriffFake({ apiKey: 'key', sharedSecret: 'veriff-secret' });
  it('accepts decision and event webhooks signed over the raw body', () => {
    const d = fake.decisionWebhook('11111111-2222-3333-4444-555555555555', 9102);
    expect(veriff.readWebhook(bytes(d.body), headers(d.headers))).toMatchObject({
      status: 'rejected',
      providerStatus: '9102',
      reasons: ['102'],
    });
    const e = fake.eventWebhook('11111111-2222-3333-4444-555555555555', 7001);
    expect(veriff.readWebhook(bytes(e.body), headers(e.headers))).toMatchObject({ status: 'in_progress' });
  });
  it('rejects another secret', () => {
    const d = fake.decisionWebhook('s', 9001, { secret: 'nope' });
    expect(() => veriff.readWebhook(bytes(d.body), headers(d.headers))).toThrow(WebhookAuthError);
  });
});

describe('Jumio (unsigned) and sandbox', () => {
  it('Jumio: a readable callback always demands confirmation; an unreadable one is refused', () => {
    const jumio = new JumioProvider(
      { authUrl: 'x', accountUrl: 'x', retrievalUrl: 'x', clientId: 'c', clientSecret: 's', workflowKey: 10011 },
      http('jumio'),
      clock,
    );
    const body = JSON.stringify({ account: { id: 'acc-1' }, workflowExecution: { id: 'exe-1', status: 'PROCESSED' } });
    expect(jumio.readWebhook(bytes(body), new Headers())).toMatchObject({
      providerRef: 'acc-1',
      status: 'in_progress',
      confirm: { locator: 'exe-1', why: 'unsigned' },
    });
    expect(() => jumio.readWebhook(bytes('not json'), new Headers())).toThrow(WebhookAuthError);
    expect(() =>
      jumio.readWebhook(
        bytes(JSON.stringify({ account: { id: '../../etc' }, workflowExecution: { id: 'x' } })),
        new Headers(),
      ),
    ).toThrow(WebhookAuthError);
  });
  it('sandbox: verifies its own signed webhooks and no others', () => {
    const sandbox = new SandboxProvider('http://localhost:8080', clock);
    const w = sandbox.signWebhook('sbx_1', 'approved');
    expect(sandbox.readWebhook(w.body, w.headers)).toMatchObject({ providerRef: 'sbx_1', status: 'approved' });
    const other = new SandboxProvider('http://localhost:8080', clock).signWebhook('sbx_1', 'approved');
    expect(() => sandbox.readWebhook(other.body, other.headers)).toThrow(WebhookAuthError);
  });
});
