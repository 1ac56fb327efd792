/**
 * An owner of an approved business who later turns up on a list (the continuous-monitoring loop) puts the
 * business under review (issue 15, KYB): the monitoring alert becomes an open hit of that person in the
 * business, the business goes to manual_review with a kyc_review case in GET /v1/cases, both steps are in the
 * business's audit trail, and the case's approval clears the hit and approves the business again.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, applicant, auth, KYC_KEY, type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';
import type { Json } from '../helpers/transactions.ts';
import { addRow, ENTITY, listsCopy } from './monitoring-fixtures.ts';

const address = { street: 'Torstraße 1', city: 'Berlin', postalCode: '10119', country: 'DE' };

describe('a business whose owner is found by monitoring', () => {
  let lists: ReturnType<typeof listsCopy>;
  let w: KycWorld;

  const post = async (path: string, body: unknown, key = KYC_KEY) => {
    const res = await fetch(w.baseUrl + path, {
      method: 'POST',
      headers: { ...auth(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    lists = listsCopy();
    w = await startKycWorld({ LISTS_DIR: lists.dir }, { withProviders: false, background: false });
  });
  afterAll(async () => {
    await w.close();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('goes to manual_review, audited, when a later list update names the owner', async () => {
    const owners = [
      { firstName: 'Greta', lastName: 'Lindqvist', dateOfBirth: '1980-05-17', nationality: 'DE' },
      { firstName: 'Dmitri', lastName: 'Kovalenko', dateOfBirth: '1975-02-14', nationality: 'UA' },
    ];
    const created = await post('/v1/kyc/businesses', {
      businessId: 'biz-monitored',
      legalName: 'Nordlicht Handel GmbH',
      registrationNumber: 'HRB 4711',
      country: 'DE',
      address,
      owners: [
        { ...owners[0], ownershipPercent: 60, role: 'owner' },
        { ...owners[1], ownershipPercent: 40, role: 'owner' },
        { ...owners[0], ownershipPercent: 0, role: 'controller' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');

    // Every required person verifies and is approved: the business is approved.
    const users: string[] = [];
    for (const [i, p] of created.body.persons.entries()) {
      const o = owners[i === 1 ? 1 : 0]!;
      const a = applicant({
        firstName: o.firstName,
        lastName: o.lastName,
        dateOfBirth: o.dateOfBirth,
        country: o.nationality,
      });
      const v = await w.start({ ...a, business: { businessId: 'biz-monitored', personId: p.personId } });
      expect(v.status).toBe(201);
      const session = v.body.redirectUrl.split('/').at(-1);
      expect(
        (await post(`/v1/kyc/sandbox/sessions/${session}/complete`, { outcome: 'approved' }, ADMIN_KEY)).status,
      ).toBe(200);
      users.push(a.userId as string);
    }
    expect((await w.get('/v1/kyc/businesses/biz-monitored')).body.status).toBe('approved');
    expect(await w.rt.deps.monitoring.syncKyc()).toBe(3);

    // OFAC designates the second owner (spelled differently); the refresh's delta run finds them.
    addRow(lists.sdn, ENTITY);
    const refreshed = await post('/v1/lists/refresh', {}, ADMIN_KEY);
    expect(refreshed.status).toBe(200);
    await w.rt.deps.monitoring.settled();
    const run = await w.get(`/v1/screening/runs/${refreshed.body.runId}`, ADMIN_KEY);
    expect(run.body).toMatchObject({ status: 'done', hits: 1 });
    const alerts = (await w.get(`/v1/alerts?kind=sanctions.rescreen&userId=${users[1]}`, ADMIN_KEY)).body.alerts;
    expect(alerts).toHaveLength(1);

    const view = (await w.get('/v1/kyc/businesses/biz-monitored', ADMIN_KEY)).body;
    expect(view.status).toBe('manual_review');
    const listed = created.body.persons[1].personId;
    expect(view.sanctions.hits).toContainEqual(
      expect.objectContaining({ subject: listed, source: 'ofac-sdn', sourceId: '99001', open: true }),
    );
    const actions = view.audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['kyb_person_monitoring_hit', 'kyb_case_opened']));
    const hitAudit = view.audit.find((a: { action: string }) => a.action === 'kyb_person_monitoring_hit');
    expect(hitAudit.details).toMatchObject({ personId: listed, alertId: alerts[0].alertId, sourceId: '99001' });
    // Transaction screening reads the business customer's status.
    expect((await w.get('/v1/users/biz-monitored/kyc')).body).toMatchObject({ kycStatus: 'manual_review' });

    // The review is one case in the one queue.
    const reviews = async () =>
      (await w.get('/v1/cases?userId=biz-monitored&kind=kyc_review', ADMIN_KEY)).body.cases as Json[];
    const [c, ...more] = await reviews();
    expect(more).toEqual([]);
    expect(c).toMatchObject({ status: 'open', priority: 'high', userId: 'biz-monitored' });
    expect(c.subjectId).toMatch(/^kyb:.+:1$/);
    expect(view.audit.find((a: { action: string }) => a.action === 'kyb_case_opened').details.caseId).toBe(c.id);
    // Cleared from the queue as a false positive: the hit closes and the business is approved again.
    const d = await post(
      `/v1/cases/${c.id}/decision`,
      { outcome: 'approve', reason: 'false_positive', notes: 'different date of birth' },
      ADMIN_KEY,
    );
    expect(d.status).toBe(200);
    const after = (await w.get('/v1/kyc/businesses/biz-monitored', ADMIN_KEY)).body;
    expect(after.status).toBe('approved');
    expect(after.sanctions.hits.every((h: { open: boolean }) => !h.open)).toBe(true);
    expect(after.audit.find((a: { action: string }) => a.action === 'kyb_case_decided')).toMatchObject({
      fromStatus: 'manual_review',
      toStatus: 'approved',
      details: { outcome: 'approve', hitsCleared: 1, caseId: c.id },
    });
    expect((await w.get('/v1/users/biz-monitored/kyc')).body).toMatchObject({ kycStatus: 'approved' });
    expect(await reviews()).toHaveLength(1);
  });
});
