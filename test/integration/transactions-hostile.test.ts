/**
 * Malformed and hostile input: every one is refused with an RFC 9457 problem, and nothing is stored
 * (no transaction, no decision, no alert, no change to the customer's windows).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { getJson, HOUR, iso, NOW, rowCount, testClock, txBody, type Json } from '../helpers/transactions.ts';

const SCREEN_KEY = 'screen-key-0123456789abcdef';
const KYC_KEY = 'kyc-key-0123456789abcdef0000';
const ADMIN_KEY = 'admin-key-0123456789abcdef00';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

let rt: TestRuntime;
const clock = testClock(NOW);

beforeAll(async () => {
  rt = await startTestRuntime(
    { API_KEYS: `${SCREEN_KEY}:screen,${KYC_KEY}:kyc,${ADMIN_KEY}:admin`, MAX_BODY_BYTES: '16384' },
    { clock: clock.clock },
  );
  const res = await rt.call(
    'PUT',
    '/v1/users/victim',
    { kycStatus: 'approved', riskLevel: 'medium', createdAt: iso(NOW - 400 * 86_400_000) },
    auth(ADMIN_KEY),
  );
  expect(res.status).toBe(201);
});
afterAll(() => rt.dispose());

async function post(
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json', ...auth(SCREEN_KEY) },
) {
  const res = await rt.app.request('/v1/transactions/screen', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
}

const base = () => txBody({ userId: 'victim', amount: '100' });
const withField = (path: string[], value: unknown) => {
  const b = base() as Record<string, unknown>;
  let o = b;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path.at(-1)!] = value;
  return b;
};

describe('hostile and malformed screening requests', () => {
  const cases: [string, () => unknown, number, string?][] = [
    ['amount as a JSON number', () => withField(['amount'], 100.5), 422, 'amount'],
    ['amount with an exponent', () => withField(['amount'], '1e5'), 422, 'amount'],
    ['negative amount', () => withField(['amount'], '-100'), 422, 'amount'],
    ['zero amount', () => withField(['amount'], '0.00'), 422, 'amount'],
    ['19 decimals', () => withField(['amount'], `1.${'0'.repeat(18)}1`), 422, 'amount'],
    ['a 400-digit amount', () => withField(['amount'], '9'.repeat(400)), 422, 'amount'],
    ['amount with a thousands separator', () => withField(['amount'], '1,000'), 422, 'amount'],
    ['amountUsd as a float', () => withField(['amountUsd'], 99.99), 422, 'amountUsd'],
    ['an unknown top-level field', () => withField(['priority'], 'high'), 422, 'priority'],
    [
      'an unknown counterparty field',
      () => withField(['counterparty', 'iban'], 'DE89370400440532013000'),
      422,
      'counterparty.iban',
    ],
    [
      'an unknown field deep in the Travel Rule payload',
      () => withField(['travelRule', 'originator', 'originatorPerson'], [{ naturalPerson: { nickname: 'x' } }]),
      422,
    ],
    [
      '__proto__ at the top level',
      () => `{"__proto__":{"isAdmin":true},${JSON.stringify(base()).slice(1)}`,
      422,
      '__proto__',
    ],
    [
      'constructor.prototype in the counterparty',
      () =>
        JSON.stringify(base()).replace(
          '"counterparty":{',
          '"counterparty":{"constructor":{"prototype":{"polluted":true}},',
        ),
      422,
    ],
    [
      '__proto__ inside the Travel Rule payload',
      () => JSON.stringify(base()).replace('"originator":{', '"originator":{"__proto__":{"polluted":true},'),
      422,
    ],
    ['a timestamp without a time zone', () => withField(['timestamp'], '2026-06-01T11:00:00'), 422, 'timestamp'],
    ['a timestamp in the future', () => withField(['timestamp'], iso(NOW + HOUR)), 422, 'timestamp'],
    ['a date that does not exist', () => withField(['timestamp'], '2026-02-30T10:00:00Z'), 422, 'timestamp'],
    ['an unknown direction', () => withField(['direction'], 'sideways'), 422, 'direction'],
    ['a transactionId with spaces', () => withField(['transactionId'], 'tx 1'), 422, 'transactionId'],
    ['a transactionId with a control character', () => withField(['transactionId'], 'tx\u0000'), 422, 'transactionId'],
    ['a 200-character transactionId', () => withField(['transactionId'], 'x'.repeat(200)), 422, 'transactionId'],
    ['no transactionId', () => withField(['transactionId'], undefined), 422, 'transactionId'],
    ['an unknown country', () => withField(['counterparty', 'country'], 'ZZ'), 422, 'counterparty.country'],
    ['a country given as a number', () => withField(['counterparty', 'country'], 840), 422, 'counterparty.country'],
    ['hosted as a string', () => withField(['counterparty', 'hosted'], 'false'), 422, 'counterparty.hosted'],
    ['an asset with no rate and no amountUsd', () => withField(['asset'], 'DOGE'), 422, 'amountUsd'],
    [
      'a Travel Rule person list that is a string',
      () => withField(['travelRule', 'originator', 'originatorPerson'], 'Alice Smith'),
      422,
    ],
    ['a JSON array instead of an object', () => [base()], 422],
    ['JSON null', () => 'null', 422],
    ['malformed JSON', () => '{"transactionId": "t1", ', 400],
  ];

  for (const [name, make, status, field] of cases) {
    it(`refuses ${name} (${status})`, async () => {
      const r = await post(make());
      expect(r.status).toBe(status);
      expect(r.type).toBe('application/problem+json');
      expect(r.body.status).toBe(status);
      if (field) expect((r.body.errors as { path: string }[]).map((e) => e.path)).toContain(field);
    });
  }

  it('refuses a body over MAX_BODY_BYTES (413)', async () => {
    const r = await post(withField(['counterparty', 'name'], 'A'.repeat(20_000)));
    expect(r.status).toBe(413);
    expect(r.type).toBe('application/problem+json');
  });

  it('refuses a body that is not JSON (415)', async () => {
    const r = await post('transactionId=t1&amount=100', {
      'content-type': 'application/x-www-form-urlencoded',
      ...auth(SCREEN_KEY),
    });
    expect(r.status).toBe(415);
  });

  it('refuses a missing key (401) and a key without the screen scope (403) before reading the body', async () => {
    expect((await post(base(), { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(base(), { 'content-type': 'application/json', ...auth(KYC_KEY) })).status).toBe(403);
    expect((await post({ junk: true }, { 'content-type': 'application/json', ...auth(KYC_KEY) })).status).toBe(403);
  });

  it('the profile import and the compliance reads need the admin scope', async () => {
    expect((await rt.call('PUT', '/v1/users/victim', { riskLevel: 'low' }, auth(SCREEN_KEY))).status).toBe(403);
    expect((await getJson(rt, '/v1/alerts', auth(SCREEN_KEY))).status).toBe(403);
    expect((await getJson(rt, '/v1/users/victim/risk', auth(SCREEN_KEY))).status).toBe(403);
    expect((await rt.call('PUT', '/v1/users/victim', { kycStatus: 'superb' }, auth(ADMIN_KEY))).status).toBe(422);
    expect((await rt.call('PUT', '/v1/users/victim', {}, auth(ADMIN_KEY))).status).toBe(422);
    expect(
      (await rt.call('PUT', '/v1/users/victim', { createdAt: iso(NOW + 86_400_000) }, auth(ADMIN_KEY))).status,
    ).toBe(422);
  });

  it('stored nothing: no transaction, decision or alert, and the customer’s windows are empty', async () => {
    expect(await rowCount(rt, 'screened_transactions')).toBe(0);
    expect(await rowCount(rt, 'transaction_decisions')).toBe(0);
    expect(await rowCount(rt, 'transaction_alerts')).toBe(0);
    const risk = await getJson(rt, '/v1/users/victim/risk', auth(ADMIN_KEY));
    expect(risk.body.aggregates).toMatchObject({ count24h: 0, volume24hUsd: '0' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // And a valid request still works afterwards.
    const ok = await post(base());
    expect(ok.status).toBe(200);
  });
});
