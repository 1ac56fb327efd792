/**
 * Customer profile writes (issue 9 item 5, issue 17): concurrent updates of different fields from the profile
 * import and KYC never lose each other's fields, the cache holds what was committed, and dates before 1900
 * are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfiles } from '../../src/customers/profiles.ts';
import { InvalidInputError } from '../../src/errors.ts';
import { syncProfile } from '../../src/kyc/profile-sync.ts';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

describe('customer profiles', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({});
  });
  afterAll(() => rt.dispose());

  /** What a fresh process would read: the database, not this process's cache. */
  const committed = (userId: string) => new CustomerProfiles(rt.deps.db, rt.deps.clock).get(userId);

  it('a progress state never demotes an approval committed by another writer, even with a stale cache', async () => {
    const userId = 'approved-elsewhere';
    await rt.deps.customers.upsert(userId, { kycStatus: 'pending', riskLevel: 'low' }, 'kyc');
    expect((await rt.deps.customers.get(userId))?.kycStatus).toBe('pending'); // cached as pending here
    // Another process (its own cache) records the final decision.
    await new CustomerProfiles(rt.deps.db, rt.deps.clock).upsert(userId, { kycStatus: 'approved' }, 'kyc');
    const late = await syncProfile(
      { customers: rt.deps.customers },
      { userId, status: 'manual_review', riskLevel: 'low', country: 'DE' },
    );
    expect(late).toBe(false);
    expect((await committed(userId))?.kycStatus).toBe('approved');
    expect((await rt.deps.customers.get(userId))?.kycStatus).toBe('approved');
    // A final decision still changes it.
    const final = await syncProfile(
      { customers: rt.deps.customers },
      { userId, status: 'rejected', riskLevel: 'low', country: 'DE' },
    );
    expect(final).toBe(true);
    expect((await committed(userId))?.kycStatus).toBe('rejected');
  });

  it('concurrent updates of different fields keep every field, in the database and in the cache', async () => {
    for (let round = 0; round < 20; round++) {
      const userId = `race-${round}`;
      const results = await Promise.all([
        rt.deps.customers.upsert(userId, { kycStatus: 'approved' }, 'kyc'),
        rt.deps.customers.upsert(userId, { country: 'DE' }, 'import'),
        rt.deps.customers.upsert(userId, { riskLevel: 'high' }, 'import'),
        rt.deps.customers.upsert(userId, { accountCreatedAt: new Date('2020-01-02T00:00:00Z') }, 'import'),
      ]);
      const stored = await committed(userId);
      expect(stored).toMatchObject({
        kycStatus: 'approved',
        country: 'DE',
        riskLevel: 'high',
        accountCreatedAt: new Date('2020-01-02T00:00:00Z'),
      });
      expect(await rt.deps.customers.get(userId)).toEqual(stored);
      expect(results.filter((r) => r.created)).toHaveLength(1);
    }
  });

  it('a PUT /v1/users/:id racing a KYC status write loses neither', async () => {
    const userId = 'race-http';
    const [put] = await Promise.all([
      rt.call('PUT', `/v1/users/${userId}`, { country: 'FR', riskLevel: 'low' }),
      rt.deps.customers.upsert(userId, { kycStatus: 'approved' }, 'kyc'),
    ]);
    expect([200, 201]).toContain(put.status);
    expect(await committed(userId)).toMatchObject({ kycStatus: 'approved', country: 'FR', riskLevel: 'low' });
    expect(await rt.deps.customers.get(userId)).toEqual(await committed(userId));
  });

  it('an update keeps the fields it does not send', async () => {
    await rt.deps.customers.upsert('keep', { kycStatus: 'approved', country: 'NL', riskLevel: 'low' }, 'import');
    const { profile, created } = await rt.deps.customers.upsert('keep', { riskLevel: 'medium' }, 'import');
    expect(created).toBe(false);
    expect(profile).toMatchObject({ kycStatus: 'approved', country: 'NL', riskLevel: 'medium' });
  });

  it('refuses an account opening date before 1900 with 422', async () => {
    const res = await rt.call('PUT', '/v1/users/old-timer', { createdAt: '1899-12-31T23:59:59Z' });
    expect(res.status).toBe(422);
    expect((await json(res)).errors.map((e: { path: string }) => e.path)).toEqual(['createdAt']);
    expect(await committed('old-timer')).toBeUndefined();
    await expect(
      rt.deps.customers.upsert('old-timer', { accountCreatedAt: new Date('1800-01-01T00:00:00Z') }, 'import'),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const ok = await rt.call('PUT', '/v1/users/old-timer', { createdAt: '1900-01-01T00:00:00Z' });
    expect(ok.status).toBe(201);
  });
});
