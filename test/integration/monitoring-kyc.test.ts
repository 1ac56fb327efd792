/**
 * Customers approved through the sidecar's KYC are monitored from their encrypted applicant record: monitoring
 * stores which verification to read and the name's keys, never the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNameKeys, encodeKeys } from '../../src/monitoring/name-keys.ts';
import { ADMIN_KEY, applicant, auth, type KycWorld, startKycWorld } from '../helpers/kyc-world.ts';

describe('monitoring of KYC-approved customers', () => {
  let w: KycWorld;
  beforeAll(async () => {
    w = await startKycWorld({}, { withProviders: false, background: false });
  });
  afterAll(() => w.close());

  it('registers an approved applicant without copying their identity, and screens them on demand', async () => {
    const a = applicant();
    const started = await w.start(a);
    expect(started.status).toBe(201);
    const before = await w.get(`/v1/users/${a.userId}/screening`, ADMIN_KEY);
    expect(before.body.monitored).toBe(false);

    const sessionId = started.body.redirectUrl.split('/').at(-1)!;
    const done = await fetch(`${w.baseUrl}/v1/kyc/sandbox/sessions/${sessionId}/complete`, {
      method: 'POST',
      headers: { ...auth(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'approved' }),
    });
    expect(done.status).toBe(200);
    expect(await w.rt.deps.monitoring.syncKyc()).toBe(1);

    const row = (
      await w.rt.database.client.execute({
        sql: 'select * from monitored_customers where user_id = ?',
        args: [a.userId],
      })
    ).rows[0]!;
    expect(row).toMatchObject({ origin: 'kyc', identity_enc: null, verification_id: started.body.verificationId });
    // The keys were computed from the decrypted applicant; the name itself is nowhere in the row.
    expect(row.name_keys).toBe(encodeKeys(customerNameKeys(`${a.firstName} ${a.lastName}`)));
    expect(JSON.stringify(row)).not.toContain(a.lastName);

    const state = await w.get(`/v1/users/${a.userId}/screening`, ADMIN_KEY);
    expect(state.body).toMatchObject({ monitored: true, origin: 'kyc' });
    const res = await fetch(`${w.baseUrl}/v1/users/${a.userId}/screening`, {
      method: 'POST',
      headers: auth(ADMIN_KEY),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userId: a.userId, alertsRaised: 0 });
    expect(await w.rt.deps.monitoring.syncKyc()).toBe(0);

    // A scheduled full run reads the applicant from the KYC record too (in the scoring worker, through its own
    // connection): an unreadable identity would leave the customer unscreened.
    const db = w.rt.database.client;
    await db.execute({
      sql: 'update monitored_customers set last_full_at = null, next_due_at = 0 where user_id = ?',
      args: [a.userId],
    });
    await w.rt.deps.monitoring.scheduler.runDue();
    const run = (await db.execute("select status, customers_checked from screening_runs where kind = 'full'")).rows;
    expect(run).toEqual([expect.objectContaining({ status: 'done', customers_checked: 1 })]);
    const after = await db.execute({
      sql: 'select last_full_at from monitored_customers where user_id = ?',
      args: [a.userId],
    });
    expect(after.rows[0]!.last_full_at).not.toBeNull();
  });
});
