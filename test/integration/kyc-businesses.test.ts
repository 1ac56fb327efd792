/**
 * Business customers (KYB) over HTTP with the sandbox provider: the company and its persons screened, the
 * LEI checked, person verifications required for owners at or above KYB_OWNERSHIP_THRESHOLD and a
 * controller, linked to the business; approved only when all of them are, and a listed owner (spelled
 * differently from the list) sends the business to a case: one kyc_review case in GET /v1/cases, decided
 * with approve (hits cleared, the business takes its persons' status) or reject (final), audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, KYC_KEY, applicant, auth, startKycWorld, type KycWorld } from '../helpers/kyc-world.ts';
import type { Json } from '../helpers/transactions.ts';

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
  const reviewCases = async (businessId: string) => {
    const page = await w.get(`/v1/cases?userId=${businessId}&kind=kyc_review`, ADMIN_KEY);
    expect(page.status).toBe(200);
    return page.body.cases as Json[];
  };
  const decide = (caseId: string, outcome: string) =>
    post(`/v1/cases/${caseId}/decision`, { outcome, reason: 'kyb_review', notes: 'checked the register' }, ADMIN_KEY);
  const listedOwnerBusiness = (businessId: string) =>
    post('/v1/kyc/businesses', {
      businessId,
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

  it('two owners, one a listed person spelled differently: screened as such, and the business goes to a case', async () => {
    const res = await listedOwnerBusiness('biz-listed');
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

    // The case is in the one queue, with the business as its customer.
    const [c, ...more] = await reviewCases('biz-listed');
    expect(more).toEqual([]);
    expect(c).toMatchObject({ kind: 'kyc_review', status: 'open', priority: 'high', userId: 'biz-listed' });
    expect(c.subjectId).toMatch(/^kyb:[0-9a-f-]{36}:1$/);
    expect(c.summary).toBe('business review · 1 sanctions hit(s) · risk high');
    const caseAudit = admin.body.audit.find((a: { action: string }) => a.action === 'kyb_case_opened');
    expect(caseAudit.details.caseId).toBe(c.id);
    const detail = (await w.get(`/v1/cases/${c.id}`, ADMIN_KEY)).body;
    expect(detail.subject).toMatchObject({ source: 'kyb_review', business: { businessId: 'biz-listed' } });
    expect(detail.subject.business.persons[1].person).toMatchObject({ lastName: 'Maduro Moros' });

    // Rejected from the queue: the business and what transaction screening reads follow, audited; final.
    const wrong = await decide(c.id, 'request_resubmission');
    expect(wrong.status).toBe(422);
    const d = await decide(c.id, 'reject');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'decided', decision: { outcome: 'reject' } });
    const after = (await w.get('/v1/kyc/businesses/biz-listed', ADMIN_KEY)).body;
    expect(after.status).toBe('rejected');
    expect(after.audit.find((a: { action: string }) => a.action === 'kyb_case_decided')).toMatchObject({
      fromStatus: 'manual_review',
      toStatus: 'rejected',
      details: { outcome: 'reject', hitsCleared: 0, caseId: c.id },
    });
    expect((await w.get('/v1/users/biz-listed/kyc')).body.kycStatus).toBe('rejected');
    expect((await decide(c.id, 'approve')).status).toBe(409);
    expect(await reviewCases('biz-listed')).toHaveLength(1);
  });

  it('a listed owner cleared from the queue: one case however often the business is recomputed, then approved', async () => {
    const res = await listedOwnerBusiness('biz-cleared');
    expect(res.body.status).toBe('manual_review');
    const [greta, nikolas, controller] = res.body.persons;
    // Verifications linked while it is under review recompute it; it keeps its one case.
    for (const p of [greta, controller]) {
      const vg = await w.start({
        ...applicant({ firstName: 'Greta', lastName: 'Lindqvist' }),
        business: { businessId: 'biz-cleared', personId: p.personId },
      });
      await complete(vg.body.redirectUrl, 'approved');
    }
    const [c, ...more] = await reviewCases('biz-cleared');
    expect(more).toEqual([]);

    // Cleared as a false positive: the hit closes, and the business waits for its persons.
    const d = await decide(c.id, 'approve');
    expect(d.status).toBe(200);
    let view = (await w.get('/v1/kyc/businesses/biz-cleared', ADMIN_KEY)).body;
    expect(view.status).toBe('pending');
    expect(view.sanctions.hits.every((h: { open: boolean }) => !h.open)).toBe(true);
    expect(view.audit.find((a: { action: string }) => a.action === 'kyb_case_decided')).toMatchObject({
      toStatus: 'pending',
      details: { outcome: 'approve', hitsCleared: 1 },
    });
    // The other owner verifies: approved (and no second case).
    const vn = await w.start({
      ...applicant({ firstName: 'Nikolas', lastName: 'Maduro Moros', dateOfBirth: '1962-11-23' }),
      business: { businessId: 'biz-cleared', personId: nikolas.personId },
    });
    await complete(vn.body.redirectUrl, 'approved');
    // The person verification screens the owner too: a manual review of their own, which holds the business in
    // manual_review without a second business case, and whose decision approves the business.
    view = (await w.get('/v1/kyc/businesses/biz-cleared')).body;
    expect(view.status).toBe('manual_review');
    expect(await reviewCases('biz-cleared')).toHaveLength(1);
    const personCase = (await w.get(`/v1/cases?kind=kyc_review&status=open`, ADMIN_KEY)).body.cases.find(
      (x: { subjectId: string }) => x.subjectId === vn.body.verificationId,
    );
    expect((await decide(personCase.id, 'approve')).status).toBe(200);
    view = (await w.get('/v1/kyc/businesses/biz-cleared')).body;
    expect(view.status).toBe('approved');
    expect((await w.get('/v1/users/biz-cleared/kyc')).body.kycStatus).toBe('approved');
    expect(await reviewCases('biz-cleared')).toHaveLength(1);
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
    const [c, ...more] = await reviewCases('biz-rejected');
    expect(more).toEqual([]);
    expect(c).toMatchObject({ priority: 'normal', summary: 'business review · 1 person(s) rejected · risk low' });
    // A rejected required person cannot be approved past: replace their verification, or reject the business.
    const refused = await decide(c.id, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/rejected or in manual review/);
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
