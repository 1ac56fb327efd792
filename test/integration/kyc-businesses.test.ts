/**
 * Business customers (KYB) over HTTP with the sandbox provider: the company and its persons screened, the
 * LEI checked, person verifications required for owners at or above KYB_OWNERSHIP_THRESHOLD and a
 * controller, linked to the business; approved only when all of them are, and a listed owner (spelled
 * differently from the list) sends the business to a case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, auth, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';

/** ISO 17442 check digits (ISO 7064 MOD 97-10) for an 18-character LEI prefix. */
function lei(prefix: string): string {
  const digits = `${prefix}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let r = 0;
  for (const d of digits) r = (r * 10 + Number(d)) % 97;
  return prefix + String(98 - r).padStart(2, '0');
}

const address = { street: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' };
const person = (firstName: string, lastName: string, extra: Record<string, unknown>) => ({
  firstName,
  lastName,
  dateOfBirth: '1980-05-17',
  nationality: 'DE',
  ownershipPercent: 0,
  role: 'owner',
  ...extra,
});

describe('business customers (KYB)', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({}, { withProviders: false });
  });
  afterAll(() => w.close());

  const post = async (path: string, body: unknown, key = KYC_KEY) => {
    const res = await fetch(w.baseUrl + path, {
      method: 'POST',
      headers: { ...auth(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const complete = (redirectUrl: string, outcome: string) =>
    post(`/v1/kyc/sandbox/sessions/${redirectUrl.split('/').at(-1)}/complete`, { outcome }, ADMIN_KEY);

  it('two owners, one a listed person spelled differently: screened as such, and the business goes to a case', async () => {
    const res = await post('/v1/kyc/businesses', {
      businessId: 'biz-listed',
      legalName: 'Caribe Andes Trading S.A.',
      registrationNumber: 'J-12345678',
      country: 'DE',
      address,
      owners: [
        person('Greta', 'Lindqvist', { ownershipPercent: 60, role: 'owner' }),
        person('Nikolas', 'Maduro Moros', { dateOfBirth: '1962-11-23', nationality: 'VE', ownershipPercent: 40 }),
        person('Greta', 'Lindqvist', { role: 'controller' }),
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('manual_review');
    expect(res.body.riskLevel).toBe('high');
    const listedOwner = res.body.persons[1];
    expect(listedOwner.sanctionsHits).toBeGreaterThan(0);
    expect(res.body.sanctions.hits).toContainEqual(
      expect.objectContaining({ subject: listedOwner.personId, source: 'ofac-sdn', open: true }),
    );
    expect(res.body.persons[0].sanctionsHits).toBe(0);
    expect(res.body.audit.map((a: { action: string }) => a.action)).toEqual(['kyb_created', 'kyb_case_opened']);
    // What transaction screening reads for the business customer.
    expect((await w.get('/v1/users/biz-listed/kyc')).body).toMatchObject({
      kycStatus: 'manual_review',
      riskLevel: 'high',
    });
    // Names only for a compliance officer (and that view is audited).
    expect(res.body.persons[1].person).toBeUndefined();
    const admin = await w.get('/v1/kyc/businesses/biz-listed', ADMIN_KEY);
    expect(admin.body.persons[1].person).toMatchObject({ lastName: 'Maduro Moros' });
    expect(admin.body.audit.at(-1).action).toBe('personal_data_viewed');
  });

  it('requires owners at or above 25 % and a controller, and is approved when they all are', async () => {
    const res = await post('/v1/kyc/businesses', {
      businessId: 'biz-clean',
      legalName: 'Nordlicht Software GmbH',
      registrationNumber: 'HRB 99887',
      country: 'DE',
      lei: lei('5299000ABCDEFGHIJ1'),
      incorporationDate: '2015-03-01',
      address,
      owners: [
        person('Anna', 'Becker', { ownershipPercent: 25 }),
        person('Bruno', 'Keller', { ownershipPercent: 24.99 }),
        person('Clara', 'Vogt', { role: 'controller' }),
        person('Dieter', 'Hahn', { role: 'director' }),
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
    expect(res.body.persons.map((p: { verificationRequired: boolean }) => p.verificationRequired)).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(res.body.persons[1].ownershipPercent).toBe('24.99');
    const [anna, , clara] = res.body.persons;

    const startFor = (p: { personId: string }, first: string) =>
      w.start({
        ...applicant({ firstName: first, lastName: 'Businessperson' }),
        business: { businessId: 'biz-clean', personId: p.personId },
      });
    const va = await startFor(anna, 'Anna');
    expect(va.status).toBe(201);
    await complete(va.body.redirectUrl, 'approved');
    let view = (await w.get('/v1/kyc/businesses/biz-clean')).body;
    expect(view.status).toBe('pending');
    expect(view.persons[0].verification).toEqual({ verificationId: va.body.verificationId, status: 'approved' });

    // One verification per person at a time.
    expect((await startFor(anna, 'Anna')).status).toBe(409);

    const vc = await startFor(clara, 'Clara');
    await complete(vc.body.redirectUrl, 'approved');
    view = (await w.get('/v1/kyc/businesses/biz-clean')).body;
    expect(view.status).toBe('approved');
    expect(view.audit.map((a: { action: string }) => a.action)).toContain('kyb_person_verification_linked');
    expect((await w.get('/v1/users/biz-clean/kyc')).body.kycStatus).toBe('approved');
  });

  it('a rejected required person sends the business to a case', async () => {
    const res = await post('/v1/kyc/businesses', {
      businessId: 'biz-rejected',
      legalName: 'Havel Logistik KG',
      registrationNumber: 'HRA 5566',
      country: 'DE',
      address,
      owners: [person('Erik', 'Lang', { ownershipPercent: 100, role: 'controller' })],
    });
    const v = await w.start({
      ...applicant({ firstName: 'Erik' }),
      business: { businessId: 'biz-rejected', personId: res.body.persons[0].personId },
    });
    await complete(v.body.redirectUrl, 'rejected');
    expect((await w.get('/v1/kyc/businesses/biz-rejected')).body.status).toBe('manual_review');
  });

  it('refuses a bad LEI, a business without a controller, over 100 % and a duplicate; a wrong link before any provider call', async () => {
    const base = {
      businessId: 'biz-bad',
      legalName: 'Bad Data AG',
      registrationNumber: 'CHE-1',
      country: 'CH',
      address: { ...address, country: 'CH' },
      owners: [person('Fritz', 'Meier', { ownershipPercent: 50, role: 'controller' })],
    };
    const good = lei('5299000ABCDEFGHIJ2');
    const badLei = good.slice(0, 18) + String((Number(good.slice(18)) + 1) % 100).padStart(2, '0');
    const a = await post('/v1/kyc/businesses', { ...base, lei: badLei });
    expect(a.status).toBe(422);
    expect(a.body.errors[0].path).toBe('lei');
    const b = await post('/v1/kyc/businesses', {
      ...base,
      owners: [person('Fritz', 'Meier', { ownershipPercent: 50 })],
    });
    expect(b.status).toBe(422);
    expect(b.body.errors[0].message).toMatch(/controller/);
    const c = await post('/v1/kyc/businesses', {
      ...base,
      owners: [...base.owners, person('Gerd', 'Roth', { ownershipPercent: 60 })],
    });
    expect(c.status).toBe(422);
    expect((await post('/v1/kyc/businesses', base)).status).toBe(201);
    expect((await post('/v1/kyc/businesses', base)).status).toBe(409);
    expect((await w.get('/v1/kyc/businesses/nope')).status).toBe(404);

    const before = (await w.get('/v1/kyc/providers')).body;
    const link = await w.start({
      ...applicant(),
      business: { businessId: 'biz-bad', personId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(link.status).toBe(422);
    expect(link.body.errors[0].path).toBe('business');
    expect((await w.get('/v1/kyc/providers')).body).toEqual(before);
  });
});
