/**
 * Complete provider data, over HTTP against the fake provider servers: addresses reach Onfido and Sumsub
 * with alpha-3 country codes (the fakes refuse alpha-2, as the real APIs do); Jumio gets the user id as
 * customerInternalReference and the success/error URLs; Shufti's address proof is asked for the high-risk
 * tier when configured; Jumio and Shufti callbacks are taken form-encoded as well as JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../fakes/http-fake.ts';
import { ADMIN_KEY, applicant, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

describe('applicant data sent to each provider', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({
      SHUFTI_ADDRESS_PROOF: 'true',
      JUMIO_SUCCESS_URL: 'https://app.example.com/kyc/done',
      JUMIO_ERROR_URL: 'https://app.example.com/kyc/failed',
    });
  });
  afterAll(() => w.close());
  const address = { street: '12 Hauptstraße', city: 'Berlin', postalCode: '10115', country: 'DE' };

  it('Onfido gets the address and the country of residence in alpha-3', async () => {
    const a = applicant({ country: 'DE', address });
    const res = await w.start({ ...a, provider: 'onfido' });
    expect(res.status).toBe(201);
    const sent = [...w.onfido.applicants.values()].find((x) => x.email === a.email) as any;
    expect(sent.location).toEqual({ country_of_residence: 'DEU' });
    expect(sent.address).toEqual({ street: '12 Hauptstraße', town: 'Berlin', postcode: '10115', country: 'DEU' });
  });

  it('Sumsub gets the country and the address in alpha-3', async () => {
    const a = applicant({ country: 'US', address: { ...address, country: 'GB' } });
    const res = await w.start({ ...a, provider: 'sumsub' });
    expect(res.status).toBe(201);
    const sent = [...w.sumsub.applicants.values()].at(-1)!;
    expect(sent.fixedInfo).toMatchObject({
      country: 'USA',
      addresses: [{ street: '12 Hauptstraße', town: 'Berlin', postCode: '10115', country: 'GBR' }],
    });
  });

  it('a country code that does not exist is refused (the maintained table, not just two letters)', async () => {
    const res = await w.start({ ...applicant({ country: 'XX' }) });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('country');
  });

  it('Jumio gets the user id as customerInternalReference and the success and error URLs', async () => {
    const a = applicant();
    const res = await w.start({ ...a, provider: 'jumio' });
    expect(res.status).toBe(201);
    const ref = (await w.get(`/v1/kyc/verifications/${res.body.verificationId}`, ADMIN_KEY)).body.providerRef;
    const sent = w.jumio.accounts.get(ref)!.request!;
    expect(sent.customerInternalReference).toBe(a.userId);
    expect(sent.userReference).toBe(res.body.verificationId);
    expect(sent.web).toEqual({
      successUrl: 'https://app.example.com/kyc/done',
      errorUrl: 'https://app.example.com/kyc/failed',
    });
  });

  it('Shufti asks a high-risk applicant for a proof of address, and a low-risk one not', async () => {
    const high = await w.start({ ...applicant({ country: 'IR', address: { ...address, country: 'IR' } }) });
    expect(high.status).toBe(201);
    expect(high.body).toMatchObject({ provider: 'shufti', riskLevel: 'high' });
    const sentHigh = w.shufti.requests.get(high.body.verificationId)!.body!;
    expect(sentHigh.address.supported_types).toContain('utility_bill');
    expect(sentHigh.address.name).toEqual({ first_name: 'Harriet', last_name: expect.any(String) });
    const low = await w.start({ ...applicant(), provider: 'shufti' });
    expect(w.shufti.requests.get(low.body.verificationId)!.body!.address).toBeUndefined();
  });
});

describe('Jumio and Shufti callbacks in their content types', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({ KYC_JUMIO_RETRIEVAL_DELAYS: '50ms' });
  });
  afterAll(() => w.close());
  const status = async (id: string) => (await w.get(`/v1/kyc/verifications/${id}`)).body.status;

  it('a form-encoded Shufti callback, signed over its bytes, is applied', async () => {
    const res = await w.start({ ...applicant(), provider: 'shufti' });
    const ref = res.body.verificationId;
    const c = w.shufti.callback(ref, 'request.received', { form: true });
    expect(c.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const answer = await deliver(w.webhookUrl('shufti'), c.body, c.headers);
    expect(answer.status).toBe(200);
    expect(answer.body.result).toBe('applied');
    expect(await status(res.body.verificationId)).toBe('in_progress');
    // A forged form callback still fails its signature.
    const forged = w.shufti.callback(ref, 'verification.accepted', { form: true, secret: 'guessed' });
    expect((await deliver(w.webhookUrl('shufti'), forged.body, forged.headers)).status).toBe(401);
  });

  it('a form-encoded Jumio callback is confirmed through the retrieval API and applied', async () => {
    const res = await w.start({ ...applicant(), provider: 'jumio' });
    const ref = (await w.get(`/v1/kyc/verifications/${res.body.verificationId}`, ADMIN_KEY)).body.providerRef;
    const c = w.jumio.callback(ref, { workflowStatus: 'ACQUIRED' }, { form: true });
    const answer = await deliver(w.webhookUrl('jumio'), c.body, c.headers);
    expect(answer.status).toBe(200);
    expect(await status(res.body.verificationId)).toBe('in_progress');
  });

  it('any other content type is a 415 for them, and the JSON-only rule still holds for the others', async () => {
    for (const p of ['jumio', 'shufti', 'onfido']) {
      const r = await deliver(w.webhookUrl(p), '<xml/>', { 'content-type': 'application/xml' });
      expect(r.status).toBe(415);
    }
    const r = await deliver(w.webhookUrl('onfido'), 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });
});
