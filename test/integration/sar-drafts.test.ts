/**
 * SAR drafts over HTTP: a structuring pattern screened through POST /v1/transactions/screen opens a transaction
 * case; the case is drafted into a FinCEN-structured SAR (subject from the KYC applicant, Structuring item 32, the
 * pattern's amount and dates, the filing institution from configuration, 30/60-day deadlines), stored encrypted,
 * versioned on redraft, audited on the case, and printable as a PDF. Production without the institution refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import { startTestRuntime } from '../helpers/runtime.ts';
import { cleanWallet, DAY, type Json, NOW, testClock, txBody } from '../helpers/transactions.ts';

const clock = testClock(NOW + DAY);
const INSTITUTION = {
  SAR_INSTITUTION_NAME: 'Example Digital Assets LLC',
  SAR_INSTITUTION_EIN: '12-3456789',
  SAR_CONTACT_NAME: 'BSA Officer',
  SAR_CONTACT_PHONE: '+1 212 555 0100',
  SAR_CONTACT_EMAIL: 'bsa@example.com',
};
let w: KycWorld;

async function call(method: string, path: string, body?: unknown, key = ADMIN_KEY) {
  const res = await fetch(w.baseUrl + path, {
    method,
    headers: { ...auth(key), 'x-actor': 'officer.jane', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return res;
}
const json = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  return { status: res.status, body: (await res.json()) as Json };
};

/** Three deposits just under 10,000 USD within a week: the third completes aml.structuring. */
async function structuring(userId: string) {
  const from = { walletAddress: cleanWallet(), chain: 'ethereum', hosted: true };
  const deposits: [string, number][] = [
    ['9500', NOW - 5 * DAY],
    ['9750', NOW - 2 * DAY],
    ['9900.50', NOW],
  ];
  let last: Json;
  for (const [amount, at] of deposits) {
    const r = await json(
      'POST',
      '/v1/transactions/screen',
      txBody({ userId, direction: 'inbound', amount, at, counterparty: from }),
    );
    expect(r.status).toBe(200);
    last = r.body;
  }
  expect(last.reasons.map((r: { code: string }) => r.code)).toContain('aml.structuring');
  const cases = await json('GET', `/v1/cases?kind=transaction&userId=${userId}`);
  expect(cases.status).toBe(200);
  expect(cases.body.cases).toHaveLength(1);
  return cases.body.cases[0].id as string;
}

beforeAll(async () => {
  w = await startKycWorld(
    { API_KEYS: `${KYC_KEY}:kyc,${ADMIN_KEY}:admin+screen`, ...INSTITUTION },
    { clock: clock.clock },
  );
}, 30_000);
afterAll(() => w.close());

describe('SAR drafts', () => {
  it('drafts a structuring case: subject, Structuring (item 32), amount, dates, institution, 30 days', async () => {
    const a = applicant({ userId: 'sar-struct-1', country: 'DE' });
    const started = await w.start({ ...a, provider: 'onfido' });
    const ref = (await w.get(`/v1/kyc/verifications/${started.body.verificationId}`, ADMIN_KEY)).body.providerRef;
    await w.onfido.sendWebhook(ref, 'approved');
    const caseId = await structuring(a.userId);

    const res = await json('POST', `/v1/cases/${caseId}/sar`);
    expect(res.status).toBe(201);
    const sar = res.body;
    expect(sar).toMatchObject({
      version: 1,
      caseId,
      status: 'draft',
      subject: {
        identified: true,
        userId: a.userId,
        firstName: a.firstName,
        lastName: a.lastName,
        dateOfBirth: a.dateOfBirth,
        email: a.email,
        relationship: 'Customer',
      },
      suspiciousActivity: {
        amountInvolvedUsd: '29150.5',
        dateRange: { from: new Date(NOW - 5 * DAY).toISOString(), to: new Date(NOW).toISOString() },
        product: 'Virtual currency',
      },
      filingInstitution: {
        name: INSTITUTION.SAR_INSTITUTION_NAME,
        ein: INSTITUTION.SAR_INSTITUTION_EIN,
        contact: { name: 'BSA Officer', phone: '+1 212 555 0100', email: 'bsa@example.com' },
      },
    });
    expect(sar.suspiciousActivity.categories).toContainEqual(
      expect.objectContaining({
        item: 32,
        category: 'Structuring',
        type: 'Transaction(s) below CTR threshold',
        ruleCodes: ['aml.structuring'],
      }),
    );
    expect(sar.suspiciousActivity.transactions).toHaveLength(3);
    for (const part of ['who', 'what', 'when', 'where', 'why', 'how'])
      expect(sar.narrative[part]).toEqual(expect.any(String));
    expect(sar.narrative.why).toContain('aml.structuring');
    expect(sar.narrative.how).toContain('USD');

    const detected = Date.parse(sar.deadlines.detectedAt);
    expect(detected).toBe(NOW + DAY);
    expect(Date.parse(sar.deadlines.filingDueAt)).toBe(detected + 30 * DAY);
    expect(Date.parse(sar.deadlines.continuingActivityReviewAt)).toBe(detected + 120 * DAY);

    // Stored encrypted: the subject's name is nowhere in clear.
    const stored = await w.rt.database.client.execute('SELECT content_enc FROM sars');
    expect(stored.rows).toHaveLength(1);
    expect(String(stored.rows[0]!.content_enc)).not.toContain(a.lastName);

    // Read back; the read of personal data and the drafting are on the case's timeline.
    const got = await json('GET', `/v1/sars/${sar.sarId}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(sar);
    const events = await w.rt.database.client.execute({
      sql: 'SELECT type, actor, officer, data FROM case_events WHERE case_id = ? ORDER BY at, rowid',
      args: [caseId],
    });
    const types = events.rows.map((r) => r.type);
    expect(types).toContain('sar_drafted');
    expect(types).toContain('personal_data_viewed');
    const drafted = events.rows.find((r) => r.type === 'sar_drafted')!;
    expect(drafted.officer).toBe('officer.jane');
    expect(JSON.parse(String(drafted.data))).toEqual({ sarId: sar.sarId, version: 1 });

    // Drafting again makes version 2; version 1 stays readable.
    clock.advance(DAY);
    const second = await json('POST', `/v1/cases/${caseId}/sar`);
    expect(second.body.version).toBe(2);
    expect(second.body.sarId).not.toBe(sar.sarId);
    expect((await json('GET', `/v1/sars/${sar.sarId}`)).body.version).toBe(1);

    // The printable draft: a real PDF with one bookmark per FinCEN part.
    const pdf = await call('GET', `/v1/sars/${second.body.sarId}?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    for (const heading of [
      'Part I - Subject Information',
      'Part II - Suspicious Activity Information',
      'Part IV - Filing Institution Contact Information',
      'Part V - Suspicious Activity Information - Narrative',
    ])
      expect(raw).toContain(`(${heading})`);
    expect(raw).toMatch(/\/Type \/Page\b/);
  });

  it('gives 60 days when no subject was identified (no KYC applicant on record)', async () => {
    await w.rt.call(
      'PUT',
      '/v1/users/sar-struct-2',
      { kycStatus: 'approved', riskLevel: 'medium', country: 'DE', createdAt: new Date(NOW - 730 * DAY).toISOString() },
      auth(ADMIN_KEY),
    );
    const caseId = await structuring('sar-struct-2');
    const sar = (await json('POST', `/v1/cases/${caseId}/sar`)).body;
    expect(sar.subject).toMatchObject({ identified: false, userId: 'sar-struct-2', country: 'DE' });
    expect(sar.subject.lastName).toBeUndefined();
    expect(Date.parse(sar.deadlines.filingDueAt) - Date.parse(sar.deadlines.detectedAt)).toBe(60 * DAY);
  });

  it('answers 404 for an unknown case and SAR, 403 without admin', async () => {
    const unknown = 'case_00000000-0000-4000-8000-000000000000';
    expect((await call('POST', `/v1/cases/${unknown}/sar`)).status).toBe(404);
    expect((await call('GET', '/v1/sars/sar_00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('POST', `/v1/cases/${unknown}/sar`, undefined, KYC_KEY)).status).toBe(403);
  });
});

describe('SAR drafts in production', () => {
  it('refuses to draft without the filing institution, naming the missing settings', async () => {
    const key = 'prod-admin-key-0123456789';
    const rt = await startTestRuntime({
      NODE_ENV: 'production',
      API_KEYS: `${key}:admin`,
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      LIST_DOWNLOAD: 'false',
      SAR_INSTITUTION_NAME: 'Example Digital Assets LLC',
    });
    try {
      const res = await rt.call('POST', '/v1/cases/case_00000000-0000-4000-8000-000000000000/sar', undefined, {
        authorization: `Bearer ${key}`,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const p = (await res.json()) as { detail: string; missingSettings: string[] };
      expect(p.missingSettings).toEqual([
        'SAR_INSTITUTION_EIN',
        'SAR_CONTACT_NAME',
        'SAR_CONTACT_PHONE',
        'SAR_CONTACT_EMAIL',
      ]);
      expect(p.detail).toContain('SAR_INSTITUTION_EIN');
    } finally {
      await rt.dispose();
    }
  });
});
