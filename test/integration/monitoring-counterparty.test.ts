/**
 * Clearings hold for transaction counterparty screening too (issue 10, "Clearings that stick"): once an officer
 * clears a customer–entity pair, a counterparty name of that customer's transactions matching the entity is not
 * raised while the entity's identifying content is unchanged; it is shown as a cleared match instead. Other
 * customers, a revoked clearing and a changed entity are raised as before; the clearing survives a restart.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { codes, type Json, NOW, screenOk, testClock, verifiedCustomer } from '../helpers/transactions.ts';
import { ALIAS, addRow, call, ENTITY, listsCopy, refresh } from './monitoring-fixtures.ts';

const COUNTERPARTY = 'Dmytro Oleksandrovych Kovalenko';
const tx = (userId: string) =>
  ({
    userId,
    counterparty: { name: COUNTERPARTY, walletAddress: '0x52908400098527886e0f7030069857d2e4169ee7' },
  }) as const;
const nameHits = (r: Json) => (r.sanctions.hits as Json[]).filter((h) => h.kind === 'name' && h.sourceId === '99001');

describe('clearings and transaction counterparty screening', () => {
  const clock = testClock(NOW);
  let lists: ReturnType<typeof listsCopy>;
  let rt: TestRuntime;

  beforeAll(async () => {
    lists = listsCopy();
    addRow(lists.sdn, ENTITY);
    rt = await startTestRuntime({ LISTS_DIR: lists.dir }, { clock: clock.clock, background: false });
    const identity = { name: 'Dmitri Oleksandrovich Kovalenko', dateOfBirth: '1975-02-14', nationality: 'UA' };
    await verifiedCustomer(rt, 'cp-self', identity);
    await verifiedCustomer(rt, 'cp-other', { name: 'Anna Schmidt', dateOfBirth: '1988', nationality: 'DE' });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(lists.dir, { recursive: true, force: true });
  });

  it('raises the counterparty name before any clearing', async () => {
    const r = await screenOk(rt, tx('cp-self'));
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(nameHits(r)).toHaveLength(1);
    expect(r.sanctions.clearedMatches).toBeUndefined();
  });

  it("after a clearing, that customer's counterparty match is not raised, and says why", async () => {
    const hit = await call(rt, 'POST', '/v1/users/cp-self/screening');
    expect(hit.body.alertsRaised).toBe(1);
    const cleared = await call(rt, 'POST', '/v1/users/cp-self/screening/clearings', {
      source: 'ofac-sdn',
      sourceId: '99001',
      reason: 'Different person: passport checked',
    });
    expect(cleared.status).toBe(201);

    const r = await screenOk(rt, tx('cp-self'));
    expect(codes(r)).not.toContain('sanctions.counterparty_name');
    expect(codes(r)).not.toContain('sanctions.customer');
    expect(r.decision).toBe('approve');
    expect(nameHits(r)).toEqual([]);
    expect(r.sanctions.clearedMatches).toEqual([
      expect.objectContaining({
        source: 'ofac-sdn',
        sourceId: '99001',
        field: 'counterparty.name',
        clearingId: cleared.body.clearingId,
      }),
    ]);
    // The stored answer keeps the explanation.
    const stored = await call(rt, 'GET', `/v1/transactions/${r.transactionId}`);
    expect(JSON.stringify(stored.body)).toContain(cleared.body.clearingId);

    // The clearing is this customer's, not the entity's.
    expect(codes(await screenOk(rt, tx('cp-other')))).toContain('sanctions.counterparty_name');
  });

  it('holds across a restart (the clearings are loaded at start)', async () => {
    rt = await rt.restart();
    const r = await screenOk(rt, tx('cp-self'));
    expect(codes(r)).not.toContain('sanctions.counterparty_name');
    expect(r.sanctions.clearedMatches).toHaveLength(1);
  });

  it('a changed entity (new alias) is raised again: the clearing was for the entity as it was', async () => {
    addRow(lists.alt, ALIAS);
    const { delta } = await refresh(rt);
    expect(delta).toContainEqual({ source: 'ofac-sdn', added: 0, changed: 1, removed: 0 });
    const r = await screenOk(rt, tx('cp-self'));
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.sanctions.clearedMatches).toBeUndefined();
  });

  it('a revoked clearing no longer silences the match', async () => {
    // Clear the changed entity, see it silenced, revoke, see it raised.
    await call(
      rt,
      'PATCH',
      `/v1/alerts/${(await call(rt, 'GET', '/v1/alerts?userId=cp-self&status=open')).body.alerts[0].alertId}`,
      {
        status: 'closed',
        note: 'reviewed',
      },
    );
    const cleared = await call(rt, 'POST', '/v1/users/cp-self/screening/clearings', {
      source: 'ofac-sdn',
      sourceId: '99001',
      reason: 'Same different person, new alias checked',
    });
    expect(cleared.status).toBe(201);
    expect(codes(await screenOk(rt, tx('cp-self')))).not.toContain('sanctions.counterparty_name');
    const revoked = await call(rt, 'DELETE', `/v1/users/cp-self/screening/clearings/${cleared.body.clearingId}`, {
      reason: 'Cleared in error',
    });
    expect(revoked.status).toBe(200);
    expect(codes(await screenOk(rt, tx('cp-self')))).toContain('sanctions.counterparty_name');
  });
});
